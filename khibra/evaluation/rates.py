"""The rates the reports give, in percent to one decimal, or None when there is nothing to count.

One definition for the evaluation pages, the dashboards and their exports, and the API:
- completion rate: completed engagements among the closed ones (completed, not completed, withdrawn);
- withdrawal rate: withdrawn engagements among the closed ones;
- response rate: answered volunteer surveys among those sent;
- fill rate: filled seats among those offered.
"""

CLOSED = ("completed", "not_completed", "withdrawn")


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, to one decimal; None when `whole` is zero."""
    return round(100 * part / whole, 1) if whole else None


def completion_rate(*, completed: int, closed: int) -> float | None:
    return percent(completed, closed)


def withdrawal_rate(*, withdrawn: int, closed: int) -> float | None:
    return percent(withdrawn, closed)


def response_rate(*, answered: int, sent: int) -> float | None:
    return percent(answered, sent)


def fill_rate(*, filled: int, offered: int) -> float | None:
    return percent(filled, offered)
