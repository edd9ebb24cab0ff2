"""Working days in Saudi Arabia: Sunday to Thursday; the weekend is Friday and Saturday."""

import datetime as dt

# date.weekday(): Monday 0 … Friday 4, Saturday 5, Sunday 6.
WEEKEND = frozenset({4, 5})


def is_working_day(day: dt.date) -> bool:
    return day.weekday() not in WEEKEND


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The date `n` working days after `day` (before it when n < 0), skipping Fridays and Saturdays.

    `day` itself never counts: a Thursday plus one working day is the next Sunday. With n == 0 a
    weekend day moves on to the next Sunday, a working day stays as it is.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    if remaining == 0:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        return day
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
