"""The reports' figures, each summed by the database (SPEC §9).

Every count and sum is a GROUP BY in SQL; Python only names, pivots and accumulates the few aggregated rows.
A month is a Copenhagen month (see ``periods``): a CASE over the month bounds, worked out as UTC instants,
gives each row its month's index, so the same SQL runs on SQLite and PostgreSQL. Money columns hold whole øre;
they are summed as integers and turned into kroner once, at the end. The time and clip figures of a period's
whole months come from the kept monthly sums (``rollups``); only a month the period cuts short reads its rows.

How the clip ledger's kinds are counted, per customer and month (by when the movement was booked):
*sold* is the purchases; *consumed* is consumption less reversals (an edited or deleted entry gives its clips
back); *expired* is what lapsed (expiry rows, also those that follow a reversal onto an expired card);
*adjusted* is managers' adjustments plus settlements (a settlement moves clips from a new card to the unfunded
ones, so its two rows cancel out). *Outstanding* is the saldo at the month's end: the sum of every ledger row
booked before it, so outstanding = last month's outstanding + sold − consumed − expired + adjusted.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import aliased

from helpdesk.accounts.models import User
from helpdesk.agreements.models import Agreement, AgreementPeriod, AgreementStatus, Product
from helpdesk.agreements.services import notice_deadline_after
from helpdesk.billing.models import DocumentKind, Invoice, InvoiceLine, InvoiceStatus, LineKind, Payment, Reminder
from helpdesk.cases.models import Case, Category
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.customers.models import Customer, TermsProfile
from helpdesk.extensions import db
from helpdesk.reports.periods import Filters, Month, local_midnight
from helpdesk.reports import rollups
from helpdesk.reports.rollups import (FIGURE_NAMES, FIGURES, LedgerMonthSum, RevenueDaySum, TimeMonthSum, month_of,
                                      net_movement)
from helpdesk.rules.dunning import AGE_LIMITS, OLDEST_AGE
from helpdesk.rules.worktime import to_local
from helpdesk.timelog.models import Classification, TimeEntry

CENT = Decimal("0.01")
# An invoice in any other status (paid, credited) has nothing left to pay.
OPEN_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE, InvoiceStatus.IN_COLLECTION)
CLASSES = (Classification.BILLABLE, Classification.COVERED, Classification.FREE)  # the order reports show them


def kroner(ore) -> Decimal:
    """Whole øre summed by the database (an int, or a Decimal from PostgreSQL's SUM) as kroner."""
    return (Decimal(int(ore or 0)) / 100).quantize(CENT)


def _ore(column):
    """A Money column read as its stored integer øre, so SUM adds integers."""
    return sa.type_coerce(column, sa.BigInteger)


def _total(expression):
    return sa.func.coalesce(sa.func.sum(expression), 0)


def _moment_month(column, months: list[Month]):
    """The index of the month a stored moment falls in; the query keeps moments outside the period out."""
    return sa.case(*((column < month.ends_before, index) for index, month in enumerate(months)))


def _day_month(column, months: list[Month]):
    """The index of the month a date falls in; the query keeps dates outside the period out."""
    return sa.case(*((column <= month.ends_on, index) for index, month in enumerate(months)))


def _of_customer(query, column, customer_id: int | None):
    return query.where(*_customer_is(column, customer_id))


def _customer_is(column, customer_id: int | None) -> list:
    return [] if customer_id is None else [column == customer_id]


def _names(model, ids) -> dict[int, str]:
    ids = {id_ for id_ in ids if id_ is not None}
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(model.id, model.name).where(model.id.in_(ids))).all())


def _customer_names(customer_id: int | None) -> dict[int, str]:
    """Every customer's name, or the one's: a thousand rows read whole cost less than a thousand ids sent."""
    return dict(db.session.execute(_of_customer(sa.select(Customer.id, Customer.name), Customer.id, customer_id)).all())


def _within(column, months: list[Month]):
    """The rows whose moment falls in one of the months (each cut to the period)."""
    return sa.or_(*(sa.and_(column >= month.starts_at, column < month.ends_before) for month in months))


