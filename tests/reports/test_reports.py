"""Each report's figures against the hand-worked data set (see conftest.py), on SQLite and PostgreSQL."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from helpdesk.billing import receivables as debts
from helpdesk.clips import services as clips
from helpdesk.clips.models import ClipLedgerEntry, LedgerKind
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.reports.catalogue import REPORTS, run
from helpdesk.reports.rollups import FIGURES
from tests.reports.conftest import FIRST, LAST, TODAY

SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)


def report(name: str, first=FIRST, last=LAST, customer_id=None, today=TODAY):
    kind = REPORTS[name]
    return run(kind, kind.filters(first, last, customer_id, today), today)


def rows(result, *keys):
    return [tuple(row[key] for key in keys) for row in result.rows]


def test_clips_per_customer_and_month_follow_the_ledger(dataset):
    result = report("clips")
    # Alfa: card 1's 20 clips were booked at 00:00 on 1 September Copenhagen time (22:00 UTC on 31 August):
    # September. E1 took 4 in September; E6 took 2 and gave them back in October (consumed 0); E2 (12, booked
    # 00:45 on 1 November Copenhagen time, 23:45 UTC on 31 October) and E3 (6) count in November: 16 → −2.
    # Beta: 5 + 10 clips bought in 2025; card 3's 5 lapsed on 30 September: 10; E7 took 3 in October: 7;
    # card 4 added 10 and the adjustment took 1 in November: 16.
    assert rows(result, "month", "customer", "sold", "consumed", "expired", "adjusted", "outstanding") == [
        (SEP, "Alfa ApS", 20, 4, 0, 0, 16),
        (SEP, "Beta ApS", 0, 0, 5, 0, 10),
        (OCT, "Alfa ApS", 0, 0, 0, 0, 16),
        (OCT, "Beta ApS", 0, 3, 0, 0, 7),
        (NOV, "Alfa ApS", 0, 18, 0, 0, -2),
        (NOV, "Beta ApS", 10, 0, 0, -1, 16),
    ]
    # Opening 15 (Beta's two 2025 cards) + 30 sold − 25 consumed − 5 expired − 1 adjusted = 14.
    assert result.totals == {"sold": 30, "consumed": 25, "expired": 5, "adjusted": -1, "outstanding": 14}


def test_the_last_outstanding_is_the_saldo_the_ledger_and_the_customer_row_hold(dataset):
    result = report("clips", last=TODAY)
    for customer in (dataset.alfa, dataset.beta):
        ledger = db.session.scalar(sa.select(sa.func.sum(ClipLedgerEntry.clips))
                                   .where(ClipLedgerEntry.customer_id == customer.id))
        last = [row for row in result.rows if row["customer_id"] == customer.id][-1]
        assert last["outstanding"] == ledger == db.session.get(Customer, customer.id).clip_balance


def test_one_customer_and_one_month(dataset):
    result = report("clips", first=date(2026, 10, 15), last=date(2026, 10, 31), customer_id=dataset.beta.id)
    # Beta held 10 when the period began; E7's 3 clips were booked on 20 October.
    assert rows(result, "month", "customer_id", "consumed", "outstanding") == [(OCT, dataset.beta.id, 3, 7)]


def test_a_customer_at_nothing_when_the_period_ends_opened_it_with_what_it_held(dataset, clock):
    """The saldo at the start is the end's less the period's movements, a zero saldo at the end included."""
    clock.at("2026-11-18 09:00")
    clips.adjust(dataset.manager, dataset.beta.id, -10, "Kortet annulleret", card_id=dataset.card4.id)
    clips.adjust(dataset.manager, dataset.beta.id, -6, "Kortet annulleret", card_id=dataset.card2.id)
    result = report("clips", first=date(2026, 10, 15), last=TODAY)
    # Beta opens with 10 (as before), E7 takes 3 in October; November sells 10 and adjusts 1 + 10 + 6 away: 0.
    # Alfa holds 16 through October (E6's 2 were consumed and given back before the 15th) and takes 18: −2.
    assert rows(result, "month", "customer", "sold", "consumed", "expired", "adjusted", "outstanding") == [
        (OCT, "Alfa ApS", 0, 0, 0, 0, 16),
        (OCT, "Beta ApS", 0, 3, 0, 0, 7),
        (NOV, "Alfa ApS", 0, 18, 0, 0, -2),
        (NOV, "Beta ApS", 10, 0, 0, -17, 0),
    ]


def test_time_by_class_and_multiplier_counts_each_entry_in_its_copenhagen_start_month(dataset):
    result = report("time")
    # September: E1 60 min, 4 blocks at 1×. October: billable E2 (started Sat 31 Oct 23:30, 4 blocks at 3×) and
    # E7 (40 min, 3 blocks at 1×); covered E4 (20 min, 2 at 1×); free E5 (20 min, 1 at 1× and 1 at 2×); the
    # deleted E6 is left out. November: E3 (started 00:30 on Sunday 1 November, 23:30 UTC on 31 October: 30 min,
    # 2 blocks at 3×).
    assert rows(result, "month", "classification", "entries", "minutes", "hours", "blocks_1x", "blocks_2x",
                "blocks_3x", "clips") == [
        (SEP, "billable", 1, 60, Decimal("1.00"), 4, 0, 0, 4),
        (OCT, "billable", 2, 100, Decimal("1.67"), 3, 0, 4, 15),
        (OCT, "covered", 1, 20, Decimal("0.33"), 2, 0, 0, 2),
        (OCT, "free", 1, 20, Decimal("0.33"), 1, 1, 0, 3),
        (NOV, "billable", 1, 30, Decimal("0.50"), 0, 0, 2, 6),
    ]
    assert result.totals == {"entries": 6, "minutes": 230, "hours": Decimal("3.83"), "blocks_1x": 10,
                             "blocks_2x": 1, "blocks_3x": 6, "clips": 30}


def test_the_entries_either_side_of_midnight_at_the_month_boundary(dataset):
    october = report("time", first=date(2026, 10, 31), last=date(2026, 10, 31))
    november = report("time", first=date(2026, 11, 1), last=date(2026, 11, 1))
    assert rows(october, "month", "minutes", "blocks_3x") == [(OCT, 60, 4)]
    assert rows(november, "month", "minutes", "blocks_3x") == [(NOV, 30, 2)]


def test_time_per_technician(dataset):
    result = report("technicians")
    # Tina: billable E1 60 + E2 60 + E3 30 = 150 min (4 + 12 + 6 = 22 clips), covered 20, free 20; E6 is deleted.
    # Villy: billable E7 40 min, 3 clips.
    assert rows(result, "technician", "entries", "billable_hours", "covered_hours", "free_hours", "hours",
                "minutes", "billable_clips") == [
        ("Tina Tekniker", 5, Decimal("2.50"), Decimal("0.33"), Decimal("0.33"), Decimal("3.17"), 190, 22),
        ("Villy Vagt", 1, Decimal("0.67"), Decimal("0.00"), Decimal("0.00"), Decimal("0.67"), 40, 3),
    ]
    assert result.totals == {"entries": 6, "minutes": 230, "billable_clips": 25, "billable_hours": Decimal("3.17"),
                             "covered_hours": Decimal("0.33"), "free_hours": Decimal("0.33"),
                             "hours": Decimal("3.83")}


def test_cards_expiring_in_the_next_sixty_days(dataset):
    result = report("expiring-cards", first=None, last=None)
    # Only card 2 expires by 19 January 2027 with clips left: 10 − 3 (E7) − 1 (adjustment) = 6, in 20 days.
    assert (result.filters.first, result.filters.last) == (TODAY, date(2027, 1, 19))
    assert rows(result, "card_id", "customer", "expires_on", "days_left", "clips", "remaining") == [
        (dataset.card2.id, "Beta ApS", date(2026, 12, 10), 20, 10, 6)]
    assert result.totals == {"clips": 10, "remaining": 6}


def test_negative_saldi_at_the_end_of_a_day(dataset):
    now = report("negative-saldi", first=None, last=TODAY)
    before_e2_was_booked = report("negative-saldi", first=None, last=date(2026, 10, 31))
    # Alfa: −2, the 2 clips of E3 no card covered.
    assert rows(now, "customer", "saldo", "unfunded") == [("Alfa ApS", -2, 2)]
    assert before_e2_was_booked.rows == []


def test_revenue_by_line_kind_and_month_of_issue(dataset):
    result = report("revenue")
    # September: card 1 (4.000,00) and reminder 1's charges (100,00 fee, 310,00 compensation, 100,00 interest);
    # October: the credit note of 500,00 on card 2's invoice; November: card 4 (1.500,00).
    assert rows(result, "month", "kind", "invoiced", "credited", "net") == [
        (SEP, "clip_card", Decimal("4000.00"), Decimal("0.00"), Decimal("4000.00")),
        (SEP, "reminder_fee", Decimal("100.00"), Decimal("0.00"), Decimal("100.00")),
        (SEP, "interest", Decimal("100.00"), Decimal("0.00"), Decimal("100.00")),
        (SEP, "compensation", Decimal("310.00"), Decimal("0.00"), Decimal("310.00")),
        (OCT, "clip_card", Decimal("0.00"), Decimal("500.00"), Decimal("-500.00")),
        (NOV, "clip_card", Decimal("1500.00"), Decimal("0.00"), Decimal("1500.00")),
    ]
    assert result.totals == {"invoiced": Decimal("6010.00"), "credited": Decimal("500.00"),
                             "net": Decimal("5510.00")}


def test_one_customers_revenue_is_read_from_its_own_invoices(dataset):
    # Beta in the period: the credit note of 500,00 on card 2's invoice and card 4 (1.500,00); Alfa's left out.
    assert rows(report("revenue", customer_id=dataset.beta.id), "month", "kind", "invoiced", "credited") == [
        (OCT, "clip_card", Decimal("0.00"), Decimal("500.00")),
        (NOV, "clip_card", Decimal("1500.00"), Decimal("0.00")),
    ]


def test_receivables_by_age_and_dunning_stage(dataset):
    result = report("receivables", first=None, last=TODAY)
    # Not due: card 4's invoice 1.875,00 (due 23 Nov). 61–90 days: card 1's invoice 5.000,00 − 2.500,00 paid
    # (reminder 1, due 9 Sep: 72 days) and its charges 510,00 (due 12 Sep). Over 90: card 2's invoice
    # 2.500,00 − 625,00 credited, in collection, and its three charges invoices 460,00 + 100,00 + 100,00.
    zero = Decimal("0.00")
    assert rows(result, "age", "invoices", "none", "reminder_1", "reminder_2", "reminder_3", "collection",
                "outstanding") == [
        ("not_due", 1, Decimal("1875.00"), zero, zero, zero, zero, Decimal("1875.00")),
        ("1_30", 0, zero, zero, zero, zero, zero, zero),
        ("31_60", 0, zero, zero, zero, zero, zero, zero),
        ("61_90", 2, Decimal("510.00"), Decimal("2500.00"), zero, zero, zero, Decimal("3010.00")),
        ("over_90", 4, Decimal("660.00"), zero, zero, zero, Decimal("1875.00"), Decimal("2535.00")),
    ]
    assert result.totals["outstanding"] == Decimal("7420.00") and result.totals["invoices"] == 7


def test_receivables_today_agree_with_the_receivables_page(dataset):
    result = report("receivables", first=None, last=TODAY)
    page = debts.receivables(TODAY)
    assert {bucket.name: bucket.total for bucket in page.by_age} == {
        row["age"]: row["outstanding"] for row in result.rows}
    assert {bucket.name: bucket.total for bucket in page.by_stage} == {
        stage: result.totals[stage] for stage in debts.STAGE_LABELS}


def test_receivables_as_of_an_earlier_day_leave_out_later_payments_and_credit_notes(dataset):
    result = report("receivables", first=None, last=date(2026, 10, 9))
    # Card 1's invoice: 5.000,00 − 2.000,00 = 3.000,00 (30 days past due); card 2's: 2.500,00 (not yet credited).
    assert {row["age"]: row["outstanding"] for row in result.rows if row["invoices"]} == {
        "1_30": Decimal("3000.00") + Decimal("510.00"), "over_90": Decimal("2500.00") + Decimal("660.00")}


def test_an_invoice_paid_in_full_since_is_owed_on_the_days_before_the_payment(dataset):
    # Card 3's invoice (1.000,00 + 25 % VAT) was issued 31 March 2025 and paid in full on 5 April: paid now,
    # yet owed and not due on 4 April, and settled from 5 April on.
    before = report("receivables", first=None, last=date(2025, 4, 4))
    assert {row["age"]: (row["invoices"], row["outstanding"]) for row in before.rows if row["invoices"]} == {
        "not_due": (1, Decimal("1250.00"))}
    assert [row for row in report("receivables", first=None, last=date(2025, 4, 5)).rows if row["invoices"]] == []


def test_agreements_by_notice_deadline(dataset):
    result = report("agreements", first=None, last=None)
    assert rows(result, "customer", "agreement", "terms", "deadline", "days_left") == [
        ("Alfa ApS", "Hosting", "hostkon", date(2026, 11, 28), 8),
        ("Beta ApS", "Support", "compusoft", date(2027, 6, 30), 222),
    ]
    assert report("agreements", first=None, last=date(2026, 12, 31)).rows[0]["agreement"] == "Hosting"
    assert len(report("agreements", first=None, last=date(2026, 12, 31)).rows) == 1


def test_every_ledger_kind_counts_in_exactly_one_figure_of_the_clip_report():
    """Else a kind's clips would move the saldo the report shows without a column showing them."""
    kinds = [kind for figure in FIGURES for kind in figure.kinds]
    assert sorted(kinds) == sorted(LedgerKind)
