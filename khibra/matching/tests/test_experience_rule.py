"""The manager says whether the minimum years are required or preferred: on the web form and
through the API alike, refused when neither, and read back."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.opportunities.forms import OpportunityForm
from khibra.opportunities.models import Opportunity
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import field, program_of

pytestmark = pytest.mark.django_db


def _body(**extra):
    starts = timezone.localdate() + dt.timedelta(days=7)
    return {
        "title": "مراجع قوائم مالية",
        "description": "مراجعة القوائم المالية السنوية.",
        "fields": [field("finance-accounting").pk],
        "min_years_experience": 5,
        "starts_on": starts.isoformat(),
        "ends_on": (starts + dt.timedelta(days=30)).isoformat(),
        **extra,
    }


def test_the_api_writes_and_reads_the_rule(org_a, admin_a):
    program_of(org_a)  # an opportunity joins the organization's program
    client = ApiClient(admin_a, language="en")
    created = client.post(f"/organizations/{org_a.pk}/opportunities/", _body(experience_rule="preferred"))
    assert created.status_code == 201, created.content
    assert created.json()["experience_rule"] == "preferred"
    assert Opportunity.objects.get(pk=created.json()["id"]).experience_rule == "preferred"

    changed = client.patch(f"/opportunities/{created.json()['id']}/", {"experience_rule": "required"})
    assert changed.status_code == 200 and changed.json()["experience_rule"] == "required"


def test_a_rule_that_is_neither_is_refused_and_nothing_is_written(org_a, admin_a):
    before = Opportunity.objects.count()
    refused = ApiClient(admin_a, language="en").post(f"/organizations/{org_a.pk}/opportunities/", _body(experience_rule="sometimes"))
    assert refused.status_code == 400
    assert "experience_rule" in error_of(refused)["fields"]
    assert Opportunity.objects.count() == before


def test_the_form_offers_the_rule_with_required_first():
    form_field = OpportunityForm.base_fields["experience_rule"]
    assert [value for value, _label in form_field.choices] == ["required", "preferred"]
    assert form_field.initial == "required" and OpportunityForm.clean_experience_rule


def test_the_manager_page_says_the_rule(client, org_a, admin_a):
    from khibra.testing.factories import matching_opportunity

    opportunity = matching_opportunity(organization=org_a, by=admin_a, min_years_experience=4, experience_rule="preferred")
    client.force_login(admin_a)
    page = client.get(reverse("opportunities:detail", args=[org_a.slug, opportunity.pk])).content.decode()
    assert 'id="opportunity-experience-rule"' in page
