"""On a non-profit's selection board the applicant's employer shows only when the volunteer
allowed it, and disappears again when they take the permission back."""

import pytest

from khibra.providers import services
from khibra.recruitment import selectors as recruitment_selectors
from khibra.recruitment.tests.selection_fixtures import apply_to
from khibra.testing.factories import ready_volunteer

pytestmark = pytest.mark.django_db


def test_board_shows_the_employer_only_when_shared(client, member, volunteer, opportunity_a, org_a, manager_a, provider_p):
    application = apply_to(opportunity_a, ready_volunteer(volunteer.volunteer_profile))
    client.force_login(manager_a)
    url = f"/en/organizations/{org_a.slug}/opportunities/{opportunity_a.pk}/applications/"

    board = recruitment_selectors.board(opportunity_a)
    assert board["applications"][0].employer is None
    assert f'id="employer-{application.pk}"'.encode() not in client.get(url).content

    services.set_sharing(member=member, by=volunteer, share=True)
    assert recruitment_selectors.board(opportunity_a)["applications"][0].employer == provider_p
    page = client.get(url).content
    assert f'id="employer-{application.pk}"'.encode() in page and provider_p.name_en.encode() in page

    services.set_sharing(member=member, by=volunteer, share=False)
    assert recruitment_selectors.board(opportunity_a)["applications"][0].employer is None