def _split(months: list[Month], moment, *criteria, sums_apply: bool = True) -> tuple[list[date], list[Month]]:
    """(the first days of the months the kept sums answer for, the months whose rows must be read).

    A month the period cuts short is answered by its sums too when none of its rows (those meeting the criteria)
    lies outside the period: the usual case of a period that ends today, with nothing booked after today.
    """
    kept = [month.first_day for month in months
            if sums_apply and (month.whole or not _rows_outside(month, moment, criteria))]
    return kept, [month for month in months if month.first_day not in kept]


def _rows_outside(month: Month, moment, criteria) -> bool:
    """Whether a row of the month falls outside the period's part of it."""
    first, after = local_midnight(month.first_day), local_midnight(month.first_day + relativedelta(months=1))
    outside = sa.or_(sa.and_(moment >= first, moment < month.starts_at),
                     sa.and_(moment >= month.ends_before, moment < after))
    return db.session.scalar(sa.select(sa.exists().where(outside, *criteria)))


# Clips sold, consumed, expired and outstanding per customer and month

CLIP_FIELDS = ("month", "customer_id", "customer", "sold", "consumed", "expired", "adjusted", "outstanding")


class ClipMonths(NamedTuple):
    """Each customer's months as plain tuples of CLIP_FIELDS (a year of a thousand customers is 12,000 of them),
    and per month of the period its clips sold, consumed, expired and adjusted and the saldi at its end, summed."""

    rows: list[tuple]
    per_month: list[tuple[int, int, int, int, int]]


def _saldi_at(moment: datetime, customer_id: int | None = None):
    """(customer id, saldo, unfunded clips) at a moment, for every customer: the kept balances less what moved since.

    The ledger sums to the kept balance (a test proves it), so the saldo at a moment is the balance now less what
    was booked since: the rows up to the next month's start, then the kept monthly sums.
    """
    local = to_local(moment)
    next_month = month_of(moment) if local == local_midnight(local.date().replace(day=1)) else \
        month_of(moment) + relativedelta(months=1)
    rows = (sa.select(ClipLedgerEntry.customer_id, ClipLedgerEntry.clips.label("moved"),
                      sa.case((ClipLedgerEntry.card_id.is_(None), ClipLedgerEntry.clips), else_=0).label("unfunded"))
            .where(ClipLedgerEntry.at >= moment, ClipLedgerEntry.at < local_midnight(next_month)))
    months = (sa.select(LedgerMonthSum.customer_id, net_movement(LedgerMonthSum.figures()),
                        LedgerMonthSum.unfunded_clips)
              .where(LedgerMonthSum.month >= next_month))
    moved = sa.union_all(_of_customer(rows, ClipLedgerEntry.customer_id, customer_id),
                         _of_customer(months, LedgerMonthSum.customer_id, customer_id)).subquery()
    since = (sa.select(moved.c.customer_id, sa.func.sum(moved.c.moved).label("moved"),
                       sa.func.sum(moved.c.unfunded).label("moved_unfunded"))
             .group_by(moved.c.customer_id).subquery())
    query = (sa.select(Customer.id.label("customer_id"),
                       (Customer.clip_balance - sa.func.coalesce(since.c.moved, 0)).label("saldo"),
                       (Customer.unfunded_clips + sa.func.coalesce(since.c.moved_unfunded, 0)).label("unfunded"))
             .outerjoin(since, since.c.customer_id == Customer.id))
    return _of_customer(query, Customer.id, customer_id)


def _saldi_before(filters: Filters, tracks: dict[int | None, list[list[int] | None]]) -> dict[int, int]:
    """Each customer's saldo at the period's start: its saldo at the end less what the period's tracks moved.

    The saldo at the end reads the kept sums after the period, the one at the start would read them through the
    period too, where the tracks have them already: for the default period, ending today, the end is the kept
    balance itself.
    """
    saldi = _saldi_at(filters.ends_before, filters.customer_id).subquery()
    at_end = dict(db.session.execute(sa.select(saldi.c.customer_id, saldi.c.saldo).where(saldi.c.saldo != 0)).all())
    for customer_id, track in tracks.items():
        moved = sum(net_movement(figures) for figures in track if figures is not None)
        at_end[customer_id] = at_end.get(customer_id, 0) - moved
    return {customer_id: saldo for customer_id, saldo in at_end.items() if saldo}


CONSUMED = FIGURE_NAMES.index("consumed")   # the figure's place in a track's months


