"""The other tables: engagements, applications, the sector's volunteers and all organizations."""

import datetime as dt

from django.utils import translation

from khibra.exports.kinds import APPLICATIONS, age_band, get_kind
from khibra.testing.factories import VolunteerProfileFactory

from .conftest import many_hours


def _rows(name, organization=None, params=None, language="en"):
    kind = get_kind(name)
    with translation.override(language):
        return kind.headers(), list(kind.rows(params or {}, organization)), kind.count(params or {}, organization)


def test_engagements_carry_their_approved_hours(org_a, manager_a, engagement, engagement_b):
    many_hours(engagement, 9, approved_by=manager_a)  # 3 approved, 1.5 h each
    headers, rows, count = _rows("engagements", org_a)
    assert headers == ["Volunteer", "Opportunity", "Status", "Started on", "Ended on", "Approved hours"]
    assert count == len(rows) == 1
    assert rows[0][2] == "Active" and float(rows[0][5]) == 4.5


def test_applications_of_one_opportunity(org_a, engagement, engagement_b):
    headers, rows, count = _rows("applications", org_a, {"opportunity": engagement.opportunity_id})
    row = dict(zip([column.key for column in APPLICATIONS.columns], rows[0], strict=True))
    assert count == 1 and row["status"] == "Accepted" and isinstance(row["applied_on"], dt.date)
    assert row["email"] == engagement.volunteer.user.email and row["phone"] == engagement.volunteer.phone


def test_sector_volunteers_have_no_names_emails_or_phones(volunteer):
    VolunteerProfileFactory(phone="0551234567", birth_date=dt.date(1990, 1, 1), gender="female")
    headers, rows, count = _rows("sector_volunteers")
    assert headers == ["Volunteering level", "City", "Region", "Fields", "Gender", "Age band"]
    assert count == len(rows) == 2
    text = repr(rows)
    assert volunteer.email not in text and volunteer.full_name not in text and "0551234567" not in text
    assert any(row[4] == "Female" for row in rows)


def test_age_bands():
    today = dt.date(2026, 6, 1)
    with translation.override("en"):
        assert age_band(dt.date(2010, 6, 2), today) == "Under 18"
        assert age_band(dt.date(2000, 6, 1), today) == "25–34"
        assert age_band(dt.date(1950, 1, 1), today) == "65 and over"
        assert age_band(None, today) == "Not given"


def test_organizations_in_both_languages(org_a, org_b):
    _headers, rows, count = _rows("organizations", language="en")
    assert count == 2 and {row[0] for row in rows} == {org_a.name_en, org_b.name_en}
    headers, rows, _count = _rows("organizations", language="ar")
    assert {row[0] for row in rows} == {org_a.name_ar, org_b.name_ar}
    assert headers[0] == "الاسم"
