from decimal import Decimal

import pytest

from helpdesk.rules.liability import cap_liability

D = Decimal


@pytest.mark.parametrize(("claimed", "profile", "base", "period", "amount", "cap", "rule_start"), [
    # hostkon: the base payment under the agreement caps, and 10,000 kr caps whatever the base payment
    (D("164.38"), "hostkon", D("12000.00"), D("12000.00"), D("164.38"), D("10000.00"), "H §13.3: højst 10.000"),
    (D("15000.00"), "hostkon", D("36000.00"), D("12000.00"), D("10000.00"), D("10000.00"), "H §13.3: højst 10.000"),
    (D("3000.00"), "hostkon", D("2400.00"), D("2400.00"), D("2400.00"), D("2400.00"), "H §13.3: højst kundens"),
    # compusoft: 100 % of the running price for the affected period
    (D("50000.00"), "compusoft", D("90000.00"), D("42000.00"), D("42000.00"), D("42000.00"), "C: højst 100 %"),
    (D("1150.68"), "compusoft", D("42000.00"), D("42000.00"), D("1150.68"), D("42000.00"), "C: højst 100 %"),
])
def test_the_cap_and_which_rule_set_it(claimed, profile, base, period, amount, cap, rule_start):
    capped = cap_liability(claimed, profile, base, period)
    assert (capped.amount, capped.cap) == (amount, cap)
    assert capped.rule.startswith(rule_start)
    assert capped.cap_applied == (amount < claimed)
