"""Cap what the supplier pays back: refunds and compensation (H §13.3, C).

hostkon: at most the customer's total base payment under the agreement concerned, and never more than
10,000 kr. compusoft: at most 100 % of the running price for the affected period.
"""

from dataclasses import dataclass
from decimal import Decimal

HOSTKON_MAXIMUM = Decimal("10000.00")


@dataclass(frozen=True, slots=True)
class Capped:
    """A claim after the cap: what was claimed, the cap, what is paid, and which rule set the cap."""

    claimed: Decimal
    cap: Decimal
    amount: Decimal
    rule: str

    @property
    def cap_applied(self) -> bool:
        return self.amount < self.claimed


def cap_liability(claimed: Decimal, profile_name: str, base_payment: Decimal, period_price: Decimal) -> Capped:
    """Cap a claim under the customer's terms profile.

    ``base_payment`` is what the customer has paid in base payments under the agreement (its periods so far);
    ``period_price`` the running price of the affected period.
    """
    if profile_name == "compusoft":
        cap, rule = period_price, "C: højst 100 % af den løbende pris for den berørte periode"
    elif base_payment < HOSTKON_MAXIMUM:
        cap, rule = base_payment, "H §13.3: højst kundens samlede basisbetaling efter aftalen"
    else:
        cap, rule = HOSTKON_MAXIMUM, "H §13.3: højst 10.000 kr."
    return Capped(claimed, cap, min(claimed, cap), rule)
