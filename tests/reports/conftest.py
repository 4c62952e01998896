"""A small data set whose every report figure is worked out by hand in the tests.

Two customers, two technicians, autumn 2026; the reports look at 1 September – 30 November 2026, "today" is
20 November 2026. Ledger rows are booked at the moments the ``clock`` says, so months are exact:

Alfa ApS (hostkon terms, unfunded overdraft)
  card 1: 20 clips, 4.000,00 kr. (invoice 5.000,00 incl. VAT) on 2026-09-01, bought at 00:00 Copenhagen time,
          which is 2026-08-31 22:00 UTC: September, not August.
  E1  Tue 2026-09-15 09:00–10:00 billable, 4 blocks at 1×, 4 clips, booked 15 Sep.
  E4  Mon 2026-10-05 10:00–10:20 covered (case marked covered), 2 blocks at 1×, 2 clips (not consumed).
  E5  Tue 2026-10-06 15:50–16:10 free (price inquiry), blocks 15:50 at 1× and 16:05 at 2×, 3 clips.
  E6  Wed 2026-10-07 09:00–09:30 billable, 2 clips, booked 7 Oct and deleted 8 Oct (consumed 2, reversed 2).
  E2  Sat 2026-10-31 23:30 – Sun 2026-11-01 00:30 billable, 4 blocks at 3×, 12 clips. It started in October
      (Copenhagen), so the time reports count it in October; it was booked 2026-11-01 00:45 Copenhagen time
      (2026-10-31 23:45 UTC), so the ledger counts its clips in November.
  E3  Sun 2026-11-01 00:30–01:00 billable (2026-10-31 23:30 UTC, yet November), 2 blocks at 3×, 6 clips:
      4 from card 1, 2 unfunded; booked 2 Nov. Saldo 20 − 4 − 12 − 6 = −2.
  dunning 2026-09-12: reminder 1 on card 1's invoice, its charges invoice 510,00 (fee 100,00, compensation
      310,00, interest 2 % of 5.000,00 = 100,00), due the same day.
  payments on card 1's invoice: 2.000,00 on 2026-09-20 and 500,00 on 2026-11-05: 2.500,00 owed.
  agreement "Hosting" (hostkon, 12 months from 2026-03-01): notice deadline 2027-02-28 − 3 months = 2026-11-28.
  a delivery case delivered 2026-11-16, not answered.
Beta ApS (hostkon terms)
  card 3: 5 clips, 1.000,00 kr. on 2025-03-31 (paid 2025-04-05); expires 2026-09-30 and lapses that day.
  card 2: 10 clips, 2.000,00 kr. (2.500,00 incl. VAT) on 2025-06-10, due 2025-06-18, never paid: reminders on
          2025-06-21 (charges 460,00: fee 100, compensation 310, interest 2 % of 2.500 = 50), 2025-07-01 (fee 100)
          and 2025-07-11 (fee 100), in collection from 2025-07-21; credited 500,00 + 25 % VAT = 625,00 on
          2026-10-10, so 1.875,00 owed. Expires 2026-12-10.
  E7  Tue 2026-10-20 13:00–13:40 billable by the second technician, 3 blocks at 1×, 3 clips from card 2.
  card 4: 10 clips, 1.500,00 kr. (1.875,00 incl. VAT) on 2026-11-15, due 2026-11-23.
  adjustment of card 2 by −1 clip on 2026-11-16.
  agreement "Support" (compusoft, 12 months from 2026-01-01): the deadline 2026-06-30 has passed, so the next
      is 2027-12-31 − 6 months = 2027-06-30.
"""

from datetime import date
from types import SimpleNamespace

import pytest

from helpdesk.agreements.services import AgreementInput, create_agreement
from helpdesk.billing.dunning import run_dunning
from helpdesk.billing.services import CreditInput, issue_credit_note, register_payment
from helpdesk.clips import services as clips
from helpdesk.extensions import db
from helpdesk.timelog.services import delete_entry
from tests.factories import copenhagen

FIRST, LAST, TODAY = date(2026, 9, 1), date(2026, 11, 30), date(2026, 11, 20)


class Clock:
    """The moment the clip ledger books at, moved by the test."""

    def __init__(self):
        self.now = copenhagen("2026-11-20 12:00")

    def at(self, text: str) -> None:
        self.now = copenhagen(text)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("helpdesk.clips.services.utcnow", lambda: clock.now)
    return clock


