"""The access matrix of every agreements page, the htmx branch and what each action writes.

Personas: anonymous, a volunteer, org A's admin, manager and supervisor, org B's admin and manager,
the partner company's admin, platform staff (see the project conftest and ours).
"""

import datetime as dt

from django.urls import reverse
from django.utils import translation
import pytest

from khibra.agreements import services
from khibra.agreements.models import AgreementAcceptance, PartnerAgreement, ShortlistEntry, VolunteerAgreement
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership

from .conftest import ARABIC_TITLE, make_opportunity, partner_terms

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
ORG_PERSONAS = {
    "anonymous": "login",
    "volunteer": 404,
    "admin_a": 200,
    "manager_a": 200,
    "supervisor_a": 403,
    "admin_b": 404,
    "manager_b": 404,
    "partner_admin": 404,
    "staff": 404,
}


@pytest.fixture
def as_persona(client, request):
    def login(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


def login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def check(response, expected) -> None:
    if expected == "login":
        assert login_redirect(response)
    else:
        assert response.status_code == expected


def opportunity_url(name: str, opportunity, **kwargs) -> str:
    return reverse(f"agreements:{name}", kwargs={"org_slug": opportunity.organization.slug, "pk": opportunity.pk, **kwargs})


# --- the organization's agreement page -----------------------------------------------------------


@pytest.mark.parametrize("persona,expected", ORG_PERSONAS.items())
def test_the_agreement_page_is_for_the_organizations_admins_and_managers(as_persona, persona, expected, agreement, opportunity):
    response = as_persona(persona).get(opportunity_url("opportunity", opportunity))

    check(response, expected)
    if expected == 200:
        content = response.content.decode()
        for element in ('id="agreement-document"', 'id="generate-agreement"', 'id="agreement-pdf"', 'id="shortlist"'):
            assert element in content
        assert ARABIC_TITLE in content


def test_the_page_of_another_organizations_opportunity_does_not_exist(client, admin_b, opportunity, agreement):
    client.force_login(admin_b)
    url = reverse("agreements:opportunity", kwargs={"org_slug": "birr-riyadh", "pk": opportunity.pk})
    assert client.get(url).status_code == 404


def test_the_page_offers_to_generate_before_the_first_version(client, manager_a, opportunity):
    client.force_login(manager_a)
    content = client.get(opportunity_url("opportunity", opportunity)).content.decode()
    assert 'id="agreement-none"' in content and 'id="generate-agreement"' in content
    assert 'id="agreement-document"' not in content


def test_the_page_lists_versions_and_acceptances(client, manager_a, opportunity, agreement, charter_volunteer):
    services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)
    opportunity.hours_per_week = 15
    opportunity.save()
    client.force_login(manager_a)

    content = client.get(opportunity_url("opportunity", opportunity)).content.decode()

    assert 'id="agreement-outdated"' in content
    assert 'id="version-1"' in content
    assert charter_volunteer.full_name in content and 'id="statements-pdf"' in content


def test_the_page_follows_the_site_language(client, manager_a, opportunity, agreement):
    client.force_login(manager_a)
    with translation.override("en"):
        url = opportunity_url("opportunity", opportunity)
    assert url.startswith("/en/")
    content = client.get(url).content.decode()
    assert opportunity.organization.name_en in content


def test_a_manager_generates_a_version(client, manager_a, opportunity):
    client.force_login(manager_a)
    response = client.post(opportunity_url("generate", opportunity))

    assert response.status_code == 302
    assert VolunteerAgreement.objects.get(opportunity=opportunity).version == 1
    client.post(opportunity_url("generate", opportunity))
    assert VolunteerAgreement.objects.filter(opportunity=opportunity).count() == 1


@pytest.mark.parametrize("persona,expected", [("supervisor_a", 403), ("admin_b", 404), ("volunteer", 404), ("anonymous", "login")])
def test_others_cannot_generate(as_persona, persona, expected, opportunity):
    check(as_persona(persona).post(opportunity_url("generate", opportunity)), expected)
    assert not VolunteerAgreement.objects.exists()