def _figures(kind_column, clips_column) -> list:
    """The four figures of FIGURES summed from ledger rows by the database (FILTER costs both engines less than a
    CASE per row and kind)."""
    sums = [(figure.sign, sa.func.coalesce(sa.func.sum(clips_column).filter(kind_column.in_(figure.kinds)), 0))
            for figure in FIGURES]
    return [figure if sign > 0 else -figure for sign, figure in sums]


def _clip_movements(filters: Filters, months: list[Month], by_customer: bool = True
                    ) -> dict[int | None, list[list[int] | None]]:
    """{customer id: per month of the period its four figures, or None in a month it did not move}, from the
    kept sums of whole months and the rows of the months the period cuts short; with by_customer false, the
    customers together under the id None. Read on the session's connection: tens of thousands of plain rows."""
    kept, read = _split(months, ClipLedgerEntry.at, *_customer_is(ClipLedgerEntry.customer_id, filters.customer_id))
    queries = []
    if kept:
        if by_customer:    # a customer's month is one row of the sums
            sums = sa.select(LedgerMonthSum.customer_id, _day_month(LedgerMonthSum.month, months),
                             *LedgerMonthSum.figures())
        else:
            sums = (sa.select(sa.null(), _day_month(LedgerMonthSum.month, months),
                              *map(sa.func.sum, LedgerMonthSum.figures())).group_by(LedgerMonthSum.month))
        queries.append(_of_customer(sums.where(LedgerMonthSum.month.in_(kept)), LedgerMonthSum.customer_id,
                                    filters.customer_id))
    if read:
        rows = (sa.select(ClipLedgerEntry.customer_id, ClipLedgerEntry.kind, ClipLedgerEntry.clips,
                          _moment_month(ClipLedgerEntry.at, months).label("month"))
                .where(_within(ClipLedgerEntry.at, read)))
        rows = _of_customer(rows, ClipLedgerEntry.customer_id, filters.customer_id).subquery()
        customer = rows.c.customer_id if by_customer else sa.null()
        queries.append(sa.select(customer, rows.c.month, *_figures(rows.c.kind, rows.c.clips))
                       .group_by(*([rows.c.customer_id] if by_customer else []), rows.c.month))
    tracks: dict[int | None, list[list[int] | None]] = {}
    connection = db.session.connection()
    for query in queries:   # a month is either kept or read: each customer's month comes once
        for customer_id, index, *clips in connection.execute(query).all():
            track = tracks.get(customer_id)
            if track is None:
                track = tracks[customer_id] = [None] * len(months)
            track[index] = clips
    return tracks


def _month_sums(tracks: dict, months: list[Month], saldo_before: int) -> list[tuple[int, int, int, int, int]]:
    """Per month: clips sold, consumed, expired and adjusted, and the saldi at its end, all customers together."""
    sums, saldo = [], saldo_before
    for index in range(len(months)):
        moved = [track[index] for track in tracks.values() if track[index] is not None]
        month = tuple(map(sum, zip(*moved))) if moved else (0,) * len(FIGURES)
        saldo += net_movement(month)
        sums.append((*month, saldo))
    return sums


def clip_months(filters: Filters) -> ClipMonths:
    """Each customer's clips per month, by month and name; a month with no movement and no saldo is left out."""
    months = filters.months()
    tracks = _clip_movements(filters, months)
    saldi = _saldi_before(filters, tracks)
    names = _customer_names(filters.customer_id)
    unmoved = [None] * len(months)
    customers = [[saldi.get(id_, 0), id_, name, tracks.get(id_, unmoved)]   # saldo so far, id, name, movements
                 for name, id_ in sorted((names[id_], id_) for id_ in set(saldi) | set(tracks))]
    rows = []
    for index, month in enumerate(months):          # month by month, each month's customers by name
        for customer in customers:
            figures = customer[3][index]
            if figures is not None:
                customer[0] += net_movement(figures)
                rows.append((month, customer[1], customer[2], *figures, customer[0]))
            elif customer[0]:
                rows.append((month, customer[1], customer[2], 0, 0, 0, 0, customer[0]))
    return ClipMonths(rows, _month_sums(tracks, months, sum(saldi.values())))


def consumed_by_month(filters: Filters) -> list[int]:
    """Clips consumed (less reversals) in each month of the period, the customers together."""
    months = filters.months()
    track = _clip_movements(filters, months, by_customer=False).get(None, [None] * len(months))
    return [0 if figures is None else figures[CONSUMED] for figures in track]


