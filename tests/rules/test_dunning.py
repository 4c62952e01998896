"""Late-payment interest, reminders and their charges (SPEC §6), worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk.rules.dunning import (
    collection_date,
    deletion_date,
    interest,
    interest_to_book,
    monthly_interest,
    next_reminder,
    reminder_charges,
    reminder_schedule,
    started_months,
)
from helpdesk.rules.money import ORE
from helpdesk.rules.terms import COMPUSOFT, HOSTKON

relaxed = settings(deadline=None)
NOTHING = Decimal("0.00")
AMOUNT = Decimal("1250.00")
DUE = date(2025, 3, 9)

due_dates = st.dates(date(2023, 1, 1), date(2027, 12, 31))
unpaid_amounts = st.integers(0, 10**9).map(lambda ore: Decimal(ore) * ORE)
profiles = st.sampled_from([HOSTKON, COMPUSOFT])
days_late = st.integers(-40, 800)


def day(text: str) -> date:
    """Return a date from ISO text."""
    return date.fromisoformat(text)


def charges(number, profile=HOSTKON, is_business=True, disputed=False, charged=False):
    """Return a reminder's fee and compensation as a plain tuple."""
    return tuple(reminder_charges(number, profile, is_business, disputed, charged))


class TestStartedMonths:
    @pytest.mark.parametrize(
        ("on", "months"),
        [
            ("2025-03-01", 0),
            ("2025-03-09", 0),
            ("2025-03-10", 1),
            ("2025-04-09", 1),
            ("2025-04-10", 2),
            ("2025-05-10", 3),
            ("2026-03-09", 12),
            ("2026-03-10", 13),
        ],
    )
    def test_spec_example_due_on_the_9th(self, on, months):
        assert started_months(DUE, day(on)) == months

    @pytest.mark.parametrize(
        ("on", "months"),
        [
            ("2025-01-30", 0),
            ("2025-01-31", 1),
            ("2025-02-27", 1),
            ("2025-02-28", 2),
            ("2025-03-30", 2),
            ("2025-03-31", 3),
            ("2025-04-29", 3),
            ("2025-04-30", 4),
        ],
    )
    def test_month_1_begins_on_the_31st(self, on, months):
        # Month n begins n−1 calendar months after 2025-01-31, on the month's last day at most.
        assert started_months(day("2025-01-30"), day(on)) == months

    def test_month_2_begins_on_leap_day(self):
        assert started_months(day("2024-01-30"), day("2024-02-28")) == 1
        assert started_months(day("2024-01-30"), day("2024-02-29")) == 2

    def test_due_at_the_end_of_february(self):
        assert started_months(day("2025-02-28"), day("2025-03-31")) == 1
        assert started_months(day("2025-02-28"), day("2025-04-01")) == 2

    def test_months_run_over_the_new_year(self):
        assert started_months(day("2024-12-31"), day("2025-12-31")) == 12
        assert started_months(day("2024-12-31"), day("2026-01-01")) == 13

    @relaxed
    @given(due_dates, st.integers(1, 60))
    def test_month_n_begins_n_minus_1_calendar_months_after_the_first_late_day(self, due, n):
        begins = due + timedelta(days=1) + relativedelta(months=n - 1)
        assert started_months(due, begins) == n
        assert started_months(due, begins - timedelta(days=1)) == n - 1


