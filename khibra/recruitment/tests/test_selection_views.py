"""The pages of selection: access matrix, the htmx branch, bad input, what each action writes.

Personas: anonymous, the volunteer, another volunteer, org A's admin, manager and supervisor,
org B's admin and manager, platform staff (the project conftest).
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
import pytest

from khibra.agreements import services as agreement_services
from khibra.core.dates import to_hijri
from khibra.engagements.models import Engagement
from khibra.opportunities.models import Opportunity
from khibra.recruitment.models import Application, Interview, ShareLink
from khibra.recruitment.services import applications as services

from .selection_fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    apply_to,
    make_applicant,
    opportunity,
    other_applicant,
    other_application,
    question,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_persona(client, request):
    def login(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def check(response, expected) -> None:
    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected, response.status_code


def board_url(opportunity) -> str:
    return reverse("recruitment:board", args=[opportunity.organization.slug, opportunity.pk])


def decide_url(application, action: str) -> str:
    return reverse("recruitment:decide", args=[application.opportunity.organization.slug, application.pk, action])


# --- applying ----------------------------------------------------------------------------------


def test_the_public_page_links_to_the_apply_page(client, opportunity):
    page = client.get(reverse("opportunities:public_detail", args=[opportunity.pk])).content.decode()
    assert 'id="apply-link"' in page and reverse("recruitment:apply", args=[opportunity.pk]) in page


def test_anonymous_visitors_log_in_to_apply(client, opportunity):
    assert is_login_redirect(client.get(reverse("recruitment:apply", args=[opportunity.pk])))


def test_a_volunteer_applies_with_the_form(client, applicant, opportunity, question):
    link = ShareLink.objects.create(opportunity=opportunity, channel="universities")
    client.force_login(applicant.user)
    url = reverse("recruitment:apply", args=[opportunity.pk])
    assert 'id="apply-form"' in client.get(url, {"ref": link.code}).content.decode()

    response = client.post(
        url,
        {"motivation": "أحب خدمة المجتمع بخبرتي.", f"answer_{question.pk}": "منصة تبرعات", "availability_confirmed": "on", "ref": link.code},
    )

    assert response.status_code == 302 and response["Location"] == reverse("recruitment:my_applications")
    application = Application.objects.get()
    assert application.volunteer == applicant and application.source == link
    assert application.answers == {str(question.pk): "منصة تبرعات"}


def test_bad_input_is_refused_with_translated_errors_and_nothing_written(client, applicant, opportunity, question):
    client.force_login(applicant.user)
    response = client.post(reverse("recruitment:apply", args=[opportunity.pk]), {"motivation": ""})

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_motivation_error"' in page and f'id="id_answer_{question.pk}_error"' in page
    assert 'id="id_availability_confirmed_error"' in page
    with translation.override("ar"):  # the page's language: the message goes through gettext
        assert gettext("Confirm that you can give the hours and dates this opportunity asks for.") in page
    assert not Application.objects.exists()


def test_what_blocks_a_volunteer_is_shown_before_the_form(client, volunteer, opportunity):
    client.force_login(volunteer)  # no charter, no Arabic on the profile
    page = client.get(reverse("recruitment:apply", args=[opportunity.pk])).content.decode()
    assert 'id="apply-blockers"' in page and 'id="apply-form"' not in page
    assert client.post(reverse("recruitment:apply", args=[opportunity.pk]), {"motivation": "x", "availability_confirmed": "on"}).status_code == 400
    assert not Application.objects.exists()


def test_a_user_without_a_volunteer_profile_is_sent_to_create_one(client, plain_user, opportunity):
    client.force_login(plain_user)
    page = client.get(reverse("recruitment:apply", args=[opportunity.pk])).content.decode()
    assert 'id="profile-needed"' in page and 'id="apply-form"' not in page


def test_a_draft_opportunity_has_no_apply_page(client, applicant, opportunity):
    Opportunity.objects.filter(pk=opportunity.pk).update(status=Opportunity.Status.DRAFT)
    client.force_login(applicant.user)
    assert client.get(reverse("recruitment:apply", args=[opportunity.pk])).status_code == 404


# --- the volunteer's applications ------------------------------------------------------------------


def test_a_volunteer_sees_their_applications_and_interview(client, application, manager_a, applicant):
    when = timezone.now() + dt.timedelta(days=4)
    services.schedule_interview(application=application, scheduled_at=when, mode="in_person", location="مقر الجمعية بجدة", by=manager_a)
    client.force_login(applicant.user)

    page = client.get(reverse("recruitment:my_applications")).content.decode()

    assert 'id="my-applications"' in page and f'id="my-application-{application.pk}"' in page
    assert f'id="interview-{application.pk}"' in page and "مقر الجمعية بجدة" in page
    assert f'id="withdraw-{application.pk}"' in page


def test_another_volunteer_sees_nothing_of_it(client, application, other_applicant):
    client.force_login(other_applicant.user)
    page = client.get(reverse("recruitment:my_applications")).content.decode()
    assert f'id="my-application-{application.pk}"' not in page and 'id="no-applications"' in page

    response = client.post(reverse("recruitment:withdraw", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.APPLIED


def test_the_page_is_for_volunteers(client, admin_b):
    client.force_login(admin_b)
    assert client.get(reverse("recruitment:my_applications")).status_code == 404
    assert client.get(reverse("engagements:mine")).status_code == 404


def test_a_volunteer_withdraws(client, application, applicant):
    client.force_login(applicant.user)
    response = client.post(reverse("recruitment:withdraw", args=[application.pk]), {"reason": "سفر"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN and application.withdrawn_reason == "سفر"


def test_the_rejection_reason_never_reaches_the_volunteers_page(client, application, manager_a, applicant):
    services.reject_application(application=application, by=manager_a, reason_code="experience", note="ملاحظة داخلية سرية")
    client.force_login(applicant.user)
    page = client.get(reverse("recruitment:my_applications")).content.decode()
    assert "ملاحظة داخلية سرية" not in page and "experience" not in page and "pass-reason" not in page


# --- the selection board ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("anonymous", "login"),
        ("volunteer", 404),
        ("other_volunteer", 404),
        ("admin_a", 200),
        ("manager_a", 200),
        ("supervisor_a", 200),
        ("admin_b", 404),
        ("manager_b", 404),
        ("staff", 404),
    ],
)
def test_the_board_is_for_the_organization(as_persona, persona, expected, application):
    response = as_persona(persona).get(board_url(application.opportunity))
    check(response, expected)
    page = response.content.decode()
    if expected == 200:
        assert 'id="selection-board"' in page and f'id="application-{application.pk}"' in page
        assert ('id="accept-' in page) == (persona != "supervisor_a")
    else:
        assert application.volunteer.user.full_name not in page or persona in ("volunteer",)


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("anonymous", "login"),
        ("volunteer", 404),
        ("supervisor_a", 403),
        ("admin_b", 404),
        ("manager_b", 404),
        ("staff", 404),
        ("admin_a", 302),
        ("manager_a", 302),
    ],
)
def test_only_admins_and_managers_decide(as_persona, persona, expected, application):
    response = as_persona(persona).post(decide_url(application, "waitlist"))
    check(response, expected)
    application.refresh_from_db()
    assert (application.status == Application.Status.WAITLISTED) == (expected == 302)


def test_the_board_shows_sections_with_counts_and_the_applicants_facts(client, manager_a, application, other_application, question):
    services.move_to_screening(application=other_application, by=manager_a)
    client.force_login(manager_a)
    page = client.get(board_url(application.opportunity)).content.decode()
    assert 'id="count-applied">(1)' in page and 'id="count-screening">(1)' in page
    assert f'id="experience-{application.pk}"' in page and f'id="source-{application.pk}"' in page
    assert "منصة تبرعات" in page or "جانغو" in page  # the screening answer


def test_a_manager_accepts_with_htmx_and_gets_the_board_fragment(client, manager_a, application):
    client.force_login(manager_a)
    response = client.post(decide_url(application, "accept"), **HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and page.lstrip().startswith('<div id="board-content"')
    assert 'id="count-accepted">(1)' in page
    assert Engagement.objects.filter(application=application).exists()


def test_the_board_fragment_counts_the_seat_the_accept_just_took(client, manager_a, application, opportunity):
    client.force_login(manager_a)
    page = client.post(decide_url(application, "accept"), **HTMX).content.decode()
    assert f'data-seats-left="{opportunity.seats - 1}"' in page


def test_a_full_opportunity_refuses_the_accept_with_a_message(client, manager_a, application, opportunity):
    Opportunity.objects.filter(pk=opportunity.pk).update(seats_filled=opportunity.seats)
    client.force_login(manager_a)

    response = client.post(decide_url(application, "accept"), **HTMX)

    assert response.status_code == 400 and f'id="card-error-{application.pk}"' in response.content.decode()  # at the card acted on
    application.refresh_from_db()
    assert application.status == Application.Status.APPLIED and not Engagement.objects.exists()


def test_an_interview_is_scheduled_with_a_hijri_date(client, manager_a, application):
    day = timezone.localdate() + dt.timedelta(days=10)
    hijri = to_hijri(day)
    client.force_login(manager_a)

    response = client.post(
        decide_url(application, "interview"),
        {"date": hijri.isoformat(), "time": "18:00", "mode": "online", "meeting_link": "https://meet.example.sa/khibra"},
    )

    assert response.status_code == 302
    interview = Interview.objects.get()
    assert timezone.localtime(interview.scheduled_at).date() == day
    assert timezone.localtime(interview.scheduled_at).time() == dt.time(18, 0)


@pytest.mark.parametrize(
    "data",
    [
        {"date": "1447-13-40", "time": "18:00", "mode": "online", "meeting_link": "https://x.sa"},
        {"date": "2099-01-01", "time": "18:00", "mode": "online", "meeting_link": ""},
        {"date": "2099-01-01", "time": "", "mode": "in_person", "location": "جدة"},
    ],
)
def test_a_bad_interview_writes_nothing(client, manager_a, application, data):
    client.force_login(manager_a)
    response = client.post(decide_url(application, "interview"), data, **HTMX)
    assert response.status_code == 400 and f'id="card-error-{application.pk}"' in response.content.decode()  # at the card acted on
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.APPLIED


def test_passing_needs_a_reason(client, manager_a, application):
    client.force_login(manager_a)
    response = client.post(decide_url(application, "reject"), {"reason_code": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPLIED

    client.post(decide_url(application, "reject"), {"reason_code": "skills", "note": "لا تناسب"})
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED and application.pass_reason == "skills"


def test_an_unknown_action_does_not_exist(client, manager_a, application):
    client.force_login(manager_a)
    assert client.post(decide_url(application, "promote")).status_code == 404


def test_the_board_does_not_grow_queries_with_applicants(client, manager_a, opportunity, question, django_assert_num_queries):
    Opportunity.objects.filter(pk=opportunity.pk).update(seats=50)
    for _ in range(2):
        apply_to(opportunity, make_applicant())
    client.force_login(manager_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(board_url(opportunity))
    for _ in range(6):
        apply_to(opportunity, make_applicant())
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(board_url(opportunity))


def test_the_opportunity_page_links_to_the_board(client, supervisor_a, opportunity):
    client.force_login(supervisor_a)
    page = client.get(reverse("opportunities:detail", args=[opportunity.organization.slug, opportunity.pk])).content.decode()
    assert 'id="board-link"' in page and board_url(opportunity) in page


# --- engagements and the agreement -------------------------------------------------------------------


def test_the_accepted_volunteer_finds_the_agreement_to_accept(client, manager_a, application, opportunity, applicant):
    from khibra.accounts.services import accept_policy

    agreement = agreement_services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)
    engagement = services.accept_application(application=application, by=manager_a)
    accept_policy(user=applicant.user, kind="charter")
    client.force_login(applicant.user)

    page = client.get(reverse("engagements:mine")).content.decode()
    assert 'id="my-engagements"' in page and f'id="agreement-link-{engagement.pk}"' in page
    assert reverse("agreements:detail", args=[agreement.pk]) in page

    response = client.post(reverse("agreements:accept", args=[agreement.pk]))
    assert response.status_code == 302
    page = client.get(reverse("engagements:mine")).content.decode()
    assert f'id="agreement-accepted-{engagement.pk}"' in page


def test_another_volunteer_cannot_accept_that_agreement(client, manager_a, application, opportunity, other_applicant):
    agreement = agreement_services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)
    services.accept_application(application=application, by=manager_a)
    client.force_login(other_applicant.user)
    assert client.post(reverse("agreements:accept", args=[agreement.pk])).status_code == 403
    assert 'id="no-engagements"' in client.get(reverse("engagements:mine")).content.decode()


# --- responsiveness on the organization's pages ------------------------------------------------------


def test_the_organization_page_shows_its_responsiveness(client, manager_a, application, org_a):
    services.move_to_screening(application=application, by=manager_a)
    page = client.get(reverse("organizations:detail", args=[org_a.slug])).content.decode()
    assert 'id="organization-responsiveness"' in page and 'data-rate="100"' in page
    client.force_login(manager_a)
    page = client.get(reverse("opportunities:list", args=[org_a.slug])).content.decode()
    assert 'id="organization-responsiveness"' in page


def test_no_figures_before_the_first_application(client, org_b):
    page = client.get(reverse("organizations:detail", args=[org_b.slug])).content.decode()
    assert 'id="organization-responsiveness"' not in page
