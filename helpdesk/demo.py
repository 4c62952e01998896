"""`flask demo`: a realistic demo company, its customers, people, cases and time."""

import random
from datetime import date, datetime, time, timedelta

import click
import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from helpdesk.accounts.models import Role, User
from helpdesk.accounts.services import create_user
from helpdesk.agreements import services as agreements
from helpdesk.billing import run as invoice_run
from helpdesk.cases import services as cases
from helpdesk.clips import services as clip_services
from helpdesk.cases.models import Category, Channel, Priority, Status
from helpdesk.customers.models import Customer, DeliveryChannel, OverdraftPolicy, TermsProfile
from helpdesk.database import local_today
from helpdesk.extensions import db
from helpdesk.rules.worktime import COPENHAGEN, is_working_day
from helpdesk.timelog import expenses
from helpdesk.timelog import services as timelog

DEMO_PASSWORD = "demo-adgang-2026"

STAFF = [
    ("tekniker@hostkon.dk", "Tina Tekniker", Role.TECHNICIAN),
    ("vagt@hostkon.dk", "Villy Vagt", Role.TECHNICIAN),
    ("leder@hostkon.dk", "Lone Leder", Role.MANAGER),
    ("admin@hostkon.dk", "Adam Admin", Role.ADMIN),
]

CUSTOMERS = [
    dict(name="Nordlys ApS", cvr="12972997", email="bogholderi@nordlys.dk", phone="+45 70 20 30 40",
         address="Havnegade 12\n8000 Aarhus C", terms_profile=TermsProfile.HOSTKON, low_saldo_threshold=8,
         user=("kunde@nordlys.dk", "Karin Kunde")),
    dict(name="Fjordsoft A/S", cvr="93478878", email="faktura@fjordsoft.dk", phone="+45 33 12 34 56",
         address="Fjordvej 3\n4000 Roskilde", terms_profile=TermsProfile.COMPUSOFT,
         delivery_channel=DeliveryChannel.OIOUBL, gln="5790000000012",
         user=("it@fjordsoft.dk", "Frederik Fjord")),
    dict(name="Bageriet Bolle I/S", cvr="44125242", email="bolle@bageriet.dk", phone="+45 86 11 22 33",
         address="Torvet 1\n8600 Silkeborg", terms_profile=TermsProfile.HOSTKON, delivery_channel=DeliveryChannel.POST,
         overdraft_policy=OverdraftPolicy.HOURLY, user=("ejer@bageriet.dk", "Bente Bolle")),
    dict(name="Kommunal Revision K/S", cvr="18838737", email="it@kommunalrevision.dk", phone="+45 44 55 66 77",
         address="Rådhuspladsen 5\n1550 København V", terms_profile=TermsProfile.COMPUSOFT, payment_terms_days=30,
         user=None),
]

SUBJECTS = [
    (Category.SUPPORT, "Outlook synkroniserer ikke kalenderen"),
    (Category.FAULT, "Fejl 500 ved login i økonomisystemet"),
    (Category.CONSULTANCY, "Opsætning af ny medarbejder"),
    (Category.PRICE_INQUIRY, "Pris på ekstra lagerplads"),
    (Category.SUPPORT, "VPN-forbindelsen falder ud"),
    (Category.FAULT, "Printeren på 2. sal udskriver ikke"),
    (Category.CONSULTANCY, "Migrering af filserver"),
    (Category.OUTAGE, "Hjemmesiden svarer ikke"),
    (Category.SUPPORT, "Nulstilling af adgangskode"),
    (Category.DELIVERY, "Levering af nye bærbare"),
]


def _moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN)


def _work_slots(rng: random.Random, today: date):
    """Plausible work over the last four months: mostly office hours, some evenings, weekends and holidays."""
    holidays_in_range = [date(2026, 4, 2), date(2026, 4, 6), date(2026, 5, 14), date(2026, 6, 5), date(2026, 5, 25)]
    for day in holidays_in_range:
        if day < today:
            yield _moment(day, 10, 0), 75
    for offset in range(120, 0, -1):
        day = today - timedelta(days=offset)
        if is_working_day(day):
            if rng.random() < 0.6:
                yield _moment(day, rng.choice([8, 9, 10, 11, 13, 14]), rng.choice([0, 10, 20, 30, 45])), rng.choice(
                    [10, 15, 25, 30, 45, 60, 90])
            if rng.random() < 0.12:
                yield _moment(day, rng.choice([17, 19, 21]), rng.choice([0, 30])), rng.choice([20, 45, 60])
        elif rng.random() < 0.25:
            yield _moment(day, rng.choice([9, 11, 14]), 0), rng.choice([30, 45, 120])


def _sell_demo_cards(manager: User, customers: list[Customer], today: date) -> None:
    """Nordlys has an old card about to lapse and a newer one; Kommunal Revision has none (billed by the hour)."""
    nordlys, fjordsoft, bageriet, _ = customers
    sales = [
        (nordlys, 150, "57.000,00", today - relativedelta(months=17, days=-20)),
        (nordlys, 40, "16.000,00", today - relativedelta(months=2)),
        (fjordsoft, 100, "38.000,00", today - relativedelta(months=6)),
        (bageriet, 12, "4.800,00", today - relativedelta(months=4)),
    ]
    for customer, clips, price, invoice_date in sales:
        clip_services.sell_card(manager, customer.id, clips, price, invoice_date)


DEMO_SYSTEM = "Økonomisystem"


