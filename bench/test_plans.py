"""On the bench data set: no search or match query plans a sequential scan of the volunteer or
opportunity tables (or of their search and match tables).

Run by `make bench` before the figures (`pytest bench/test_plans.py` with DATABASE_URL set to the
bench database). It reads the database as it is — no test database, nothing written — and is
skipped when the database holds no bench data or a small set: there a sequential scan can be the
right plan, so only the national-size data set can tell.

Every statement the real service functions send is captured and EXPLAINed (plain EXPLAIN, with
the same parameters), so a change to the services is checked as it is, not as a copy of its SQL.
"""

from __future__ import annotations

import json
import random

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
import pytest

from bench.data import has_data

GUARDED_TABLES = {
    "volunteers_volunteerprofile",
    "opportunities_opportunity",
    "opportunities_opportunitysearchdocument",
    "matching_matchentry",
}
SAMPLES = 15
# Below this many volunteers a sequential scan can be the planner's right choice (a small set made
# with BENCH_SIZES): the check is about the national-size data set.
NATIONAL_SIZE = 500_000


@pytest.fixture(scope="session")
def django_db_setup():
    """Use the bench database itself (pytest-django would otherwise create an empty one)."""


@pytest.fixture(autouse=True)
def bench_database(django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql" or not has_data():
            pytest.skip("needs the bench data set in PostgreSQL (make bench-data)")
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'volunteers_volunteerprofile'")
            volunteers = cursor.fetchone()[0]
        if volunteers < NATIONAL_SIZE:
            pytest.skip(f"the plans are checked on the national-size data set ({volunteers:,.0f} volunteers here)")
        yield


def sequential_scans(sql: str, params) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = []

    def walk(node):
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in GUARDED_TABLES:
            found.append(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def assert_no_sequential_scan(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    checked = 0
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        # The captured text has the parameters inlined by the driver: EXPLAIN it as it ran.
        scans = sequential_scans(sql, None)
        assert not scans, f"sequential scan of {scans} in:\n{sql[:2000]}"
        checked += 1
    return checked


def _sample(queryset, n: int, seed: int):
    ids = list(queryset.values_list("pk", flat=True)[:5000])
    random.Random(seed).shuffle(ids)
    return ids[:n]


def test_search_queries_use_the_indexes():
    from bench.run import SEARCH_WORDS
    from khibra.opportunities.search import search_opportunities
    from khibra.reference.models import City, Field

    rand = random.Random(11)
    fields = list(Field.objects.values_list("pk", flat=True))
    cities = list(City.objects.values_list("pk", flat=True))
    cases = [{"query": word} for word in SEARCH_WORDS]
    cases += [{"query": rand.choice(SEARCH_WORDS), "field": rand.choice(fields)} for _n in range(SAMPLES)]
    cases += [{"query": rand.choice(SEARCH_WORDS), "city": rand.choice(cities)} for _n in range(SAMPLES)]
    cases += [{"query": rand.choice(SEARCH_WORDS), "nature": rand.choice(["remote", "in_person", "both"])} for _n in range(5)]
    checked = 0
    for case in cases:
        checked += assert_no_sequential_scan(lambda: list(search_opportunities(**case).object_list))
    assert checked >= len(cases)


def test_match_queries_use_the_indexes():
    from khibra.matching.ranking import suggest_volunteers
    from khibra.opportunities.models import Opportunity

    ids = _sample(Opportunity.objects.public().filter(seats_filled__lt=F("seats")).order_by("-pk"), SAMPLES, 5)
    for opportunity in Opportunity.objects.filter(pk__in=ids):
        assert assert_no_sequential_scan(lambda: suggest_volunteers(opportunity=opportunity)) > 0


def test_recommendation_queries_use_the_indexes():
    from khibra.matching.ranking import recommend_opportunities
    from khibra.volunteers.models import VolunteerProfile

    top = VolunteerProfile.objects.order_by("-pk").values_list("pk", flat=True).first()
    rand = random.Random(9)
    for volunteer in VolunteerProfile.objects.filter(pk__in=[rand.randint(1, top) for _n in range(SAMPLES)]):
        assert assert_no_sequential_scan(lambda: recommend_opportunities(volunteer=volunteer)) > 0


def test_near_miss_queries_use_the_indexes():
    """The manager's near misses (fewer than ten suggestions): one COUNT per limit over the pool
    the match entries give, never over every volunteer."""
    from khibra.matching.misses import near_misses
    from khibra.opportunities.models import Opportunity

    ids = _sample(Opportunity.objects.public().filter(seats_filled__lt=F("seats")).order_by("-pk"), SAMPLES, 6)
    for opportunity in Opportunity.objects.filter(pk__in=ids):
        assert assert_no_sequential_scan(lambda: near_misses(opportunity)) > 0


def test_empty_recommendation_queries_use_the_indexes():
    """Why a volunteer's recommendations are empty: one COUNT per limit over the open
    opportunities related to the profile."""
    from khibra.matching.misses import why_no_recommendations
    from khibra.volunteers.models import VolunteerProfile

    top = VolunteerProfile.objects.order_by("-pk").values_list("pk", flat=True).first()
    rand = random.Random(10)
    for volunteer in VolunteerProfile.objects.filter(pk__in=[rand.randint(1, top) for _n in range(SAMPLES)]):
        assert assert_no_sequential_scan(lambda: why_no_recommendations(volunteer)) > 0


def test_the_check_sees_a_sequential_scan():
    from khibra.opportunities.models import Opportunity

    with pytest.raises(AssertionError, match="sequential scan"):
        assert_no_sequential_scan(lambda: list(Opportunity.objects.filter(title__contains="محاسب")[:5]))