# Time by class and multiplier per month, and per technician

@dataclass(frozen=True)
class TimeMonth:
    month: Month
    classification: Classification
    entries: int
    minutes: int
    blocks_1x: int
    blocks_2x: int
    blocks_3x: int
    clips: int


def _entries(filters: Filters, months: list[Month], *columns):
    """The entries of the months (by when they started, Copenhagen time), deleted ones left out."""
    query = sa.select(*columns).where(TimeEntry.deleted_at.is_(None), _within(TimeEntry.started_at, months))
    return _of_customer(query, TimeEntry.customer_id, filters.customer_id)


def _time_split(filters: Filters, months: list[Month]) -> tuple[list[date], list[Month]]:
    """The kept time sums hold no customer: a report about one customer reads its entries."""
    return _split(months, TimeEntry.started_at, TimeEntry.deleted_at.is_(None), sums_apply=filters.customer_id is None)


TIME_SUMS = 6    # entries, minutes, blocks at 1×, 2× and 3×, clips


def time_months(filters: Filters) -> list[TimeMonth]:
    """Time per month and class: entries, minutes, 15-minute blocks at 1×, 2× and 3×, and their clips."""
    months = filters.months()
    kept, read = _time_split(filters, months)
    sums: dict[tuple[int, Classification], list[int]] = defaultdict(lambda: [0] * TIME_SUMS)
    if kept:
        for index, classification, *values in db.session.execute(
                sa.select(_day_month(TimeMonthSum.month, months), TimeMonthSum.classification,
                          sa.func.sum(TimeMonthSum.entries),
                          sa.func.sum(TimeMonthSum.minutes), sa.func.sum(TimeMonthSum.blocks_1x),
                          sa.func.sum(TimeMonthSum.blocks_2x), sa.func.sum(TimeMonthSum.blocks_3x),
                          sa.func.sum(TimeMonthSum.clips))
                .where(TimeMonthSum.month.in_(kept)).group_by(TimeMonthSum.month, TimeMonthSum.classification)):
            _add(sums[index, classification], values)
    if read:
        rows = _entries(filters, read, _moment_month(TimeEntry.started_at, months).label("month"),
                        TimeEntry.classification, TimeEntry.minutes, TimeEntry.blocks_1x, TimeEntry.blocks_2x,
                        TimeEntry.blocks_3x, TimeEntry.clips).subquery()
        for index, classification, *values in db.session.execute(
                sa.select(rows.c.month, rows.c.classification, sa.func.count(), sa.func.sum(rows.c.minutes),
                          sa.func.sum(rows.c.blocks_1x), sa.func.sum(rows.c.blocks_2x),
                          sa.func.sum(rows.c.blocks_3x), sa.func.sum(rows.c.clips))
                .group_by(rows.c.month, rows.c.classification)):
            _add(sums[index, classification], values)
    return sorted((TimeMonth(months[index], classification, *values)
                   for (index, classification), values in sums.items() if values[0]),
                  key=lambda row: (row.month.first_day, CLASSES.index(row.classification)))


def _add(totals: list[int], values) -> None:
    for position, value in enumerate(values):
        totals[position] += int(value or 0)


@dataclass(frozen=True)
class TechnicianTime:
    technician_id: int | None
    technician: str
    entries: int
    minutes: dict[Classification, int]
    billable_clips: int

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())


NO_TECHNICIAN = "(ingen tekniker)"


def _technician_sums(filters: Filters) -> dict[tuple[int | None, Classification], list[int]]:
    """{(technician id, class): [entries, minutes, clips]} over the period."""
    kept, read = _time_split(filters, filters.months())
    sums: dict[tuple[int | None, Classification], list[int]] = defaultdict(lambda: [0, 0, 0])
    if kept:
        for technician_key, classification, *values in db.session.execute(
                sa.select(TimeMonthSum.technician_key, TimeMonthSum.classification, sa.func.sum(TimeMonthSum.entries),
                          sa.func.sum(TimeMonthSum.minutes), sa.func.sum(TimeMonthSum.clips))
                .where(TimeMonthSum.month.in_(kept))
                .group_by(TimeMonthSum.technician_key, TimeMonthSum.classification)):
            _add(sums[None if technician_key == rollups.NO_TECHNICIAN else technician_key, classification], values)
    if read:
        for technician_id, classification, *values in db.session.execute(
                _entries(filters, read, TimeEntry.technician_id, TimeEntry.classification, sa.func.count(),
                         sa.func.sum(TimeEntry.minutes), sa.func.sum(TimeEntry.clips))
                .group_by(TimeEntry.technician_id, TimeEntry.classification)):
            _add(sums[technician_id, classification], values)
    return {key: values for key, values in sums.items() if values[0]}


