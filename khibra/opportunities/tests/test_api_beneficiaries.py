"""Who benefits from an opportunity, through the API as on the web form."""

import datetime as dt

from django.utils import timezone
import pytest

from khibra.opportunities.models import Opportunity
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import field


def _body(**extra):
    starts = timezone.localdate() + dt.timedelta(days=7)
    return {
        "title": "محلل بيانات",
        "description": "تحليل بيانات المستفيدين وبناء لوحة متابعة.",
        "fields": [field("digital-infrastructure").pk],
        "starts_on": starts.isoformat(),
        "ends_on": (starts + dt.timedelta(days=30)).isoformat(),
        **extra,
    }


@pytest.mark.django_db
class TestBeneficiaries:
    def test_written_and_read(self, org_a, admin_a):
        client = ApiClient(admin_a, language="en")
        created = client.post(
            f"/organizations/{org_a.pk}/opportunities/",
            _body(beneficiary_category="individuals", beneficiaries_expected=250),
        )
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["beneficiary_category"] == "individuals"
        assert body["beneficiary_category_display"] == "Individuals"
        assert body["beneficiaries_expected"] == 250

        changed = client.patch(f"/opportunities/{body['id']}/", {"beneficiary_category": "environment"})
        assert changed.status_code == 200, changed.content
        # As on the web form: a count only means something for individuals.
        assert changed.json()["beneficiary_category"] == "environment"
        assert changed.json()["beneficiaries_expected"] is None
        opportunity = Opportunity.objects.get(pk=body["id"])
        assert (opportunity.beneficiary_category, opportunity.beneficiaries_expected) == ("environment", None)

    def test_refused_as_the_form_refuses(self, org_a, admin_a):
        client = ApiClient(admin_a, language="en")
        refused = client.post(
            f"/organizations/{org_a.pk}/opportunities/", _body(beneficiary_category="everybody")
        )
        assert refused.status_code == 400
        assert "beneficiary_category" in error_of(refused)["fields"]

    def test_left_out_is_not_said(self, org_a, admin_a):
        body = ApiClient(admin_a).post(f"/organizations/{org_a.pk}/opportunities/", _body()).json()
        assert body["beneficiary_category"] == "" and body["beneficiaries_expected"] is None
