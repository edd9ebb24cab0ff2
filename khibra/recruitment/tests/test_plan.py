"""The recruitment plan (Table 6): the service's rules, the page's access matrix, share links."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
import pytest

from khibra.core.dates import from_hijri
from khibra.core.models import AuditEvent
from khibra.recruitment import selectors
from khibra.recruitment.models import RecruitmentPlan, ShareLink
from khibra.recruitment.services import plans
from khibra.testing.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def published_opportunity(*, organization, by):
    """An opportunity of `organization`, published through the services by `by`."""
    from khibra.opportunities import services

    opportunity = OpportunityFactory(organization=organization, created_by=by)
    services.choose_service_model(opportunity=opportunity, model="skills_based", reasoning="", by=by)
    return services.publish_opportunity(opportunity=opportunity, by=by)

PERSONAS = ["anonymous", "volunteer", "admin_a", "manager_a", "supervisor_a", "admin_b", "manager_b", "staff"]
OUTSIDERS = {"volunteer": 404, "admin_b": 404, "manager_b": 404, "staff": 404}
READ = {"anonymous": "login", **OUTSIDERS, "admin_a": 200, "manager_a": 200, "supervisor_a": 200}
CHANGE = {"anonymous": "login", **OUTSIDERS, "admin_a": 302, "manager_a": 302, "supervisor_a": 403}


@pytest.fixture
def opportunity(org_a, admin_a):
    return published_opportunity(organization=org_a, by=admin_a)


@pytest.fixture
def as_persona(client, request, org_a, org_b):
    def login(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


def check(response, expected) -> None:
    if expected == "login":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


def plan_data(**overrides) -> dict:
    data = {
        "target_group": "طلاب الدراسات العليا في التخصصات التقنية",
        "incentives": ["public_thanks", "credit"],
        "tools": ["professional_networks", "messaging_groups"],
        "best_time": "ساعات ما بعد الدوام من ٥م إلى ١١م",
        "message": "جمعيتنا بحاجة لك: ساهم معنا في برمجة موقع الجمعية لكفالة الأيتام.",
        "screening_on": "1448-02-15",
        "interviews_on": "1448-02-20",
    }
    data.update(overrides)
    return data


# --- services -------------------------------------------------------------------------------------


def test_it_saves_the_guides_example_and_creates_one_link_per_channel(opportunity, admin_a, manager_a):
    plan = plans.save_recruitment_plan(
        opportunity=opportunity,
        by=admin_a,
        target_group="الموظفون العاملون في الشركات التقنية",
        incentives=["public_thanks", "credit"],
        tools=["professional_networks", "company_programs", "professional_networks"],
        best_time="من 5م - 11م",
        message="جمعيتنا بحاجة لك",
        publisher=manager_a,
        assistant=admin_a,
        screening_on=dt.date(2026, 8, 1),
        interviews_on=dt.date(2026, 8, 5),
    )
    assert plan.tools == ["professional_networks", "company_programs"]
    assert set(ShareLink.objects.filter(opportunity=opportunity).values_list("channel", flat=True)) == {
        "professional_networks",
        "company_programs",
    }
    assert AuditEvent.objects.filter(verb="recruitment_plan.created", target_id=str(plan.pk)).exists()


def test_saving_again_updates_the_plan_and_keeps_the_links(opportunity, admin_a):
    plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, tools=["universities"])
    code = ShareLink.objects.get(opportunity=opportunity, channel="universities").code
    plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, tools=["universities", "media"])
    assert RecruitmentPlan.objects.filter(opportunity=opportunity).count() == 1
    assert ShareLink.objects.get(opportunity=opportunity, channel="universities").code == code
    assert ShareLink.objects.filter(opportunity=opportunity).count() == 2
    assert AuditEvent.objects.filter(verb="recruitment_plan.updated").exists()


@pytest.mark.parametrize("persona", ["supervisor_a", "admin_b", "volunteer"])
def test_only_admins_and_managers_save_a_plan(request, opportunity, persona):
    with pytest.raises(PermissionDenied):
        plans.save_recruitment_plan(opportunity=opportunity, by=request.getfixturevalue(persona), tools=["media"])
    assert not RecruitmentPlan.objects.exists()


@pytest.mark.parametrize(
    "values, field",
    [
        ({"incentives": ["money"]}, "incentives"),
        ({"tools": ["billboards"]}, "tools"),
        ({"screening_on": dt.date(2026, 9, 2), "interviews_on": dt.date(2026, 9, 1)}, "interviews_on"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_written(opportunity, admin_a, values, field):
    with pytest.raises(ValidationError) as error:
        plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, **values)
    assert field in error.value.message_dict
    assert not RecruitmentPlan.objects.exists()
    assert not ShareLink.objects.exists()


def test_the_people_in_charge_must_be_active_members(opportunity, admin_a, manager_a, admin_b, volunteer):
    with pytest.raises(ValidationError) as error:
        plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, publisher=admin_b, assistant=volunteer)
    assert set(error.value.message_dict) == {"publisher", "assistant"}
    with pytest.raises(ValidationError) as error:
        plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, publisher=manager_a, assistant=manager_a)
    assert "assistant" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, assistant=manager_a)
    assert "publisher" in error.value.message_dict


def test_the_errors_go_through_gettext(opportunity, admin_a):
    """In English the message reads as written; in Arabic it is looked up in the catalogue."""
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, tools=["billboards"])
    assert error.value.message_dict["tools"] == ["Choose recruitment channels from the list."]


def test_the_share_message_has_title_message_and_link(opportunity):
    text = selectors.share_message(opportunity=opportunity, message="سجل معنا", url="https://khibra.sa/r/abc/")
    assert opportunity.title in text and "سجل معنا" in text and text.endswith("https://khibra.sa/r/abc/")


# --- the page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_plan_page_is_for_the_organizations_members(as_persona, persona, org_a, opportunity):
    response = as_persona(persona).get(reverse("recruitment:plan", args=[org_a.slug, opportunity.pk]))
    check(response, READ[persona])
    if response.status_code == 200:
        page = response.content.decode()
        assert 'id="sources-report"' in page
        assert ('id="plan-form"' in page) == (persona in {"admin_a", "manager_a"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_admins_and_managers_change_the_plan(as_persona, persona, org_a, opportunity):
    response = as_persona(persona).post(reverse("recruitment:plan", args=[org_a.slug, opportunity.pk]), plan_data())
    check(response, CHANGE[persona])
    assert RecruitmentPlan.objects.exists() == (persona in {"admin_a", "manager_a"})


def test_the_page_shows_a_message_per_channel_with_hijri_dates_read(client, admin_a, org_a, opportunity):
    client.force_login(admin_a)
    url = reverse("recruitment:plan", args=[org_a.slug, opportunity.pk])
    response = client.post(url, plan_data())
    assert response.status_code == 302
    plan = RecruitmentPlan.objects.get(opportunity=opportunity)
    assert plan.screening_on == from_hijri(1448, 2, 15)
    assert plan.interviews_on > plan.screening_on
    page = client.get(url).content.decode()
    for channel in ("professional_networks", "messaging_groups"):
        assert f'id="share-{channel}"' in page
        code = ShareLink.objects.get(opportunity=opportunity, channel=channel).code
        assert f"/r/{code}/" in page
    assert 'id="plan-screening-on"' in page


def test_a_bad_form_shows_errors_and_writes_nothing(client, admin_a, org_a, opportunity):
    client.force_login(admin_a)
    url = reverse("recruitment:plan", args=[org_a.slug, opportunity.pk])
    response = client.post(url, plan_data(screening_on="1448-02-20", interviews_on="1448-02-15"))
    assert response.status_code == 400
    assert 'id="id_interviews_on_error"' in response.content.decode()
    response = client.post(url, plan_data(screening_on="1448-13-40"))
    assert response.status_code == 400
    assert not RecruitmentPlan.objects.exists()


def test_org_b_sees_nothing_of_org_as_plan(client, admin_b, org_a, opportunity, admin_a):
    plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, tools=["media"])
    client.force_login(admin_b)
    assert client.get(reverse("recruitment:plan", args=[org_a.slug, opportunity.pk])).status_code == 404
    other = published_opportunity(organization=admin_b.memberships.get().organization, by=admin_b)
    # Org A's slug with org B's opportunity, and the other way round: not found.
    assert client.get(reverse("recruitment:plan", args=[org_a.slug, other.pk])).status_code == 404


def test_the_opportunity_page_links_to_the_plan(client, admin_a, org_a):
    draft = OpportunityFactory(organization=org_a)
    client.force_login(admin_a)
    page = client.get(reverse("opportunities:detail", args=[org_a.slug, draft.pk])).content.decode()
    assert 'id="recruitment-plan-link"' in page