def test_generate_needs_a_post(client, manager_a, opportunity):
    client.force_login(manager_a)
    assert client.get(opportunity_url("generate", opportunity)).status_code == 405


def test_a_free_commercial_service_shows_an_error_and_writes_nothing(client, manager_a, org_a):
    opportunity = make_opportunity(org_a, service_model=Opportunity.ServiceModel.FREE_COMMERCIAL)
    client.force_login(manager_a)

    page = client.get(opportunity_url("opportunity", opportunity)).content.decode()
    response = client.post(opportunity_url("generate", opportunity))

    assert 'id="agreement-skipped"' in page and 'id="generate-agreement"' not in page
    assert response.status_code == 400
    assert 'id="agreement-error"' in response.content.decode()
    assert not VolunteerAgreement.objects.exists()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_manager_downloads_the_pdf_in_both_languages(client, manager_a, opportunity, agreement, language):
    client.force_login(manager_a)
    response = client.get(opportunity_url("opportunity_pdf", opportunity), {"lang": language})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f"-{language}.pdf" in response["Content-Disposition"]


def test_an_unknown_version_has_no_pdf(client, manager_a, opportunity, agreement):
    client.force_login(manager_a)
    assert client.get(opportunity_url("opportunity_pdf", opportunity), {"version": "9"}).status_code == 404


@pytest.mark.parametrize("persona,expected", [("supervisor_a", 403), ("admin_b", 404), ("volunteer", 404)])
def test_others_get_no_pdf_or_statements(as_persona, persona, expected, opportunity, agreement):
    client = as_persona(persona)
    assert client.get(opportunity_url("opportunity_pdf", opportunity)).status_code == expected
    assert client.get(opportunity_url("statements_pdf", opportunity)).status_code == expected


def test_the_statements_pdf_lists_each_acceptance(client, manager_a, opportunity, agreement, charter_volunteer, tmp_path):
    services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)
    client.force_login(manager_a)

    response = client.get(opportunity_url("statements_pdf", opportunity))

    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    from .test_pdf import pdf_text

    text = pdf_text(response.content, tmp_path)
    assert charter_volunteer.full_name in text and ARABIC_TITLE in text


# --- shortlists --------------------------------------------------------------------------------


def test_a_manager_adds_and_removes_shortlist_entries(client, manager_a, opportunity, partner):
    client.force_login(manager_a)
    response = client.post(opportunity_url("shortlist_add", opportunity), {"kind": "companies", "provider": partner.pk})
    assert response.status_code == 302
    entry = ShortlistEntry.objects.get()
    assert entry.provider == partner and entry.name == partner.name_ar

    response = client.post(opportunity_url("shortlist_remove", opportunity, entry_pk=entry.pk))
    assert response.status_code == 302 and not ShortlistEntry.objects.exists()


def test_the_shortlist_works_with_htmx(client, manager_a, opportunity):
    client.force_login(manager_a)
    response = client.post(opportunity_url("shortlist_add", opportunity), {"kind": "job_titles", "name": "مطور ويب"}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section class="panel shortlist" id="shortlist"')
    assert "<html" not in content and "مطور ويب" in content
    assert 'id="shortlist-job_titles-status" data-met="false" data-count="1"' in content


def test_a_bad_shortlist_entry_is_refused_with_a_message(client, manager_a, opportunity, org_b):
    client.force_login(manager_a)
    empty = client.post(opportunity_url("shortlist_add", opportunity), {"kind": "companies", "name": ""})
    nonprofit = client.post(opportunity_url("shortlist_add", opportunity), {"kind": "companies", "provider": org_b.pk})
    bad_kind = client.post(opportunity_url("shortlist_add", opportunity), {"kind": "friends", "name": "س"}, **HTMX)

    assert empty.status_code == 400 and 'class="error"' in empty.content.decode()
    assert nonprofit.status_code == 400
    assert bad_kind.status_code == 200 and 'class="error"' in bad_kind.content.decode()
    assert not ShortlistEntry.objects.exists()


@pytest.mark.parametrize("persona,expected", [("supervisor_a", 403), ("admin_b", 404)])
def test_others_cannot_touch_the_shortlist(as_persona, persona, expected, opportunity, manager_a):
    entry = services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="companies", name="شركة")
    client = as_persona(persona)
    assert client.post(opportunity_url("shortlist_add", opportunity), {"kind": "companies", "name": "أخرى"}).status_code == expected
    assert client.post(opportunity_url("shortlist_remove", opportunity, entry_pk=entry.pk)).status_code == expected
    assert list(ShortlistEntry.objects.values_list("name", flat=True)) == ["شركة"]


