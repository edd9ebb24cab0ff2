"""The report rates: one definition, in percent to one decimal, None when nothing was counted."""

from khibra.evaluation import rates


def test_rates_are_percentages_to_one_decimal():
    assert rates.completion_rate(completed=2, closed=3) == 66.7
    assert rates.withdrawal_rate(withdrawn=1, closed=3) == 33.3
    assert rates.response_rate(answered=1, sent=4) == 25.0
    assert rates.fill_rate(filled=3, offered=3) == 100.0


def test_a_rate_over_nothing_is_none_not_zero():
    assert rates.completion_rate(completed=0, closed=0) is None
    assert rates.response_rate(answered=0, sent=0) is None
    assert rates.percent(0, 5) == 0.0