class TestInterest:
    @pytest.mark.parametrize(
        ("on", "expected"),
        [("2025-03-09", "0.00"), ("2025-03-10", "25.00"), ("2025-04-09", "25.00"),
         ("2025-04-10", "50.00")],
    )
    def test_spec_example_hostkon(self, on, expected):
        assert interest(AMOUNT, DUE, day(on), HOSTKON) == Decimal(expected)

    @pytest.mark.parametrize(
        ("on", "expected"),
        [("2025-03-09", "0.00"), ("2025-03-10", "75.00"), ("2025-04-10", "150.00")],
    )
    def test_compusoft_charges_6_percent_per_started_month(self, on, expected):
        assert interest(AMOUNT, DUE, day(on), COMPUSOFT) == Decimal(expected)

    def test_each_month_is_rounded_half_up_to_the_ore(self):
        # 1,234.56 × 2 % = 24.6912 → 24.69; 0.25 × 2 % = 0.005 → 0.01 a month.
        assert monthly_interest(Decimal("1234.56"), HOSTKON) == Decimal("24.69")
        assert monthly_interest(Decimal("1234.56"), COMPUSOFT) == Decimal("74.07")
        assert interest(Decimal("0.25"), DUE, day("2025-04-10"), HOSTKON) == Decimal("0.02")

    def test_nothing_unpaid_costs_nothing(self):
        assert interest(NOTHING, DUE, day("2026-01-01"), HOSTKON) == NOTHING

    def test_a_negative_unpaid_amount_is_refused(self):
        with pytest.raises(ValueError, match="cannot be negative"):
            interest(Decimal("-1.00"), DUE, day("2025-04-10"), HOSTKON)

    def test_a_float_is_refused(self):
        with pytest.raises(TypeError, match="never a float"):
            interest(1250.0, DUE, day("2025-04-10"), HOSTKON)

    @relaxed
    @given(unpaid_amounts, due_dates, days_late, days_late, profiles)
    def test_interest_never_decreases_with_time(self, unpaid, due, late, later, profile):
        first, second = sorted([late, later])
        earlier_day, later_day = due + timedelta(days=first), due + timedelta(days=second)
        assert interest(unpaid, due, earlier_day, profile) <= interest(
            unpaid, due, later_day, profile
        )

    @relaxed
    @given(unpaid_amounts, due_dates, days_late, profiles)
    def test_interest_never_compounds(self, unpaid, due, late, profile):
        on = due + timedelta(days=late)
        first_month = interest(unpaid, due, due + timedelta(days=1), profile)
        assert interest(unpaid, due, on, profile) == started_months(due, on) * first_month

    @relaxed
    @given(unpaid_amounts, due_dates, st.lists(days_late, min_size=1, max_size=8), profiles)
    def test_bookings_add_up_to_the_interest_on_the_last_day(self, unpaid, due, lates, profile):
        booked_months, booked_amount = 0, NOTHING
        for late in sorted(lates):
            months, amount = interest_to_book(
                unpaid, due, due + timedelta(days=late), profile, booked_months
            )
            booked_months += months
            booked_amount += amount
        last_day = due + timedelta(days=max(lates))
        assert booked_amount == interest(unpaid, due, last_day, profile)
        assert booked_months == started_months(due, last_day)


class TestInterestToBook:
    def test_books_only_the_months_not_booked(self):
        assert interest_to_book(AMOUNT, DUE, day("2025-03-12"), HOSTKON, 0) == (1, Decimal("25.00"))
        assert interest_to_book(AMOUNT, DUE, day("2025-04-01"), HOSTKON, 1) == (0, NOTHING)
        assert interest_to_book(AMOUNT, DUE, day("2025-05-10"), HOSTKON, 1) == (2, Decimal("50.00"))

    def test_a_second_run_on_the_same_day_books_nothing(self):
        months, _ = interest_to_book(AMOUNT, DUE, day("2025-04-10"), HOSTKON, 0)
        assert interest_to_book(AMOUNT, DUE, day("2025-04-10"), HOSTKON, months) == (0, NOTHING)

    def test_months_booked_beyond_the_day_book_nothing(self):
        assert interest_to_book(AMOUNT, DUE, day("2025-03-12"), HOSTKON, 5) == (0, NOTHING)

    def test_new_months_cost_the_rate_on_what_is_unpaid_now(self):
        # After a partial payment leaving 500.00, month 2 costs 2 % of 500.00.
        booking = interest_to_book(Decimal("500.00"), DUE, day("2025-04-10"), HOSTKON, 1)
        assert booking.months == 1
        assert booking.amount == Decimal("10.00")

    def test_negative_months_already_booked_are_refused(self):
        with pytest.raises(ValueError, match="cannot be negative"):
            interest_to_book(AMOUNT, DUE, day("2025-04-10"), HOSTKON, -1)


