"""The reports' kept monthly sums equal what the time entries and the clip ledger add up to, after every kind of
change (on SQLite and PostgreSQL), and the reports read them only for whole months; the daily revenue sums equal
the invoices' and credit notes' lines, whose dates and kinds cannot change."""

from datetime import date

import pytest
import sqlalchemy as sa

from helpdesk.billing.models import Invoice
from helpdesk.billing.services import CreditInput, issue_credit_note
from helpdesk.clips import services as clips
from helpdesk.customers import retention
from helpdesk.extensions import db
from helpdesk.reports import rollups
from helpdesk.reports.catalogue import REPORTS, run
from helpdesk.reports.rollups import IssuedDocumentChanged, LedgerMonthSum, RevenueDaySum, TimeMonthSum
from helpdesk.timelog import services as timelog
from helpdesk.timelog.models import TimeEntry
from tests.factories import copenhagen
from tests.reports.conftest import TODAY


def assert_sums_match_rows():
    for table, (kept, from_rows) in rollups.recount(db.session.connection()).items():
        assert kept == from_rows, table


def test_the_sums_follow_new_changed_and_deleted_entries_and_every_ledger_movement(dataset, make, clock):
    # The data set sold, consumed, reversed (a deleted entry), expired and adjusted clips.
    assert_sums_match_rows()
    e1 = db.session.scalars(sa.select(TimeEntry).where(TimeEntry.customer_id == dataset.alfa.id)
                            .order_by(TimeEntry.started_at)).first()
    clock.at("2026-11-20 13:00")
    # Moved from September to a Saturday evening in November, by the other technician's hand: priced anew.
    timelog.update_entry(dataset.villy, e1, timelog.EntryInput(
        start=copenhagen("2026-11-14 19:00"), end=copenhagen("2026-11-14 20:10"), out_of_hours_agreed_by="Ole"))
    assert_sums_match_rows()
    timelog.override_classification(dataset.tina, e1, "free", "Kulanceaftale")
    assert_sums_match_rows()
    clips.adjust(dataset.manager, dataset.alfa.id, "1", "Godtgørelse")      # forgives an unfunded clip
    assert_sums_match_rows()


def test_a_sum_is_moved_from_one_month_to_another_not_added_twice(dataset):
    september = sa.select(sa.func.sum(TimeMonthSum.entries)).where(TimeMonthSum.month == date(2026, 9, 1))
    assert db.session.scalar(september) == 1          # E1
    e1 = db.session.scalars(sa.select(TimeEntry).where(TimeEntry.customer_id == dataset.alfa.id)
                            .order_by(TimeEntry.started_at)).first()
    timelog.update_entry(dataset.tina, e1, timelog.EntryInput(start=copenhagen("2026-10-13 09:00"),
                                                              end=copenhagen("2026-10-13 10:00")))
    assert db.session.scalar(september) == 0
    assert db.session.scalar(sa.select(sa.func.sum(TimeMonthSum.entries))
                             .where(TimeMonthSum.month == date(2026, 10, 1))) == 5   # E4, E5, E2, E7 and E1


def test_a_customers_month_is_one_row_of_the_clip_reports_four_figures(dataset):
    # Alfa: September sold card 1's 20 clips and consumed E1's 4; October consumed E6's 2 and its deletion gave them
    # back; November consumed E2's 12 and E3's 6, 2 of which no card covered (the unfunded part is summed as
    # booked, a negative movement).
    months = db.session.execute(
        sa.select(LedgerMonthSum.month, *LedgerMonthSum.figures(), LedgerMonthSum.unfunded_clips)
        .where(LedgerMonthSum.customer_id == dataset.alfa.id).order_by(LedgerMonthSum.month)).all()
    assert months == [(date(2026, 9, 1), 20, 4, 0, 0, 0), (date(2026, 10, 1), 0, 0, 0, 0, 0),
                      (date(2026, 11, 1), 0, 18, 0, 0, -2)]


def test_deleting_a_customers_data_takes_its_share_off_the_sums(dataset):
    retention._delete_data(dataset.alfa)
    db.session.commit()
    assert_sums_match_rows()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerMonthSum)
                             .where(LedgerMonthSum.customer_id == dataset.alfa.id)) == 0


def test_a_rebuild_gives_the_sums_kept_along_the_way(dataset):
    kept = rollups.recount(db.session.connection())
    rollups.rebuild(db.session.connection())
    db.session.commit()
    assert rollups.recount(db.session.connection()) == kept


