"""The terms profiles name every value of SPEC §6's table and §7's notice rules."""

from dataclasses import FrozenInstanceError, fields, replace
from decimal import Decimal

import pytest

from helpdesk.rules.terms import COMPUSOFT, HOSTKON, PROFILES, TermsProfile, profile

# field: (hostkon, compusoft), as SPEC §6–7 and the seeds give them.
EXPECTED = {
    "interest_rate_per_started_month": (Decimal("0.02"), Decimal("0.06")),
    "max_reminders": (3, 3),
    "reminder_spacing_days": (10, 10),
    "reminder_fee": (Decimal("100.00"), Decimal("100.00")),
    "first_reminder_after_days": (3, 3),
    "compensation": (Decimal("310.00"), Decimal("310.00")),
    "collection_after_last_reminder_days": (10, None),
    "deletion_after_last_reminder_days": (30, None),
    "material_breach_days_late": (None, 8),
    "renewal_months": (12, 12),
    "termination_notice_months": (3, 6),
    "rescission_notice_days": (None, 180),
    "price_change_notice_days": (30, 40),
    "terms_change_notice_months": (None, 3),
    "terms_change_notice_days": (30, None),
    "fees_only_for_business": (True, True),
}


@pytest.mark.parametrize(("field", "values"), EXPECTED.items(), ids=list(EXPECTED))
def test_profiles_hold_the_values_of_the_terms(field, values):
    assert (getattr(HOSTKON, field), getattr(COMPUSOFT, field)) == values


def test_every_field_of_a_profile_is_checked():
    assert {field.name for field in fields(TermsProfile)} == {"name", *EXPECTED}


def test_money_values_are_exact_to_the_ore():
    for terms in PROFILES.values():
        for amount in (terms.reminder_fee, terms.compensation):
            assert isinstance(amount, Decimal)
            assert amount.as_tuple().exponent == -2


def test_profiles_are_found_by_their_names():
    assert PROFILES == {"hostkon": HOSTKON, "compusoft": COMPUSOFT}
    assert all(terms.name == name for name, terms in PROFILES.items())
    assert profile("hostkon") is HOSTKON
    assert profile("compusoft") is COMPUSOFT


@pytest.mark.parametrize("name", ["HostKon", "unknown", ""])
def test_an_unknown_name_is_refused_with_the_known_ones(name):
    with pytest.raises(ValueError, match=r"no terms profile .*compusoft, hostkon"):
        profile(name)


def test_profiles_cannot_be_changed():
    with pytest.raises(FrozenInstanceError):
        HOSTKON.reminder_fee = Decimal("0.00")


@pytest.mark.parametrize(
    "changes",
    [{"terms_change_notice_days": None}, {"terms_change_notice_months": 3}],
    ids=["neither", "both"],
)
def test_terms_change_notice_is_in_months_or_in_days(changes):
    with pytest.raises(ValueError, match="exactly one"):
        replace(HOSTKON, **changes)
