"""The API of matching: suggested volunteers for an opportunity, invitations, recommendations."""

import pytest

from khibra.api import services as api_services
from khibra.matching.models import Invitation
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import OpportunityFactory, field, matching_opportunity, matching_volunteer

pytestmark = pytest.mark.django_db


def matches_url(opportunity) -> str:
    return f"/opportunities/{opportunity.pk}/matches/"


def invite_url(opportunity, profile) -> str:
    return f"/opportunities/{opportunity.pk}/matches/{profile.pk}/invite/"


# --- suggestions -----------------------------------------------------------------------------------


def test_a_manager_gets_ranked_matches(admin_a, finance_opportunity, newcomer):
    other = matching_volunteer(fields=("finance-accounting",), years_of_experience=3)
    response = ApiClient(admin_a, language="en").get(matches_url(finance_opportunity))
    assert response.status_code == 200, response.content
    rows = response.json()
    ids = [row["volunteer"]["id"] for row in rows]
    assert newcomer.pk in ids and other.pk in ids
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    best = next(row for row in rows if row["volunteer"]["id"] == newcomer.pk)
    assert best["volunteer"]["full_name"] == newcomer.user.full_name
    assert best["volunteer"]["city"]["name"] == "Riyadh" or best["volunteer"]["city"]["id"] == newcomer.city_id
    assert best["reasons"] and best["parts"]["fields"] > 0 and best["invited"] is False


def test_limit_is_bounded(admin_a, finance_opportunity, newcomer):
    matching_volunteer()
    client = ApiClient(admin_a)
    assert len(client.get(matches_url(finance_opportunity), {"limit": 1}).json()) == 1
    for bad in (0, 51, "x"):
        response = client.get(matches_url(finance_opportunity), {"limit": bad})
        assert response.status_code == 400 and "limit" in error_of(response)["fields"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager_a", 200), ("supervisor_a", 403), ("admin_b", 404), ("manager_b", 404), ("volunteer", 404)],
)
def test_matches_access(request, finance_opportunity, newcomer, persona, status):
    response = ApiClient(request.getfixturevalue(persona)).get(matches_url(finance_opportunity))
    assert response.status_code == status
    if status != 200:
        error_of(response)


def test_matches_anonymous_and_unknown(finance_opportunity, admin_a):
    assert ApiClient().get(matches_url(finance_opportunity)).status_code == 401
    assert ApiClient(admin_a).get("/opportunities/999999/matches/").status_code == 404


def test_a_draft_of_another_organization_is_not_found(org_b, admin_a):
    draft = OpportunityFactory(organization=org_b, fields=[field("finance-accounting")])
    assert ApiClient(admin_a).get(matches_url(draft)).status_code == 404


def test_a_closed_opportunity_has_no_matches(org_a, admin_a, newcomer):
    draft = OpportunityFactory(organization=org_a, fields=[field("finance-accounting")])
    response = ApiClient(admin_a).get(matches_url(draft))
    assert response.status_code == 200 and response.json() == []


def test_api_key_scopes_and_organization(org_a, org_b, admin_a, admin_b, finance_opportunity, newcomer):
    _key, secret = api_services.create_api_key(organization=org_a, by=admin_a, name="HR", scopes=["opportunities:read"])
    response = ApiClient(secret=secret).get(matches_url(finance_opportunity))
    assert response.status_code == 200 and response.json()
    _key, wrong_scope = api_services.create_api_key(organization=org_a, by=admin_a, name="BI", scopes=["reports:read"])
    assert ApiClient(secret=wrong_scope).get(matches_url(finance_opportunity)).status_code == 403
    _key, other_org = api_services.create_api_key(organization=org_b, by=admin_b, name="B", scopes=["opportunities:read"])
    assert ApiClient(secret=other_org).get(matches_url(finance_opportunity)).status_code == 404
    # Reading does not let a key invite.
    assert ApiClient(secret=secret).post(invite_url(finance_opportunity, newcomer)).status_code == 403
    assert not Invitation.objects.exists()


# --- invitations -----------------------------------------------------------------------------------


def test_a_manager_invites_once(manager_a, finance_opportunity, newcomer):
    client = ApiClient(manager_a, language="en")
    response = client.post(invite_url(finance_opportunity, newcomer))
    assert response.status_code == 201, response.content
    assert response.json()["volunteer_id"] == newcomer.pk
    again = client.post(invite_url(finance_opportunity, newcomer))
    assert again.status_code == 400 and "already" in error_of(again)["message"]
    assert Invitation.objects.filter(opportunity=finance_opportunity, volunteer=newcomer).count() == 1
    rows = client.get(matches_url(finance_opportunity)).json()
    assert next(row for row in rows if row["volunteer"]["id"] == newcomer.pk)["invited"] is True