def _sell(clock, manager, customer, clips_count, price, day: date, at: str):
    clock.at(at)
    return clips.sell_card(manager, customer.id, clips_count, price, day)


def _beta(make, clock, manager):
    beta = make.customer(name="Beta ApS")
    card3 = _sell(clock, manager, beta, 5, "1000.00", date(2025, 3, 31), "2025-03-31 12:00")
    register_payment(manager, card3.invoice_id, "1250.00", date(2025, 4, 5), date(2025, 4, 5))
    card2 = _sell(clock, manager, beta, 10, "2000.00", date(2025, 6, 10), "2025-06-10 12:00")
    for day in (date(2025, 6, 21), date(2025, 7, 1), date(2025, 7, 11), date(2025, 7, 21)):
        run_dunning(day)
    return beta, card2, card3


def _alfa_time(make, clock, alfa, tina):
    support = make.case(alfa, actor=tina)
    clock.at("2026-09-15 10:00")
    make.entry(support, "2026-09-15 09:00", "2026-09-15 10:00", actor=tina)
    clock.at("2026-10-05 10:30")
    make.entry(make.case(alfa, actor=tina, covered=True), "2026-10-05 10:00", "2026-10-05 10:20", actor=tina)
    make.entry(make.case(alfa, actor=tina, category="price_inquiry"), "2026-10-06 15:50", "2026-10-06 16:10",
               actor=tina)
    clock.at("2026-10-07 10:00")
    deleted = make.entry(support, "2026-10-07 09:00", "2026-10-07 09:30", actor=tina)
    clock.at("2026-10-08 10:00")
    delete_entry(tina, deleted)
    clock.at("2026-11-01 00:45")
    make.entry(support, "2026-10-31 23:30", "2026-11-01 00:30", actor=tina, out_of_hours_agreed_by="Anna Alfa")
    clock.at("2026-11-02 10:00")
    make.entry(support, "2026-11-01 00:30", "2026-11-01 01:00", actor=tina, out_of_hours_agreed_by="Anna Alfa")


@pytest.fixture
def dataset(make, clock):
    manager = make.user("manager", name="Lone Leder")
    tina = make.user("technician", name="Tina Tekniker")
    villy = make.user("technician", name="Villy Vagt")
    beta, card2, card3 = _beta(make, clock, manager)
    alfa = make.customer(name="Alfa ApS")
    card1 = _sell(clock, manager, alfa, 20, "4000.00", date(2026, 9, 1), "2026-09-01 09:00")
    run_dunning(date(2026, 9, 12))
    register_payment(manager, card1.invoice_id, "2000.00", date(2026, 9, 20), date(2026, 9, 20))
    clock.at("2026-09-30 00:05")
    clips.expire_cards(date(2026, 9, 30))
    _alfa_time(make, clock, alfa, tina)
    clock.at("2026-10-20 14:00")
    make.entry(make.case(beta, actor=villy), "2026-10-20 13:00", "2026-10-20 13:40", actor=villy)
    issue_credit_note(manager, card2.invoice_id, "Rabat", [CreditInput(1, "500.00")], date(2026, 10, 10))
    register_payment(manager, card1.invoice_id, "500.00", date(2026, 11, 5), date(2026, 11, 5))
    card4 = _sell(clock, manager, beta, 10, "1500.00", date(2026, 11, 15), "2026-11-15 09:00")
    clock.at("2026-11-16 09:00")
    clips.adjust(manager, beta.id, -1, "Dobbeltregistrering", card_id=card2.id)
    create_agreement(manager, alfa.id, AgreementInput("hosting", "Hosting", "12000.00", date(2026, 3, 1)))
    create_agreement(manager, beta.id, AgreementInput("support", "Support", "6000.00", date(2026, 1, 1),
                                                      terms_profile="compusoft"))
    delivery = make.case(alfa, actor=tina, category="delivery", subject="Ny server")
    delivery.delivered_at = copenhagen("2026-11-16 12:00")
    db.session.commit()
    return SimpleNamespace(manager=manager, tina=tina, villy=villy, alfa=alfa, beta=beta, card1=card1,
                           card2=card2, card3=card3, card4=card4)
