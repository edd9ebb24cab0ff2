"""The API of applications: applying and withdrawing, the organization's board and decisions."""

import datetime as dt

from django.utils import timezone
import pytest

from khibra.api import services as api_services
from khibra.engagements.models import Engagement
from khibra.opportunities.models import Opportunity
from khibra.recruitment.models import Application, ApplicationStatus, Interview
from khibra.recruitment.services import applications as services
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import OpportunityFactory, VolunteerProfileFactory, published_opportunity

from .selection_fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    opportunity,
    other_applicant,
    other_application,
    question,
)

pytestmark = pytest.mark.django_db

MOTIVATION = "عملت عشر سنوات في تطوير المواقع وأرغب في خدمة الجمعية."


def apply_body(question=None, **overrides):
    body = {"motivation": MOTIVATION, "availability_confirmed": True, "answers": {}}
    if question is not None:
        body["answers"] = {str(question.pk): "بنيت منصة تبرعات بإطار جانغو."}
    body.update(overrides)
    return body


def apply_url(opportunity) -> str:
    return f"/opportunities/{opportunity.pk}/applications/"


def key_for(organization, by, *scopes):
    _key, secret = api_services.create_api_key(organization=organization, by=by, name="HR", scopes=list(scopes))
    return ApiClient(secret=secret)


# --- applying --------------------------------------------------------------------------------------


def test_a_volunteer_applies(opportunity, question, applicant):
    response = ApiClient(applicant.user, language="en").post(apply_url(opportunity), apply_body(question, ref=""))
    assert response.status_code == 201, response.content
    body = response.json()
    application = Application.objects.get(opportunity=opportunity, volunteer=applicant)
    assert body["id"] == application.pk and body["status"] == "applied"
    assert body["answers"] == [{"question_id": question.pk, "question": question.text, "answer": "بنيت منصة تبرعات بإطار جانغو."}]
    assert body["pass_reason"] is None and body["engagement_id"] is None
    assert body["actions"] == ["withdraw"]
    assert body["opportunity"]["organization"]["id"] == opportunity.organization_id


@pytest.mark.parametrize(
    "changes, field_name",
    [
        ({"motivation": ""}, "motivation"),
        ({"availability_confirmed": False}, "availability_confirmed"),
        ({"answers": {}}, "answers.{question}"),
        ({"motivation": "س" * 3001}, "motivation"),
        ({"answers": "nope"}, "answers"),
    ],
)
def test_bad_application_names_the_field_and_writes_nothing(opportunity, question, applicant, changes, field_name):
    response = ApiClient(applicant.user, language="en").post(apply_url(opportunity), apply_body(question, **changes))
    assert response.status_code == 400, response.content
    assert field_name.format(question=question.pk) in error_of(response)["fields"]
    assert not Application.objects.exists()


def test_a_too_long_answer_is_refused(opportunity, question, applicant):
    body = apply_body(question)
    body["answers"][str(question.pk)] = "س" * 2001
    response = ApiClient(applicant.user).post(apply_url(opportunity), body)
    assert response.status_code == 400 and f"answers.{question.pk}" in error_of(response)["fields"]
    assert not Application.objects.exists()


def test_blockers_are_told(opportunity, volunteer):
    # No charter accepted, no Arabic: the blockers, in words.
    response = ApiClient(volunteer, language="en").post(apply_url(opportunity), apply_body())
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "cannot_apply"
    assert any("charter" in message for message in error["fields"]["non_field_errors"])
    assert not Application.objects.exists()


def test_applying_twice_is_refused(application, opportunity, question, applicant):
    response = ApiClient(applicant.user).post(apply_url(opportunity), apply_body(question))
    assert response.status_code == 400 and error_of(response)["code"] == "cannot_apply"
    assert Application.objects.count() == 1


def test_apply_needs_a_profile_and_a_person(opportunity, plain_user, org_a, admin_a):
    response = ApiClient(plain_user).post(apply_url(opportunity), apply_body())
    assert response.status_code == 400 and error_of(response)["code"] == "profile_required"
    assert ApiClient().post(apply_url(opportunity), apply_body()).status_code == 401
    assert key_for(org_a, admin_a, "applications:write").post(apply_url(opportunity), apply_body()).status_code == 403
    assert not Application.objects.exists()


def test_a_draft_or_unknown_opportunity_is_not_found(org_b, applicant):
    draft = OpportunityFactory(organization=org_b)
    client = ApiClient(applicant.user)
    assert client.post(apply_url(draft), apply_body()).status_code == 404
    assert client.post("/opportunities/999999/applications/", apply_body()).status_code == 404
    assert not Application.objects.exists()


def test_staff_cannot_apply_to_their_own_organization(opportunity, admin_a):
    from khibra.testing.factories import ready_volunteer

    ready_volunteer(VolunteerProfileFactory(user=admin_a))
    response = ApiClient(admin_a).post(apply_url(opportunity), apply_body())
    assert response.status_code == 400 and error_of(response)["code"] == "cannot_apply"


# --- the volunteer's applications ------------------------------------------------------------------