def test_inviting_who_does_not_fit_or_does_not_exist(manager_a, finance_opportunity):
    lawyer = matching_volunteer(fields=("legal-affairs",), profession_code="lawyer")
    client = ApiClient(manager_a)
    assert client.post(invite_url(finance_opportunity, lawyer)).status_code == 400
    assert client.post(f"/opportunities/{finance_opportunity.pk}/matches/999999/invite/").status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("supervisor_a", 403), ("admin_b", 404), ("volunteer", 404)])
def test_invite_access(request, finance_opportunity, newcomer, persona, status):
    response = ApiClient(request.getfixturevalue(persona)).post(invite_url(finance_opportunity, newcomer))
    assert response.status_code == status
    assert ApiClient().post(invite_url(finance_opportunity, newcomer)).status_code == 401
    assert not Invitation.objects.exists()


def test_an_invite_key_with_write_scope(org_a, admin_a, finance_opportunity, newcomer):
    _key, secret = api_services.create_api_key(organization=org_a, by=admin_a, name="HR", scopes=["opportunities:write"])
    assert ApiClient(secret=secret).post(invite_url(finance_opportunity, newcomer)).status_code == 201


# --- recommendations -------------------------------------------------------------------------------


def test_a_volunteer_gets_recommendations(org_a, admin_a, finance_opportunity, newcomer):
    matching_opportunity(organization=org_a, by=admin_a, fields=[field("digital-infrastructure")])  # not a fit
    response = ApiClient(newcomer.user, language="en").get("/me/recommendations/")
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [row["opportunity"]["id"] for row in rows] == [finance_opportunity.pk]
    best = rows[0]
    assert best["opportunity"]["organization"] == {"id": org_a.pk, "name": org_a.name_en}
    assert best["score"] > 0 and best["reasons"] and best["parts"]["relevance"] > 0


def test_recommendations_limit_and_bad_input(finance_opportunity, newcomer):
    client = ApiClient(newcomer.user)
    assert client.get("/me/recommendations/", {"limit": 1}).status_code == 200
    response = client.get("/me/recommendations/", {"limit": 500})
    assert response.status_code == 400 and "limit" in error_of(response)["fields"]


def test_recommendations_need_a_profile_and_a_person(org_a, admin_a):
    assert ApiClient(admin_a).get("/me/recommendations/").status_code == 404
    assert ApiClient().get("/me/recommendations/").status_code == 401
    _key, secret = api_services.create_api_key(organization=org_a, by=admin_a, name="HR", scopes=["opportunities:read"])
    assert ApiClient(secret=secret).get("/me/recommendations/").status_code == 403


def test_recommendations_are_the_callers_own(finance_opportunity, newcomer, other_volunteer):
    # Another volunteer (no charter, no fields) gets nothing, whatever the newcomer would.
    response = ApiClient(other_volunteer).get("/me/recommendations/")
    assert response.status_code == 200 and response.json() == []


# --- explanations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("manager_a", 200), ("supervisor_a", 403), ("admin_b", 404), ("manager_b", 404), ("volunteer", 404)]
)
def test_near_misses_are_for_the_opportunitys_managers_only(request, finance_opportunity, persona, status):
    matching_volunteer(hours_per_week=0)  # misses the hours only
    response = ApiClient(request.getfixturevalue(persona), language="en").get(f"/opportunities/{finance_opportunity.pk}/near-misses/")
    assert response.status_code == status
    if status == 200:
        assert response.json() == [
            {"limit": "hours", "count": 1, "text": "1 related volunteer: under a fifth of the 5 weekly hours asked."}
        ]


def test_the_scale_names_each_part_and_the_floor(newcomer):
    body = ApiClient(newcomer.user, language="en").get("/matching/scale/").json()
    assert body["out_of"] == 100 and body["floor"] > 0
    assert {part["name"] for part in body["parts"]} == set(
        ["relevance", "profession", "experience", "hours", "fields", "city", "verification", "track_record", "load"]
    )
    assert sum(part["most"] for part in body["parts"]) == 100


def test_a_volunteer_asks_why_nothing_is_recommended(finance_opportunity, newcomer):
    client = ApiClient(newcomer.user, language="en")
    assert client.get("/me/recommendations/why-empty/").json() == {"empty": False, "reasons": []}
    lonely = matching_volunteer(fields=("legal-affairs",), profession_code="lawyer")
    body = ApiClient(lonely.user, language="ar").get("/me/recommendations/why-empty/").json()
    assert body["empty"] is True and body["reasons"][0].startswith("لا توجد حاليًا فرصة متاحة في مجالاتك")


def test_matches_say_what_kept_the_score_lower(admin_a, finance_opportunity, newcomer):
    rows = ApiClient(admin_a, language="en").get(matches_url(finance_opportunity)).json()
    assert rows[0]["shortfalls"] and all(isinstance(text, str) for text in rows[0]["shortfalls"])
