"""Name the late-payment and notice values of each terms profile (SPEC §6–7).

``None`` means the profile's terms have no such rule: CompuSoft neither hands a debt to
collection nor deletes data a fixed number of days after the third reminder, and
hostkon knows no rescission deadline or material breach by days late.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class TermsProfile:
    """The late-payment, renewal and notice terms a customer is bound by."""

    name: str
    interest_rate_per_started_month: Decimal
    max_reminders: int
    reminder_spacing_days: int
    reminder_fee: Decimal
    first_reminder_after_days: int
    compensation: Decimal
    collection_after_last_reminder_days: int | None
    deletion_after_last_reminder_days: int | None
    material_breach_days_late: int | None
    renewal_months: int
    termination_notice_months: int
    rescission_notice_days: int | None
    price_change_notice_days: int
    terms_change_notice_months: int | None
    terms_change_notice_days: int | None
    fees_only_for_business: bool

    def __post_init__(self) -> None:
        """Refuse a profile that gives the notice for changes of terms in neither unit or both."""
        if (self.terms_change_notice_months is None) == (self.terms_change_notice_days is None):
            raise ValueError(
                f"Terms profile {self.name!r} must give the notice for changes of terms "
                "in months or in days: exactly one of them."
            )


# H §3.5–3.8, §7.11 and §8.2: 30 days' notice for any change of prices or terms.
HOSTKON = TermsProfile(
    name="hostkon",
    interest_rate_per_started_month=Decimal("0.02"),
    max_reminders=3,
    reminder_spacing_days=10,
    reminder_fee=Decimal("100.00"),
    first_reminder_after_days=3,
    compensation=Decimal("310.00"),
    collection_after_last_reminder_days=10,
    deletion_after_last_reminder_days=30,
    material_breach_days_late=None,
    renewal_months=12,
    termination_notice_months=3,
    rescission_notice_days=None,
    price_change_notice_days=30,
    terms_change_notice_months=None,
    terms_change_notice_days=30,
    fees_only_for_business=True,
)

# C "Fakturering", "Ændring af aftalevilkår", "Kundens ophævelse" and "Misligholdelse";
# reminders, fees and compensation as hostkon (SPEC §6). The 40 days are for major price
# changes and count back from the renewal.
COMPUSOFT = TermsProfile(
    name="compusoft",
    interest_rate_per_started_month=Decimal("0.06"),
    max_reminders=3,
    reminder_spacing_days=10,
    reminder_fee=Decimal("100.00"),
    first_reminder_after_days=3,
    compensation=Decimal("310.00"),
    collection_after_last_reminder_days=None,
    deletion_after_last_reminder_days=None,
    material_breach_days_late=8,
    renewal_months=12,
    termination_notice_months=6,
    rescission_notice_days=180,
    price_change_notice_days=40,
    terms_change_notice_months=3,
    terms_change_notice_days=None,
    fees_only_for_business=True,
)

PROFILES = {"hostkon": HOSTKON, "compusoft": COMPUSOFT}


def profile(name: str) -> TermsProfile:
    """Return the terms profile of a name, refusing a name no profile has."""
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"There is no terms profile {name!r}; choose one of: {known}.") from None
