"""What the three dashboards share: months, labelled counts, money. Nothing here writes."""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from khibra.evaluation.selectors import Valuation
from khibra.opportunities.models import OpportunityStatus

ZERO = Decimal("0")
MONTHS = 12
# Opportunities that offered their seats to volunteers: the base of the fill rate.
OFFERED = (OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED, OpportunityStatus.COMPLETED)


def last_months(today: dt.date, count: int = MONTHS) -> list[tuple[int, int]]:
    """(year, month) of the last `count` months, the current one last."""
    year, month = today.year, today.month
    months = []
    for _step in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@dataclass
class Month:
    label: str
    hours: Decimal = ZERO
    national_value: Decimal = ZERO
    market_value: Decimal = ZERO
    new_volunteers: int = 0
    opportunities_published: int = 0


def monthly_hours(valuation: Valuation, today: dt.date) -> list[Month]:
    """The last twelve months of a valuation made with by=("date__month",)."""
    grouped = valuation.grouped(lambda row: (row["date__year"], row["date__month"]))
    return [
        Month(month_label(y, m), *grouped.get((y, m), (ZERO, ZERO, ZERO)))
        for y, m in last_months(today)
    ]


def _first_day(months: list[tuple[int, int]]) -> dt.date:
    year, month = months[0]
    return dt.date(year, month, 1)


@dataclass
class Row:
    """One labelled count (a status, a level, a band…)."""

    key: str
    label: str
    count: int


def _counted(choices, counts: dict, *, keep_empty: bool = True) -> list[Row]:
    return [Row(str(value), str(label), counts.get(value, 0)) for value, label in choices if keep_empty or counts.get(value)]