def technician_time(filters: Filters) -> list[TechnicianTime]:
    """Each technician's time in the period by class, the most time first."""
    sums = _technician_sums(filters)
    names = _names(User, {technician_id for technician_id, _ in sums})
    entries, minutes, clips = defaultdict(int), defaultdict(dict), defaultdict(int)
    for (technician_id, classification), (count, spent, priced) in sums.items():
        entries[technician_id] += count
        minutes[technician_id][classification] = spent
        if classification == Classification.BILLABLE:
            clips[technician_id] = priced
    rows = [TechnicianTime(technician_id, names.get(technician_id, NO_TECHNICIAN), entries[technician_id],
                           {c: minutes[technician_id].get(c, 0) for c in CLASSES}, clips[technician_id])
            for technician_id in entries]
    return sorted(rows, key=lambda row: (-row.total_minutes, row.technician))


# Cards expiring and negative saldi

@dataclass(frozen=True)
class ExpiringCard:
    card_id: int
    customer_id: int
    customer: str
    invoice_date: date
    expires_on: date
    clips: int
    remaining: int


def _expiring(filters: Filters, *columns):
    """Cards with clips left, not written off, whose expiry date falls in the period."""
    query = (sa.select(*columns).select_from(ClipCard).join(Customer, Customer.id == ClipCard.customer_id)
             .where(ClipCard.remaining > 0, ClipCard.expired_at.is_(None),
                    ClipCard.expires_on.between(filters.first, filters.last)))
    return _of_customer(query, ClipCard.customer_id, filters.customer_id)


def expiring_cards(filters: Filters) -> list[ExpiringCard]:
    """The cards whose clips lapse in the period, the first to expire first."""
    query = _expiring(filters, ClipCard.id, ClipCard.customer_id, Customer.name, ClipCard.invoice_date,
                      ClipCard.expires_on, ClipCard.clips, ClipCard.remaining)
    return [ExpiringCard(*row) for row in db.session.execute(query.order_by(ClipCard.expires_on, ClipCard.id))]


def expiring_totals(filters: Filters) -> tuple[int, int]:
    """(cards, clips) that lapse in the period."""
    cards, clips = db.session.execute(_expiring(filters, sa.func.count(), _total(ClipCard.remaining))).one()
    return int(cards), int(clips)


@dataclass(frozen=True)
class NegativeSaldo:
    customer_id: int
    customer: str
    saldo: int
    unfunded: int


def _negative_saldi(filters: Filters):
    """Customers whose ledger sums below zero at the end of the period's last day."""
    saldi = _saldi_at(filters.ends_before, filters.customer_id).subquery()
    return sa.select(saldi).where(saldi.c.saldo < 0).subquery()


def negative_saldi(filters: Filters) -> list[NegativeSaldo]:
    """Each customer with a negative saldo at the end of the period, the most negative first."""
    saldi = _negative_saldi(filters)
    rows = db.session.execute(
        sa.select(saldi.c.customer_id, Customer.name, saldi.c.saldo, saldi.c.unfunded)
        .join(Customer, Customer.id == saldi.c.customer_id).order_by(saldi.c.saldo, Customer.name)
    ).all()
    return [NegativeSaldo(customer_id, name, int(saldo), int(unfunded)) for customer_id, name, saldo, unfunded in rows]


def negative_totals(filters: Filters) -> tuple[int, int]:
    """(customers, clips) below zero at the end of the period."""
    saldi = _negative_saldi(filters)
    customers, clips = db.session.execute(sa.select(sa.func.count(), _total(saldi.c.saldo))).one()
    return int(customers), int(clips)


# Revenue and receivables

@dataclass(frozen=True)
class RevenueMonth:
    month: Month
    kind: LineKind
    invoiced: Decimal
    credited: Decimal

    @property
    def net(self) -> Decimal:
        return self.invoiced - self.credited


