"""Sell clip cards and keep the clip ledger (SPEC §3).

Every change of a customer's clips first locks the customer's row, so two technicians saving time for one
customer at the same moment are booked one after the other: no card is overdrawn and no clip is lost.
Every movement goes through ``_post``, which writes the ledger row and moves the card's ``remaining`` and the
customer's balance in the same transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import get_locale, gettext, ngettext
from sqlalchemy.orm import joinedload

from helpdesk import audit
from helpdesk.accounts.models import User
from helpdesk.billing.models import LineKind
from helpdesk.billing.delivery import deliver
from helpdesk.billing.services import LineInput, issue_invoice, parse_amount, with_postage
from helpdesk.cases.models import Case
from helpdesk.clips.models import ClipCard, ClipLedgerEntry, LedgerKind
from helpdesk.company_calendar import work_calendar
from helpdesk.customers.models import Customer, OverdraftPolicy
from helpdesk.database import Page, paginate, utcnow
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import DANISH, number
from helpdesk.rules.clips import card_expiry, clip_blocks, paid_blocks
from helpdesk.rules.worktime import COPENHAGEN, to_local
from helpdesk.timelog.models import Classification, TimeEntry, live_billable


# More clips than this on one card, or moved by one adjustment, is a typing error (25,000 hours of work); the cap
# also keeps every customer's balance far inside the database's INTEGER column.
MOST_CLIPS = 100_000


def lock_customer(customer_id: int) -> Customer:
    """Take the customer's row lock (PostgreSQL row lock; SQLite's write lock) until the transaction ends."""
    locked = db.session.execute(
        sa.update(Customer).where(Customer.id == customer_id).values(clip_balance=Customer.clip_balance)
        .returning(Customer.id)
    ).scalar_one_or_none()
    if locked is None:
        raise NotFound(gettext("Kunden %(id)s findes ikke.", id=customer_id), field="customer_id")
    return db.session.get(Customer, customer_id, populate_existing=True)


def _post(customer: Customer, kind: LedgerKind, clips: int, card: ClipCard | None = None,
          entry: TimeEntry | None = None, actor: User | None = None, reason: str = "",
          at: datetime | None = None) -> ClipLedgerEntry | None:
    """Write one ledger row and move the card and the customer's balance with it."""
    if clips == 0:
        return None
    row = ClipLedgerEntry(customer_id=customer.id, kind=kind, clips=clips, card=card, time_entry=entry,
                          actor_id=actor.id if actor else None, reason=reason, at=at or utcnow())
    db.session.add(row)
    customer.clip_balance += clips
    if card is None:
        customer.unfunded_clips -= clips
    else:
        card.remaining += clips
    return row


def _require_manager(actor: User) -> None:
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan sælge klippekort og regulere klip."))


def _most_clips() -> str:
    """MOST_CLIPS as the reader writes numbers: 100.000, 100,000 in English."""
    return number(MOST_CLIPS, locale=get_locale() or DANISH)


def parse_clips(value, field: str = "clips") -> int:
    try:
        clips = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(gettext("Antal klip skal være et helt tal."), field=field) from None
    if clips <= 0:
        raise DomainError(gettext("Antal klip skal være mindst 1."), field=field)
    if clips > MOST_CLIPS:
        raise DomainError(gettext("Et klippekort kan højst have %(count)s klip.", count=_most_clips()), field=field)
    return clips


def parse_price(value, field: str = "price") -> Decimal:
    return parse_amount(value, field, gettext("Ugyldig pris"), gettext("Prisen kan ikke være negativ."),
                        allow_zero=True)


