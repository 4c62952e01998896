"""A year of days replayed through the daily jobs gives exactly the expected warnings and expiries."""

from datetime import date, timedelta

import sqlalchemy as sa

from helpdesk.clips import services as clips
from helpdesk.clips.models import ClipLedgerEntry, LedgerKind
from helpdesk.extensions import db
from helpdesk.jobs import runner
from helpdesk.jobs.registry import get_job
from helpdesk.notifications.models import OutboxMessage

DAILY = ["expire_clip_cards", "warn_card_expiry", "warn_low_saldo"]


def test_a_replayed_year_warns_at_60_and_14_days_and_expires_once(make):
    customer = make.customer(name="Nordlys ApS", email="faktura@nordlys.dk", low_saldo_threshold=0)
    make.user("customer", customer=customer, email="karin@nordlys.dk")
    manager = make.user("manager", email="lone@hostkon.dk")
    clips.sell_card(manager, customer.id, 40, "16.000,00", date(2025, 1, 10))      # expires 2026-07-10
    make.entry(make.case(customer), "2025-03-04 09:00", "2025-03-04 10:00")         # 4 clips used, 36 lapse
    day, warned_on = date(2025, 12, 1), []
    while day <= date(2026, 11, 30):
        outcomes = {name: runner.run_job(get_job(name), day) for name in DAILY}
        if outcomes["warn_card_expiry"].counts["messages"]:
            warned_on.append(day)
        day += timedelta(days=1)

    warnings = db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.subject)
                                  .where(OutboxMessage.kind == "card_expiry").order_by(OutboxMessage.id)).all()
    assert sorted((recipient, subject) for recipient, subject in warnings) == [
        ("faktura@nordlys.dk", "36 klip udløber om 14 dage"),
        ("faktura@nordlys.dk", "36 klip udløber om 60 dage"),
        ("karin@nordlys.dk", "36 klip udløber om 14 dage"),
        ("karin@nordlys.dk", "36 klip udløber om 60 dage"),
        ("lone@hostkon.dk", "Nordlys ApS: 36 klip udløber om 14 dage"),
        ("lone@hostkon.dk", "Nordlys ApS: 36 klip udløber om 60 dage"),
    ]
    assert warned_on == [date(2026, 5, 11), date(2026, 6, 26)]
    expiries = db.session.scalars(sa.select(ClipLedgerEntry).where(ClipLedgerEntry.kind == LedgerKind.EXPIRY)).all()
    assert [(row.clips, row.card.expires_on) for row in expiries] == [(-36, date(2026, 7, 10))]
    assert clips.saldo(customer.id).balance == 0
