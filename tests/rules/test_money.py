"""Exact money: reading amounts, rounding to øre and VAT (SPEC §5)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpdesk.rules.money import LARGEST_AMOUNT, ORE, VAT_RATE, round_ore, to_money, vat_of

amounts_in_ore = st.integers(-10**12, 10**12).map(lambda ore: Decimal(ore) * ORE)


def danish(amount: Decimal) -> str:
    """Write an amount the Danish way, with thousands dots and a decimal comma."""
    return f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


class TestToMoney:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("1.234,50", "1234.50"),
            ("1234,50", "1234.50"),
            ("1234.50", "1234.50"),
            ("1234,5", "1234.50"),
            ("1234", "1234.00"),
            ("0,05", "0.05"),
            ("1.234.567,89", "1234567.89"),
            ("-1.234,50", "-1234.50"),
            ("+12,00", "12.00"),
            ("  95,00 ", "95.00"),
            (1234, "1234.00"),
            (-310, "-310.00"),
            (Decimal("1234.5"), "1234.50"),
            (Decimal("1234.500"), "1234.50"),
        ],
    )
    def test_accepted(self, value, expected):
        amount = to_money(value)
        assert amount == Decimal(expected)
        assert amount.as_tuple().exponent == -2

    @pytest.mark.parametrize("value", [1.5, 0.0])
    def test_a_float_is_refused(self, value):
        with pytest.raises(TypeError, match="never a float"):
            to_money(value)

    @pytest.mark.parametrize("value", [True, None, [1]])
    def test_other_types_are_refused(self, value):
        with pytest.raises(TypeError, match="Decimal, int or str"):
            to_money(value)

    @pytest.mark.parametrize(
        "text",
        ["", "kr", "12,", ",50", "1,234.50", "12.34.56", "1.23,00", "12 34", "1e3", "--1", "NaN"],
    )
    def test_malformed_text_is_refused(self, text):
        with pytest.raises(ValueError, match="is not an amount"):
            to_money(text)

    @pytest.mark.parametrize(
        "value", ["1234,567", "1,500", "1.234", "0.001", Decimal("0.005"), Decimal("1.239")]
    )
    def test_more_than_two_decimals_are_refused(self, value):
        with pytest.raises(ValueError, match="more than 2 decimals"):
            to_money(value)

    @pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
    def test_non_finite_decimals_are_refused(self, value):
        with pytest.raises(ValueError, match="finite"):
            to_money(value)

    def test_an_absurdly_large_amount_is_refused(self):
        with pytest.raises(ValueError, match="too large"):
            to_money("9" * 40)

    @pytest.mark.parametrize("value", ["99999999999999999999", "1000000000000", "-1.000.000.000.000,00",
                                       Decimal("1000000000000.00")])
    def test_an_amount_the_books_cannot_hold_with_room_to_spare_is_refused(self, value):
        """20 digits of kroner are more øre than a 64-bit column holds: a payment of it was a 500."""
        with pytest.raises(ValueError, match="too large"):
            to_money(value)

    def test_the_largest_amount_is_taken(self):
        assert to_money("999.999.999.999,99") == LARGEST_AMOUNT


class TestRounding:
    @pytest.mark.parametrize(
        ("amount", "rounded"),
        [
            ("1.004", "1.00"),
            ("1.005", "1.01"),  # half up, not to even
            ("1.015", "1.02"),
            ("1.025", "1.03"),
            ("-1.005", "-1.01"),  # halves go away from zero
            ("2.5", "2.50"),
        ],
    )
    def test_round_ore(self, amount, rounded):
        assert round_ore(Decimal(amount)) == Decimal(rounded)

    @pytest.mark.parametrize(
        ("net", "vat"),
        [
            ("100.00", "25.00"),
            ("0.02", "0.01"),  # 0.005 rounds up
            ("0.01", "0.00"),  # 0.0025 rounds down
            ("1250.00", "312.50"),
            ("99.99", "25.00"),  # 24.9975
            ("95.00", "23.75"),
            ("-0.02", "-0.01"),
        ],
    )
    def test_vat(self, net, vat):
        assert vat_of(Decimal(net)) == Decimal(vat)
        assert VAT_RATE == Decimal("0.25")


class TestProperties:
    @given(amounts_in_ore)
    def test_plain_text_round_trips(self, amount):
        assert to_money(str(amount)) == amount

    @given(amounts_in_ore)
    def test_danish_text_round_trips(self, amount):
        assert to_money(danish(amount)) == amount
        assert to_money(danish(amount).replace(".", "")) == amount

    @given(amounts_in_ore)
    def test_money_is_already_rounded(self, amount):
        assert to_money(amount) == amount
        assert round_ore(amount) == amount

    @given(st.decimals(min_value=-10**9, max_value=10**9, places=6))
    def test_rounding_moves_at_most_half_an_ore(self, amount):
        rounded = round_ore(amount)
        assert abs(rounded - amount) <= ORE / 2
        assert round_ore(rounded) == rounded

    @given(amounts_in_ore)
    def test_vat_is_a_quarter_to_the_nearest_ore(self, net):
        vat = vat_of(net)
        assert abs(vat - net / 4) <= ORE / 2
        assert vat_of(-net) == -vat
