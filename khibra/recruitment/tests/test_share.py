"""Share links: /r/<code>/ counts a visit and redirects with ?ref=; "invite a colleague";
the sources report counts visits and applications per channel and per referring volunteer."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
import pytest

from khibra.opportunities import services as opportunity_services
from khibra.recruitment import selectors
from khibra.recruitment.models import Application, ShareLink
from khibra.recruitment.services import plans
from khibra.testing.factories import OpportunityFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def published_opportunity(*, organization, by):
    """An opportunity of `organization`, published through the services by `by`."""
    from khibra.opportunities import services

    opportunity = OpportunityFactory(organization=organization, created_by=by)
    services.choose_service_model(opportunity=opportunity, model="skills_based", reasoning="", by=by)
    return services.publish_opportunity(opportunity=opportunity, by=by)


@pytest.fixture
def opportunity(org_a, admin_a):
    return published_opportunity(organization=org_a, by=admin_a)


@pytest.fixture
def planned(opportunity, admin_a):
    plans.save_recruitment_plan(opportunity=opportunity, by=admin_a, tools=["universities", "messaging_groups"], message="سجل الآن")
    return opportunity


def test_following_a_link_counts_a_visit_and_carries_the_code(client, planned):
    link = ShareLink.objects.get(opportunity=planned, channel="universities")
    for _ in range(3):
        response = client.get(reverse("recruitment:share", args=[link.code]))
        assert response.status_code == 302
        assert response["Location"] == reverse("opportunities:public_detail", args=[planned.pk]) + f"?ref={link.code}"
    link.refresh_from_db()
    assert link.visits == 3
    assert client.session[f"recruitment_ref:{planned.pk}"] == link.code
    assert ShareLink.objects.get(opportunity=planned, channel="messaging_groups").visits == 0


def test_an_unknown_code_is_not_found(client):
    assert client.get(reverse("recruitment:share", args=["nope"])).status_code == 404


def test_a_link_to_an_unpublished_opportunity_is_not_found_and_not_counted(client, planned, admin_a):
    opportunity_services.close_opportunity(opportunity=planned, by=admin_a)
    link = ShareLink.objects.get(opportunity=planned, channel="universities")
    assert client.get(reverse("recruitment:share", args=[link.code])).status_code == 404
    link.refresh_from_db()
    assert link.visits == 0


def test_the_ref_code_resolves_only_for_its_own_opportunity(planned, org_a, admin_a):
    link = ShareLink.objects.get(opportunity=planned, channel="universities")
    other = published_opportunity(organization=org_a, by=admin_a)
    assert selectors.link_for_ref(planned, link.code) == link
    assert selectors.link_for_ref(other, link.code) is None
    assert selectors.link_for_ref(planned, "") is None


def test_a_volunteer_gets_one_referral_link(planned, volunteer):
    first = plans.referral_link(opportunity=planned, volunteer=volunteer)
    second = plans.referral_link(opportunity=planned, volunteer=volunteer)
    assert first == second
    assert first.referred_by == volunteer and first.channel == "referrals"
    # The plan's own "referrals" channel link is a different row.
    plans.save_recruitment_plan(opportunity=planned, by=planned.created_by, tools=["referrals"])
    assert ShareLink.objects.filter(opportunity=planned, channel="referrals").count() == 2


def test_only_volunteers_get_referral_links(planned, admin_b):
    with pytest.raises(PermissionDenied):
        plans.referral_link(opportunity=planned, volunteer=admin_b)


def test_the_public_page_offers_volunteers_to_invite_a_colleague(client, planned, volunteer, admin_b):
    url = reverse("opportunities:public_detail", args=[planned.pk])
    assert 'id="invite-colleague"' not in client.get(url).content.decode()
    client.force_login(admin_b)
    assert 'id="invite-colleague"' not in client.get(url).content.decode()
    client.force_login(volunteer)
    assert 'id="invite-colleague"' in client.get(url).content.decode()


def test_invite_a_colleague_flow(client, planned, volunteer):
    client.force_login(volunteer)
    invite = reverse("recruitment:invite", args=[planned.pk])
    response = client.post(invite)
    assert response.status_code == 302
    link = ShareLink.objects.get(opportunity=planned, referred_by=volunteer)
    page = client.get(invite).content.decode()
    assert f"/r/{link.code}/" in page and 'id="invite-text"' in page


@pytest.mark.parametrize("persona, expected", [("admin_b", 403), ("staff", 403)])
def test_non_volunteers_cannot_make_referral_links(client, request, planned, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("recruitment:invite", args=[planned.pk])).status_code == expected
    assert not ShareLink.objects.filter(referred_by__isnull=False).exists()


def test_invite_needs_a_login_and_a_public_opportunity(client, volunteer, org_a, admin_a):
    from khibra.testing.factories import OpportunityFactory

    draft = OpportunityFactory(organization=org_a)
    response = client.post(reverse("recruitment:invite", args=[draft.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(volunteer)
    assert client.post(reverse("recruitment:invite", args=[draft.pk])).status_code == 404


def _apply(opportunity, source=None):
    profile = VolunteerProfileFactory()
    return Application.objects.create(opportunity=opportunity, volunteer=profile, motivation="أرغب في المساهمة", source=source)


def test_the_sources_report_counts_visits_and_applications(client, planned, admin_a, volunteer, org_a, django_assert_max_num_queries):
    universities = ShareLink.objects.get(opportunity=planned, channel="universities")
    referral = plans.referral_link(opportunity=planned, volunteer=volunteer)
    client.get(reverse("recruitment:share", args=[universities.code]))
    client.get(reverse("recruitment:share", args=[referral.code]))
    _apply(planned, universities)
    _apply(planned, universities)
    _apply(planned, referral)
    _apply(planned)
    with django_assert_max_num_queries(2):
        channels, referrers, direct = selectors.sources_report(planned)
    by_channel = {row.link.channel: (row.visits, row.applications) for row in channels}
    assert by_channel == {"universities": (1, 2), "messaging_groups": (0, 0)}
    assert [(row.link.referred_by_id, row.visits, row.applications) for row in referrers] == [(volunteer.pk, 1, 1)]
    assert direct == 1
    client.force_login(admin_a)
    page = client.get(reverse("recruitment:plan", args=[org_a.slug, planned.pk])).content.decode()
    assert 'id="source-channel-universities"' in page and f'id="source-referrer-{volunteer.pk}"' in page


def test_org_b_sees_nothing_of_org_as_links_report(client, planned, admin_b, manager_b, org_a):
    for user in (admin_b, manager_b):
        client.force_login(user)
        assert client.get(reverse("recruitment:plan", args=[org_a.slug, planned.pk])).status_code == 404
