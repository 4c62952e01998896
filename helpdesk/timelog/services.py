"""Log time on cases: price it in clips, classify it, and run the technician's timer.

Every public function takes the acting user explicitly and commits once.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import selectinload

from helpdesk import audit
from helpdesk.accounts.models import User
from helpdesk.cases import history
from helpdesk.cases.events import record_event
from helpdesk.cases.models import Case, Category
from helpdesk.agreements.services import NOT_COVERED_ATTRIBUTIONS, covering_agreement
from helpdesk.clips import services as clips
from helpdesk.company_calendar import work_calendar
from helpdesk.database import utcnow
from helpdesk.errors import Conflict, DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import N_, label, local_datetime, reader_locale
from helpdesk.rules.clips import EndNotAfterStart, blocks_by_multiplier, clip_blocks
from helpdesk.rules.worktime import Steps, to_local, to_utc
from helpdesk.timelog.models import Classification, RunningTimer, TimeEntry

LONG_ENTRY = timedelta(hours=24)
LONGEST_ENTRY = timedelta(days=31)


@dataclass(frozen=True)
class Pricing:
    blocks: Steps
    clips: int
    by_multiplier: dict[int, int]
    minutes: int

    @property
    def out_of_hours(self) -> bool:
        return any(multiplier > 1 for multiplier in self.blocks.multipliers)


def price(start: datetime, end: datetime) -> Pricing:
    """Cut the work into 15-minute blocks and price each at the multiplier in force at its start."""
    try:
        blocks = clip_blocks(start, end, calendar=work_calendar())
    except EndNotAfterStart as error:
        locale = reader_locale()
        raise DomainError(gettext("Slut skal ligge efter start: registreringen starter %(start)s og slutter %(end)s.",
                                  start=local_datetime(error.start, locale), end=local_datetime(error.end, locale)),
                          field="end") from error
    return Pricing(blocks=blocks, clips=sum(blocks.multipliers), by_multiplier=blocks_by_multiplier(blocks),
                   minutes=started_minutes(start, end))


def started_minutes(start: datetime, end: datetime) -> int:
    """The work's length in minutes, a started minute counting whole."""
    return math.ceil((end - start).total_seconds() / 60)


def propose_classification(case: Case, day: date) -> tuple[Classification, str]:
    """What work on the case on a day should be, and why (SPEC §2): free price inquiries; billable when the fault
    is the customer's own or none; covered by an active agreement of the customer; else billable."""
    if case.category == Category.PRICE_INQUIRY:
        return Classification.FREE, "Prisforespørgsel uden analyse er gratis (H §4.3)."
    if case.fault_attribution in NOT_COVERED_ATTRIBUTIONS:
        return Classification.BILLABLE, (f"Fejlen skyldes: {label(case.fault_attribution)}; det er fakturerbart "
                                         "(H §12.3).")
    agreement = covering_agreement(case, day)
    if agreement is not None:
        return Classification.COVERED, f"Dækket af aftalen »{agreement.name}« (aftale {agreement.id})."
    if case.covered:
        return Classification.COVERED, "Sagen er markeret som dækket af en aftale."
    return Classification.BILLABLE, ("Al henvendelse er fakturerbar konsulentbistand, medmindre en aftale dækker "
                                     "(H §4.1).")


def repropose(actor: User, case: Case) -> int:
    """Classify the case's entries again after its fault attribution changed; overridden or invoiced ones stay.

    Runs in the caller's transaction; returns how many entries changed class.
    """
    changed = 0
    for entry in case_entries(case):
        if entry.locked or entry.classification_overridden:
            continue
        classification, reason = propose_classification(case, to_local(entry.started_at).date())
        if classification != entry.classification:
            entry.classification, entry.classification_reason = classification, reason
            clips.book_entry(entry, actor)
            changed += 1
    return changed


@dataclass(frozen=True)
class EntryInput:
    start: datetime
    end: datetime
    description: str = ""
    out_of_hours_agreed_by: str = ""
    confirm_long: bool = False


def _require_length(start: datetime, end: datetime) -> None:
    """Refuse work longer than an entry may last before pricing it: years of work are millions of blocks."""
    if to_utc(end) - to_utc(start) > LONGEST_ENTRY:
        raise DomainError(gettext("En registrering kan højst vare %(days)s dage.", days=LONGEST_ENTRY.days),
                          field="end")


def quote(start: datetime, end: datetime) -> Pricing:
    """Price work without saving it, as long as an entry may last."""
    _require_length(start, end)
    return price(start, end)


