"""Monthly sums of the time entries and the clip ledger, and daily sums of the invoices' lines, kept in step with
them in the same transaction.

A year of a thousand customers is a third of a million time entries and as many ledger rows. The reports add up
the sums of a period's whole Copenhagen months, and read the rows themselves only for a month the period cuts
short (bench/README.md has the figures). Every change the ORM flushes moves the sums (`_keep_sums`: a new row
adds its share; a changed or deleted row takes off the share it has in the database and adds its new one), so
they cannot drift from the rows whichever service writes them. The two writers that bypass the ORM call in:
data retention's bulk DELETE (`forget_customer`) and bench-data's bulk INSERT (`rebuild`). A test proves the
sums equal the rows' after every kind of change, on both engines.

The time sums leave the customer out: per customer a month holds nearly as many keys as entries. A report about
one customer reads that customer's entries through their index instead. The revenue sums do too, for the same
reason, and are kept per day of issue, so any period reads them whole. An issued document's date and kind never
change (a credit note corrects it): a flush that would change them is refused, as the sums could not follow.
"""

from collections.abc import Iterable
from datetime import date, datetime
from types import SimpleNamespace
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from helpdesk.billing.models import DocumentKind, Invoice, InvoiceLine, LineKind
from helpdesk.clips.models import ClipLedgerEntry, LedgerKind
from helpdesk.database import dialect_insert, enum_column
from helpdesk.extensions import db
from helpdesk.rules.worktime import to_local
from helpdesk.timelog.models import Classification, TimeEntry

NO_TECHNICIAN = 0


class TimeMonthSum(db.Model):
    """The live time entries of a Copenhagen month, per technician and class."""

    __tablename__ = "time_month_sums"

    month: Mapped[date] = mapped_column(primary_key=True, doc="The month's first day.")
    technician_key: Mapped[int] = mapped_column(primary_key=True, doc="The technician's id; 0 for none.")
    classification: Mapped[Classification] = mapped_column(enum_column(Classification), primary_key=True)
    entries: Mapped[int]
    minutes: Mapped[int]
    clips: Mapped[int]
    blocks_1x: Mapped[int]
    blocks_2x: Mapped[int]
    blocks_3x: Mapped[int]


class Figure(NamedTuple):
    """One of a customer's movements in a month as the clip report shows it: a column of LedgerMonthSum, the ledger
    kinds it sums, and the sign that makes it read as a count."""

    name: str
    sign: int
    kinds: tuple[LedgerKind, ...]


# Clips sold, consumed (less reversals), expired and adjusted (settlements too). The net movement is
# sold − consumed − expired + adjusted; every kind is in exactly one figure (a test says so).
FIGURES = (Figure("sold", 1, (LedgerKind.PURCHASE,)),
           Figure("consumed", -1, (LedgerKind.CONSUMPTION, LedgerKind.REVERSAL)),
           Figure("expired", -1, (LedgerKind.EXPIRY,)),
           Figure("adjusted", 1, (LedgerKind.SETTLEMENT, LedgerKind.ADJUSTMENT)))
FIGURE_NAMES = tuple(figure.name for figure in FIGURES)
_FIGURE_OF_KIND = {kind: (place, figure.sign) for place, figure in enumerate(FIGURES) for kind in figure.kinds}


def net_movement(figures):
    """The clips a month's figures (sold, consumed, expired, adjusted) moved the saldo by: numbers, or columns."""
    sold, consumed, expired, adjusted = figures
    return sold - consumed - expired + adjusted


class LedgerMonthSum(db.Model):
    """A customer's clip movements booked in a Copenhagen month, as the figures of FIGURES."""

    __tablename__ = "clip_ledger_month_sums"
    # The clip report reads a period's months of every customer from this index alone.
    __table_args__ = (sa.Index("ix_clip_ledger_month_sums_month", "month", "customer_id", *FIGURE_NAMES),)

    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True, doc="The month's first day.")
    sold: Mapped[int]
    consumed: Mapped[int] = mapped_column(doc="Less the clips reversals gave back.")
    expired: Mapped[int]
    adjusted: Mapped[int] = mapped_column(doc="Settlements too; negative when more was taken than given.")
    unfunded_clips: Mapped[int] = mapped_column(doc="The part booked on no card (the customer's unfunded clips).")

    @classmethod
    def figures(cls) -> tuple:
        """The columns of FIGURE_NAMES, in their order."""
        return tuple(getattr(cls, name) for name in FIGURE_NAMES)


class RevenueDaySum(db.Model):
    """The net (excl. VAT) of one kind of line on the invoices, or on the credit notes, issued on a day."""

    __tablename__ = "revenue_day_sums"

    issue_date: Mapped[date] = mapped_column(primary_key=True)
    document_kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind), primary_key=True)
    line_kind: Mapped[LineKind] = mapped_column(enum_column(LineKind), primary_key=True)
    net_ore: Mapped[int] = mapped_column(sa.BigInteger)