def _demo_agreements(manager: User, customers: list[Customer], today: date) -> None:
    """Hosting for Nordlys (hostkon) and Fjordsoft (compusoft) covering faults and outages of the hosted system,
    invoiced in advance by the renewal job; Bageriet's support agreement was given notice."""
    nordlys, fjordsoft, bageriet, _ = customers
    covered = [Category.FAULT.value, Category.OUTAGE.value]
    specs = [
        (nordlys, "hosting", "Hosting af økonomisystem", "18.000,00", covered, [DEMO_SYSTEM]),
        (fjordsoft, "hosting", "Drift og hosting", "42.000,00", covered, [DEMO_SYSTEM]),
        (bageriet, "support", "Supportaftale", "6.000,00", [Category.OUTAGE.value], []),
    ]
    start = today.replace(month=1, day=1)
    for customer, product, name, price, categories, systems in specs:
        agreements.create_agreement(manager, customer.id, agreements.AgreementInput(
            product=product, name=name, price_per_period=price, start_date=start,
            covered_categories=categories, covered_systems=systems))
    agreements.renew_agreements(start)
    bageriet_agreement = agreements.customer_agreements(bageriet.id)[0]
    agreements.record_notice(manager, bageriet_agreement.id, agreements.NoticeInput(
        received_on=today - timedelta(days=20), given_by="Bente Bolle"), today)


def load_demo(today: date) -> None:
    rng = random.Random(2026)
    staff = [create_user(email, name, role, DEMO_PASSWORD) for email, name, role in STAFF]
    technicians = [user for user in staff if user.role == Role.TECHNICIAN]
    customers = []
    for spec in CUSTOMERS:
        spec = dict(spec)
        user = spec.pop("user")
        customer = Customer(**spec)
        db.session.add(customer)
        db.session.commit()
        if user:
            create_user(user[0], user[1], Role.CUSTOMER, DEMO_PASSWORD, customer.id, customer_admin=True)
        customers.append(customer)
    _sell_demo_cards(staff[2], customers, today)
    _demo_agreements(staff[2], customers, today)
    demo_cases = []
    for number, (category, subject) in enumerate(SUBJECTS * 2):
        customer = customers[number % len(customers)]
        case = cases.create_case(
            technicians[number % 2], customer_id=customer.id, subject=subject, category=category,
            channel=rng.choice(list(Channel)), priority=rng.choice([Priority.NORMAL, Priority.NORMAL, Priority.HIGH]),
            description="Kunden ringede og beskrev problemet.", contact_name=f"Kontakt hos {customer.name}",
            system=DEMO_SYSTEM if category in (Category.FAULT, Category.OUTAGE) else "",
        )
        case.created_at = _moment(today - timedelta(days=121 - number * 6), 8, 5)
        demo_cases.append(case)
    db.session.commit()
    for start, minutes in _work_slots(rng, today):
        case = rng.choice(demo_cases)
        end = start + timedelta(minutes=minutes)
        agreed_by = case.contact_name if timelog.price(start, end).out_of_hours else ""
        entry = timelog.EntryInput(start=start, end=end, description="Fejlsøgning og opfølgning",
                                   out_of_hours_agreed_by=agreed_by)
        timelog.log_time(rng.choice(technicians), case, entry)
    for case in demo_cases[:8]:
        cases.assign(technicians[0], case, technicians[case.id % 2].id)
        cases.add_comment(technicians[0], case, "Vi har kigget på det og vender tilbage i dag.")
    for case in demo_cases[:5]:
        cases.change_status(technicians[0], case, Status.CLOSED)
    _trips_and_outlays(technicians[0], demo_cases, today)
    _invoice_earlier_months(staff[2], today)


def _trips_and_outlays(technician: User, demo_cases: list, today: date) -> None:
    """Visits to the customers on site, with a bridge toll; billed on the month's invoice."""
    for number, case in enumerate(demo_cases[:12]):
        day = today - timedelta(days=100 - number * 8)
        expenses.add_expense(technician, case, "mileage", day, f"Kørsel til {case.customer.name}",
                             kilometres=f"{18 + number * 7},4", today=today)
        if number % 4 == 0:
            expenses.add_expense(technician, case, "outlay", day, "Storebæltsbroen, bilag", amount="270,00",
                                 today=today)


def _invoice_earlier_months(manager: User, today: date) -> None:
    """Run the invoicing of the months before last; last month is left for the manager to preview and run."""
    invoice_run.seed_state_mileage_rates()
    last_month = invoice_run.previous_month(today)
    for months_back in (3, 2, 1):
        month = last_month - relativedelta(months=months_back)
        invoice_run.run_month(manager, month, month + relativedelta(months=1))


@click.command("demo", help="Load the demo data into an empty database.")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database already has users.")
def demo(if_empty: bool):
    if db.session.scalar(sa.select(sa.func.count(User.id))):
        if not if_empty:
            raise click.ClickException("The database is not empty; the demo loads only into an empty database.")
        click.echo("The database already has data; the demo was not loaded again.")
    else:
        load_demo(local_today())
        click.echo("Demo loaded.")
    _print_sign_ins()


def _print_sign_ins() -> None:
    click.echo(f"Demo sign-ins at http://127.0.0.1:5000 (password for all: {DEMO_PASSWORD}):")
    for email, name, role in STAFF:
        click.echo(f"  {role.value:<11} {email:<24} {name}")
    for spec in CUSTOMERS:
        if spec["user"]:
            click.echo(f"  {'customer':<11} {spec['user'][0]:<24} {spec['user'][1]} ({spec['name']})")