def sell_card(actor: User, customer_id: int, clips, price, invoice_date: date) -> ClipCard:
    """Sell a card: issue its invoice at once, then let it settle the customer's unfunded clips first."""
    _require_manager(actor)
    clips, price = parse_clips(clips), parse_price(price)
    customer = lock_customer(customer_id)
    card_line = LineInput(LineKind.CLIP_CARD, f"Klippekort, {clips} klip à 15 minutter", 1, price)
    invoice = issue_invoice(customer, with_postage(customer, [card_line]), invoice_date)
    deliver(invoice)
    card = ClipCard(customer=customer, clips=clips, price=price, remaining=0, invoice=invoice,
                    invoice_date=invoice_date, expires_on=card_expiry(invoice_date), sold_by_id=actor.id)
    db.session.add(card)
    valid_from = datetime.combine(invoice_date, time(0), tzinfo=COPENHAGEN)
    _post(customer, LedgerKind.PURCHASE, clips, card=card, actor=actor, reason=f"Faktura {invoice.number}",
          at=min(utcnow(), valid_from))
    settled = min(customer.unfunded_clips, clips)
    if settled:
        _post(customer, LedgerKind.SETTLEMENT, -settled, card=card, actor=actor, reason="Udligner ikke-dækkede klip")
        _post(customer, LedgerKind.SETTLEMENT, settled, actor=actor, reason=f"Udlignet af klippekort {card.id}")
    db.session.commit()
    return card


def _valid_cards(customer_id: int, work_day: date) -> list[ClipCard]:
    """Cards that can pay for work starting on this day, the one that expires first first."""
    return list(db.session.scalars(
        sa.select(ClipCard).where(
            ClipCard.customer_id == customer_id, ClipCard.remaining > 0, ClipCard.invoice_date <= work_day,
            ClipCard.expires_on > work_day, ClipCard.expired_at.is_(None),
        ).order_by(ClipCard.expires_on, ClipCard.id).execution_options(populate_existing=True)
    ))


def bills_hourly(customer: Customer) -> bool:
    """Is work no card pays for billed per started hour? Under the hourly policy, or with no clip card ever."""
    if customer.overdraft_policy == OverdraftPolicy.HOURLY:
        return True
    return not db.session.scalar(sa.select(sa.exists().where(ClipCard.customer_id == customer.id)))


def _consume(customer: Customer, entry: TimeEntry, actor: User) -> None:
    if entry.classification != Classification.BILLABLE or entry.deleted_at is not None:
        return
    cards = _valid_cards(customer.id, to_local(entry.started_at).date())
    if bills_hourly(customer):
        _consume_whole_blocks(customer, entry, actor, cards)
        return
    need = _take_from_cards(customer, entry, actor, cards, entry.clips)
    if need:
        _post(customer, LedgerKind.CONSUMPTION, -need, entry=entry, actor=actor, reason="Ikke dækket af klippekort")


def _consume_whole_blocks(customer: Customer, entry: TimeEntry, actor: User, cards: list[ClipCard]) -> None:
    """Let the cards pay whole blocks from the start; the rest of the entry is billed by the hour."""
    blocks = clip_blocks(entry.started_at, entry.ended_at, calendar=work_calendar())
    paid = paid_blocks(blocks, sum(card.remaining for card in cards))
    _take_from_cards(customer, entry, actor, cards, sum(blocks.multipliers[:paid]))
    if paid < len(blocks):
        entry.hourly_from = blocks[paid].start
        entry.hourly_clips = sum(blocks.multipliers[paid:])


def _take_from_cards(customer: Customer, entry: TimeEntry, actor: User, cards: list[ClipCard], need: int) -> int:
    """Take clips from the cards in order; return what they could not cover."""
    for card in cards:
        if need == 0:
            break
        taken = min(need, card.remaining)
        _post(customer, LedgerKind.CONSUMPTION, -taken, card=card, entry=entry, actor=actor)
        need -= taken
    return need


def _net_by_card(entry: TimeEntry) -> list[tuple[int | None, int]]:
    rows = db.session.execute(
        sa.select(ClipLedgerEntry.card_id, sa.func.sum(ClipLedgerEntry.clips))
        .where(ClipLedgerEntry.time_entry_id == entry.id).group_by(ClipLedgerEntry.card_id)
    ).all()
    return [(card_id, int(net)) for card_id, net in rows if net]


