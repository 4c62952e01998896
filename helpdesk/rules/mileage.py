"""Price driving per started kilometre at the state's rate for the year (SPEC §2, §5; H §4.4).

The state's rate has two tiers: a higher rate for the first 20,000 km of a calendar year and a lower one above.
The kilometres counted are those already invoiced to the same customer in the same calendar year.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

TIER_KILOMETRES = 20_000


@dataclass(frozen=True, slots=True)
class MileageRate:
    """Kroner per km from a day on: up to 20,000 km in the year, and above."""

    valid_from: date
    up_to_tier: Decimal
    above_tier: Decimal


# The state's rates (Skatterådet) as first seeded; managers add and correct rates in the product.
STATE_RATES = (
    MileageRate(date(2023, 1, 1), Decimal("3.73"), Decimal("2.19")),
    MileageRate(date(2024, 1, 1), Decimal("3.79"), Decimal("2.23")),
    MileageRate(date(2025, 1, 1), Decimal("3.81"), Decimal("2.23")),
    MileageRate(date(2026, 1, 1), Decimal("3.94"), Decimal("2.28")),
)


METRES_PER_KM = 1000


def started_kilometres(metres: int) -> int:
    """Every started kilometre counts whole: 12.1 km is 13 km."""
    if metres <= 0:
        raise ValueError(f"A trip must be longer than 0 m, not {metres} m.")
    return -(-metres // METRES_PER_KM)


def rate_on(rates: list[MileageRate], day: date) -> MileageRate | None:
    """The rate in force on a day: the latest that starts on or before it (None before the first)."""
    in_force = [rate for rate in rates if rate.valid_from <= day]
    return max(in_force, key=lambda rate: rate.valid_from, default=None)


def mileage_charges(kilometres: int, invoiced_this_year: int, rate: MileageRate) -> list[tuple[int, Decimal]]:
    """Split a trip's kilometres into (km, kr per km) at the tier rates, given the km already invoiced this year."""
    if kilometres <= 0 or invoiced_this_year < 0:
        raise ValueError("Kilometres must be positive and the year's earlier kilometres not negative.")
    at_higher = max(0, min(kilometres, TIER_KILOMETRES - invoiced_this_year))
    parts = [(at_higher, rate.up_to_tier), (kilometres - at_higher, rate.above_tier)]
    return [(km, price) for km, price in parts if km]
