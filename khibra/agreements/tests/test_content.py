"""The volunteer agreement text: both languages, every element of Table 5, deterministic."""

import datetime as dt
import json

import pytest

from khibra.agreements import content
from khibra.opportunities.models import OpportunityTask

pytestmark = pytest.mark.django_db

VOLUNTEER_KEYS = [
    "about",
    "organization",
    "opportunity",
    "results",
    "tasks",
    "requirements",
    "supervision",
    "schedule",
    "place",
    "benefits",
    "confidentiality",
    "ownership",
    "withdrawal",
    "ethics",
]


def test_it_builds_both_languages_with_every_section(opportunity):
    built = content.build_volunteer_agreement(opportunity)

    assert built["format"] == content.FORMAT
    assert built["opportunity"] == opportunity.pk
    for language in ("ar", "en"):
        document = built[language]
        assert document["title"] == opportunity.title
        assert [section["key"] for section in document["sections"]] == VOLUNTEER_KEYS
        assert all(set(section) == {"key", "title", "body"} for section in document["sections"])
        assert all(section["body"] for section in document["sections"])
    assert built["ar"]["organization"] == opportunity.organization.name_ar
    assert built["en"]["organization"] == opportunity.organization.name_en


def test_it_carries_the_opportunity_facts(opportunity):
    sections = {section["key"]: section["body"] for section in content.build_volunteer_agreement(opportunity)["en"]["sections"]}

    assert opportunity.organization.description in sections["organization"]
    assert opportunity.deliverables in sections["results"]
    assert opportunity.responsibilities in sections["tasks"]
    assert "تحليل المتطلبات" in sections["tasks"] and "إطلاق الموقع" in sections["tasks"]
    # Tasks are in order of their dates, each with its Hijri and Gregorian date.
    assert sections["tasks"].index("تحليل المتطلبات") < sections["tasks"].index("إطلاق الموقع")
    assert "AH" in sections["tasks"] and "2026" in sections["tasks"]
    assert opportunity.supervisor.full_name in sections["supervision"]
    assert "20" in sections["schedule"] and "100" in sections["schedule"] and "10" in sections["schedule"]
    assert opportunity.venue in sections["place"] and opportunity.nature_notes in sections["place"]


def test_the_arabic_dates_are_hijri_and_gregorian(opportunity):
    schedule = next(s for s in content.build_volunteer_agreement(opportunity)["ar"]["sections"] if s["key"] == "schedule")
    assert "هـ" in schedule["body"] and "مارس" in schedule["body"]


def test_it_is_deterministic(opportunity):
    first = content.build_volunteer_agreement(opportunity)
    second = content.build_volunteer_agreement(opportunity)

    assert first == second
    assert content.fingerprint(first) == content.fingerprint(second)
    assert len(content.fingerprint(first)) == 64
    json.dumps(first)  # plain JSON


def test_the_fingerprint_changes_when_the_opportunity_changes(opportunity):
    before = content.fingerprint(content.build_volunteer_agreement(opportunity))

    opportunity.deliverables = "موقع منشور ولوحة تحكم."
    opportunity.save()
    after_deliverables = content.fingerprint(content.build_volunteer_agreement(opportunity))
    OpportunityTask.objects.create(opportunity=opportunity, title="تدريب الموظفين", due_on=dt.date(2026, 4, 28))
    after_task = content.fingerprint(content.build_volunteer_agreement(opportunity))

    assert len({before, after_deliverables, after_task}) == 3


def test_a_team_with_an_english_supervisor_says_so(opportunity):
    opportunity.execution_mode, opportunity.team_size = "team", 4
    opportunity.english_allowed, opportunity.english_supervisor = True, "Sarah Ahmed"
    opportunity.save()

    supervision = next(
        s for s in content.build_volunteer_agreement(opportunity)["en"]["sections"] if s["key"] == "supervision"
    )["body"]
    assert "4" in supervision and "Sarah Ahmed" in supervision


def test_optional_sections_are_left_out_when_empty(opportunity):
    opportunity.requirements, opportunity.min_years_experience = "", 0
    opportunity.benefits, opportunity.required_training = "", ""
    opportunity.save()

    keys = [s["key"] for s in content.build_volunteer_agreement(opportunity)["ar"]["sections"]]
    assert "requirements" not in keys and "benefits" not in keys


def test_numbers_are_written_plainly():
    from decimal import Decimal

    assert content.number(Decimal("100.0")) == "100"
    assert content.number(Decimal("2.5")) == "2.5"
    assert content.number(20) == "20"