def _reverse(customer: Customer, entry: TimeEntry, actor: User) -> None:
    """Give back everything the entry took; clips given back to an expired card lapse at once."""
    for card_id, net in _net_by_card(entry):
        if card_id is None:
            _return_unfunded(customer, entry, actor, -net)
            continue
        card = db.session.get(ClipCard, card_id, populate_existing=True)
        _post(customer, LedgerKind.REVERSAL, -net, card=card, entry=entry, actor=actor)
        if card.expired_at is not None:
            _post(customer, LedgerKind.EXPIRY, net, card=card, entry=entry, reason="Kortet er udløbet")


def _return_unfunded(customer: Customer, entry: TimeEntry, actor: User, clips: int) -> None:
    """Unfunded clips already settled by a later card go back to that card, the rest to the unfunded bucket."""
    to_bucket = min(clips, customer.unfunded_clips)
    _post(customer, LedgerKind.REVERSAL, to_bucket, entry=entry, actor=actor)
    rest = clips - to_bucket
    if rest:
        card = db.session.scalars(
            sa.select(ClipCard).join(ClipLedgerEntry, ClipLedgerEntry.card_id == ClipCard.id)
            .where(ClipLedgerEntry.customer_id == customer.id, ClipLedgerEntry.kind == LedgerKind.SETTLEMENT)
            .order_by(ClipLedgerEntry.id.desc()).limit(1)
        ).one()
        _post(customer, LedgerKind.REVERSAL, rest, card=card, entry=entry, actor=actor,
              reason="Ikke-dækkede klip, som kortet havde udlignet")
        if card.expired_at is not None:
            _post(customer, LedgerKind.EXPIRY, -rest, card=card, entry=entry, reason="Kortet er udløbet")


def book_entry(entry: TimeEntry, actor: User) -> None:
    """Book the entry's clips in the caller's transaction: reverse what it took before, then take it anew."""
    entry.hourly_clips, entry.hourly_from = 0, None
    customer = lock_customer(entry.customer_id)
    _reverse(customer, entry, actor)
    _consume(customer, entry, actor)


def expire_cards(today: date) -> int:
    """Write off what is left on every card whose expiry date has come; running it again changes nothing."""
    due = db.session.scalars(
        sa.select(ClipCard.id).where(ClipCard.expires_on <= today, ClipCard.expired_at.is_(None))
        .order_by(ClipCard.customer_id, ClipCard.id)
    ).all()
    for card_id in due:
        customer = lock_customer(db.session.get(ClipCard, card_id).customer_id)
        card = db.session.get(ClipCard, card_id, populate_existing=True)
        if card.expired_at is None:
            _post(customer, LedgerKind.EXPIRY, -card.remaining, card=card, reason=f"Udløbet {card.expires_on}")
            card.expired_at = utcnow()
    db.session.commit()
    return len(due)


def adjust(actor: User, customer_id: int, clips, reason: str, card_id: int | None = None) -> ClipLedgerEntry:
    """A manager's manual correction of a card's clips (or of the unfunded clips), with a required reason."""
    _require_manager(actor)
    if not (reason or "").strip():
        raise DomainError(gettext("Angiv en begrundelse for reguleringen."), field="reason")
    try:
        clips = int(str(clips).strip())
    except (TypeError, ValueError):
        raise DomainError(gettext("Antal klip skal være et helt tal (negativt for at trække fra)."),
                          field="clips") from None
    if clips == 0:
        raise DomainError(gettext("En regulering skal flytte mindst ét klip."), field="clips")
    if abs(clips) > MOST_CLIPS:
        raise DomainError(gettext("En regulering kan højst flytte %(count)s klip.", count=_most_clips()),
                          field="clips")
    customer = lock_customer(customer_id)
    card = _adjustable_card(customer, card_id, clips)
    row = _post(customer, LedgerKind.ADJUSTMENT, clips, card=card, actor=actor, reason=reason.strip())
    audit.record("ledger_adjustment", customer.name, f"{clips:+d} klip: {reason.strip()}", actor=actor)
    db.session.commit()
    return row


