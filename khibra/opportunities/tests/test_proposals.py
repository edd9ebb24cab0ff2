"""Providers offer work through a beneficiary organization: they cannot create opportunities in
their own name; they propose one, which a registered beneficiary adopts as its own draft or
declines. Services, pages and the API; org A never sees org B's proposals."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent, Notification
from khibra.opportunities import services
from khibra.opportunities.models import Opportunity, OpportunityProposal
from khibra.organizations.models import Organization
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import OrganizationFactory, field, program_of

pytestmark = pytest.mark.django_db


def _values(**extra):
    return {
        "title": "مراجعة القوائم المالية",
        "description": "فريق من محاسبي الشركة يراجع القوائم المالية للجمعية.",
        "deliverables": "تقرير مراجعة.",
        "seats": 3,
        "nature": "remote",
        "duration_days": 10,
        "hours_per_day": 2,
        **extra,
    }


@pytest.fixture
def proposal(provider_p, coordinator_p, org_a):
    return services.propose_opportunity(
        provider=provider_p, by=coordinator_p, beneficiary=org_a, fields=[field("finance-accounting")], **_values()
    )


# --- a provider cannot create in its own name -------------------------------------------------------


def test_a_company_cannot_create_an_opportunity_in_its_own_name(provider_p, coordinator_p):
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(organization=provider_p, by=coordinator_p, title="مطور متطوع")
    assert error.value.error_list[0].code == "provider_cannot_own"
    assert not Opportunity.objects.exists()


def test_the_web_refuses_with_a_clear_message_and_writes_nothing(client, provider_p, coordinator_p):
    client.force_login(coordinator_p)
    url = reverse("opportunities:create", args=[provider_p.slug])
    response = client.get(url)
    assert response.status_code == 403 and 'id="provider-refusal"' in response.content.decode()
    assert client.post(url, {"title": "مطور متطوع"}).status_code == 403
    assert not Opportunity.objects.exists()


def test_the_api_refuses_with_provider_cannot_own(provider_p, coordinator_p):
    response = ApiClient(coordinator_p).post(f"/organizations/{provider_p.pk}/opportunities/", {"title": "مطور متطوع"})
    assert response.status_code == 400 and error_of(response)["code"] == "provider_cannot_own"
    assert error_of(response)["message"]
    assert not Opportunity.objects.exists()


# --- propose → adopt ----------------------------------------------------------------------------------


def test_a_proposal_reaches_the_beneficiarys_managers(org_a, admin_a, manager_a, proposal):
    assert proposal.status == OpportunityProposal.Status.PROPOSED
    assert Notification.objects.filter(user__in=[admin_a, manager_a], kind="proposal.received").count() == 2
    assert AuditEvent.objects.filter(verb="proposal.sent").exists()


def test_the_beneficiary_adopts_it_as_a_draft_in_its_own_program(proposal, org_a, manager_a, coordinator_p):
    program = program_of(org_a)
    opportunity = services.adopt_proposal(proposal=proposal, by=manager_a, program=program)
    assert opportunity.organization == org_a and opportunity.program == program
    assert opportunity.status == Opportunity.Status.DRAFT and opportunity.created_by == manager_a
    assert opportunity.seats == 3 and list(opportunity.fields.values_list("code", flat=True)) == ["finance-accounting"]
    proposal.refresh_from_db()
    assert proposal.status == OpportunityProposal.Status.ADOPTED and proposal.opportunity == opportunity
    assert Notification.objects.filter(user=coordinator_p, kind="proposal.adopted").exists()
    with pytest.raises(ValidationError):
        services.decline_proposal(proposal=proposal, by=manager_a, reason="متأخر.")


def test_the_beneficiary_declines_with_a_reason(proposal, admin_a, coordinator_p):
    services.decline_proposal(proposal=proposal, by=admin_a, reason="لا نحتاج هذا العمل الآن.")
    proposal.refresh_from_db()
    assert proposal.status == OpportunityProposal.Status.DECLINED and proposal.decline_reason == "لا نحتاج هذا العمل الآن."
    assert Notification.objects.filter(user=coordinator_p, kind="proposal.declined").exists()
    assert not Opportunity.objects.exists()


def test_only_the_beneficiarys_managers_decide(proposal, coordinator_p, supervisor_a, admin_b):
    for person in (coordinator_p, supervisor_a, admin_b):
        with pytest.raises(PermissionDenied):
            services.adopt_proposal(proposal=proposal, by=person)
    proposal.refresh_from_db()
    assert proposal.status == OpportunityProposal.Status.PROPOSED


def test_a_nonprofit_cannot_propose(org_b, admin_b, org_a):
    with pytest.raises(ValidationError) as error:
        services.propose_opportunity(provider=org_b, by=admin_b, beneficiary=org_a, **_values())
    assert error.value.error_list[0].code == "not_a_provider"


def test_the_beneficiary_must_be_a_registered_nonprofit(provider_p, coordinator_p, provider_q):
    pending = OrganizationFactory(verification_status=Organization.Status.PENDING, verified_at=None)
    for beneficiary in (provider_q, pending, None):
        with pytest.raises(ValidationError) as error:
            services.propose_opportunity(provider=provider_p, by=coordinator_p, beneficiary=beneficiary, **_values())
        assert "beneficiary" in error.value.message_dict
    assert not OpportunityProposal.objects.exists()


def test_an_unsent_proposal_is_sent_then_withdrawn(provider_p, coordinator_p, org_a):
    unsent = OpportunityProposal.objects.create(provider=provider_p, status="unsent", title="تصميم هوية", description="هوية بصرية.")
    services.send_proposal(proposal=unsent, by=coordinator_p, beneficiary=org_a)
    unsent.refresh_from_db()
    assert unsent.status == OpportunityProposal.Status.PROPOSED and unsent.beneficiary == org_a
    services.withdraw_proposal(proposal=unsent, by=coordinator_p)
    unsent.refresh_from_db()
    assert unsent.status == OpportunityProposal.Status.WITHDRAWN


# --- pages ---------------------------------------------------------------------------------------------


def test_the_pages_from_propose_to_adopt(client, provider_p, coordinator_p, org_a, manager_a):
    program = program_of(org_a)
    client.force_login(coordinator_p)
    url = reverse("opportunities:propose", args=[provider_p.slug])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"beneficiary": "", "title": " ", "description": "", "seats": "0", "nature": "remote", "duration_days": "10", "hours_per_day": "2"})
    assert bad.status_code == 400 and not OpportunityProposal.objects.exists()
    data = {"beneficiary": str(org_a.pk), "title": "مراجعة القوائم المالية", "description": "مراجعة.", "seats": "٣",
            "nature": "remote", "duration_days": "10", "hours_per_day": "2"}
    assert client.post(url, data).status_code == 302
    proposal = OpportunityProposal.objects.get()

    client.force_login(manager_a)
    received = client.get(reverse("opportunities:proposals", args=[org_a.slug])).content.decode()
    assert f'id="proposal-{proposal.pk}"' in received
    detail = client.get(reverse("opportunities:proposal", args=[org_a.slug, proposal.pk])).content.decode()
    assert 'id="adopt-form"' in detail and 'id="decline-form"' in detail
    adopt = reverse("opportunities:proposal_adopt", args=[org_a.slug, proposal.pk])
    assert client.post(adopt, {"program": ""}).status_code == 400
    response = client.post(adopt, {"program": str(program.pk)})
    assert response.status_code == 302
    assert Opportunity.objects.get().organization == org_a


def test_org_b_cannot_see_org_as_proposals(client, proposal, admin_b, org_b, org_a, coordinator_q, provider_q):
    client.force_login(admin_b)
    assert client.get(reverse("opportunities:proposal", args=[org_b.slug, proposal.pk])).status_code == 404
    assert client.get(reverse("opportunities:proposal", args=[org_a.slug, proposal.pk])).status_code == 404
    assert client.post(reverse("opportunities:proposal_adopt", args=[org_b.slug, proposal.pk]), {}).status_code == 404
    client.force_login(coordinator_q)
    assert client.get(reverse("opportunities:proposal", args=[provider_q.slug, proposal.pk])).status_code == 404


# --- API -------------------------------------------------------------------------------------------------


class TestApi:
    def test_propose_adopt_and_decline(self, provider_p, coordinator_p, org_a, manager_a):
        program = program_of(org_a)
        provider = ApiClient(coordinator_p, language="en")
        bad = provider.post(f"/organizations/{provider_p.pk}/proposals/", {**_values(), "beneficiary": provider_p.pk})
        assert bad.status_code == 400 and "beneficiary" in error_of(bad)["fields"]
        assert not OpportunityProposal.objects.exists()
        created = provider.post(f"/organizations/{provider_p.pk}/proposals/", {**_values(), "beneficiary": org_a.pk})
        assert created.status_code == 201, created.content
        pk = created.json()["id"]

        beneficiary = ApiClient(manager_a, language="en")
        listed = beneficiary.get(f"/organizations/{org_a.pk}/proposals/").json()
        assert [row["id"] for row in listed["results"]] == [pk]
        missing = beneficiary.post(f"/organizations/{org_a.pk}/proposals/{pk}/adopt/", {})
        assert missing.status_code == 400 and not Opportunity.objects.exists()
        adopted = beneficiary.post(f"/organizations/{org_a.pk}/proposals/{pk}/adopt/", {"program": program.pk})
        assert adopted.status_code == 201, adopted.content
        assert Opportunity.objects.get(pk=adopted.json()["opportunity"]).organization == org_a
        again = beneficiary.post(f"/organizations/{org_a.pk}/proposals/{pk}/decline/", {"reason": "x"})
        assert again.status_code == 400

    def test_a_nonprofit_cannot_propose_and_outsiders_get_404(self, proposal, org_a, admin_a, admin_b, org_b):
        response = ApiClient(admin_a).post(f"/organizations/{org_a.pk}/proposals/", {**_values(), "beneficiary": org_b.pk})
        assert response.status_code == 400 and error_of(response)["code"] == "not_a_provider"
        outsider = ApiClient(admin_b)
        assert outsider.get(f"/organizations/{org_b.pk}/proposals/{proposal.pk}/").status_code == 404
        assert outsider.get(f"/organizations/{org_a.pk}/proposals/{proposal.pk}/").status_code == 404
        assert outsider.post(f"/organizations/{org_b.pk}/proposals/{proposal.pk}/adopt/", {"program": 1}).status_code == 404