def test_a_month_cut_short_is_read_from_its_rows_and_a_whole_one_from_its_sums(dataset):
    """15 October – 20 November: October is cut (E7 on the 20th counts, E4–E6 before the 15th do not), November
    too (it ends today); September–November whole gives the hand-worked figures of test_reports."""
    kind = REPORTS["time"]
    cut = run(kind, kind.filters(date(2026, 10, 15), TODAY, None, TODAY), TODAY)
    assert [(row["month"], row["classification"], row["entries"]) for row in cut.rows] == [
        (date(2026, 10, 1), "billable", 2),       # E2 (31 October, Copenhagen time) and E7
        (date(2026, 11, 1), "billable", 1),       # E3
    ]
    # The sums hold October whole: E4 (covered), E5 (free) and E6 (deleted, so not there) too.
    assert sorted(db.session.scalars(sa.select(TimeMonthSum.classification).distinct().where(
        TimeMonthSum.month == date(2026, 10, 1), TimeMonthSum.entries > 0))) == ["billable", "covered", "free"]


def test_a_month_with_rows_beyond_the_period_is_read_from_its_rows(dataset):
    """1–6 October: E7 (20 October) and E2 (31 October) lie beyond it, so October's sums would be too much."""
    kind = REPORTS["time"]
    result = run(kind, kind.filters(date(2026, 10, 1), date(2026, 10, 6), None, TODAY), TODAY)
    assert [(row["month"], row["classification"], row["entries"]) for row in result.rows] == [
        (date(2026, 10, 1), "covered", 1), (date(2026, 10, 1), "free", 1)]       # E4 and E5
    clips = REPORTS["clips"]
    # 1–15 November: card 4 (15 November) counts, the adjustment of 16 November does not.
    result = run(clips, clips.filters(date(2026, 11, 1), date(2026, 11, 15), dataset.beta.id, TODAY), TODAY)
    assert [(row["sold"], row["adjusted"], row["outstanding"]) for row in result.rows] == [(10, 0, 17)]


def revenue_sums() -> list[tuple]:
    return db.session.execute(sa.select(RevenueDaySum.issue_date, RevenueDaySum.document_kind,
                                        RevenueDaySum.line_kind, RevenueDaySum.net_ore)
                              .order_by(RevenueDaySum.issue_date, RevenueDaySum.line_kind)).all()


def test_the_revenue_sums_hold_each_days_invoices_and_credit_notes_by_line_kind(dataset):
    """The data set's documents (tests/reports/conftest.py), net in øre: the cards' invoices, the charges of
    Beta's three reminders and of Alfa's one (fee, compensation, interest), and the credit note on card 2."""
    assert revenue_sums() == [
        (date(2025, 3, 31), "invoice", "clip_card", 100_000),
        (date(2025, 6, 10), "invoice", "clip_card", 200_000),
        (date(2025, 6, 21), "invoice", "compensation", 31_000),
        (date(2025, 6, 21), "invoice", "interest", 5_000),
        (date(2025, 6, 21), "invoice", "reminder_fee", 10_000),
        (date(2025, 7, 1), "invoice", "reminder_fee", 10_000),
        (date(2025, 7, 11), "invoice", "reminder_fee", 10_000),
        (date(2026, 9, 1), "invoice", "clip_card", 400_000),
        (date(2026, 9, 12), "invoice", "compensation", 31_000),
        (date(2026, 9, 12), "invoice", "interest", 10_000),
        (date(2026, 9, 12), "invoice", "reminder_fee", 10_000),
        (date(2026, 10, 10), "credit_note", "clip_card", 50_000),
        (date(2026, 11, 15), "invoice", "clip_card", 150_000),
    ]


def test_a_credit_note_on_the_day_of_another_adds_to_that_days_sum(dataset):
    # Card 2's invoice credited 300,00 more on the day of the first credit note (500,00).
    issue_credit_note(dataset.manager, dataset.card2.invoice_id, "Fejl i antal", [CreditInput(1, "300.00")],
                      date(2026, 10, 10))
    db.session.commit()
    assert (date(2026, 10, 10), "credit_note", "clip_card", 80_000) in revenue_sums()
    assert_sums_match_rows()


@pytest.mark.parametrize("change", [
    lambda invoice, other: setattr(invoice, "issue_date", date(2026, 12, 1)),
    lambda invoice, other: setattr(invoice, "kind", "credit_note"),
    lambda invoice, other: setattr(invoice.lines[0], "invoice", other),
], ids=["re-dated", "made a credit note", "a line moved to another invoice"])
def test_an_issued_document_cannot_change_so_its_sums_could_not_follow_and_nothing_is_changed(dataset, change):
    invoice = db.session.get(Invoice, dataset.card4.invoice_id)
    change(invoice, db.session.get(Invoice, dataset.card1.invoice_id))
    with pytest.raises(IssuedDocumentChanged):
        db.session.commit()
    db.session.rollback()
    invoice = db.session.get(Invoice, dataset.card4.invoice_id)
    assert (invoice.issue_date, invoice.kind, len(invoice.lines)) == (date(2026, 11, 15), "invoice", 1)