def revenue_months(filters: Filters) -> list[RevenueMonth]:
    """Net (excl. VAT) per month of issue and line kind: invoices' lines less credit notes' lines.

    Every customer's are read from the sums kept per day of issue (`rollups.RevenueDaySum`); one customer's from
    their own invoices' lines.
    """
    if filters.customer_id is None:
        per_day = (sa.select(RevenueDaySum.issue_date, RevenueDaySum.document_kind, RevenueDaySum.line_kind,
                             RevenueDaySum.net_ore)
                   .where(RevenueDaySum.issue_date.between(filters.first, filters.last)))
    else:
        per_day = (sa.select(Invoice.issue_date, Invoice.kind, InvoiceLine.kind, sa.func.sum(_ore(InvoiceLine.net)))
                   .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
                   .where(Invoice.customer_id == filters.customer_id,
                          Invoice.issue_date.between(filters.first, filters.last))
                   .group_by(Invoice.issue_date, Invoice.kind, InvoiceLine.kind))
    months = filters.months()
    first, kinds = months[0].first_day, tuple(LineKind)
    nets = defaultdict(lambda: [0, 0])   # (month's index, line kind): [invoiced, credited] in øre
    for day, document, kind, net in db.session.connection().execute(per_day).all():
        month = (day.year - first.year) * 12 + day.month - first.month
        nets[month, kind][document == DocumentKind.CREDIT_NOTE] += net
    return [RevenueMonth(months[index], kind, kroner(invoiced), kroner(credited))
            for (index, kind), (invoiced, credited) in sorted(nets.items(), key=lambda item: (
                item[0][0], kinds.index(item[0][1])))]


@dataclass(frozen=True)
class ReceivableGroup:
    age: str
    stage: str
    invoices: int
    outstanding: Decimal


CREDIT_NOTE = aliased(Invoice, name="credit_note")  # made once: an alias builds its 30 columns when first used


def _owed_on(one_customer: bool):
    """Every invoice owed on at the end of the day bound as ``day`` (of the customer bound as ``customer_id``, if
    one), with what was owed on it then, its age and its dunning stage.

    Owed = gross − payments applied by then − the gross of credit notes issued by then, as
    ``billing.services.outstanding`` has it: the invoice keeps what is paid and credited on it now, so what was
    owed on the day is that plus what was paid and credited after it. Only the invoices open now (found by their
    status) and those settled since are read: an invoice settled now with nothing after the day was settled on it
    too. "In collection" is the invoice's status now. The age is read against the due-by days bound as
    ``due_by_<days>`` (see `_ageing_parameters`).
    """
    day, note = sa.bindparam("day", type_=sa.Date), CREDIT_NOTE
    after_day = sa.union_all(
        sa.select(Payment.invoice_id.label("invoice_id"), _ore(Payment.applied).label("ore"))
        .where(Payment.paid_on > day),
        sa.select(note.credits_invoice_id, _ore(note.total_gross))
        .where(note.kind == DocumentKind.CREDIT_NOTE, note.issue_date > day)).subquery()
    since = (sa.select(after_day.c.invoice_id, sa.func.sum(after_day.c.ore).label("ore"))
             .group_by(after_day.c.invoice_id).subquery())
    reminded = (sa.select(Reminder.invoice_id, sa.func.max(Reminder.number).label("number"))
                .where(Reminder.sent_on <= day).group_by(Reminder.invoice_id).subquery())
    age = sa.case(*((Invoice.due_date >= sa.bindparam(f"due_by_{limit}", type_=sa.Date), name)
                    for limit, name in AGE_LIMITS), else_=OLDEST_AGE)
    owed = (_ore(Invoice.total_gross) - _ore(Invoice.amount_paid) - _ore(Invoice.amount_credited)
            + sa.func.coalesce(since.c.ore, 0))
    customer = [Invoice.customer_id == sa.bindparam("customer_id")] if one_customer else []

    def owed_where(*criteria):
        return (sa.select(owed.label("owed"), age.label("age"),
                          sa.func.coalesce(reminded.c.number, 0).label("reminders"),
                          (Invoice.status == InvoiceStatus.IN_COLLECTION).label("in_collection"))
                .outerjoin(since, since.c.invoice_id == Invoice.id)
                .outerjoin(reminded, reminded.c.invoice_id == Invoice.id)
                .where(Invoice.kind == DocumentKind.INVOICE, Invoice.issue_date <= day, *customer, *criteria))

    return sa.union_all(owed_where(Invoice.status.in_(OPEN_STATUSES)),
                        owed_where(Invoice.status.not_in(OPEN_STATUSES),
                                   Invoice.id.in_(sa.select(since.c.invoice_id)))).subquery()