class TestReminderSchedule:
    @pytest.mark.parametrize("profile", [HOSTKON, COMPUSOFT], ids=lambda p: p.name)
    def test_three_days_after_due_then_every_ten_days(self, profile):
        assert reminder_schedule(DUE, profile) == [
            day("2025-03-12"), day("2025-03-22"), day("2025-04-01")
        ]

    def test_the_schedule_runs_over_month_and_year_ends(self):
        assert reminder_schedule(day("2025-12-30"), HOSTKON) == [
            day("2026-01-02"), day("2026-01-12"), day("2026-01-22")
        ]

    @pytest.mark.parametrize(
        ("sent", "on", "expected"),
        [
            ([], "2025-03-09", None),
            ([], "2025-03-11", None),
            ([], "2025-03-12", 1),
            ([], "2025-03-30", 1),
            (["2025-03-12"], "2025-03-12", None),
            (["2025-03-12"], "2025-03-21", None),
            (["2025-03-12"], "2025-03-22", 2),
            (["2025-03-12", "2025-03-22"], "2025-03-31", None),
            (["2025-03-12", "2025-03-22"], "2025-04-01", 3),
            (["2025-03-12", "2025-03-22", "2025-04-01"], "2025-04-11", None),
            (["2025-03-12", "2025-03-22", "2025-04-01"], "2026-01-01", None),
        ],
    )
    def test_next_reminder_on_the_default_schedule(self, sent, on, expected):
        sent_dates = [day(text) for text in sent]
        assert next_reminder(DUE, sent_dates, day(on), HOSTKON) == expected

    def test_a_late_reminder_shifts_the_later_ones(self):
        # Reminder 1 went out on 2025-03-20 instead of 2025-03-12: reminder 2 waits 10 days.
        late_first = [day("2025-03-20")]
        assert next_reminder(DUE, late_first, day("2025-03-22"), HOSTKON) is None
        assert next_reminder(DUE, late_first, day("2025-03-29"), HOSTKON) is None
        assert next_reminder(DUE, late_first, day("2025-03-30"), HOSTKON) == 2
        shifted = [*late_first, day("2025-03-30")]
        assert next_reminder(DUE, shifted, day("2025-04-08"), HOSTKON) is None
        assert next_reminder(DUE, shifted, day("2025-04-09"), HOSTKON) == 3

    def test_an_early_reminder_does_not_bring_the_next_forward(self):
        # A reminder sent by hand on the due date + 1: reminder 2 still waits for its date.
        assert next_reminder(DUE, [day("2025-03-10")], day("2025-03-20"), HOSTKON) is None
        assert next_reminder(DUE, [day("2025-03-10")], day("2025-03-22"), HOSTKON) == 2

    @relaxed
    @given(due_dates, st.sets(st.integers(0, 80), max_size=81), profiles)
    def test_a_daily_job_keeps_the_rules_whatever_days_it_runs(self, due, run_offsets, profile):
        sent: list[date] = []
        for offset in sorted(run_offsets):
            on = due + timedelta(days=offset)
            number = next_reminder(due, sent, on, profile)
            if number is not None:
                assert number == len(sent) + 1
                sent.append(on)
                assert next_reminder(due, sent, on, profile) is None
        schedule = reminder_schedule(due, profile)
        assert len(sent) <= profile.max_reminders
        assert all(sent_on >= planned for sent_on, planned in zip(sent, schedule, strict=False))
        gaps = [later - earlier for earlier, later in zip(sent, sent[1:], strict=False)]
        assert all(gap >= timedelta(days=profile.reminder_spacing_days) for gap in gaps)

    def test_a_job_run_every_day_sends_on_the_schedule(self):
        sent: list[date] = []
        for offset in range(100):
            on = DUE + timedelta(days=offset)
            if next_reminder(DUE, sent, on, HOSTKON) is not None:
                sent.append(on)
        assert sent == reminder_schedule(DUE, HOSTKON)


class TestReminderCharges:
    @pytest.mark.parametrize("profile", [HOSTKON, COMPUSOFT], ids=lambda p: p.name)
    def test_business_pays_the_fee_each_time_and_compensation_with_reminder_1(self, profile):
        assert charges(1, profile) == (Decimal("100.00"), Decimal("310.00"))
        assert charges(2, profile, charged=True) == (Decimal("100.00"), NOTHING)
        assert charges(3, profile, charged=True) == (Decimal("100.00"), NOTHING)

    def test_compensation_is_never_charged_twice(self):
        assert charges(1, charged=True) == (Decimal("100.00"), NOTHING)

    def test_compensation_comes_only_with_reminder_1(self):
        assert charges(2, charged=False) == (Decimal("100.00"), NOTHING)

    def test_disputed_invoice_pays_only_the_first_fee(self):
        assert charges(1, disputed=True) == (Decimal("100.00"), Decimal("310.00"))
        assert charges(2, disputed=True, charged=True) == (NOTHING, NOTHING)
        assert charges(3, disputed=True, charged=True) == (NOTHING, NOTHING)

    @pytest.mark.parametrize("number", [1, 2, 3])
    def test_a_consumer_pays_neither_fee_nor_compensation(self, number):
        assert charges(number, is_business=False) == (NOTHING, NOTHING)

    @pytest.mark.parametrize("number", [0, 4, -1])
    def test_a_reminder_number_outside_1_to_3_is_refused(self, number):
        with pytest.raises(ValueError, match="number 1 to 3 under hostkon"):
            charges(number)


