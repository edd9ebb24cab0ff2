from django.urls import reverse

from khibra.engagements.models import Engagement
from khibra.teams.models import Team, TeamAssignment, TeamMember
from khibra.testing.api import ApiClient, error_of

from .conftest import apply_team, make_provider_member


def login(client, user):
    client.force_login(user)
    return client


# --- team pages ---------------------------------------------------------------------------------


def test_it_creates_a_team_from_the_page_and_refuses_bad_input(client, lead):
    login(client, lead.user)
    assert client.get("/en/teams/").status_code == 200
    response = client.post("/en/teams/", {"name": "", "description": "x"})
    assert response.status_code == 400
    assert not Team.objects.exists()
    response = client.post("/en/teams/", {"name": "فريق الأثر"})
    team = Team.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/teams/{team.pk}/")
    page = client.get(f"/en/teams/{team.pk}/")
    assert page.status_code == 200
    assert b'id="invite-form"' in page.content and b'id="team-hours"' in page.content


def test_outsiders_cannot_see_a_team(client, team, third, manager_a, plain_user):
    for user in (third.user, manager_a, plain_user):
        login(client, user)
        assert client.get(f"/en/teams/{team.pk}/").status_code == 404
        assert client.post(f"/en/teams/{team.pk}/invite/", {"email": user.email}).status_code == 404
    client.logout()
    assert client.get(f"/en/teams/{team.pk}/").status_code == 302  # to the log-in page


def test_members_who_do_not_lead_get_403_on_lead_actions(client, team, mate, third):
    login(client, mate.user)
    assert client.get(f"/en/teams/{team.pk}/").status_code == 200
    assert client.post(f"/en/teams/{team.pk}/invite/", {"email": third.user.email}).status_code == 403
    assert not TeamMember.objects.filter(volunteer=third).exists()


def test_the_lead_invites_and_the_invitee_joins(client, team, lead, third):
    login(client, lead.user)
    assert client.post(f"/en/teams/{team.pk}/invite/", {"email": "not-an-email"}).status_code == 400
    # The same answer for an address without a volunteer account (it is e-mailed how to join).
    assert client.post(f"/en/teams/{team.pk}/invite/", {"email": "nobody@example.sa"}).status_code == 302
    assert client.post(f"/en/teams/{team.pk}/invite/", {"email": third.user.email}).status_code == 302
    login(client, third.user)
    page = client.get(f"/en/teams/{team.pk}/")
    assert b'id="accept-invitation"' in page.content
    assert client.post(f"/en/teams/{team.pk}/invitation/accept/").status_code == 302
    assert TeamMember.objects.get(team=team, volunteer=third).status == "active"


def test_the_lead_applies_from_the_page(client, team, lead, team_opportunity):
    login(client, lead.user)
    response = client.get(f"/en/teams/{team.pk}/apply/", {"opportunity": team_opportunity.pk})
    assert response.status_code == 302 and response.url.endswith(f"/teams/{team.pk}/apply/{team_opportunity.pk}/")
    url = f"/en/teams/{team.pk}/apply/{team_opportunity.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"motivation": ""}).status_code == 400
    assert not TeamAssignment.objects.exists()
    assert client.post(url, {"motivation": "فريق خبير.", "availability_confirmed": "on"}).status_code == 302
    assert TeamAssignment.objects.get().status == "applied"


# --- the organization's side --------------------------------------------------------------------


def test_the_manager_sees_and_accepts_the_team(client, team, team_opportunity, manager_a, supervisor_a, lead, mate):
    assignment = apply_team(team, team_opportunity)
    url = reverse("teams:opportunity_teams", args=[team_opportunity.organization.slug, team_opportunity.pk])
    login(client, supervisor_a)
    page = client.get(url)
    assert page.status_code == 200 and f'id="team-application-{assignment.pk}"'.encode() in page.content
    accept = reverse("teams:accept", args=[team_opportunity.organization.slug, team_opportunity.pk, assignment.pk])
    assert client.post(accept).status_code == 403  # a supervisor reads but does not decide
    login(client, manager_a)
    assert client.post(accept).status_code == 302
    assert set(Engagement.objects.values_list("volunteer_id", flat=True)) == {lead.pk, mate.pk}
    login(client, lead.user)
    page = client.get(f"/en/teams/{team.pk}/")
    assert f'id="assignment-{assignment.pk}-work"'.encode() in page.content


def test_another_organization_cannot_see_or_decide_team_applications(client, team, team_opportunity, manager_b, org_a):
    assignment = apply_team(team, team_opportunity)
    login(client, manager_b)
    assert client.get(reverse("teams:opportunity_teams", args=[org_a.slug, team_opportunity.pk])).status_code == 404
    for decision in ("accept", "decline"):
        assert client.post(reverse(f"teams:{decision}", args=[org_a.slug, team_opportunity.pk, assignment.pk])).status_code == 404
    # Through its own organization's address the assignment does not exist either.
    org_b = manager_b.memberships.first().organization
    assert client.post(reverse("teams:accept", args=[org_b.slug, team_opportunity.pk, assignment.pk])).status_code == 404
    api = ApiClient(manager_b)
    assert api.get(f"/opportunities/{team_opportunity.pk}/team-applications/").status_code == 404
    assert api.post(f"/team-assignments/{assignment.pk}/accept/").status_code == 404
    assert api.post(f"/team-assignments/{assignment.pk}/decline/", {"note": ""}).status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == "applied" and not Engagement.objects.exists()


