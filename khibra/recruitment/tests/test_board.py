"""The selection board for deciding: columns with only the stages that have somebody, the fit and
facts on each card, filter and sort, compare, bulk decisions (all or nothing, audited, told),
the seats and the agreement step after accepting, the export's fields, and org A's board closed
to org B — every path as a plain form (no JavaScript) and the htmx branch."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent, Notification
from khibra.engagements.models import Engagement
from khibra.recruitment import hooks, selectors
from khibra.recruitment.models import Application
from khibra.recruitment.services import applications as services
from khibra.recruitment.services.bulk import bulk_decide
from khibra.reference.models import City
from khibra.testing.factories import published_opportunity

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


def board_url(opportunity) -> str:
    return reverse("recruitment:board", args=[opportunity.organization.slug, opportunity.pk])


def bulk_url(opportunity) -> str:
    return reverse("recruitment:bulk", args=[opportunity.organization.slug, opportunity.pk])


def compare_url(opportunity) -> str:
    return reverse("recruitment:compare", args=[opportunity.organization.slug, opportunity.pk])


@pytest.fixture
def third_application(opportunity, question):
    return apply_to(opportunity, make_applicant(years_of_experience=12))


# --- what the board shows ------------------------------------------------------------------------


def test_empty_stages_collapse_into_one_line(client, manager_a, application):
    client.force_login(manager_a)
    page = client.get(board_url(application.opportunity)).content.decode()
    assert 'id="section-applied"' in page and 'id="section-screening"' not in page
    assert 'id="empty-stages"' in page and 'id="empty-screening"' in page and 'id="empty-applied"' not in page
    assert "Nobody here" not in page


def test_each_card_shows_the_fit_profession_years_and_city(client, manager_a, application):
    client.force_login(manager_a)
    page = client.get(board_url(application.opportunity)).content.decode()
    assert f'id="fit-{application.pk}"' in page and "/100" in page
    assert f'id="experience-{application.pk}"' in page
    volunteer = application.volunteer
    if volunteer.city_id:
        assert f'id="city-{application.pk}"' in page
    if volunteer.profession_id:
        assert f'id="profession-{application.pk}"' in page


def test_the_fit_comes_from_matching_through_the_hook(application):
    fits = hooks.applicant_fits.first(application.opportunity, [application.volunteer_id])
    assert set(fits) == {application.volunteer_id} and 0 <= fits[application.volunteer_id] <= 100
    board = selectors.board(application.opportunity)
    assert board["applications"][0].fit == fits[application.volunteer_id]


def test_the_board_filters_by_stage_city_and_least_fit(client, manager_a, application, other_application):
    services.move_to_screening(application=other_application, by=manager_a)
    client.force_login(manager_a)
    page = client.get(board_url(application.opportunity), {"stage": "screening"}).content.decode()
    assert f'id="application-{other_application.pk}"' in page and f'id="application-{application.pk}"' not in page
    assert 'id="board-filtered"' in page

    city = City.objects.exclude(pk=application.volunteer.city_id).first()
    type(application.volunteer).objects.filter(pk=application.volunteer_id).update(city=city)
    page = client.get(board_url(application.opportunity), {"city": city.pk}).content.decode()
    assert f'id="application-{application.pk}"' in page and f'id="application-{other_application.pk}"' not in page

    page = client.get(board_url(application.opportunity), {"min_score": "101"})
    assert page.status_code == 400 and 'id="id_min_score_error"' in page.content.decode()
    page = client.get(board_url(application.opportunity), {"min_score": "١٠٠"}).content.decode()  # Arabic-Indic digits
    assert 'id="board-nobody"' in page or 'data-fit="100"' in page


def test_the_board_sorts_by_years(client, manager_a, application, other_application, third_application):
    client.force_login(manager_a)
    page = client.get(board_url(application.opportunity), {"sort": "years"}).content.decode()
    assert page.index(f'id="application-{third_application.pk}"') < page.index(f'id="application-{application.pk}"')


def test_an_unknown_filter_value_is_refused_at_its_box(client, manager_a, application):
    client.force_login(manager_a)
    response = client.get(board_url(application.opportunity), {"stage": "nonsense"})
    assert response.status_code == 400 and 'id="id_stage_error"' in response.content.decode()


# --- compare ---------------------------------------------------------------------------------------


def test_a_manager_compares_two_or_three_side_by_side(client, manager_a, application, other_application, third_application):
    client.force_login(manager_a)
    ids = [application.pk, other_application.pk, third_application.pk]
    response = client.post(compare_url(application.opportunity), {"ids": ids, "action": ""})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="compare-table"' in page
    assert all(f'id="compare-{pk}"' in page for pk in ids)
    assert client.get(compare_url(application.opportunity), {"ids": ids[:2]}).status_code == 200  # a link works too


def test_comparing_one_is_refused_with_a_message(client, manager_a, application):
    client.force_login(manager_a)
    response = client.get(compare_url(application.opportunity), {"ids": [application.pk]})
    assert response.status_code == 302 and response["Location"] == board_url(application.opportunity)


def test_org_b_cannot_compare_or_slip_org_a_applicants_into_its_board(client, manager_b, org_b, application, other_application):
    client.force_login(manager_b)
    assert client.get(compare_url(application.opportunity), {"ids": [application.pk, other_application.pk]}).status_code == 404
    own = published_opportunity(org_b)
    response = client.get(compare_url(own), {"ids": [application.pk, other_application.pk]})
    assert response.status_code == 404


# --- bulk decisions --------------------------------------------------------------------------------


def test_a_manager_moves_several_at_once_without_javascript(client, manager_a, application, other_application):
    client.force_login(manager_a)
    response = client.post(
        bulk_url(application.opportunity), {"ids": [application.pk, other_application.pk], "action": "screening", "note": "ملف قوي"}
    )
    assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {"screening"}
    rows = AuditEvent.objects.filter(verb="application.screening")
    assert rows.count() == 2 and all(row.data.get("note") == "ملف قوي" for row in rows)


def test_a_bulk_rejection_needs_a_reason_and_tells_each_applicant(client, manager_a, application, other_application):
    client.force_login(manager_a)
    ids = [application.pk, other_application.pk]
    response = client.post(bulk_url(application.opportunity), {"ids": ids, "action": "reject"})
    assert response.status_code == 400 and 'id="id_reason_code_error"' in response.content.decode()
    assert not Application.objects.filter(status="rejected").exists()

    response = client.post(bulk_url(application.opportunity), {"ids": ids, "action": "reject", "reason_code": "skills"})
    assert response.status_code == 302
    assert Application.objects.filter(status="rejected", pass_reason="skills").count() == 2
    assert Notification.objects.filter(kind="application.rejected").count() == 2
    assert AuditEvent.objects.filter(verb="application.rejected").count() == 2


def test_a_bulk_batch_is_all_or_nothing(manager_a, opportunity, question, application, other_application, third_application):
    """Two seats, three accepted at once: the third is refused, and nobody is accepted."""
    with pytest.raises(ValidationError) as refused:
        bulk_decide(
            opportunity=opportunity, application_ids=[application.pk, other_application.pk, third_application.pk],
            action="accept", by=manager_a,
        )
    assert refused.value.code == "no_seats"
    assert not Application.objects.filter(status="accepted").exists()
    assert not Engagement.objects.exists()
    opportunity.refresh_from_db()
    assert opportunity.seats_filled == 0


def test_org_b_cannot_move_org_a_applicants_in_bulk(client, manager_b, org_b, application):
    client.force_login(manager_b)
    assert client.post(bulk_url(application.opportunity), {"ids": [application.pk], "action": "screening"}).status_code == 404
    own = published_opportunity(org_b)
    response = client.post(bulk_url(own), {"ids": [application.pk], "action": "screening"})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "applied"
    with pytest.raises(PermissionDenied):
        bulk_decide(opportunity=application.opportunity, application_ids=[application.pk], action="screening", by=manager_b)


def test_the_supervisor_reads_but_cannot_decide_in_bulk(client, supervisor_a, application):
    client.force_login(supervisor_a)
    assert 'id="bulk-form"' not in client.get(board_url(application.opportunity)).content.decode()
    assert client.post(bulk_url(application.opportunity), {"ids": [application.pk], "action": "screening"}).status_code == 403


def test_bulk_with_htmx_answers_with_the_board_content(client, manager_a, application):
    client.force_login(manager_a)
    response = client.post(bulk_url(application.opportunity), {"ids": [application.pk], "action": "waitlist"}, **HTMX)
    assert response.status_code == 302  # done: the board again (htmx follows the redirect)
    response = client.post(bulk_url(application.opportunity), {"ids": [], "action": "waitlist"}, **HTMX)
    assert response.status_code == 400 and response.content.decode().lstrip().startswith('<div id="board-content"')


# --- seats and the agreement step -------------------------------------------------------------------


def test_after_accepting_the_board_counts_the_seat_and_shows_the_agreement_step(client, manager_a, application):
    client.force_login(manager_a)
    client.post(reverse("recruitment:decide", args=[application.opportunity.organization.slug, application.pk, "accept"]))
    page = client.get(board_url(application.opportunity)).content.decode()
    assert 'data-seats-left="1"' in page  # two seats, one taken
    assert f'id="agreement-step-{application.pk}"' in page and 'data-open="0"' in page


def test_when_every_seat_is_taken_the_board_says_so(client, manager_a, org_a, question, applicant):
    opportunity = published_opportunity(org_a, seats=1)
    application = apply_to(opportunity, applicant)
    services.accept_application(application=application, by=manager_a)
    client.force_login(manager_a)
    page = client.get(board_url(opportunity)).content.decode()
    assert 'data-seats-left="0"' in page and "1 seat left of 1" not in page


# --- the export ---------------------------------------------------------------------------------------


def test_the_export_carries_contact_and_application_fields(client, manager_a, application, question):
    from khibra.exports.kinds import APPLICATIONS

    keys = [column.key for column in APPLICATIONS.columns]
    for key in ("email", "phone", "profession", "years", "city", "motivation", "answers"):
        assert key in keys
    rows = list(APPLICATIONS.iter_rows(application.opportunity.organization, {"opportunity": application.opportunity.pk}))
    row = dict(zip(keys, rows[0], strict=True))
    assert row["email"] == application.volunteer.user.email
    assert row["motivation"] == application.motivation
    assert question.text in row["answers"] and "منصة تبرعات" in row["answers"] or "جانغو" in row["answers"]


def test_org_b_cannot_export_org_a_applications(manager_b, org_a, application):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from khibra.exports.kinds import APPLICATIONS

    with pytest.raises((Http404, PermissionDenied)):
        APPLICATIONS.check(manager_b, org_a)
    assert list(APPLICATIONS.iter_rows(manager_b.memberships.first().organization, {})) == []


# --- .ics -----------------------------------------------------------------------------------------------


def test_the_interview_is_downloadable_for_a_calendar(client, manager_a, application, applicant, supervisor_a, manager_b):
    import datetime as dt

    from django.utils import timezone

    interview = services.schedule_interview(
        application=application, scheduled_at=timezone.now() + dt.timedelta(days=3), mode="in_person", location="جدة, حي الروضة; الدور 2", by=manager_a
    )
    url = reverse("recruitment:interview_ics", args=[interview.pk])
    for user in (applicant.user, manager_a, supervisor_a):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        text = response.content.decode()
        assert f"UID:interview-{application.pk}@" in text and "TZID=Asia/Riyadh" in text
        assert "جدة\\, حي الروضة\\; الدور 2" in text.replace("\r\n ", "")
    client.force_login(manager_b)
    assert client.get(url).status_code == 404
    from khibra.core.models import OutboundEmail

    email = OutboundEmail.objects.filter(to=applicant.user.email).latest("pk")
    assert email.attachments and email.attachments[0]["type"] == "text/calendar"