def _adjustable_card(customer: Customer, card_id: int | None, clips: int) -> ClipCard | None:
    if card_id is None:
        if clips > customer.unfunded_clips:
            raise DomainError(ngettext("Uden et kort kan der højst eftergives %(num)s ikke-dækkede klip.",
                                       "Uden et kort kan der højst eftergives %(num)s ikke-dækkede klip.",
                                       customer.unfunded_clips), field="clips")
        return None
    card = db.session.get(ClipCard, card_id, populate_existing=True)
    if card is None or card.customer_id != customer.id:
        raise NotFound(gettext("Klippekortet findes ikke hos kunden."), field="card_id")
    if card.remaining + clips < 0:
        raise DomainError(ngettext("Kortet har kun %(num)s klip tilbage.", "Kortet har kun %(num)s klip tilbage.",
                                   card.remaining), field="clips")
    return card


EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class Saldo:
    balance: int
    unfunded: int
    cards: list

    def expiring(self, today: date, within_days: int = EXPIRY_WARNING_DAYS) -> list[ClipCard]:
        """The cards held whose clips lapse within the coming days, as `expiring_cards` finds them."""
        last = today + timedelta(days=within_days)
        return [card for card, remaining in self.cards
                if remaining > 0 and card.expired_at is None and today < card.expires_on <= last]


def saldo(customer_id: int, on: date | None = None) -> Saldo:
    """The saldo now, or at the end of a day (expiries due by then counted)."""
    customer = db.session.scalars(sa.select(Customer).where(Customer.id == customer_id)).one_or_none()
    if customer is None:
        raise NotFound(gettext("Kunden %(id)s findes ikke.", id=customer_id))
    return customer_saldo(customer, on)


def customer_saldo(customer: Customer, on: date | None = None) -> Saldo:
    """The saldo of a customer the caller has loaded, and may see."""
    cards = list(db.session.scalars(
        sa.select(ClipCard).where(ClipCard.customer_id == customer.id).order_by(ClipCard.expires_on, ClipCard.id)
    ))
    if on is None:
        return Saldo(customer.clip_balance, customer.unfunded_clips, [(card, card.remaining) for card in cards])
    return _saldo_on(customer.id, cards, on)


def _saldo_on(customer_id: int, cards: list[ClipCard], on: date) -> Saldo:
    end_of_day = datetime.combine(on + timedelta(days=1), time(0), tzinfo=COPENHAGEN)
    sums = dict(db.session.execute(
        sa.select(ClipLedgerEntry.card_id, sa.func.sum(ClipLedgerEntry.clips)).where(
            ClipLedgerEntry.customer_id == customer_id, ClipLedgerEntry.at < end_of_day,
            ClipLedgerEntry.kind != LedgerKind.EXPIRY,
        ).group_by(ClipLedgerEntry.card_id)
    ).all())
    held = [(card, 0 if card.expires_on <= on else int(sums.get(card.id) or 0))
            for card in cards if card.invoice_date <= on]
    unfunded = -int(sums.get(None) or 0)
    return Saldo(sum(remaining for _, remaining in held) - unfunded, unfunded, held)


def expiring_cards(customer_id: int | None, today: date, within_days: int = EXPIRY_WARNING_DAYS) -> list[ClipCard]:
    """Cards with clips left that expire within the coming days: those clips will lapse."""
    query = sa.select(ClipCard).where(
        ClipCard.remaining > 0, ClipCard.expired_at.is_(None), ClipCard.expires_on > today,
        ClipCard.expires_on <= today + timedelta(days=within_days),
    ).order_by(ClipCard.expires_on).options(joinedload(ClipCard.customer))
    if customer_id is not None:
        query = query.where(ClipCard.customer_id == customer_id)
    return list(db.session.scalars(query))