@lru_cache(maxsize=None)
def _receivable_sums(one_customer: bool):
    """The ageing's sums per age, reminders and collection, as one statement built once per process with its
    day and customer bound: building it took as long as the database takes to answer it."""
    owed = _owed_on(one_customer)
    return (sa.select(owed.c.age, owed.c.reminders, owed.c.in_collection, sa.func.count(), sa.func.sum(owed.c.owed))
            .where(owed.c.owed > 0).group_by(owed.c.age, owed.c.reminders, owed.c.in_collection))


def _ageing_parameters(day: date, customer_id: int | None) -> dict:
    due_by = {f"due_by_{limit}": day - timedelta(days=limit) for limit, _ in AGE_LIMITS}
    return {"day": day, **due_by, **({} if customer_id is None else {"customer_id": customer_id})}


def _stage(reminders: int, in_collection: bool) -> str:
    if in_collection:
        return "collection"
    return f"reminder_{reminders}" if reminders else "none"


def receivable_groups(filters: Filters) -> list[ReceivableGroup]:
    """What was owed at the end of the period's last day, by days past due and dunning stage."""
    sums = db.session.execute(_receivable_sums(filters.customer_id is not None),
                              _ageing_parameters(filters.last, filters.customer_id)).all()
    groups = defaultdict(lambda: [0, 0])
    for age, reminders, in_collection, count, ore in sums:
        group = groups[age, _stage(int(reminders), bool(in_collection))]
        group[0] += count
        group[1] += int(ore)
    return [ReceivableGroup(age, stage, count, kroner(ore)) for (age, stage), (count, ore) in groups.items()]


# Agreements and deliveries

@dataclass(frozen=True)
class NoticeDeadline:
    agreement_id: int
    customer_id: int
    customer: str
    name: str
    product: Product
    terms_profile: TermsProfile
    price_per_period: Decimal
    deadline: date
    days_left: int


def notice_deadlines(filters: Filters, today: date) -> list[NoticeDeadline]:
    """Running agreements whose next notice deadline (as of today) falls in the period, the nearest first.

    The database gives each agreement the end of its period running today (or of its last one); the deadline
    is counted on from there by the same rule the agreement pages use.
    """
    running = sa.select(AgreementPeriod.ends_on).where(AgreementPeriod.agreement_id == Agreement.id,
                                                       AgreementPeriod.starts_on <= today, AgreementPeriod.ends_on >= today)
    last = sa.select(sa.func.max(AgreementPeriod.ends_on)).where(AgreementPeriod.agreement_id == Agreement.id)
    query = (sa.select(Agreement.id, Agreement.customer_id, Customer.name, Agreement.name, Agreement.product,
                       Agreement.terms_profile, Agreement.price_per_period, Agreement.period_months,
                       sa.func.coalesce(running.scalar_subquery(), last.scalar_subquery()))
             .join(Customer, Customer.id == Agreement.customer_id)
             .where(Agreement.status == AgreementStatus.ACTIVE, Agreement.ends_on.is_(None)))
    rows = []
    for agreement_id, customer_id, customer, name, product, terms, price, months, period_end in db.session.execute(
            _of_customer(query, Agreement.customer_id, filters.customer_id)):
        deadline = notice_deadline_after(period_end, terms, months, today)
        if filters.first <= deadline <= filters.last:
            rows.append(NoticeDeadline(agreement_id, customer_id, customer, name, product, terms, price, deadline,
                                       (deadline - today).days))
    return sorted(rows, key=lambda row: (row.deadline, row.customer, row.agreement_id))


def deliveries_awaiting_acceptance(customer_id: int | None) -> int:
    """Delivery cases delivered and neither accepted nor rejected yet (H §6.2)."""
    query = sa.select(sa.func.count()).select_from(Case).where(
        Case.category == Category.DELIVERY, Case.delivered_at.is_not(None), Case.delivery_answer.is_(None))
    return db.session.scalar(_of_customer(query, Case.customer_id, customer_id))
