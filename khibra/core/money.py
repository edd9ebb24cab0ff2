"""Amounts of money (Saudi riyals): rounded to the halala, the same on pages, exports and the API."""

from decimal import Decimal

CURRENCY = "SAR"
HALALA = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """An amount rounded to the halala (two decimal places), as pages and exports show it."""
    return value.quantize(HALALA)


def money_number(value: Decimal) -> float:
    """The same amount as a JSON number, for the API."""
    return float(money(value))
