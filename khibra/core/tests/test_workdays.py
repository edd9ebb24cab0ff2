"""Working days skip the Saudi weekend (Friday and Saturday)."""

import datetime as dt

import pytest

from khibra.core.workdays import add_working_days, is_working_day, working_days_between

SUNDAY = dt.date(2026, 11, 22)
THURSDAY = dt.date(2026, 11, 26)
FRIDAY = dt.date(2026, 11, 27)
SATURDAY = dt.date(2026, 11, 28)


def test_it_knows_the_saudi_weekend():
    assert [is_working_day(SUNDAY + dt.timedelta(days=i)) for i in range(7)] == [True] * 5 + [False, False]


@pytest.mark.parametrize(
    "start,n,expected",
    [
        (SUNDAY, 3, dt.date(2026, 11, 25)),  # Wednesday
        (THURSDAY, 1, dt.date(2026, 11, 29)),  # the next Sunday
        (dt.date(2026, 11, 25), 3, dt.date(2026, 11, 30)),  # Wednesday + 3 → Monday
        (FRIDAY, 1, dt.date(2026, 11, 29)),
        (SATURDAY, 3, dt.date(2026, 12, 1)),
        (SUNDAY, 10, dt.date(2026, 12, 6)),  # two full weeks
        (SUNDAY, -1, dt.date(2026, 11, 19)),  # back over the weekend to Thursday
        (FRIDAY, 0, dt.date(2026, 11, 29)),
        (SUNDAY, 0, SUNDAY),
    ],
)
def test_it_adds_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_it_counts_working_days_between_two_dates():
    assert working_days_between(THURSDAY, dt.date(2026, 11, 29)) == 1
    assert working_days_between(SUNDAY, SUNDAY) == 0
    assert working_days_between(SUNDAY, dt.date(2026, 12, 6)) == 10
