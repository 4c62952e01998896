"""Rows for tests, made through the same services a user goes through where there is one."""

import itertools
from datetime import datetime

from helpdesk.accounts.services import create_user, issue_token
from helpdesk.billing.run import seed_state_mileage_rates
from helpdesk.cases import services as cases
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.rules.worktime import COPENHAGEN
from helpdesk.timelog import services as timelog

_sequence = itertools.count(1)


def copenhagen(text: str) -> datetime:
    """An aware Copenhagen moment from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=COPENHAGEN)


class Factory:
    PASSWORD = "correct-horse-battery"

    def __init__(self):
        self._technician = None

    def technician(self):
        """One technician shared by the rows a test makes without naming who did it."""
        if self._technician is None:
            self._technician = self.user("technician", name="Standard Tekniker")
        return self._technician

    def customer(self, **values) -> Customer:
        number = next(_sequence)
        values.setdefault("name", f"Kunde {number} ApS")
        values.setdefault("email", f"kunde{number}@example.dk")
        customer = Customer(**values)
        db.session.add(customer)
        db.session.commit()
        return customer

    def user(self, role="technician", customer=None, **values):
        number = next(_sequence)
        return create_user(
            values.get("email", f"user{number}@example.dk"),
            values.get("name", f"Bruger {number}"),
            role,
            values.get("password", self.PASSWORD),
            customer.id if customer is not None else None,
            values.get("language", "da"),
        )

    def token(self, user) -> str:
        return issue_token(user)

    def case(self, customer=None, actor=None, **values):
        customer = customer or self.customer()
        actor = actor or self.technician()
        values.setdefault("subject", "Printeren virker ikke")
        values.setdefault("category", "support")
        values.setdefault("channel", "phone")
        return cases.create_case(actor, customer_id=customer.id, **values)

    def entry(self, case, start: str, end: str, actor=None, **values):
        actor = actor or self.technician()
        entry_input = timelog.EntryInput(start=copenhagen(start), end=copenhagen(end), **values)
        return timelog.log_time(actor, case, entry_input)

    def mileage_rates(self):
        """The state's rates as the migration seeds them (tests build their tables without migrations)."""
        seed_state_mileage_rates()
