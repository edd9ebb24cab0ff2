"""Amounts are rounded to the halala once, the same way for pages, exports and the API."""

from decimal import Decimal

from khibra.core.money import money, money_number


def test_an_amount_is_rounded_to_the_halala():
    assert money(Decimal("1380")) == Decimal("1380.00")
    assert str(money(Decimal("12.345678"))) == "12.35"


def test_the_api_gets_the_same_amount_as_a_number():
    assert money_number(Decimal("12.345678")) == 12.35
    assert isinstance(money_number(Decimal("7")), float)
