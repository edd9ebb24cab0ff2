"""The access matrix of every page, what each action writes, and the guide's example end to end.

Personas: anonymous, a volunteer, org A's admin, manager and supervisor, org B's admin and
manager, platform staff. Management pages: outsiders get 404, supervisors read (403 on changes).
"""

import datetime as dt
import re

from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent
from khibra.opportunities import services
from khibra.opportunities.models import Opportunity, OpportunityTemplate
from khibra.organizations.models import Organization
from khibra.testing.factories import MembershipFactory, OpportunityFactory, field

from .conftest import make_ready

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "volunteer", "admin_a", "manager_a", "supervisor_a", "admin_b", "manager_b", "staff"]
OUTSIDERS = {"volunteer": 404, "admin_b": 404, "manager_b": 404, "staff": 404}
READ = {"anonymous": "login", **OUTSIDERS, "admin_a": 200, "manager_a": 200, "supervisor_a": 200}
CHANGE = {"anonymous": "login", **OUTSIDERS, "admin_a": 200, "manager_a": 200, "supervisor_a": 403}


@pytest.fixture
def as_persona(client, request, org_a, org_b):
    request.getfixturevalue("admin_a")
    request.getfixturevalue("admin_b")

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


def content(response) -> str:
    return response.content.decode()


