"""A travel estimate before on-site work (H §4.4): recorded by staff, shown to the customer, priced at today's rate."""

from datetime import date
from decimal import Decimal

import pytest

from helpdesk.errors import DomainError
from helpdesk.timelog import expenses


def test_the_estimate_is_priced_at_the_rate_of_the_day(make):
    make.mileage_rates()
    case = make.case(make.customer())
    expenses.set_travel_estimate(make.technician(), case, "43,2", "270,00", "Odense tur/retur")
    # 44 started km × 3.94 = 173.36, plus 270.00 in outlays
    assert expenses.travel_estimate_price(case, date(2026, 11, 21)) == Decimal("443.36")
    assert (case.travel_estimate_metres, case.travel_estimate_outlays) == (43_200, Decimal("270.00"))


@pytest.mark.parametrize(("kilometres", "outlays", "field"), [("-5", "0", "estimate_kilometres"),
                                                               ("langt", "0", "estimate_kilometres"),
                                                               ("10", "-1", "estimate_outlays")])
def test_a_bad_estimate_is_refused_and_nothing_changes(make, kilometres, outlays, field):
    case = make.case(make.customer())
    with pytest.raises(DomainError) as error:
        expenses.set_travel_estimate(make.technician(), case, kilometres, outlays)
    assert error.value.field == field and case.travel_estimate_metres is None


def test_the_customer_sees_the_estimate_on_the_case(client, auth, make):
    make.mileage_rates()
    customer = make.customer()
    case = make.case(customer)
    auth.login(make.technician())
    saved = client.post(f"/cases/{case.id}/travel-estimate", data={"estimate_kilometres": "20",
                                                                  "estimate_outlays": ""}, follow_redirects=True)
    assert "Overslaget over kørsel er gemt" in saved.get_data(as_text=True)
    auth.logout()
    auth.login(make.user("customer", customer=customer))
    page = client.get(f"/hub/cases/{case.id}").get_data(as_text=True)
    assert "Overslag før kørsel:" in page and "20,0 km" in page
    assert "i alt ca. " in page and "ekskl. moms" in page
