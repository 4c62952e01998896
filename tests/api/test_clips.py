"""The clip API: sell a card, read the saldo (also at the end of a past day) and the ledger."""

from datetime import date

from helpdesk.clips import services as clips
from tests.api.helpers import conforms, error_of


def test_a_manager_sells_a_card_and_the_saldo_follows(api, make):
    manager = make.user("manager")
    customer = make.customer()
    sold = api("POST", f"/customers/{customer.id}/clip-cards", manager,
               json={"clips": 10, "price": "4000.00", "invoice_date": "2024-08-31"})
    assert sold.status_code == 201, sold.get_data(as_text=True)
    card = sold.get_json()
    conforms(card, "ClipCard")
    assert (card["clips"], card["remaining"], card["invoice_date"], card["expires_on"]) == (
        10, 10, "2024-08-31", "2026-02-28")
    assert card["invoice_id"] is not None
    make.entry(make.case(customer), "2025-01-07 09:00", "2025-01-07 09:30")   # a Tuesday: 2 clips
    saldo = api("GET", f"/customers/{customer.id}/saldo", manager).get_json()
    conforms(saldo, "Saldo")
    assert (saldo["balance"], saldo["unfunded"], saldo["cards"][0]["remaining"]) == (8, 0, 8)


def test_saldo_on_a_day_counts_the_expiries_due_by_then(api, make):
    manager = make.user("manager")
    customer = make.customer()
    clips.sell_card(manager, customer.id, 10, "100", date(2024, 8, 31))
    before = api("GET", f"/customers/{customer.id}/saldo?on=2026-02-27", manager).get_json()
    after = api("GET", f"/customers/{customer.id}/saldo?on=2026-02-28", manager).get_json()
    assert (before["balance"], after["balance"]) == (10, 0)
    assert after["cards"][0]["remaining"] == 0
    error = error_of(api("GET", f"/customers/{customer.id}/saldo?on=28.02.2026", manager), 422)
    assert set(error["fields"]) == {"on"}


def test_the_ledger_lists_every_movement_newest_first(api, make):
    manager = make.user("manager")
    customer = make.customer()
    clips.sell_card(manager, customer.id, 10, "100", date(2026, 11, 2))
    make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 09:30")
    page = api("GET", f"/customers/{customer.id}/clip-ledger", manager).get_json()
    conforms(page, "LedgerPage")
    assert [(row["kind"], row["clips"]) for row in page["items"]] == [("consumption", -2), ("purchase", 10)]
    assert page["total"] == 2


def test_bad_card_input_is_refused_and_nothing_sold(api, make):
    manager = make.user("manager")
    customer = make.customer()
    for body, field in [({"clips": 0, "price": "100"}, "clips"), ({"clips": 10, "price": "-5"}, "price"),
                        ({"clips": 10, "price": "ti kroner"}, "price"), ({"clips": 10}, "price"),
                        ({"clips": 10, "price": "100", "invoice_date": "i dag"}, "invoice_date"),
                        # Each was a 500: no due date or expiry after 9999-12-31, 0001-01-01 local
                        # time is before UTC's year 1, and øre past a 64-bit integer.
                        ({"clips": 10, "price": "100", "invoice_date": "9999-12-31"}, "invoice_date"),
                        ({"clips": 10, "price": "100", "invoice_date": "0001-01-01"}, "invoice_date"),
                        ({"clips": 10, "price": "99999999999999999999"}, "price"),
                        # More than a card may have: a balance past PostgreSQL's INTEGER was a 500 there.
                        ({"clips": 2147483647, "price": "1"}, "clips"), ({"clips": 100001, "price": "1"}, "clips")]:
        error = error_of(api("POST", f"/customers/{customer.id}/clip-cards", manager, json=body), 422)
        assert field in error["fields"], (body, error)
    assert clips.saldo(customer.id).cards == []
    error_of(api("POST", "/customers/999/clip-cards", manager, json={"clips": 1, "price": "1"}), 404)


def test_only_managers_sell_and_customers_see_only_their_own_saldo(api, make):
    own, other = make.customer(), make.customer()
    customer_user = make.user("customer", customer=own)
    error_of(api("POST", f"/customers/{own.id}/clip-cards", make.user("technician"),
                 json={"clips": 1, "price": "1"}), 403)
    error_of(api("POST", f"/customers/{own.id}/clip-cards", customer_user, json={"clips": 1, "price": "1"}), 403)
    assert api("GET", f"/customers/{own.id}/saldo", customer_user).status_code == 200
    error_of(api("GET", f"/customers/{other.id}/saldo", customer_user), 404)
    error_of(api("GET", f"/customers/{other.id}/clip-ledger", customer_user), 404)


def test_a_saldo_on_a_day_off_the_calendar_is_422(api, make):
    """The end of 9999-12-31 was looked up as the start of a day that does not exist: a 500."""
    customer = make.customer()
    error = error_of(api("GET", f"/customers/{customer.id}/saldo?on=9999-12-31", make.user("manager")), 422)
    assert set(error["fields"]) == {"on"}