def _checked(entry_input: EntryInput) -> tuple[datetime, datetime, Pricing]:
    start, end = to_utc(entry_input.start), to_utc(entry_input.end)
    _require_length(start, end)
    pricing = price(start, end)
    if end - start > LONG_ENTRY and not entry_input.confirm_long:
        raise DomainError(
            gettext("Registreringen er længere end 24 timer. Bekræft, at det er rigtigt."), field="confirm_long"
        )
    return start, end, pricing


def _require_agreement(classification: Classification, pricing: Pricing, agreed_by: str) -> None:
    if classification == Classification.BILLABLE and pricing.out_of_hours and not agreed_by.strip():
        raise DomainError(
            gettext("Arbejdet ligger uden for normal arbejdstid (takst 2× eller 3×). Notér hvem hos kunden der har "
                    "aftalt det (H §5.3–5.4); ellers kan det ikke registreres."),
            field="out_of_hours_agreed_by",
        )


def _apply(entry: TimeEntry, start: datetime, end: datetime, pricing: Pricing, entry_input: EntryInput) -> None:
    entry.started_at, entry.ended_at = start, end
    entry.minutes = pricing.minutes
    entry.description = entry_input.description.strip()
    entry.out_of_hours_agreed_by = entry_input.out_of_hours_agreed_by.strip()
    entry.clips = pricing.clips
    entry.blocks_1x, entry.blocks_2x, entry.blocks_3x = (pricing.by_multiplier[m] for m in (1, 2, 3))


def _require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise Forbidden(gettext("Kun medarbejdere kan registrere tid."))


def _new_entry(actor: User, case: Case, entry_input: EntryInput) -> TimeEntry:
    start, end, pricing = _checked(entry_input)
    classification, reason = propose_classification(case, to_local(start).date())
    _require_agreement(classification, pricing, entry_input.out_of_hours_agreed_by)
    entry = TimeEntry(
        case=case,
        customer_id=case.customer_id,
        technician_id=actor.id,
        classification=classification,
        classification_reason=reason,
    )
    _apply(entry, start, end, pricing, entry_input)
    db.session.add(entry)
    return entry


def log_time(actor: User, case: Case, entry_input: EntryInput) -> TimeEntry:
    """Save a time entry on a case, priced, classified and booked in the clip ledger."""
    _require_staff(actor)
    entry = _new_entry(actor, case, entry_input)
    clips.book_entry(entry, actor)
    db.session.commit()
    return entry


def get_entry(entry_id: int) -> TimeEntry:
    entry = db.session.scalars(
        sa.select(TimeEntry).where(TimeEntry.id == entry_id, TimeEntry.deleted_at.is_(None))
    ).one_or_none()
    if entry is None:
        raise NotFound(gettext("Tidsregistrering %(entry_id)s findes ikke.", entry_id=entry_id))
    return entry


def _require_unlocked(entry: TimeEntry) -> None:
    if entry.locked:
        raise Conflict(gettext("Registreringen er faktureret og kan ikke ændres."))


def update_entry(actor: User, entry: TimeEntry, entry_input: EntryInput) -> TimeEntry:
    """Change an entry that is not invoiced yet; it is priced and booked anew."""
    _require_staff(actor)
    _require_unlocked(entry)
    start, end, pricing = _checked(entry_input)
    _require_agreement(entry.classification, pricing, entry_input.out_of_hours_agreed_by)
    _apply(entry, start, end, pricing, entry_input)
    clips.book_entry(entry, actor)
    db.session.commit()
    return entry


def delete_entry(actor: User, entry: TimeEntry) -> None:
    """Remove an entry that is not invoiced yet; its clips go back. The row stays for the ledger's sake."""
    _require_staff(actor)
    _require_unlocked(entry)
    record_event(entry.case, actor, "time_deleted", N_("Tidsregistrering slettet: %(minutes)s min., %(clips)s"),
                 internal=True, minutes=entry.minutes, clips=history.clips(entry.clips))
    entry.deleted_at = utcnow()
    audit.record("time_entry_deleted", f"Tid {entry.id} på sag {entry.case.number}",
                 f"{entry.minutes} min., {entry.clips} klip", actor=actor)
    clips.book_entry(entry, actor)
    db.session.commit()


