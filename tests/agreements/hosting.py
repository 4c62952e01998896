"""A hosting agreement made directly with the models, for the outage and maintenance tests."""

from datetime import date
from decimal import Decimal

from helpdesk.agreements.models import Agreement, AgreementPeriod
from helpdesk.extensions import db


def hosting_agreement(customer, systems=("Økonomisystem",), **values) -> Agreement:
    """12,000.00 kr a year from 2025-01-01, with its first period 2025-01-01–2025-12-31."""
    agreement = Agreement(customer_id=customer.id, product="hosting", name=values.pop("name", "Hosting"),
                          price_per_period=Decimal("12000.00"), period_months=12, start_date=date(2025, 1, 1),
                          terms_profile="hostkon", covered_categories=["outage"], covered_systems=list(systems),
                          **values)
    db.session.add(agreement)
    db.session.add(AgreementPeriod(agreement=agreement, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31),
                                   price=Decimal("12000.00")))
    db.session.commit()
    return agreement