# --- provider team projects ---------------------------------------------------------------------


def test_the_coordinator_creates_a_team_project(client, provider_p, coordinator_p, coordinator_q, lead, mate, third, volunteer):
    for profile in (lead, mate):
        make_provider_member(provider_p, coordinator_p, profile)
    url = f"/en/organizations/{provider_p.slug}/provider/teams/"
    for outsider in (coordinator_q, volunteer):
        login(client, outsider)
        assert client.get(url).status_code == 404
    login(client, coordinator_p)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "فريق مدار", "leader": lead.pk, "members": [mate.pk, third.pk]})
    assert response.status_code == 400  # third is not a verified member: not among the choices
    assert not Team.objects.exists()
    response = client.post(url, {"name": "فريق مدار", "leader": lead.pk, "members": [mate.pk]})
    team = Team.objects.get()
    assert response.status_code == 302 and team.provider_id == provider_p.pk
    page = client.get(url)
    assert f'id="provider-team-{team.pk}-hours"'.encode() in page.content
    assert client.get(f"/en/teams/{team.pk}/").status_code == 200  # the coordinator follows the team
    login(client, coordinator_q)
    assert client.get(f"/en/teams/{team.pk}/").status_code == 404


# --- API ----------------------------------------------------------------------------------------


def test_the_api_runs_a_team_from_creation_to_acceptance(lead, mate, third, team_opportunity, manager_a):
    api = ApiClient(lead.user, language="en")
    response = api.post("/teams/", {"name": "فريق الأثر", "description": "فريق تقني"})
    assert response.status_code == 201, response.content
    team_id = response.json()["id"]
    assert response.json()["members"][0]["role"] == "leader"
    unknown = api.post(f"/teams/{team_id}/members/", {"email": "nobody@example.sa"})
    response = api.post(f"/teams/{team_id}/members/", {"email": mate.user.email})
    assert response.status_code == unknown.status_code == 202 and response.json() == unknown.json()
    invited = TeamMember.objects.get(team_id=team_id, volunteer=mate, status="invited")
    from khibra.teams import services

    services.accept_invitation(member=invited, by=mate.user)
    mine = ApiClient(mate.user).get("/me/teams/")
    assert mine.status_code == 200 and [t["id"] for t in mine.json()["results"]] == [team_id]
    bad = api.post(f"/teams/{team_id}/applications/", {"opportunity_id": team_opportunity.pk, "motivation": ""})
    assert bad.status_code == 400 and "motivation" in error_of(bad)["fields"]
    response = api.post(
        f"/teams/{team_id}/applications/",
        {"opportunity_id": team_opportunity.pk, "motivation": "فريق خبير.", "availability_confirmed": True},
    )
    assert response.status_code == 201, response.content
    assignment_id = response.json()["id"]
    org_api = ApiClient(manager_a)
    listed = org_api.get(f"/opportunities/{team_opportunity.pk}/team-applications/")
    assert listed.status_code == 200
    assert [m["volunteer_id"] for m in listed.json()["results"][0]["members"]] == [lead.pk, mate.pk]
    assert ApiClient(lead.user).post(f"/team-assignments/{assignment_id}/accept/").status_code == 404
    accepted = org_api.post(f"/team-assignments/{assignment_id}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert len(accepted.json()["members_work"]) == 2
    team = api.get(f"/teams/{team_id}/")
    assert team.status_code == 200 and team.json()["approved_hours"] in ("0", "0.00", 0)
    assert ApiClient(third.user).get(f"/teams/{team_id}/").status_code == 404


def test_the_api_refuses_bad_input(lead, provider_p):
    api = ApiClient(lead.user, language="en")
    assert api.post("/teams/", {"name": "x" * 151}).status_code == 400
    assert api.post("/teams/", {"name": "فريق", "member_volunteer_ids": [1]}).status_code == 400
    assert api.post("/teams/", {"name": "فريق", "provider_id": provider_p.pk, "leader_volunteer_id": lead.pk}).status_code == 404
    assert api.post("/teams/", {"name": "فريق", "provider_id": 2**31}).status_code == 400
    assert api.get("/teams/999999/").status_code == 404
    assert not Team.objects.exists()


def test_the_api_team_declines(team, team_opportunity, manager_a):
    assignment = apply_team(team, team_opportunity)
    api = ApiClient(manager_a)
    assert api.post(f"/team-assignments/{assignment.pk}/decline/", {"note": "x" * 501}).status_code == 400
    response = api.post(f"/team-assignments/{assignment.pk}/decline/", {"note": "شكرًا لكم."})
    assert response.status_code == 200 and response.json()["status"] == "declined"