def test_my_applications_are_mine_only(application, other_application, applicant):
    response = ApiClient(applicant.user).get("/me/applications/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1 and [row["id"] for row in body["results"]] == [application.pk]
    assert ApiClient(applicant.user).get("/me/applications/", {"status": "rejected"}).json()["count"] == 0
    assert ApiClient(applicant.user).get("/me/applications/", {"status": "applied"}).json()["count"] == 1


def test_my_applications_bad_filter_and_anonymous(applicant):
    response = ApiClient(applicant.user).get("/me/applications/", {"status": "nope"})
    assert response.status_code == 400 and "status" in error_of(response)["fields"]
    assert ApiClient().get("/me/applications/").status_code == 401


def test_the_volunteer_withdraws(application, applicant):
    response = ApiClient(applicant.user).post(f"/applications/{application.pk}/withdraw/", {"reason": "ظرف طارئ"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn" and response.json()["actions"] == []
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN and application.withdrawn_reason == "ظرف طارئ"
    again = ApiClient(applicant.user).post(f"/applications/{application.pk}/withdraw/")
    assert again.status_code == 400


def test_withdraw_bad_input_and_others(application, applicant, other_volunteer, manager_a):
    response = ApiClient(applicant.user).post(f"/applications/{application.pk}/withdraw/", {"reason": "س" * 501})
    assert response.status_code == 400 and "reason" in error_of(response)["fields"]
    assert ApiClient(other_volunteer).post(f"/applications/{application.pk}/withdraw/").status_code == 404
    assert ApiClient(manager_a).post(f"/applications/{application.pk}/withdraw/").status_code == 404
    assert ApiClient().post(f"/applications/{application.pk}/withdraw/").status_code == 401
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


# --- the organization's board ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("manager_a", 200), ("supervisor_a", 200), ("admin_b", 404), ("volunteer", 404)],
)
def test_board_list_access(request, application, opportunity, persona, status):
    response = ApiClient(request.getfixturevalue(persona)).get(apply_url(opportunity))
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert [row["id"] for row in body["results"]] == [application.pk]
        assert body["results"][0]["response_due_on"] is not None
        assert "accept" in body["results"][0]["actions"]


def test_board_list_filter_and_bad_input(application, other_application, opportunity, manager_a):
    services.move_to_screening(application=other_application, by=manager_a)
    client = ApiClient(manager_a)
    body = client.get(apply_url(opportunity), {"status": "screening"}).json()
    assert [row["id"] for row in body["results"]] == [other_application.pk]
    assert client.get(apply_url(opportunity), {"page_size": 1}).json()["pages"] == 2
    response = client.get(apply_url(opportunity), {"status": "bogus"})
    assert response.status_code == 400 and "status" in error_of(response)["fields"]
    assert ApiClient().get(apply_url(opportunity)).status_code == 401


@pytest.mark.parametrize(
    ("persona", "status", "internal"),
    [
        ("applicant", 200, False),
        ("supervisor_a", 200, True),
        ("manager_a", 200, True),
        ("admin_b", 404, None),
        ("other_volunteer", 404, None),
    ],
)
def test_one_application_access(request, application, manager_a, persona, status, internal):
    services.reject_application(application=application, by=manager_a, reason_code="skills", note="لا تناسب")
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    response = ApiClient(user).get(f"/applications/{application.pk}/")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["status"] == "rejected"
        # The reason for passing is internal to the organization.
        assert (body["pass_reason"] == "skills") is internal
        assert (body["pass_note"] == "لا تناسب") is internal


def test_one_application_anonymous_and_unknown(application, manager_a):
    assert ApiClient().get(f"/applications/{application.pk}/").status_code == 401
    assert ApiClient(manager_a).get("/applications/999999/").status_code == 404


# --- decisions -------------------------------------------------------------------------------------


def test_accept_starts_the_engagement(application, opportunity, manager_a):
    response = ApiClient(manager_a).post(f"/applications/{application.pk}/accept/")
    assert response.status_code == 200, response.content
    body = response.json()
    engagement = Engagement.objects.get(application=application)
    assert body["status"] == "accepted" and body["engagement_id"] == engagement.pk
    assert Opportunity.objects.get(pk=opportunity.pk).seats_filled == 1
    again = ApiClient(manager_a).post(f"/applications/{application.pk}/accept/")
    assert again.status_code == 400
    assert Opportunity.objects.get(pk=opportunity.pk).seats_filled == 1


def test_accept_when_seats_are_taken_changes_nothing(application, opportunity, manager_a):
    Opportunity.objects.filter(pk=opportunity.pk).update(seats_filled=opportunity.seats)
    response = ApiClient(manager_a).post(f"/applications/{application.pk}/accept/")
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("action", ["accept", "waitlist", "screen"])
@pytest.mark.parametrize(("persona", "status"), [("supervisor_a", 403), ("admin_b", 404), ("manager_b", 404), ("applicant", 404)])
def test_decisions_access(request, application, action, persona, status):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    assert ApiClient(user).post(f"/applications/{application.pk}/{action}/").status_code == status
    assert ApiClient().post(f"/applications/{application.pk}/{action}/").status_code == 401
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


def test_screen_then_waitlist(application, manager_a):
    client = ApiClient(manager_a)
    response = client.post(f"/applications/{application.pk}/screen/")
    assert response.status_code == 200 and response.json()["status"] == "screening"
    response = client.post(f"/applications/{application.pk}/waitlist/")
    assert response.status_code == 200 and response.json()["status"] == "waitlisted"
    # Screening only starts from "applied".
    response = client.post(f"/applications/{application.pk}/screen/")
    assert response.status_code == 400


def test_reject_with_a_reason(application, manager_a):
    response = ApiClient(manager_a).post(f"/applications/{application.pk}/reject/", {"reason_code": "experience", "note": "قليل"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "rejected" and body["pass_reason"] == "experience" and body["pass_note"] == "قليل"
    application.refresh_from_db()
    assert application.pass_reason == "experience"


@pytest.mark.parametrize(
    "body, field_name",
    [({}, "reason_code"), ({"reason_code": "rude"}, "reason_code"), ({"reason_code": "other", "note": "س" * 2001}, "note")],
)
def test_reject_bad_input(application, manager_a, body, field_name):
    response = ApiClient(manager_a).post(f"/applications/{application.pk}/reject/", body)
    assert response.status_code == 400 and field_name in error_of(response)["fields"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


def test_reject_access(application, supervisor_a, admin_b):
    body = {"reason_code": "other"}
    assert ApiClient(supervisor_a).post(f"/applications/{application.pk}/reject/", body).status_code == 403
    assert ApiClient(admin_b).post(f"/applications/{application.pk}/reject/", body).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


def test_schedule_an_interview(application, manager_a):
    day = timezone.localdate() + dt.timedelta(days=3)
    response = ApiClient(manager_a).post(
        f"/applications/{application.pk}/interview/",
        {"date": day.isoformat(), "time": "10:30", "mode": "online", "meeting_link": "https://meet.example.sa/abc"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "interview" and body["interview"]["mode"] == "online"
    assert body["interview"]["meeting_link"] == "https://meet.example.sa/abc"
    # The applicant sees their interview too.
    mine = ApiClient(application.volunteer.user).get(f"/applications/{application.pk}/").json()
    assert mine["interview"]["id"] == body["interview"]["id"]


@pytest.mark.parametrize(
    "changes, field_name",
    [
        ({"meeting_link": ""}, "meeting_link"),
        ({"meeting_link": "not a link"}, "meeting_link"),
        ({"mode": "carrier-pigeon"}, "mode"),
        ({"date": "soon"}, "date"),
        ({"date": "2000-01-01"}, "non_field_errors"),
    ],
)
def test_interview_bad_input(application, manager_a, changes, field_name):
    day = timezone.localdate() + dt.timedelta(days=3)
    body = {"date": day.isoformat(), "time": "10:30", "mode": "online", "meeting_link": "https://meet.example.sa/abc", **changes}
    response = ApiClient(manager_a, language="en").post(f"/applications/{application.pk}/interview/", body)
    assert response.status_code == 400, response.content
    assert field_name in error_of(response)["fields"]
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


# --- API keys --------------------------------------------------------------------------------------


def test_keys_read_and_decide_within_their_scopes(org_a, org_b, admin_a, admin_b, application, opportunity):
    reader = key_for(org_a, admin_a, "applications:read")
    assert reader.get(apply_url(opportunity)).json()["count"] == 1
    assert reader.get(f"/applications/{application.pk}/").status_code == 200
    assert reader.post(f"/applications/{application.pk}/waitlist/").status_code == 403
    writer = key_for(org_a, admin_a, "applications:write")
    assert writer.get(apply_url(opportunity)).status_code == 403
    assert writer.post(f"/applications/{application.pk}/waitlist/").status_code == 200
    other = key_for(org_b, admin_b, "applications:read", "applications:write")
    assert other.get(apply_url(opportunity)).status_code == 404
    assert other.get(f"/applications/{application.pk}/").status_code == 404
    assert other.post(f"/applications/{application.pk}/accept/").status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITLISTED


def test_a_draft_of_another_organization_has_no_board(org_b, manager_a):
    draft = published_opportunity(org_b, status="draft", published_at=None)
    assert ApiClient(manager_a).get(apply_url(draft)).status_code == 404


def test_a_malformed_share_code_is_refused(opportunity, question, applicant):
    response = ApiClient(applicant.user).post(apply_url(opportunity), apply_body(question, ref="bad code\x00"))
    assert response.status_code == 400 and "ref" in error_of(response)["fields"]
    assert not Application.objects.exists()


def test_the_share_code_is_recorded(opportunity, question, applicant, other_volunteer):
    from khibra.recruitment.services.plans import referral_link

    link = referral_link(opportunity=opportunity, volunteer=other_volunteer)
    response = ApiClient(applicant.user).post(apply_url(opportunity), apply_body(question, ref=link.code))
    assert response.status_code == 201, response.content
    assert Application.objects.get().source == link