# --- access matrix -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_is_for_the_organizations_members(as_persona, persona, org_a, draft):
    response = as_persona(persona).get(reverse("opportunities:list", args=[org_a.slug]))
    check(response, READ[persona])
    if response.status_code == 200:
        assert f'id="opportunity-{draft.pk}"' in content(response)
        assert ('id="new-opportunity"' in content(response)) == (persona in {"admin_a", "manager_a"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_detail_page_is_for_the_organizations_members(as_persona, persona, org_a, draft):
    response = as_persona(persona).get(reverse("opportunities:detail", args=[org_a.slug, draft.pk]))
    check(response, READ[persona])
    if response.status_code == 200:
        page = content(response)
        assert 'id="opportunity-status"' in page
        assert 'id="publish-checklist"' in page
        assert ('id="opportunity-actions"' in page) == (persona in {"admin_a", "manager_a"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_templates_library_is_for_members(as_persona, persona, org_a):
    response = as_persona(persona).get(reverse("opportunities:templates", args=[org_a.slug]))
    check(response, READ[persona])
    if response.status_code == 200:
        assert 'id="template-library"' in content(response)
        assert 'id="template-python-website-developer"' in content(response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_template_preview_is_for_members(as_persona, persona, org_a):
    response = as_persona(persona).get(reverse("opportunities:template_detail", args=[org_a.slug, "strategic-plan"]))
    check(response, READ[persona])
    if response.status_code == 200:
        assert ('id="use-template-form"' in content(response)) == (persona in {"admin_a", "manager_a"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_service_model_page_is_read_by_members(as_persona, persona, org_a, draft):
    response = as_persona(persona).get(reverse("opportunities:service_model", args=[org_a.slug, draft.pk]))
    check(response, READ[persona])
    if response.status_code == 200:
        page = content(response)
        assert 'id="recommendations"' in page
        assert ('id="service-model-form"' in page) == (persona in {"admin_a", "manager_a"})


@pytest.mark.parametrize(
    "name, args",
    [
        ("opportunities:create", lambda o: [o.organization.slug]),
        ("opportunities:edit", lambda o: [o.organization.slug, o.pk]),
        ("opportunities:publish", lambda o: [o.organization.slug, o.pk]),
    ],
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pages_that_change_things_are_for_admins_and_managers(as_persona, persona, draft, name, args):
    response = as_persona(persona).get(reverse(name, args=args(draft)))
    check(response, CHANGE[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_making_a_draft_from_a_need_is_for_admins_and_managers(as_persona, persona, org_a, need):
    client = as_persona(persona)
    url = reverse("opportunities:from_need", args=[org_a.slug, need.pk])
    check(client.get(url), CHANGE[persona])
    response = client.post(url)
    expected = CHANGE[persona]
    check(response, 302 if expected == 200 else expected)
    assert Opportunity.objects.filter(need=need).exists() == (expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_using_a_template_is_for_admins_and_managers(as_persona, persona, org_a):
    response = as_persona(persona).post(
        reverse("opportunities:template_detail", args=[org_a.slug, "python-website-developer"]), {"starts_on": "1448-07-01"}
    )
    expected = CHANGE[persona]
    check(response, 302 if expected == 200 else expected)
    assert Opportunity.objects.exists() == (expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_status_changes_are_for_admins_and_managers(as_persona, persona, org_a, draft):
    response = as_persona(persona).post(reverse("opportunities:transition", args=[org_a.slug, draft.pk, "cancel"]))
    expected = CHANGE[persona]
    check(response, 302 if expected == 200 else expected)
    draft.refresh_from_db()
    assert (draft.status == Opportunity.Status.CANCELLED) == (expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_choosing_the_model_is_for_admins_and_managers(as_persona, persona, org_a, draft):
    response = as_persona(persona).post(
        reverse("opportunities:service_model", args=[org_a.slug, draft.pk]), {"model": "skills_based", "reasoning": ""}
    )
    expected = CHANGE[persona]
    check(response, 302 if expected == 200 else expected)
    draft.refresh_from_db()
    assert (draft.service_model == "skills_based") == (expected == 200)


@pytest.mark.parametrize("persona", ["admin_b", "manager_b"])
def test_org_b_cannot_reach_org_as_drafts_even_through_its_own_address(as_persona, persona, org_b, draft):
    client = as_persona(persona)
    for name in ("detail", "edit", "service_model", "publish"):
        assert client.get(reverse(f"opportunities:{name}", args=[org_b.slug, draft.pk])).status_code == 404
    assert f'id="opportunity-{draft.pk}"' not in content(client.get(reverse("opportunities:list", args=[org_b.slug])))


# --- the public page -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_a_published_opportunity(as_persona, persona, published):
    response = as_persona(persona).get(reverse("opportunities:public_detail", args=[published.pk]))
    assert response.status_code == 200
    page = content(response)
    assert 'id="public-opportunity"' in page
    assert 'property="og:title"' in page and 'property="og:description"' in page
    assert 'id="opportunity-starts-on"' in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_sees_a_draft_on_the_public_page(as_persona, persona, draft):
    assert as_persona(persona).get(reverse("opportunities:public_detail", args=[draft.pk])).status_code == 404


def test_an_unverified_organizations_opportunity_is_not_public(client, published, org_a):
    Organization.objects.filter(pk=org_a.pk).update(verification_status=Organization.Status.PENDING)
    assert client.get(reverse("opportunities:public_detail", args=[published.pk])).status_code == 404


def test_a_closed_opportunity_is_not_public(client, published, admin_a):
    services.close_opportunity(opportunity=published, by=admin_a)
    assert client.get(reverse("opportunities:public_detail", args=[published.pk])).status_code == 404


def test_the_public_page_shows_both_calendars_and_the_meta_tags(client, published):
    page = content(client.get(reverse("opportunities:public_detail", args=[published.pk])))
    assert "هـ" in page and " م" in page  # Hijri and Gregorian
    assert f"<title>{published.title}" in page
    assert 'name="description" content="برمجة موقع الجمعية' in page


# --- list pages: a fixed number of queries ----------------------------------------------------------


def test_the_list_has_a_fixed_number_of_queries(client, org_a, admin_a, django_assert_num_queries, program):
    client.force_login(admin_a)
    url = reverse("opportunities:list", args=[org_a.slug])
    OpportunityFactory(organization=org_a, program=program)
    client.get(url)  # warm up the session
    # 5: session, user, memberships (the navigation bar reuses them), opportunities, and the
    # organization's responsiveness (one query, recruitment.selectors).
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    for _ in range(4):
        OpportunityFactory(organization=org_a, program=program)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(re.findall(r'id="opportunity-\d+"', content(response))) == 5


def test_the_templates_library_has_a_fixed_number_of_queries(client, org_a, admin_a, django_assert_num_queries):
    client.force_login(admin_a)
    url = reverse("opportunities:templates", args=[org_a.slug])
    client.get(url)
    with django_assert_num_queries(5):  # the fields of every template in one prefetch
        assert client.get(url).status_code == 200


# --- pages and actions ---------------------------------------------------------------------------


def test_the_create_page_offers_templates_and_needs(client, org_a, admin_a, need):
    client.force_login(admin_a)
    page = content(client.get(reverse("opportunities:create", args=[org_a.slug])))
    for element in ('id="opportunity-form"', 'id="section-tasks"', 'id="total-hours"', 'id="start-from-template"', f'id="need-{need.pk}"'):
        assert element in page


def test_the_edit_page_shows_the_total_hours_and_the_tasks(client, draft, admin_a):
    client.force_login(admin_a)
    page = content(client.get(reverse("opportunities:edit", args=[draft.organization.slug, draft.pk])))
    assert '<output id="total-hours"' in page and ">100</output>" in page
    assert 'value="تسليم تصور أولي للموقع"' in page
    assert 'id="task-row-template"' in page
    assert "<script>" not in page and 'style="' not in page


def test_an_edit_saves_and_audits(client, draft, admin_a):
    client.force_login(admin_a)
    url = reverse("opportunities:edit", args=[draft.organization.slug, draft.pk])
    from .test_forms import form_data

    response = client.post(url, form_data(title="مطور مواقع بايثون وجانغو", seats="٢", program=str(draft.program_id)))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "مطور مواقع بايثون وجانغو" and draft.seats == 2
    assert draft.starts_on == dt.date(2026, 12, 10)
    assert AuditEvent.objects.filter(verb="opportunity.updated", target_id=str(draft.pk)).exists()


def test_a_completed_opportunity_cannot_be_edited(client, published, admin_a):
    services.complete_opportunity(opportunity=published, by=admin_a)
    client.force_login(admin_a)
    response = client.get(reverse("opportunities:edit", args=[published.organization.slug, published.pk]))
    assert response.status_code == 302


def test_a_transition_from_the_wrong_status_shows_an_error(client, draft, admin_a):
    client.force_login(admin_a)
    response = client.post(reverse("opportunities:transition", args=[draft.organization.slug, draft.pk, "close"]), follow=True)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Opportunity.Status.DRAFT
    response = client.post(reverse("opportunities:transition", args=[draft.organization.slug, draft.pk, "explode"]))
    assert response.status_code == 302


def test_the_service_model_page_highlights_the_recommendation(client, draft, admin_a):
    client.force_login(admin_a)
    page = content(client.get(reverse("opportunities:service_model", args=[draft.organization.slug, draft.pk])))
    assert 'id="recommendation-skills_based"' in page
    assert 'id="model-skills_based" class="is-recommended' in page
    for model in ("team_project", "hackathon", "board_service", "coaching", "secondment", "free_commercial"):
        assert f'id="model-{model}"' in page


def test_a_model_that_is_not_recommended_needs_a_reason_on_the_page(client, draft, admin_a):
    client.force_login(admin_a)
    url = reverse("opportunities:service_model", args=[draft.organization.slug, draft.pk])
    response = client.post(url, {"model": "board_service", "reasoning": ""})
    assert response.status_code == 400
    assert 'id="id_reasoning_error"' in content(response)
    draft.refresh_from_db()
    assert draft.service_model == ""


def test_choosing_free_commercial_says_step_four_is_skipped(client, draft, admin_a):
    client.force_login(admin_a)
    client.post(
        reverse("opportunities:service_model", args=[draft.organization.slug, draft.pk]),
        {"model": "free_commercial", "reasoning": "مكتب محاماة يقدم خدمته دون مقابل."},
    )
    page = content(client.get(reverse("opportunities:detail", args=[draft.organization.slug, draft.pk])))
    assert 'id="skips-agreements"' in page


def test_the_publish_page_offers_the_override_only_to_another_admin_when_the_program_is_not_ready(client, chosen, admin_a, program):
    second_admin = MembershipFactory(organization=chosen.organization, role="admin").user
    client.force_login(admin_a)
    url = reverse("opportunities:publish", args=[chosen.organization.slug, chosen.pk])
    page = content(client.get(url))
    assert 'id="publish-form"' in page and 'id="override-form"' not in page

    Opportunity.objects.filter(pk=chosen.pk).update(program=program)
    page = content(client.get(url))
    # The author sees the warning but neither the override nor the publish button.
    assert 'id="readiness-warning"' in page and 'id="override-form"' not in page and 'id="publish-form"' not in page
    response = client.post(url)
    assert response.status_code == 400
    chosen.refresh_from_db()
    assert chosen.status == Opportunity.Status.DRAFT

    client.force_login(second_admin)
    assert 'id="override-form"' in content(client.get(url))
    override_url = reverse("opportunities:override_readiness", args=[chosen.organization.slug, chosen.pk])
    assert client.post(override_url, {"reason": "   "}).status_code == 400
    chosen.refresh_from_db()
    assert chosen.readiness_override_by is None
    assert client.post(override_url, {"reason": "نحتاج الموقع قبل حملة رمضان."}).status_code == 302
    assert client.post(url).status_code == 400  # the approving admin does not publish it too

    client.force_login(admin_a)
    assert client.post(url).status_code == 302
    chosen.refresh_from_db()
    assert chosen.status == Opportunity.Status.PUBLISHED

    make_ready(program, admin_a)
    assert 'id="readiness-warning"' not in content(client.get(url))


def test_the_publish_page_of_an_incomplete_opportunity_has_no_form(client, draft, admin_a):
    client.force_login(admin_a)
    page = content(client.get(reverse("opportunities:publish", args=[draft.organization.slug, draft.pk])))
    assert 'id="publish-incomplete"' in page and 'id="publish-form"' not in page
    response = client.post(reverse("opportunities:publish", args=[draft.organization.slug, draft.pk]))
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == Opportunity.Status.DRAFT


def test_a_need_for_paid_staff_shows_an_error(client, org_a, admin_a, program):
    from khibra.programs import services as programs

    paid = programs.add_need(program=program, by=admin_a, title="محاسب دائم", suitability="paid_staff", paid_staff_reason="ongoing")
    client.force_login(admin_a)
    response = client.post(reverse("opportunities:from_need", args=[org_a.slug, paid.pk]))
    assert response.status_code == 400
    assert 'id="from-need-error"' in content(response)


def test_another_organizations_need_is_not_found(client, admin_b, org_b, need):
    client.force_login(admin_b)
    assert client.post(reverse("opportunities:from_need", args=[org_b.slug, need.pk])).status_code == 404


def test_a_template_needs_a_start_date(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(reverse("opportunities:template_detail", args=[org_a.slug, "marketing-plan"]), {"starts_on": ""})
    assert response.status_code == 400
    assert not Opportunity.objects.exists()


def test_an_inactive_template_is_not_found(client, org_a, admin_a):
    OpportunityTemplate.objects.filter(code="marketing-plan").update(is_active=False)
    client.force_login(admin_a)
    assert client.get(reverse("opportunities:template_detail", args=[org_a.slug, "marketing-plan"])).status_code == 404


def test_the_english_pages_use_the_english_template(client, org_a, admin_a):
    client.force_login(admin_a)
    page = content(client.get("/en" + reverse("opportunities:templates", args=[org_a.slug])))
    assert "Python website developer" in page


# --- the guide's example, end to end -------------------------------------------------------------


def test_the_guides_python_website_developer_from_need_to_public_page(client, org_a, admin_a, manager_a, need, program):
    from .test_forms import form_data

    client.force_login(manager_a)
    response = client.post(reverse("opportunities:from_need", args=[org_a.slug, need.pk]))
    opportunity = Opportunity.objects.get(need=need)
    assert response["Location"] == reverse("opportunities:edit", args=[org_a.slug, opportunity.pk])

    # Applications stay open until the end date (1448-08-15), so that the dates have not passed.
    data = form_data(nature="both", city=str(org_a.city_id), nature_notes="الاجتماع الأول في مقر الجمعية", apply_by="1448-08-15")
    data.update({"fields": [str(field("digital-infrastructure").pk)], "program": str(program.pk)})
    response = client.post(reverse("opportunities:edit", args=[org_a.slug, opportunity.pk]), data)
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.total_hours == 100
    assert opportunity.tasks.first().due_on == dt.date(2026, 12, 21)  # 1448-07-12

    response = client.post(reverse("opportunities:service_model", args=[org_a.slug, opportunity.pk]), {"model": "skills_based"})
    assert response.status_code == 302

    publish_url = reverse("opportunities:publish", args=[org_a.slug, opportunity.pk])
    assert 'id="readiness-warning"' in content(client.get(publish_url))
    assert client.post(publish_url).status_code == 400  # the program is not ready
    client.force_login(admin_a)
    response = client.post(
        reverse("opportunities:override_readiness", args=[org_a.slug, opportunity.pk]), {"reason": "نحتاج الموقع قبل حملة رمضان."}
    )
    assert response.status_code == 302
    client.force_login(manager_a)
    response = client.post(publish_url)
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    assert opportunity.readiness_override_reason == "نحتاج الموقع قبل حملة رمضان."

    client.logout()
    page = content(client.get(reverse("opportunities:public_detail", args=[opportunity.pk])))
    assert "مطور موقع إلكتروني بلغة بايثون" in page
    assert "١٤٤٨" in page or "1448" in page


def test_the_detail_page_lists_the_marketing_channels(client, org_a, admin_a):
    opportunity = OpportunityFactory(organization=org_a, marketing_channels=["messaging_groups", "company_programs"])
    client.force_login(admin_a)
    page = content(client.get(reverse("opportunities:detail", args=[org_a.slug, opportunity.pk])))
    assert 'id="opportunity-channels"' in page
