"""Open national figures: small groups withheld, the hidden cell not recoverable by subtraction,
the figures stored by the periodic refresh."""

import pytest

from khibra.national import figures
from khibra.national.models import OpenFigures
from khibra.testing.factories import VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def _level(data, key):
    return next(row for row in data["volunteers"]["by_level"] if row["key"] == key)["volunteers"]


def test_it_withholds_small_counts_and_a_complementary_cell(settings):
    settings.OPEN_FIGURES_MIN_GROUP = 3
    for _n in range(6):
        VolunteerProfileFactory(level="general")
    for _n in range(4):
        VolunteerProfileFactory(level="skilled")
    VolunteerProfileFactory(level="professional")
    data = figures.compute()
    assert data["volunteers"]["total"] == {"value": 11, "suppressed": False}
    assert _level(data, "professional") == {"value": None, "suppressed": True}
    # Shown: 6 and 4 with a total of 11 would give the 1 away; the smaller shown cell goes too.
    assert _level(data, "skilled") == {"value": None, "suppressed": True}
    assert _level(data, "general") == {"value": 6, "suppressed": False}


def test_zero_is_shown_and_enough_is_shown(settings):
    settings.OPEN_FIGURES_MIN_GROUP = 2
    for level in ("general", "general", "skilled", "skilled"):
        VolunteerProfileFactory(level=level)
    data = figures.compute()
    assert _level(data, "professional") == {"value": 0, "suppressed": False}
    assert _level(data, "general")["value"] == 2 and _level(data, "skilled")["value"] == 2


def test_hours_need_enough_volunteers_and_organizations_behind_them(settings, engagement, manager_a):
    from .conftest import approve

    approve(engagement, manager_a, hours="5")
    data = figures.compute()
    # One volunteer at one organization: the hours and their value are withheld everywhere.
    assert data["hours"]["total"]["hours"] == {"value": None, "suppressed": True}
    assert all(row["hours"]["value"] is None for row in data["hours"]["by_field"] if row["hours"]["suppressed"])
    settings.OPEN_FIGURES_MIN_GROUP = 1
    settings.OPEN_FIGURES_MIN_ORGANIZATIONS = 1
    data = figures.compute()
    assert data["hours"]["total"]["hours"] == {"value": "5.00", "suppressed": False}
    assert data["hours"]["total"]["national_value"]["suppressed"] is False


def test_the_refresh_stores_a_set_and_keeps_only_the_newest(settings):
    for _n in range(figures.KEEP + 2):
        figures.refresh()
    assert OpenFigures.objects.count() == figures.KEEP
    assert figures.latest().data["min_group"] == settings.OPEN_FIGURES_MIN_GROUP


def test_the_refresh_is_a_periodic_job():
    from khibra.core import schedule

    assert "national.open_figures" in {job.name for job in schedule.jobs()}
    assert "national.hour_records" in {job.name for job in schedule.jobs()}
