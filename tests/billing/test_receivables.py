"""Receivables, late payers and what may follow non-payment (SPEC §5–6), with figures worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

import re

import pytest

from helpdesk.billing import services as billing
from helpdesk.billing import views as billing_views
from helpdesk.billing.dunning import run_dunning
from helpdesk.billing.models import LineKind
from helpdesk.billing.receivables import arrears, customer_standing, late_payments, receivables
from helpdesk.billing.services import LineInput
from helpdesk.database import local_today
from helpdesk.extensions import db
from helpdesk.rules.dunning import DunningStanding


def invoice(customer, net: str, due_date: date):
    """An hourly invoice of `net` kr + 25 % VAT, issued so that it falls due on `due_date` (8 days net)."""
    issued = billing.issue_invoice(customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1, Decimal(net))],
                                   due_date - timedelta(days=customer.payment_terms_days))
    db.session.commit()
    assert issued.due_date == due_date
    return issued


def pay(make, invoice_, amount: str, paid_on: date):
    billing.register_payment(make.user("manager"), invoice_.id, amount, paid_on, max(paid_on, local_today()))


def totals(buckets) -> dict[str, str]:
    return {bucket.name: str(bucket.total) for bucket in buckets}


DUE = date(2025, 3, 9)
REMINDER_DAYS = (date(2025, 3, 12), date(2025, 3, 22), date(2025, 4, 1))


def reminded(make, days=REMINDER_DAYS):
    """1,250.00 kr. (hostkon) due 2025-03-09, reminded on the days and still unpaid."""
    unpaid = invoice(make.customer(terms_profile="hostkon"), "1000.00", DUE)
    for day in days:
        run_dunning(day)
    assert [r.sent_on for r in unpaid.reminders] == list(days)
    return unpaid


def test_after_the_third_reminder_collection_and_deletion_have_their_dates(make):
    unpaid = reminded(make)
    assert customer_standing(unpaid.customer_id, date(2025, 4, 1)) == DunningStanding(
        overdue_since=date(2025, 3, 10), suspension_from=date(2025, 3, 12),
        collection_from=date(2025, 4, 11), deletion_from=date(2025, 5, 1))
    owed = arrears(unpaid.customer_id, date(2025, 4, 1))
    # The invoice and the charges of reminders 1 and 2; reminder 3's charges fall due that very day.
    assert [str(row.outstanding) for row in owed.rows] == ["1250.00", "435.00", "100.00"]


def test_dunning_stages_with_their_totals(make):
    reminded(make, REMINDER_DAYS[:2])
    # The charges invoices (435.00 and 100.00 kr.) are due at once and never dunned themselves.
    assert totals(receivables(date(2025, 3, 25)).by_stage) == {
        "none": "535.00", "reminder_1": "0.00", "reminder_2": "1250.00", "reminder_3": "0.00", "collection": "0.00",
    }
    run_dunning(date(2025, 4, 1))
    run_dunning(date(2025, 4, 11))
    assert totals(receivables(date(2025, 4, 11)).by_stage) == {
        "none": "635.00", "reminder_1": "0.00", "reminder_2": "0.00", "reminder_3": "0.00", "collection": "1250.00",
    }


def test_ageing_buckets_on_a_fixed_day(make):
    customer = make.customer()
    on = date(2025, 6, 30)
    invoice(customer, "800.00", date(2025, 7, 3))               # 1,000.00, not due yet
    invoice(customer, "400.00", on)                             # 500.00, due today: not due yet
    partly = invoice(customer, "1000.00", date(2025, 6, 9))     # 1,250.00 less 250.00 paid, 21 days
    pay(make, partly, "250.00", date(2025, 6, 20))
    invoice(customer, "400.00", date(2025, 5, 30))              # 500.00, 31 days
    invoice(customer, "2000.00", date(2025, 4, 1))              # 2,500.00, 90 days
    invoice(customer, "100.00", date(2025, 3, 31))              # 125.00, 91 days
    pay(make, invoice(customer, "100.00", date(2025, 3, 1)), "125.00", date(2025, 3, 1))     # paid: left out
    credited = invoice(customer, "100.00", date(2025, 3, 1))                                 # credited: left out
    billing.issue_credit_note(make.user("manager"), credited.id, "Fejl", None, date(2025, 3, 2))
    owed = receivables(on)
    assert totals(owed.by_age) == {
        "not_due": "1500.00", "1_30": "1000.00", "31_60": "500.00", "61_90": "2500.00", "over_90": "125.00",
    }
    assert (len(owed.rows), str(owed.total)) == (6, "5625.00")


def test_two_late_payments_advise_tighter_terms_and_one_does_not(make):
    customer = make.customer()
    first = invoice(customer, "100.00", DUE)
    pay(make, first, "125.00", date(2025, 3, 10))               # a day late
    pay(make, invoice(customer, "100.00", DUE), "125.00", DUE)  # on the due date: on time
    invoice(customer, "100.00", DUE)                            # unpaid, not reminded yet
    once = late_payments(customer.id)
    assert (once.invoices, once.tighter_terms_advised) == ([(first.id, first.number)], False)

    second = invoice(customer, "100.00", date(2025, 4, 1))
    pay(make, second, "100.00", date(2025, 3, 30))
    pay(make, second, "25.00", date(2025, 4, 2))                # the payment that settles it is late
    twice = late_payments(customer.id)
    assert (twice.invoices, twice.tighter_terms_advised) == (
        [(first.id, first.number), (second.id, second.number)], True)


def test_a_reminded_invoice_counts_as_late_even_when_paid_but_its_charges_do_not(make):
    unpaid = reminded(make, REMINDER_DAYS[:1])
    pay(make, unpaid, "1250.00", date(2025, 3, 13))
    pay(make, unpaid.reminders[0].charges_invoice, "435.00", date(2025, 3, 20))
    assert late_payments(unpaid.customer_id).invoices == [(unpaid.id, unpaid.number)]


def test_managers_see_receivables_by_age_and_stage_with_links(client, auth, make):
    customer = make.customer(name="Nordlys ApS")
    late = invoice(customer, "1000.00", local_today() - timedelta(days=32))
    auth.login(make.user("manager"))
    assert 'href="/invoices/receivables"' in client.get("/invoices/").get_data(as_text=True)
    page = client.get("/invoices/receivables").get_data(as_text=True)
    assert ('<tr id="age-31_60"><th scope="row"><a href="/invoices/receivables?age=31_60">31–60 dage</a></th>'
            '<td>1</td><td>1.250,00 kr.</td></tr>') in page
    assert ('<tr id="stage-none"><th scope="row"><a href="/invoices/receivables?stage=none">Ingen rykker</a></th>'
            '<td>1</td><td>1.250,00 kr.</td></tr>') in page
    assert f'href="/invoices/{late.id}"' in page and f'href="/invoices/?customer={customer.id}"' in page


def test_the_unpaid_invoices_are_listed_by_the_age_and_stage_chosen_a_page_at_a_time(client, auth, make, monkeypatch):
    monkeypatch.setattr(billing_views, "PER_PAGE", 2)
    customer = make.customer(name="Nordlys ApS")
    today = local_today()
    fresh, month_old, older = (invoice(customer, net, today - timedelta(days=days))
                               for net, days in (("100.00", 5), ("200.00", 35), ("300.00", 40)))
    auth.login(make.user("manager"))

    def numbers(path):
        answer = client.get(path)
        return answer.status_code, [int(n) for n in re.findall(r'<a href="/invoices/\d+">(\d+)</a>', answer.get_data(as_text=True))]

    # Grouped by age from the newest group, each group by due date; two a page.
    assert numbers("/invoices/receivables") == (200, [fresh.number, older.number])
    assert numbers("/invoices/receivables?page=2") == (200, [month_old.number])
    page = client.get("/invoices/receivables?age=31_60").get_data(as_text=True)
    assert re.findall(r'<a href="/invoices/\d+">(\d+)</a>', page) == [str(older.number), str(month_old.number)]
    # The group's own sum heads it: 375.00 + 250.00 kr.
    assert '<th scope="rowgroup" colspan="5">31–60 dage</th><th>625,00 kr.</th>' in page
    assert numbers("/invoices/receivables?age=1_30&stage=none") == (200, [fresh.number])
    empty = client.get("/invoices/receivables?stage=reminder_3").get_data(as_text=True)
    assert "Ingen ubetalte fakturaer i denne gruppe." in empty


def test_a_group_that_does_not_exist_is_named_and_every_invoice_is_still_listed(client, auth, make):
    unpaid = invoice(make.customer(), "100.00", local_today())
    auth.login(make.user("manager"))
    answer = client.get("/invoices/receivables?age=forever")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert 'id="age-error" role="alert">' in page and f'href="/invoices/{unpaid.id}"' in page


def test_receivables_are_for_managers_only(client, auth, make):
    auth.login(make.user("technician"))
    assert client.get("/invoices/receivables").status_code == 403


def test_a_customer_late_twice_is_flagged_on_receivables_and_the_invoice_page(client, auth, make):
    late_payer, punctual = make.customer(name="Sen ApS"), make.customer(name="Rettidig ApS")
    for due in (DUE, date(2025, 4, 9)):
        pay(make, invoice(late_payer, "100.00", due), "125.00", due + timedelta(days=5))
    pay(make, invoice(punctual, "100.00", DUE), "125.00", DUE + timedelta(days=5))
    open_ones = [invoice(customer, "100.00", local_today()) for customer in (late_payer, punctual)]
    auth.login(make.user("manager"))
    page = client.get("/invoices/receivables").get_data(as_text=True)
    assert "1 kunde har betalt for sent mindst to gange." in page and 'href="/invoices/late-payers"' in page
    assert page.count('<span class="badge warn">sen betaler</span>') == 1
    payers = client.get("/invoices/late-payers").get_data(as_text=True)
    late = late_payments(late_payer.id).invoices
    assert (f'Sen ApS</a></td>\n      <td>2</td>\n      <td><a href="/invoices/{late[0].id}">{late[0].number}</a>, '
            f'<a href="/invoices/{late[1].id}">{late[1].number}</a></td>') in payers
    assert "Rettidig ApS" not in payers
    notice = "2 sene betalinger: betalingsbetingelserne kan strammes (H §3.2)."
    assert notice in client.get(f"/invoices/{open_ones[0].id}").get_data(as_text=True)
    assert "sene betalinger" not in client.get(f"/invoices/{open_ones[1].id}").get_data(as_text=True)


def case_page_and_hub(client, auth, make, customer) -> tuple[str, str]:
    """The technician's page of a case of the customer, and the customer's own kundeHUB front page."""
    case = make.case(customer)
    auth.login(make.technician())
    case_page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    auth.logout()
    auth.login(make.user("customer", customer=customer))
    return case_page, client.get("/hub/").get_data(as_text=True)


def test_a_hostkon_customer_in_arrears_is_warned_and_technicians_see_the_banner(client, auth, make):
    customer = make.customer(terms_profile="hostkon")
    due = local_today() - timedelta(days=32)
    unpaid = invoice(customer, "1000.00", due)
    for days in (3, 13, 23):
        run_dunning(due + timedelta(days=days))
    deletion = (due + timedelta(days=53)).strftime("%d.%m.%Y")
    case_page, hub = case_page_and_hub(client, auth, make, customer)
    assert "Kunden er i restance: ydelser kan suspenderes." in case_page
    assert f"Kundens data kan slettes fra {deletion}." in case_page
    assert "1.250,00" not in case_page
    assert "I har fakturaer, der ikke er betalt til tiden" in hub and f">{unpaid.number}</a>" in hub
    assert "1.250,00 kr." in hub and f"kan slettes fra {deletion}" in hub
    assert f"inkasso fra {(due + timedelta(days=33)).strftime('%d.%m.%Y')}" in hub


def test_a_customer_who_pays_on_time_sees_no_warning(client, auth, make):
    customer = make.customer()
    due = local_today() - timedelta(days=32)
    pay(make, invoice(customer, "1000.00", due), "1250.00", due)
    invoice(customer, "1000.00", local_today())
    run_dunning(local_today())
    case_page, hub = case_page_and_hub(client, auth, make, customer)
    assert "restance" not in case_page and "ikke er betalt til tiden" not in hub


@pytest.mark.parametrize(("days_late", "breach"), [(9, True), (8, False)])
def test_compusoft_more_than_8_days_late_is_shown_as_a_material_breach(client, auth, make, days_late, breach):
    customer = make.customer(terms_profile="compusoft")
    invoice(customer, "1000.00", local_today() - timedelta(days=days_late))
    case_page, hub = case_page_and_hub(client, auth, make, customer)
    today = local_today().strftime("%d.%m.%Y")
    assert (f"Væsentlig misligholdelse siden {today}" in case_page) is breach
    assert ("Kunden er i restance" in case_page) is breach
    assert (f"siden {today} er væsentlig misligholdelse af aftalen" in hub) is breach
    assert "I har fakturaer, der ikke er betalt til tiden" in hub