# --- the volunteer's side ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,expected",
    [("anonymous", "login"), ("volunteer", 200), ("admin_b", 200), ("supervisor_a", 200), ("staff", 200)],
)
def test_any_logged_in_user_reads_the_agreement_of_a_public_opportunity(as_persona, persona, expected, agreement):
    response = as_persona(persona).get(reverse("agreements:detail", args=[agreement.pk]))
    check(response, expected)
    if expected == 200:
        assert 'id="agreement-document"' in response.content.decode()


@pytest.mark.parametrize("persona,expected", [("volunteer", 404), ("admin_b", 404), ("supervisor_a", 404), ("manager_a", 200)])
def test_the_agreement_of_an_unpublished_opportunity_is_for_its_organization(as_persona, persona, expected, agreement, opportunity):
    Opportunity.objects.filter(pk=opportunity.pk).update(status=Opportunity.Status.DRAFT)
    response = as_persona(persona).get(reverse("agreements:detail", args=[agreement.pk]))
    assert response.status_code == expected
    assert as_persona(persona).get(reverse("agreements:pdf", args=[agreement.pk])).status_code == expected


def test_a_volunteer_with_the_charter_accepts(client, charter_volunteer, agreement):
    client.force_login(charter_volunteer)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'id="accept-agreement"' in page

    response = client.post(reverse("agreements:accept", args=[agreement.pk]), REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Safari")

    assert response.status_code == 302
    acceptance = AgreementAcceptance.objects.get()
    assert acceptance.volunteer == charter_volunteer and acceptance.ip_address == "192.0.2.7"
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'data-accepted="true"' in page and 'id="accept-agreement"' not in page


def test_without_the_charter_the_volunteer_is_sent_to_it(client, selected_volunteer, agreement):
    client.force_login(selected_volunteer)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'id="charter-needed"' in page and 'id="accept-agreement"' not in page

    response = client.post(reverse("agreements:accept", args=[agreement.pk]))

    assert response.status_code == 400
    assert 'id="agreement-error"' in response.content.decode()
    assert not AgreementAcceptance.objects.exists()


def test_an_older_version_links_to_the_latest(client, charter_volunteer, agreement, opportunity, manager_a):
    opportunity.deliverables = "مخرجات محدثة"
    opportunity.save()
    latest = services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)
    client.force_login(charter_volunteer)

    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    response = client.post(reverse("agreements:accept", args=[agreement.pk]))

    assert 'id="latest-agreement-link"' in page and reverse("agreements:detail", args=[latest.pk]) in page
    assert 'id="accept-agreement"' not in page
    assert response.status_code == 400 and not AgreementAcceptance.objects.exists()


def test_a_volunteer_who_was_not_selected_sees_no_accept_button(client, other_volunteer, agreement):
    client.force_login(other_volunteer)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'id="agreement-not-open"' in page and 'id="accept-agreement"' not in page
    assert client.post(reverse("agreements:accept", args=[agreement.pk])).status_code == 403
    assert not AgreementAcceptance.objects.exists()


def test_a_team_member_without_a_volunteer_profile_sees_no_accept_button(client, admin_b, agreement):
    client.force_login(admin_b)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'id="agreement-not-open"' in page and 'id="accept-agreement"' not in page
    assert client.post(reverse("agreements:accept", args=[agreement.pk])).status_code == 403


