"""Read and round Danish money exactly, as Decimal kroner with øre (SPEC §5)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

VAT_RATE = Decimal("0.25")
ORE = Decimal("0.01")
# Far above any real amount, and far enough below what the books hold (øre in a 64-bit integer) that totals
# and VAT of many such amounts still fit.
LARGEST_AMOUNT = Decimal("999999999999.99")

# With a decimal comma, dots may group thousands: "1.234,50" or "1234,50".
DANISH_AMOUNT = re.compile(r"(?P<sign>[+-]?)(?P<whole>\d{1,3}(?:\.\d{3})+|\d+),(?P<ore>\d+)")
# Without a comma, a dot is the decimal point: "1234.50" or "1234".
POINT_AMOUNT = re.compile(r"(?P<sign>[+-]?)(?P<whole>\d+)(?:\.(?P<ore>\d+))?")


# Why an amount is refused, so that the pages can say it in the reader's language; the messages are for developers.
class NotAnAmount(ValueError):
    """A text that is not written as an amount, or a number that is not finite."""


class TooManyDecimals(ValueError):
    """An amount finer than the øre."""


class TooLarge(ValueError):
    """An amount beyond LARGEST_AMOUNT."""


def to_money(value: Decimal | int | str) -> Decimal:
    """Return the amount as an exact Decimal with two decimals."""
    if isinstance(value, float):
        raise TypeError(f"Money must be a Decimal, int or str, never a float: {value!r}.")
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(f"Money must be a Decimal, int or str, not {type(value).__name__}.")
    amount = _parse(value) if isinstance(value, str) else Decimal(value)
    if not amount.is_finite():
        raise NotAnAmount(f"Money must be a finite amount, not {value!r}.")
    try:
        in_ore = amount.quantize(ORE)
    except InvalidOperation:
        raise TooLarge(f"The amount {value!r} is too large.") from None
    if abs(in_ore) > LARGEST_AMOUNT:
        raise TooLarge(f"The amount {value!r} is too large.")
    if in_ore != amount:
        raise TooManyDecimals(f"The amount {value!r} has more than 2 decimals.")
    return in_ore


def round_ore(amount: Decimal) -> Decimal:
    """Round the amount to whole øre, halves away from zero."""
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def vat_of(net: Decimal) -> Decimal:
    """Return the VAT on a net amount, rounded to øre."""
    return round_ore(net * VAT_RATE)


def _parse(text: str) -> Decimal:
    cleaned = text.strip()
    match = DANISH_AMOUNT.fullmatch(cleaned) or POINT_AMOUNT.fullmatch(cleaned)
    if match is None:
        raise NotAnAmount(
            f"{text!r} is not an amount; write it like 1.234,50 or 1234,50 or 1234.50."
        )
    ore = match["ore"] or ""
    # Refuse even "1,500": it may well mean 1500 written the English way.
    if len(ore) > 2:
        raise TooManyDecimals(f"The amount {text!r} has more than 2 decimals.")
    whole = match["whole"].replace(".", "")
    return Decimal(f"{match['sign']}{whole}.{ore or '0'}")
