"""The key figures: this month so far against last month, and what needs attention now."""

from datetime import date
from decimal import Decimal

from helpdesk.reports.dashboard import Comparison, Saldi, key_figures
from tests.reports.conftest import TODAY


def test_key_figures_this_month_against_last(dataset):
    figures = key_figures(TODAY)
    assert (figures.month.first_day, figures.previous_month.first_day) == (date(2026, 11, 1), date(2026, 10, 1))
    # November so far: E2 (12 clips, booked 1 November) and E3 (6); October: E7's 3 (E6 was given back).
    assert figures.clips_consumed == Comparison(18, 3)
    # Billable time started in November: E3 30 min; in October: E2 60 + E7 40 = 100 min.
    assert figures.billable_hours == Comparison(Decimal("0.50"), Decimal("1.67"))
    # November: card 4, 1.500,00; October: the credit note, −500,00.
    assert figures.revenue == Comparison(Decimal("1500.00"), Decimal("-500.00"))
    # Past due today: 7.420,00 owed less card 4's 1.875,00 not yet due. At the end of October card 1's invoice
    # still owed 3.000,00 (the 500,00 came on 5 November): 5.545,00 + 500,00.
    assert figures.receivables_overdue == Comparison(Decimal("5545.00"), Decimal("6045.00"))
    assert figures.negative_saldi == Comparison(Saldi(1, -2), Saldi(0, 0))
    assert (figures.expiring_cards, figures.expiring_clips) == (1, 6)
    assert figures.agreements_near_deadline == 1
    assert figures.deliveries_awaiting == 1


def test_key_figures_of_one_customer(dataset):
    figures = key_figures(TODAY, dataset.beta.id)
    assert figures.clips_consumed == Comparison(0, 3)
    assert figures.billable_hours == Comparison(Decimal("0.00"), Decimal("0.67"))
    # Card 2's invoice after the credit note (1.875,00) and its charges (660,00), in collection since 2025.
    assert figures.receivables_overdue == Comparison(Decimal("2535.00"), Decimal("2535.00"))
    assert figures.negative_saldi == Comparison(Saldi(0, 0), Saldi(0, 0))
    assert (figures.agreements_near_deadline, figures.deliveries_awaiting) == (0, 0)


def test_an_empty_database_has_zero_everywhere(app):
    figures = key_figures(date(2026, 1, 1))
    assert figures.previous_month.first_day == date(2025, 12, 1)
    assert figures.revenue == Comparison(Decimal("0.00"), Decimal("0.00"))
    assert figures.receivables_overdue == Comparison(Decimal("0.00"), Decimal("0.00"))
    assert figures.clips_consumed == Comparison(0, 0)