class IssuedDocumentChanged(RuntimeError):
    """An issued invoice's or credit note's date or kind was to change, or a line to move to another: a credit
    note corrects it instead."""


def month_of(moment: datetime) -> date:
    """The first day of the Copenhagen month a stored moment falls in."""
    return to_local(moment).date().replace(day=1)


class _Sums:
    """How one kind of row adds to its sums table: the row's key there and the amounts it adds."""

    def __init__(self, model, table: type[db.Model], key_columns: tuple[str, ...], sum_columns: tuple[str, ...],
                 read_columns: tuple[str, ...], share, watched: tuple[str, ...], joined: dict | None = None):
        """``read_columns`` are what `share` reads of a stored row: the model's columns of those names, or the
        columns ``joined`` names (another table's, joined to the model's rows)."""
        self.model, self.table = model, table
        self.key_columns, self.sum_columns = key_columns, sum_columns
        self.read_columns, self.share, self.watched = read_columns, share, watched
        self.joined = joined or {}

    def read(self, condition) -> sa.Select:
        """The rows' ids and what `share` reads of them, where the condition holds."""
        columns = ((self.joined[name] if name in self.joined else getattr(self.model, name)).label(name)
                   for name in self.read_columns)
        query = sa.select(self.model.id, *columns)
        for table in dict.fromkeys(column.table for column in self.joined.values()):
            query = query.join_from(self.model, table)
        return query.where(condition)

    def stored(self, connection, condition, lock: bool = False) -> list:
        """The rows as the database holds them (before this flush), with their id and what `share` reads; locked
        when asked, so a concurrent change to the same rows is waited for and counted, not overwritten."""
        query = self.read(condition)
        return connection.execute(query.with_for_update(of=self.model) if lock else query).all()

    def add(self, connection, deltas: dict[tuple, list[int]]) -> None:
        """Add the deltas to the sums, inserting a key not yet there; keys in one order, so writers never
        deadlock on each other's rows."""
        moves = [(key, amounts) for key, amounts in sorted(deltas.items()) if any(amounts)]
        if not moves:
            return
        insert = dialect_insert(self.table.__table__, connection.dialect.name)
        statement = insert.on_conflict_do_update(
            index_elements=list(self.key_columns),
            set_={name: self.table.__table__.c[name] + insert.excluded[name] for name in self.sum_columns})
        connection.execute(statement, [dict(zip(self.key_columns, key)) | dict(zip(self.sum_columns, amounts))
                                       for key, amounts in moves])


def _time_share(entry) -> tuple[tuple, tuple] | None:
    if entry.deleted_at is not None:
        return None
    return ((month_of(entry.started_at), entry.technician_id or NO_TECHNICIAN, entry.classification),
            (1, entry.minutes, entry.clips, entry.blocks_1x, entry.blocks_2x, entry.blocks_3x))


def _ledger_share(row) -> tuple[tuple, tuple]:
    funded = row.card_id is not None or getattr(row, "card", None) is not None   # a new row may have a new card
    amounts = [0] * len(FIGURES) + [0 if funded else row.clips]
    place, sign = _FIGURE_OF_KIND[row.kind]
    amounts[place] = sign * row.clips
    return (row.customer_id, month_of(row.at)), tuple(amounts)


TIME = _Sums(TimeEntry, TimeMonthSum, ("month", "technician_key", "classification"),
             ("entries", "minutes", "clips", "blocks_1x", "blocks_2x", "blocks_3x"),
             ("started_at", "technician_id", "classification", "minutes", "clips", "blocks_1x", "blocks_2x",
              "blocks_3x", "deleted_at"), _time_share,
             watched=("started_at", "technician_id", "classification", "minutes", "clips", "blocks_1x",
                      "blocks_2x", "blocks_3x", "deleted_at"))
LEDGER = _Sums(ClipLedgerEntry, LedgerMonthSum, ("customer_id", "month"), (*FIGURE_NAMES, "unfunded_clips"),
               ("customer_id", "at", "kind", "clips", "card_id"), _ledger_share,
               watched=("customer_id", "at", "kind", "clips", "card_id", "card"))


def _revenue_share(line) -> tuple[tuple, tuple]:
    if isinstance(line, InvoiceLine):     # one being added: its document is its invoice
        issued, kind = line.invoice.issue_date, line.invoice.kind
    else:                                 # one read with its document's columns
        issued, kind = line.issue_date, line.document_kind
    return (issued, kind, line.kind), (int(line.net * 100),)


REVENUE = _Sums(InvoiceLine, RevenueDaySum, ("issue_date", "document_kind", "line_kind"), ("net_ore",),
                ("issue_date", "document_kind", "kind", "net"), _revenue_share, watched=("kind", "net"),
                joined={"issue_date": Invoice.issue_date, "document_kind": Invoice.kind})
ALL_SUMS = (TIME, LEDGER, REVENUE)


