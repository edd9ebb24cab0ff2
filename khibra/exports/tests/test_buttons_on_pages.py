"""The download buttons sit next to the tables they export, for those who may export them."""

import json

import pytest

from khibra.testing.factories import published_opportunity

pytestmark = pytest.mark.django_db


def test_selection_board_offers_its_applications(client, org_a, manager_a, supervisor_a):
    opportunity = published_opportunity(org_a)
    url = f"/en/organizations/{org_a.slug}/opportunities/{opportunity.pk}/applications/"
    client.force_login(manager_a)
    page = client.get(url)
    assert b'id="export-applications-xlsx"' in page.content
    assert page.context["export_filters"] == {"opportunity": opportunity.pk}
    response = client.post("/en/exports/new/", {"kind": "applications", "organization": org_a.slug, "format": "csv",
                                                "params": json.dumps({"opportunity": opportunity.pk})})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    client.force_login(supervisor_a)
    assert b'id="export-applications-xlsx"' not in client.get(url).content


def test_hours_queue_offers_the_hours_to_managers(client, org_a, manager_a):
    client.force_login(manager_a)
    assert b'id="export-hours-xlsx"' in client.get(f"/en/organizations/{org_a.slug}/hours/").content
