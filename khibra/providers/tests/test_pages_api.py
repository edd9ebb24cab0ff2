"""Access matrix of the pages and the API: P's coordinator sees P only; Q's gets 404 on P."""

from django.urls import reverse
import pytest

from khibra.providers import services
from khibra.providers.models import MemberStatus, Participation, ParticipationStatus, ProviderMember
from khibra.testing.api import ApiClient

from .conftest import verified_address

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_overview_and_members(client, coordinator_p, provider_p, member):
    client.force_login(coordinator_p)
    response = client.get(reverse("providers:overview", args=[provider_p.slug]))
    assert response.status_code == 200
    assert b'id="provider-figures"' in response.content
    response = client.get(reverse("providers:members", args=[provider_p.slug]))
    assert f'id="member-{member.pk}"'.encode() in response.content
    response = client.get(reverse("providers:member", args=[provider_p.slug, member.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["overview", "members", "requests", "participations", "programs", "domains"])
def test_another_providers_coordinator_gets_404(client, coordinator_q, provider_p, name):
    client.force_login(coordinator_q)
    assert client.get(reverse(f"providers:{name}", args=[provider_p.slug])).status_code == 404


def test_another_provider_cannot_open_a_members_record(client, coordinator_q, provider_p, provider_q, member):
    client.force_login(coordinator_q)
    assert client.get(reverse("providers:member", args=[provider_p.slug, member.pk])).status_code == 404
    # Nor through its own address.
    assert client.get(reverse("providers:member", args=[provider_q.slug, member.pk])).status_code == 404
    response = client.post(reverse("providers:verify", args=[provider_q.slug, member.pk]))
    assert response.status_code == 404


def test_a_pending_members_record_does_not_exist(client, coordinator_p, provider_p, other_volunteer):
    pending = services.request_to_join(provider=provider_p, user=other_volunteer)
    client.force_login(coordinator_p)
    assert client.get(reverse("providers:member", args=[provider_p.slug, pending.pk])).status_code == 404


def test_a_non_profits_pages_are_not_provider_pages(client, manager_a, org_a):
    client.force_login(manager_a)
    assert client.get(reverse("providers:overview", args=[org_a.slug])).status_code == 404
    assert client.get(reverse("providers:nonprofit_suggestions", args=[org_a.slug])).status_code == 200


def test_a_coordinator_cannot_add_domains(client, coordinator_p, provider_p):
    client.force_login(coordinator_p)
    response = client.post(reverse("providers:domains", args=[provider_p.slug]), {"domain": "madar.example"})
    assert response.status_code == 403


def test_bad_input_is_answered_with_errors(client, admin_p, provider_p):
    client.force_login(admin_p)
    response = client.post("/en" + reverse("providers:domains", args=[provider_p.slug]), {"domain": "gmail.com"})
    assert response.status_code == 400 and b"public e-mail service" in response.content
    response = client.post(
        reverse("providers:programs", args=[provider_p.slug]),
        {"name": "x", "audience": "nobody", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert not provider_p.provider_programs.exists()


def test_the_volunteer_joins_by_domain_and_toggles_sharing(client, admin_p, provider_p, program_p, volunteer, org_a):
    from khibra.providers.selectors import visible_provider

    services.add_domain(provider=provider_p, by=admin_p, domain="madar.example")
    verified_address(volunteer, "me@madar.example")
    client.force_login(volunteer)
    response = client.post(reverse("providers:employers"), {"action": "domain", "domain-provider": provider_p.pk, "domain-program": program_p.pk})
    assert response.status_code == 302
    member = ProviderMember.objects.get(user=volunteer)
    assert member.status == MemberStatus.VERIFIED
    client.post(reverse("providers:share", args=[member.pk]), {"share": "1"})
    assert visible_provider(volunteer.volunteer_profile, org_a) == provider_p
    client.post(reverse("providers:share", args=[member.pk]), {"share": "0"})
    assert visible_provider(volunteer.volunteer_profile, org_a) is None
    page = client.get(reverse("providers:employers"))
    assert f'id="membership-{member.pk}"'.encode() in page.content


def test_nobody_else_toggles_a_members_sharing(client, other_volunteer, member):
    client.force_login(other_volunteer)
    assert client.post(reverse("providers:share", args=[member.pk]), {"share": "1"}).status_code == 404
    member.refresh_from_db()
    assert member.share_with_nonprofits is False


def test_the_invitation_link(client, coordinator_p, provider_p, volunteer):
    verified_address(volunteer, "me@madar.example")
    invitation = services.invite_member(provider=provider_p, by=coordinator_p, email="me@madar.example")
    client.force_login(volunteer)
    response = client.post(reverse("providers:invitation", args=[invitation.token]))
    assert response.status_code == 302
    assert ProviderMember.objects.get(user=volunteer).status == MemberStatus.VERIFIED


def test_the_coordinator_approves_a_participation_on_the_page(client, coordinator_p, provider_p, engagement):
    participation = Participation.objects.get(engagement=engagement)
    client.force_login(coordinator_p)
    page = client.get(reverse("providers:participations", args=[provider_p.slug]))
    assert f'id="participation-{participation.pk}"'.encode() in page.content
    client.post(reverse("providers:approve", args=[provider_p.slug, participation.pk]), {"paid_time": "on"})
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.APPROVED and participation.paid_time


# --- API ----------------------------------------------------------------------------------------


def test_api_summary_and_members_for_the_coordinator(coordinator_p, provider_p, member):
    api = ApiClient(user=coordinator_p)
    response = api.get(f"/api/v1/organizations/{provider_p.pk}/provider/summary/")
    assert response.status_code == 200 and response.json()["members_verified"] == 1
    response = api.get(f"/api/v1/organizations/{provider_p.pk}/provider/members/?status=verified")
    assert [row["id"] for row in response.json()["results"]] == [member.pk]


def test_api_another_provider_gets_404(coordinator_q, provider_p, member, engagement):
    api = ApiClient(user=coordinator_q)
    assert api.get(f"/api/v1/organizations/{provider_p.pk}/provider/summary/").status_code == 404
    assert api.get(f"/api/v1/organizations/{provider_p.pk}/provider/members/").status_code == 404
    assert api.get(f"/api/v1/organizations/{provider_p.pk}/provider/participations/").status_code == 404
    participation = Participation.objects.get(engagement=engagement)
    assert api.post(f"/api/v1/participations/{participation.pk}/approve/", {"paid_time": False}).status_code == 404
    assert api.post(f"/api/v1/provider-members/{member.pk}/suggestions/", {"opportunity_id": 1}).status_code == 404
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.PENDING


def test_api_a_non_profit_is_not_a_provider(manager_a, org_a):
    assert ApiClient(user=manager_a).get(f"/api/v1/organizations/{org_a.pk}/provider/summary/").status_code == 404


def test_api_invite_verify_approve(coordinator_p, provider_p, program_p, engagement, other_volunteer):
    api = ApiClient(user=coordinator_p)
    response = api.post(f"/api/v1/organizations/{provider_p.pk}/provider/members/invitations/", {"email": "new@madar.example", "program": program_p.pk})
    assert response.status_code == 201
    response = api.post(f"/api/v1/organizations/{provider_p.pk}/provider/members/invitations/", {"email": "bad"})
    assert response.status_code == 400 and "email" in response.json()["error"]["fields"]
    pending = services.request_to_join(provider=provider_p, user=other_volunteer)
    assert api.post(f"/api/v1/provider-members/{pending.pk}/verify/").json()["status"] == "verified"
    participation = Participation.objects.get(engagement=engagement)
    response = api.get(f"/api/v1/organizations/{provider_p.pk}/provider/participations/?status=pending")
    assert [row["id"] for row in response.json()["results"]] == [participation.pk]
    response = api.post(f"/api/v1/participations/{participation.pk}/approve/", {"paid_time": True})
    assert response.status_code == 200 and response.json()["paid_time"] is True


def test_api_my_employers_and_share(volunteer, member, org_a):
    from khibra.providers.selectors import visible_provider

    api = ApiClient(user=volunteer)
    assert [row["id"] for row in api.get("/api/v1/me/employers/").json()["results"]] == [member.pk]
    response = api.post(f"/api/v1/me/employers/{member.pk}/share/", {"share": True})
    assert response.status_code == 200 and response.json()["share_with_nonprofits"] is True
    assert visible_provider(volunteer.volunteer_profile, org_a) == member.provider
    assert api.post(f"/api/v1/me/employers/{member.pk}/share/", {"share": "maybe"}).status_code == 400


def test_api_suggestion_rules(coordinator_p, member, partnership, opportunity_a, volunteer, org_b):
    from khibra.testing.factories import published_opportunity

    api = ApiClient(user=coordinator_p)
    url = f"/api/v1/provider-members/{member.pk}/suggestions/"
    assert api.post(url, {"opportunity_id": opportunity_a.pk}).status_code == 400  # not shared yet
    services.set_sharing(member=member, by=volunteer, share=True)
    assert api.post(url, {"opportunity_id": published_opportunity(org_b).pk}).status_code == 400
    assert api.post(url, {"opportunity_id": 2**40}).status_code == 400
    response = api.post(url, {"opportunity_id": opportunity_a.pk, "note": "مناسب"})
    assert response.status_code == 201


@pytest.mark.parametrize("name", ["overview", "members", "requests", "participations", "programs", "domains"])
def test_every_provider_page_renders_in_english(client, admin_p, provider_p, member, other_volunteer, name):
    services.request_to_join(provider=provider_p, user=other_volunteer)
    client.force_login(admin_p)
    response = client.get("/en" + reverse(f"providers:{name}", args=[provider_p.slug]))
    assert response.status_code == 200
    assert b'id="provider-nav"' in response.content


def test_the_member_filters(client, coordinator_p, provider_p, member):
    client.force_login(coordinator_p)
    url = reverse("providers:members", args=[provider_p.slug])
    assert f'id="member-{member.pk}"'.encode() in client.get(url, {"status": "verified"}).content
    assert f'id="member-{member.pk}"'.encode() not in client.get(url, {"status": "pending"}).content
    assert f'id="member-{member.pk}"'.encode() not in client.get(url, {"skill": "لا توجد مهارة كهذه"}).content
    assert client.get(url, {"status": "nonsense"}).status_code == 400
