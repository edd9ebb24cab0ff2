"""Matching quality on the labelled evaluation set (bench/match_eval): no hard limit is ever
broken by suggestions, recommendations, invitations or alerts, and precision@3 ≥ 0.9.
`make match-quality` runs this test and prints the figures."""

from django.utils import timezone
import pytest

from bench.match_eval import evaluate
from bench.match_eval.labels import TODAY

pytestmark = pytest.mark.django_db


def test_the_labelled_set_has_no_violations_and_precise_top_three(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)  # the ages of the labels
    volunteer_ids, opportunity_ids = evaluate.load()
    assert len(opportunity_ids) >= 30 and len(volunteer_ids) >= 150

    result = evaluate.measure(volunteer_ids, opportunity_ids)
    print("\n" + evaluate.report(result))

    assert result["hard_limit_violations"] == 0, result["violations"]
    assert result["precision_at_3"] >= 0.9