def test_a_volunteer_downloads_the_pdf(client, volunteer, agreement):
    client.force_login(volunteer)
    response = client.get(reverse("agreements:pdf", args=[agreement.pk]), {"lang": "en"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


# --- partnership agreements --------------------------------------------------------------------


def partner_url(name: str, organization, agreement=None) -> str:
    kwargs = {"org_slug": organization.slug}
    if agreement is not None:
        kwargs["pk"] = agreement.pk
    return reverse(f"agreements:{name}", kwargs=kwargs)


def form_data(partner, opportunity, **overrides) -> dict:
    data = {
        key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in partner_terms().items()
    }
    data.update({"partner": partner.pk, "opportunity": opportunity.pk})
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "persona,expected",
    [("anonymous", "login"), ("volunteer", 404), ("admin_a", 200), ("manager_a", 200), ("supervisor_a", 403), ("admin_b", 404), ("staff", 404)],
)
def test_the_create_form_is_for_the_nonprofits_managers(as_persona, persona, expected, org_a):
    response = as_persona(persona).get(partner_url("partner_create", org_a))
    check(response, expected)
    if expected == 200:
        content = response.content.decode()
        assert 'id="partner-agreement-form"' in content
        for fieldset in ("preamble", "service", "commitments", "administration"):
            assert f'id="fieldset-{fieldset}"' in content


def test_a_provider_does_not_draft_partnerships(client, partner_admin, partner):
    client.force_login(partner_admin)
    assert client.get(partner_url("partner_create", partner)).status_code == 403


def test_a_manager_drafts_a_partnership_with_the_form(client, manager_a, org_a, partner, opportunity):
    client.force_login(manager_a)
    response = client.post(
        partner_url("partner_create", org_a), form_data(partner, opportunity, starts_on="1447-09-12", volunteers_count="٣")
    )

    assert response.status_code == 302
    agreement = PartnerAgreement.objects.get()
    assert agreement.partner == partner and agreement.volunteers_count == 3
    assert agreement.starts_on == dt.date(2026, 3, 1)  # 12 Ramadan 1447 AH


@pytest.mark.parametrize(
    "overrides",
    [
        {"ends_on": "2026-02-01"},  # before the start
        {"impact_preamble": ""},
        {"volunteers_count": "0"},
        {"starts_on": "1447-13-40"},
    ],
)
def test_bad_terms_are_refused_with_messages(client, manager_a, org_a, partner, opportunity, overrides):
    client.force_login(manager_a)
    response = client.post(partner_url("partner_create", org_a), form_data(partner, opportunity, **overrides))

    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not PartnerAgreement.objects.exists()


def test_a_nonprofit_or_another_organizations_opportunity_cannot_be_chosen(client, manager_a, org_a, org_b, partner, opportunity_b, opportunity):
    client.force_login(manager_a)
    as_partner = client.post(partner_url("partner_create", org_a), form_data(org_b, opportunity))
    foreign = client.post(partner_url("partner_create", org_a), form_data(partner, opportunity_b))

    assert as_partner.status_code == 400 and foreign.status_code == 400
    assert not PartnerAgreement.objects.exists()


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("anonymous", "login"),
        ("volunteer", 404),
        ("admin_a", 200),
        ("manager_a", 200),
        ("supervisor_a", 200),
        ("admin_b", 404),
        ("partner_admin", 404),  # a draft is the non-profit's own work
        ("staff", 404),
    ],
)
def test_a_draft_is_visible_to_the_nonprofit_only(as_persona, persona, expected, partner_agreement, org_a, partner):
    client = as_persona(persona)
    slug_org = partner if persona == "partner_admin" else org_a
    response = client.get(partner_url("partner_detail", slug_org, partner_agreement))
    check(response, expected)
    if expected == 200:
        assert 'id="agreement-document"' in response.content.decode()


def test_org_b_cannot_reach_the_agreement_through_its_own_address(client, admin_b, org_b, partner_agreement):
    client.force_login(admin_b)
    assert client.get(partner_url("partner_detail", org_b, partner_agreement)).status_code == 404
    assert client.get(partner_url("partner_pdf", org_b, partner_agreement)).status_code == 404
    assert str(partner_agreement.opportunity.title) not in client.get(partner_url("partner_list", org_b)).content.decode()