class TestDeadlinesAfterTheThirdReminder:
    def test_hostkon_collects_after_10_days_and_may_delete_after_30(self):
        assert collection_date(day("2025-04-01"), HOSTKON) == day("2025-04-11")
        assert deletion_date(day("2025-04-01"), HOSTKON) == day("2025-05-01")

    def test_compusoft_has_neither(self):
        assert collection_date(day("2025-04-01"), COMPUSOFT) is None
        assert deletion_date(day("2025-04-01"), COMPUSOFT) is None


class TestAnInvoiceUnpaidThroughThreeReminders:
    """1,250.00 kr due 2025-03-09, a business customer, never paid, the job run daily."""

    def dunning_run(self, profile, is_business=True, disputed=False):
        """Run the daily job to 2025-06-30; return (reminder, date, fee, compensation, interest)."""
        sent: list[date] = []
        months_booked, compensation_charged, reminders = 0, False, []
        for offset in range(113):
            on = DUE + timedelta(days=offset)
            number = next_reminder(DUE, sent, on, profile)
            if number is None:
                continue
            fee, compensation = reminder_charges(
                number, profile, is_business, disputed, compensation_charged
            )
            months, interest_amount = interest_to_book(AMOUNT, DUE, on, profile, months_booked)
            sent.append(on)
            months_booked += months
            compensation_charged = compensation_charged or compensation > 0
            reminders.append((number, on, fee, compensation, interest_amount))
        return reminders

    def test_hostkon(self):
        assert self.dunning_run(HOSTKON) == [
            (1, day("2025-03-12"), Decimal("100.00"), Decimal("310.00"), Decimal("25.00")),
            (2, day("2025-03-22"), Decimal("100.00"), NOTHING, NOTHING),
            (3, day("2025-04-01"), Decimal("100.00"), NOTHING, NOTHING),
        ]
        assert collection_date(day("2025-04-01"), HOSTKON) == day("2025-04-11")
        assert deletion_date(day("2025-04-01"), HOSTKON) == day("2025-05-01")

    def test_hostkon_final_interest_note_when_paid_on_2025_04_15(self):
        # Months 1 (from 2025-03-10) and 2 (from 2025-04-10) have started; month 1 is booked.
        assert interest_to_book(AMOUNT, DUE, day("2025-04-15"), HOSTKON, 1) == (
            1, Decimal("25.00")
        )

    def test_compusoft(self):
        assert self.dunning_run(COMPUSOFT) == [
            (1, day("2025-03-12"), Decimal("100.00"), Decimal("310.00"), Decimal("75.00")),
            (2, day("2025-03-22"), Decimal("100.00"), NOTHING, NOTHING),
            (3, day("2025-04-01"), Decimal("100.00"), NOTHING, NOTHING),
        ]
        assert collection_date(day("2025-04-01"), COMPUSOFT) is None
        assert deletion_date(day("2025-04-01"), COMPUSOFT) is None

    def test_disputed(self):
        assert self.dunning_run(HOSTKON, disputed=True) == [
            (1, day("2025-03-12"), Decimal("100.00"), Decimal("310.00"), Decimal("25.00")),
            (2, day("2025-03-22"), NOTHING, NOTHING, NOTHING),
            (3, day("2025-04-01"), NOTHING, NOTHING, NOTHING),
        ]

    def test_consumer_pays_interest_but_no_fees(self):
        assert self.dunning_run(COMPUSOFT, is_business=False) == [
            (1, day("2025-03-12"), NOTHING, NOTHING, Decimal("75.00")),
            (2, day("2025-03-22"), NOTHING, NOTHING, NOTHING),
            (3, day("2025-04-01"), NOTHING, NOTHING, NOTHING),
        ]