def override_classification(actor: User, entry: TimeEntry, classification: str, reason: str) -> TimeEntry:
    """Classify an entry by hand; the reason is required and kept in the case's history."""
    _require_staff(actor)
    _require_unlocked(entry)
    new = Classification(classification)
    if not reason or not reason.strip():
        raise DomainError(gettext("Angiv en begrundelse for den ændrede klassifikation."), field="reason")
    if new != entry.classification:
        _require_agreement(new, price(entry.started_at, entry.ended_at), entry.out_of_hours_agreed_by)
    record_event(entry.case, actor, "classification", N_("Tid %(entry)s: %(old)s → %(new)s. Begrundelse: %(reason)s"),
                 internal=True, entry=entry.id, old=history.labelled(entry.classification),
                 new=history.labelled(new), reason=reason.strip())
    audit.record("classification_override", f"Tid {entry.id} på sag {entry.case.number}",
                 f"{label(entry.classification)} → {label(new)}: {reason.strip()}", actor=actor)
    entry.classification = new
    entry.classification_reason = reason.strip()
    entry.classification_overridden = True
    clips.book_entry(entry, actor)
    db.session.commit()
    return entry


def running_timer(actor: User) -> RunningTimer | None:
    return db.session.scalars(sa.select(RunningTimer).where(RunningTimer.technician_id == actor.id)).one_or_none()


def start_timer(actor: User, case: Case, description: str = "", now: datetime | None = None) -> RunningTimer:
    """Start the technician's timer on a case; there is only ever one running per technician."""
    _require_staff(actor)
    current = running_timer(actor)
    if current is not None:
        raise Conflict(
            gettext("Du har allerede en tidtagning i gang på sag %(number)s. Stop den først.",
                    number=current.case.number), field="timer"
        )
    timer = RunningTimer(technician_id=actor.id, case=case, started_at=(now or utcnow()).replace(microsecond=0),
                         description=description or "")
    db.session.add(timer)
    try:
        db.session.commit()
    except sa.exc.IntegrityError as error:
        db.session.rollback()
        raise Conflict(gettext("Du har allerede en tidtagning i gang. Stop den først."), field="timer") from error
    return timer


def stop_timer(actor: User, description: str = "", out_of_hours_agreed_by: str = "",
               confirm_long: bool = False, now: datetime | None = None) -> TimeEntry:
    """Stop the timer and save its time as an entry; the timer keeps running if the entry is refused."""
    timer = running_timer(actor)
    if timer is None:
        raise NotFound(gettext("Ingen tidtagning er i gang."), field="timer")
    stopped = (now or utcnow()).replace(microsecond=0)
    end = max(stopped, timer.started_at + timedelta(seconds=1))
    entry_input = EntryInput(
        start=timer.started_at,
        end=end,
        description=description or timer.description,
        out_of_hours_agreed_by=out_of_hours_agreed_by,
        confirm_long=confirm_long,
    )
    entry = _new_entry(actor, timer.case, entry_input)
    clips.book_entry(entry, actor)
    db.session.delete(timer)
    db.session.commit()
    return entry


def cancel_timer(actor: User) -> None:
    """Throw the running timer away without logging its time."""
    timer = running_timer(actor)
    if timer is None:
        raise NotFound(gettext("Ingen tidtagning er i gang."), field="timer")
    db.session.delete(timer)
    db.session.commit()


# A long case's page shows its latest entries by start in its time table and history unless all are asked for
# (?entries=all); its totals count them all. A case of 456 entries was a page of 850 KB.
ENTRIES_SHOWN = 50


def case_entries(case: Case) -> list[TimeEntry]:
    """The case's entries by start (ties by id, the order the case page shows them in)."""
    return list(db.session.scalars(
        sa.select(TimeEntry).where(TimeEntry.case_id == case.id, TimeEntry.deleted_at.is_(None))
        .options(selectinload(TimeEntry.technician)).order_by(TimeEntry.started_at, TimeEntry.id)
    ))


def latest_entries(entries: list[TimeEntry]) -> list[TimeEntry]:
    """The entries a case page shows unless asked for all (of the case's entries in `case_entries` order)."""
    return entries[-ENTRIES_SHOWN:]


def shown_on_case_page(entry: TimeEntry) -> bool:
    """Whether the case page shows the entry without being asked for all: fewer than ENTRIES_SHOWN start after it."""
    later = sa.or_(TimeEntry.started_at > entry.started_at,
                   sa.and_(TimeEntry.started_at == entry.started_at, TimeEntry.id > entry.id))
    return db.session.scalar(sa.select(sa.func.count()).where(
        TimeEntry.case_id == entry.case_id, TimeEntry.deleted_at.is_(None), later)) < ENTRIES_SHOWN