def test_the_partnership_goes_from_draft_to_signed_through_the_pages(
    client, manager_a, partner_admin, org_a, partner, partner_agreement, agreement
):
    client.force_login(manager_a)
    client.post(partner_url("partner_propose", org_a, partner_agreement))
    page = client.get(partner_url("partner_detail", org_a, partner_agreement)).content.decode()
    assert 'id="accept-for-organization"' in page and 'id="accept-for-partner"' not in page
    client.post(partner_url("partner_accept", org_a, partner_agreement))

    client.force_login(partner_admin)
    listing = client.get(partner_url("partner_list", partner)).content.decode()
    assert f'id="partner-agreement-{partner_agreement.pk}"' in listing
    page = client.get(partner_url("partner_detail", partner, partner_agreement)).content.decode()
    assert 'id="accept-for-partner"' in page and 'id="edit-partner-agreement"' not in page
    response = client.post(partner_url("partner_accept", partner, partner_agreement))

    assert response.status_code == 302
    partner_agreement.refresh_from_db()
    assert partner_agreement.status == PartnerAgreement.Status.SIGNED and partner_agreement.content
    page = client.get(partner_url("partner_detail", partner, partner_agreement)).content.decode()
    assert 'data-status="signed"' in page and 'id="annex-a"' in page


def test_the_partner_cannot_edit(client, manager_a, partner_admin, partner, partner_agreement, agreement):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    client.force_login(partner_admin)
    assert client.get(partner_url("partner_edit", partner, partner_agreement)).status_code == 403


def test_editing_a_proposal_with_the_form_makes_a_new_version(client, manager_a, partner_admin, org_a, partner, partner_agreement, agreement):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    services.accept_partner_agreement(agreement=partner_agreement, by=partner_admin)
    client.force_login(manager_a)
    data = form_data(partner, partner_agreement.opportunity, volunteers_count="4")

    response = client.post(partner_url("partner_edit", org_a, partner_agreement), data)

    assert response.status_code == 302
    partner_agreement.refresh_from_db()
    assert partner_agreement.version == 2 and partner_agreement.partner_accepted_at is None


def test_a_rule_break_in_an_action_is_explained(client, manager_a, org_a, partner_agreement):
    """Proposing before annex A exists: a message, and the draft stays a draft."""
    client.force_login(manager_a)
    response = client.post(partner_url("partner_propose", org_a, partner_agreement), follow=True)

    assert 'class="message message-error"' in response.content.decode()
    partner_agreement.refresh_from_db()
    assert partner_agreement.status == PartnerAgreement.Status.DRAFT


def test_a_supervisor_reads_but_does_not_act(client, supervisor_a, org_a, partner_agreement, agreement, manager_a):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    client.force_login(supervisor_a)
    page = client.get(partner_url("partner_detail", org_a, partner_agreement)).content.decode()
    assert 'id="accept-for-organization"' not in page
    assert client.post(partner_url("partner_accept", org_a, partner_agreement)).status_code == 403
    assert client.post(partner_url("partner_withdraw", org_a, partner_agreement)).status_code == 403
    partner_agreement.refresh_from_db()
    assert partner_agreement.organization_accepted_at is None and partner_agreement.status == "proposed"


def test_the_partner_list_does_not_grow_queries_with_rows(client, manager_a, org_a, partner, opportunity, django_assert_max_num_queries):
    for _ in range(5):
        services.create_partner_agreement(organization=org_a, partner=partner, opportunity=opportunity, by=manager_a, **partner_terms())
    client.force_login(manager_a)
    with django_assert_max_num_queries(12):
        response = client.get(partner_url("partner_list", org_a))
    assert response.content.decode().count('id="partner-agreement-') == 5


def test_a_coordinator_of_the_partner_accepts_for_it(client, manager_a, partner_coordinator, partner, partner_agreement, agreement):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    client.force_login(partner_coordinator)
    client.post(partner_url("partner_accept", partner, partner_agreement))
    partner_agreement.refresh_from_db()
    assert partner_agreement.partner_accepted_by == partner_coordinator
    assert Membership.objects.get(user=partner_coordinator).role == "coordinator"
