"""The low-saldo warning: once per card bought, to the customer's contacts and the managers."""

from datetime import date

import sqlalchemy as sa

from helpdesk.clips import services as clips
from helpdesk.clips import warnings
from helpdesk.extensions import db
from helpdesk.notifications.models import OutboxMessage


def subjects() -> list[tuple[str, str]]:
    return sorted(db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.subject)
                                     .where(OutboxMessage.kind == "low_saldo")).all())


def test_low_saldo_is_warned_once_per_card(make):
    manager = make.user("manager", email="lone@hostkon.dk")
    customer = make.customer(name="Nordlys ApS", email="faktura@nordlys.dk", low_saldo_threshold=5)
    clips.sell_card(manager, customer.id, 10, "100", date(2026, 11, 2))
    make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 10:00")     # 4 clips: saldo 6
    assert warnings.warn_low_saldo(date(2026, 11, 17)) == {"customers": 0, "messages": 0}
    make.entry(make.case(customer), "2026-11-18 09:00", "2026-11-18 09:30")     # 2 clips: saldo 4
    assert warnings.warn_low_saldo(date(2026, 11, 18)) == {"customers": 1, "messages": 2}
    assert warnings.warn_low_saldo(date(2026, 11, 19))["messages"] == 0
    assert subjects() == [("faktura@nordlys.dk", "Jeres klipsaldo er 4 klip"),
                          ("lone@hostkon.dk", "Nordlys ApS: klipsaldo 4 (grænse 5)")]
    clips.sell_card(manager, customer.id, 2, "20", date(2026, 11, 20))          # saldo 6
    make.entry(make.case(customer), "2026-11-23 09:00", "2026-11-23 09:45")     # 3 clips: saldo 3
    assert warnings.warn_low_saldo(date(2026, 11, 23))["messages"] == 2


def test_customers_without_any_card_are_not_warned(make):
    make.user("manager")
    customer = make.customer(low_saldo_threshold=5)
    make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 10:00")
    assert warnings.warn_low_saldo(date(2026, 11, 17))["customers"] == 0