def saldi_page(page: int = 1, per_page: int = 50) -> Page:
    """Every customer with its saldo, the negative ones first, a page at a time."""
    return paginate(sa.select(Customer), page, per_page, Customer.clip_balance, Customer.name, Customer.id)


def cards_page(page: int = 1, per_page: int = 50) -> Page:
    """Every card, the latest to expire first, with its customer and invoice read in the same statement."""
    query = sa.select(ClipCard).options(joinedload(ClipCard.customer), joinedload(ClipCard.invoice))
    return paginate(query, page, per_page, ClipCard.expires_on.desc(), ClipCard.id.desc())


def ledger_rows(customer_id: int, page: int = 1, per_page: int = 50):
    """A customer's ledger, newest first, paged; each row's entry, case and actor read in the same statement."""
    query = sa.select(ClipLedgerEntry).where(ClipLedgerEntry.customer_id == customer_id).options(
        joinedload(ClipLedgerEntry.time_entry).joinedload(TimeEntry.case), joinedload(ClipLedgerEntry.actor))
    return paginate(query, page, per_page, ClipLedgerEntry.at.desc(), ClipLedgerEntry.id.desc())


@dataclass(frozen=True)
class Consumption:
    """A page of the customer's billable work, and the whole period's totals."""

    page: Page
    minutes: int
    clips: int


CONSUMPTION_ORDER = (TimeEntry.started_at.desc(), TimeEntry.id.desc())


def _billable_work(customer_id: int, first_day: date | None, last_day: date | None):
    """The customer's billable work in a period (by the day it started, Copenhagen time)."""
    query = sa.select(TimeEntry).where(TimeEntry.customer_id == customer_id, live_billable())
    if first_day:
        query = query.where(TimeEntry.started_at >= datetime.combine(first_day, time(0), tzinfo=COPENHAGEN))
    if last_day:
        query = query.where(
            TimeEntry.started_at < datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=COPENHAGEN))
    return query


def _with_case_and_technician(query):
    return query.options(joinedload(TimeEntry.case), joinedload(TimeEntry.technician))


def consumption_page(customer_id: int, first_day: date | None = None, last_day: date | None = None,
                     page: int = 1, per_page: int = 100) -> Consumption:
    """One page of the period's billable work, newest first; the period's count, minutes and clips in one SUM."""
    work = _billable_work(customer_id, first_day, last_day)
    summed = work.with_only_columns(sa.func.count(), sa.func.coalesce(sa.func.sum(TimeEntry.minutes), 0),
                                    sa.func.coalesce(sa.func.sum(TimeEntry.clips), 0))
    total, minutes, clips = db.session.execute(summed).one()
    entries = paginate(_with_case_and_technician(work), page, per_page, *CONSUMPTION_ORDER, total=total)
    return Consumption(entries, int(minutes), int(clips))


def consumption(customer_id: int, first_day: date | None = None, last_day: date | None = None):
    """All the period's billable work, newest first, for the CSV: only the columns it writes (an entry with its
    case and technician cost ten times as much to read), a thousand rows at a time."""
    query = (
        _billable_work(customer_id, first_day, last_day)
        .with_only_columns(TimeEntry.started_at, TimeEntry.ended_at, Case.number.label("case_number"),
                           Case.subject.label("case_subject"), User.name.label("technician_name"), TimeEntry.minutes,
                           TimeEntry.blocks_1x, TimeEntry.blocks_2x, TimeEntry.blocks_3x, TimeEntry.clips)
        .select_from(TimeEntry)
        .join(Case, TimeEntry.case_id == Case.id)
        .outerjoin(User, TimeEntry.technician_id == User.id)
        .order_by(*CONSUMPTION_ORDER)
    )
    return db.session.execute(query.execution_options(yield_per=1000))
