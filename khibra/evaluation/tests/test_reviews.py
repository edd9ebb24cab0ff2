"""Two-way reviews, the anonymity threshold, and misconduct reports to platform staff."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
import pytest

from khibra.evaluation import services
from khibra.evaluation.models import MisconductReport, OrganizationReview, VolunteerReview
from khibra.evaluation.selectors import organization_rating, volunteer_rating

from .conftest import engagement_of

pytestmark = pytest.mark.django_db

VOLUNTEER_RATINGS = {"quality": "5", "timeliness": "4", "communication": "3", "note": "عمل متقن."}
ORGANIZATION_RATINGS = {"scope_clarity": "4", "support": "5", "responsiveness": "3"}


def test_the_organization_rates_the_volunteer_once_and_matching_reads_it(client, engagement, manager_a, volunteer):
    client.force_login(manager_a)
    url = reverse("evaluation:review_volunteer", args=[engagement.pk])
    assert b'id="volunteer-review-form"' in client.get(url).content
    assert client.post(url, VOLUNTEER_RATINGS).status_code == 302
    assert volunteer_rating(volunteer.volunteer_profile) == {"average": 4.0, "count": 1}
    with pytest.raises(ValidationError):
        services.review_volunteer(engagement=engagement, by=manager_a, quality=1, timeliness=1, communication=1)
    assert VolunteerReview.objects.count() == 1


def test_an_active_engagement_cannot_be_reviewed(client, opportunity, manager_a):
    active = engagement_of(opportunity, status="active")
    client.force_login(manager_a)
    response = client.post(reverse("evaluation:review_volunteer", args=[active.pk]), VOLUNTEER_RATINGS)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not VolunteerReview.objects.exists()


@pytest.mark.parametrize(("persona", "code"), [("supervisor_a", 403), ("manager_b", 404), ("volunteer", 404)])
def test_only_the_organizations_managers_rate_its_volunteers(client, engagement, persona, code, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("evaluation:review_volunteer", args=[engagement.pk]), VOLUNTEER_RATINGS).status_code == code
    assert not VolunteerReview.objects.exists()


def test_the_volunteer_rates_the_organization_once(client, engagement, volunteer):
    client.force_login(volunteer)
    url = reverse("evaluation:review_organization", args=[engagement.pk])
    assert b'id="organization-review-form"' in client.get(url).content
    assert client.post(url, ORGANIZATION_RATINGS).status_code == 302
    assert client.post(url, ORGANIZATION_RATINGS).status_code == 400
    assert OrganizationReview.objects.count() == 1


@pytest.mark.parametrize("persona", ["other_volunteer", "manager_a"])
def test_nobody_else_rates_the_organization_for_the_volunteer(client, engagement, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("evaluation:review_organization", args=[engagement.pk]), ORGANIZATION_RATINGS).status_code == 404
    assert not OrganizationReview.objects.exists()


def test_a_bad_rating_is_refused_and_nothing_is_written(client, engagement, volunteer):
    client.force_login(volunteer)
    response = client.post(reverse("evaluation:review_organization", args=[engagement.pk]), {**ORGANIZATION_RATINGS, "support": "0"})
    assert response.status_code == 400
    assert "support" in response.context["form"].errors
    assert not OrganizationReview.objects.exists()


@override_settings(MIN_REVIEWS_TO_SHOW=3)
def test_organization_ratings_show_only_from_the_threshold(client, opportunity, org_a):
    page = reverse("organizations:detail", args=[org_a.slug])
    for index in range(3):
        engagement = engagement_of(opportunity)
        assert organization_rating(org_a) is None
        assert b'id="organization-rating"' not in client.get(page).content
        services.review_organization(engagement=engagement, by=engagement.volunteer.user, scope_clarity=4, support=5 - index, responsiveness=3)
    assert organization_rating(org_a) == {"count": 3, "scope_clarity": 4.0, "support": 4.0, "responsiveness": 3.0}
    assert b'id="organization-rating"' in client.get(page).content


def test_anyone_logged_in_reports_an_organization_and_staff_review_it(client, org_a, plain_user, staff):
    client.force_login(plain_user)
    url = reverse("evaluation:report_organization", args=[org_a.slug])
    assert b'id="report-form"' in client.get(url).content
    assert client.post(url, {"reason": "dishonesty", "details": "طلبوا مالًا مقابل التطوع."}).status_code == 302
    report = MisconductReport.objects.get()
    assert (report.organization, report.reporter, report.status) == (org_a, plain_user, "open")
    assert client.get(reverse("evaluation:report_queue")).status_code == 404
    client.force_login(staff)
    assert b'id="report-queue"' in client.get(reverse("evaluation:report_queue")).content
    client.post(reverse("evaluation:report_close", args=[report.pk]), {"resolution": "تواصلنا مع الجمعية."})
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == ("closed", staff)


def test_a_report_without_details_is_refused(client, org_a, plain_user):
    client.force_login(plain_user)
    response = client.post(reverse("evaluation:report_organization", args=[org_a.slug]), {"reason": "other", "details": ""})
    assert response.status_code == 400
    assert "details" in response.context["form"].errors
    assert not MisconductReport.objects.exists()


def test_the_organization_reports_its_volunteer_but_strangers_cannot(client, engagement, manager_a, manager_b, volunteer):
    url = reverse("evaluation:report_volunteer", args=[volunteer.volunteer_profile.pk])
    client.force_login(manager_b)
    assert client.post(url, {"reason": "no_show", "details": "لم يحضر."}).status_code == 404
    client.force_login(manager_a)
    assert client.post(url, {"reason": "no_show", "details": "غاب عن ثلاثة اجتماعات."}).status_code == 302
    assert MisconductReport.objects.get().volunteer == volunteer.volunteer_profile


def test_a_report_names_exactly_one_subject(org_a, plain_user, volunteer):
    with pytest.raises(ValidationError):
        services.report_misconduct(by=plain_user, reason="other", details="تفاصيل", volunteer=volunteer.volunteer_profile, organization=org_a)
    with pytest.raises(PermissionDenied):
        services.close_report(report=services.report_misconduct(by=plain_user, reason="other", details="تفاصيل", organization=org_a),
                              by=plain_user, resolution="")