def _accumulate(deltas: dict[tuple, list[int]], sums: _Sums, rows: Iterable, sign: int) -> None:
    for row in rows:
        share = sums.share(row)
        if share is not None:
            key, amounts = share
            totals = deltas.setdefault(key, [0] * len(amounts))
            for position, amount in enumerate(amounts):
                totals[position] += sign * amount


def _changed(session: Session, sums: _Sums) -> list:
    """The persistent rows of the model whose summed attributes this flush changes."""
    return [row for row in session.dirty if isinstance(row, sums.model) and _changed_attributes(row, sums)]


def _changed_attributes(row, sums: _Sums) -> set[str]:
    attributes = sa.inspect(row).attrs
    return {name for name in sums.watched if attributes[name].history.has_changes()}


def _as_updated(row, stored, sums: _Sums) -> SimpleNamespace:
    """The row as this flush leaves it: its UPDATE writes only the attributes it changed onto the stored row."""
    changed = _changed_attributes(row, sums)
    return SimpleNamespace(**{name: getattr(row, name) if name in changed else getattr(stored, name)
                              for name in sums.read_columns}, card=getattr(row, "card", None) if "card" in changed
                           else None)


FIXED_ONCE_ISSUED = {Invoice: ("issue_date", "kind"), InvoiceLine: ("invoice_id", "invoice")}


def _refuse_changes_to_issued(session: Session) -> None:
    """Refuse a flush that would re-date an issued document, change its kind or move a line to another: the revenue
    sums (read through the line's document) could not follow, and the books may not change so."""
    for row in session.dirty:
        fixed = FIXED_ONCE_ISSUED.get(type(row), ())
        if any(sa.inspect(row).attrs[name].history.has_changes() for name in fixed):
            raise IssuedDocumentChanged(f"{type(row).__name__} {row.id}: {', '.join(fixed)} are fixed once issued")


@sa.event.listens_for(Session, "before_flush")
def _keep_sums(session: Session, flush_context, instances) -> None:
    """Move the sums by what this flush changes, on the flush's own connection (so in its transaction), after
    refusing a change to an issued document they could not follow."""
    _refuse_changes_to_issued(session)
    for sums in ALL_SUMS:
        new = [row for row in session.new if isinstance(row, sums.model)]
        gone = [row for row in session.deleted if isinstance(row, sums.model)]
        changed = _changed(session, sums)
        if not (new or gone or changed):
            continue
        connection = session.connection()
        deltas: dict[tuple, list[int]] = {}
        _accumulate(deltas, sums, new, +1)
        if changed or gone:
            stored = {row.id: row for row in sums.stored(connection, sums.model.id.in_(
                [row.id for row in changed + gone]), lock=True)}
            _accumulate(deltas, sums, stored.values(), -1)
            _accumulate(deltas, sums, [_as_updated(row, stored[row.id], sums) for row in changed], +1)
        sums.add(connection, deltas)


def forget_customer(customer_id: int, case_ids) -> None:
    """Take off the sums what a bulk DELETE of the customer's ledger and of its cases' entries removes."""
    connection = db.session.connection()
    deltas: dict[tuple, list[int]] = {}
    _accumulate(deltas, TIME, TIME.stored(connection, TimeEntry.case_id.in_(case_ids)), -1)
    TIME.add(connection, deltas)
    connection.execute(sa.delete(LedgerMonthSum).where(LedgerMonthSum.customer_id == customer_id))


def rebuild(connection, tables: Iterable[str] | None = None) -> None:
    """Sum every row afresh (after a bulk INSERT that bypassed the ORM, and to fill the tables first): into all the
    sums tables, or those named (a migration names those it makes, as later ones are not there yet)."""
    by_table = {sums.table.__tablename__: sums for sums in ALL_SUMS}
    unknown = sorted(set(tables or ()) - set(by_table))
    if unknown:
        raise ValueError(f"no sums are kept in {unknown}")
    for sums in ALL_SUMS if tables is None else [by_table[name] for name in tables]:
        connection.execute(sa.delete(sums.table))
        deltas: dict[tuple, list[int]] = {}
        _accumulate(deltas, sums, connection.execute(sums.read(sa.true()).execution_options(yield_per=20_000)), +1)
        sums.add(connection, deltas)


def recount(connection) -> dict[str, list]:
    """The sums as they are, and as the rows make them: what the consistency test compares."""
    found = {}
    for sums in ALL_SUMS:
        deltas: dict[tuple, list[int]] = {}
        _accumulate(deltas, sums, sums.stored(connection, sa.true()), +1)
        kept = connection.execute(sa.select(*(sums.table.__table__.c[name]
                                               for name in sums.key_columns + sums.sum_columns))).all()
        found[sums.table.__tablename__] = [
            sorted((tuple(row[:len(sums.key_columns)]), list(row[len(sums.key_columns):])) for row in kept
                   if any(row[len(sums.key_columns):])),
            sorted((key, amounts) for key, amounts in deltas.items() if any(amounts))]
    return found
