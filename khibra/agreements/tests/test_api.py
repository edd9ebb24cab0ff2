"""The agreements API: the volunteer agreement of an engagement (state, accept, PDF) and the
partnership agreements of both parties. Volunteers see only their own; organization A never
reads B's."""

import pytest

from khibra.agreements import services
from khibra.agreements.models import AgreementAcceptance
from khibra.engagements.models import Engagement
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import MembershipFactory

from .conftest import make_opportunity, select_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(charter_volunteer, opportunity, agreement):
    return Engagement.objects.get(opportunity=opportunity, volunteer__user=charter_volunteer)


def _url(engagement, tail=""):
    return f"/engagements/{engagement.pk}/agreement/{tail}"


class TestVolunteerAgreement:
    def test_it_reads_then_accepts_the_current_version(self, engagement, agreement, charter_volunteer):
        api = ApiClient(charter_volunteer)
        state = api.get(_url(engagement)).json()
        assert state["required"] and not state["accepted"] and not state["work_open"]
        assert state["agreement"]["id"] == agreement.pk and state["agreement"]["version"] == 1
        assert state["agreement"]["fingerprint"] == agreement.content_hash
        response = api.post(_url(engagement, "accept/"), {"version": 1})
        assert response.status_code == 200, response.content
        assert response.json()["accepted"] and response.json()["work_open"] and response.json()["accepted_at"]
        assert AgreementAcceptance.objects.filter(agreement=agreement, volunteer=charter_volunteer).count() == 1

    def test_bad_input_is_refused_and_writes_nothing(self, engagement, charter_volunteer):
        api = ApiClient(charter_volunteer)
        for body in ({}, {"version": 0}, {"version": "أ"}, {"version": 2**40}):
            response = api.post(_url(engagement, "accept/"), body)
            assert response.status_code == 400 and "version" in error_of(response)["fields"], body
        unknown = api.post(_url(engagement, "accept/"), {"version": 7})
        assert unknown.status_code == 400 and "version" in error_of(unknown)["fields"]
        assert not AgreementAcceptance.objects.exists()

    def test_a_new_version_must_be_accepted_again(self, engagement, agreement, opportunity, manager_a, charter_volunteer):
        api = ApiClient(charter_volunteer)
        api.post(_url(engagement, "accept/"), {"version": 1})
        opportunity.description += " ويشمل العمل ربط بوابة الدفع."
        opportunity.save()
        services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)
        state = api.get(_url(engagement)).json()
        assert state["agreement"]["version"] == 2 and not state["accepted"] and state["accepted_earlier"] and not state["work_open"]
        old = api.post(_url(engagement, "accept/"), {"version": 1})  # already accepted: nothing changes
        assert old.status_code == 200 and not old.json()["accepted"]
        assert api.post(_url(engagement, "accept/"), {"version": 2}).json()["work_open"]

    def test_only_the_parties_read_it_and_only_the_volunteer_accepts(
        self, engagement, opportunity, manager_a, manager_b, other_volunteer
    ):
        assert ApiClient(manager_a).get(_url(engagement)).status_code == 200
        assert ApiClient(manager_a).post(_url(engagement, "accept/"), {"version": 1}).status_code == 403
        for outsider in (manager_b, other_volunteer):
            assert ApiClient(outsider).get(_url(engagement)).status_code == 404
            assert ApiClient(outsider).post(_url(engagement, "accept/"), {"version": 1}).status_code == 404
            assert ApiClient(outsider).get(_url(engagement, "pdf/")).status_code == 404
        # Another volunteer's own engagement shows their state, not this one's.
        select_volunteer(opportunity, other_volunteer)
        theirs = Engagement.objects.get(volunteer__user=other_volunteer)
        assert ApiClient(other_volunteer).get(_url(theirs)).json()["engagement_id"] == theirs.pk
        assert ApiClient().get(_url(engagement)).status_code == 401
        assert not AgreementAcceptance.objects.exists()

    def test_the_pdf(self, engagement, charter_volunteer):
        api = ApiClient(charter_volunteer)
        response = api.get(_url(engagement, "pdf/"), {"lang": "en"})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert api.get(_url(engagement, "pdf/"), {"lang": "fr"}).status_code == 400
        assert api.get(_url(engagement, "pdf/"), {"version": 9}).status_code == 404

    def test_a_free_commercial_service_needs_no_agreement(self, org_a, volunteer):
        opportunity = make_opportunity(org_a, service_model="free_commercial")
        engagement = select_volunteer(opportunity, volunteer)
        api = ApiClient(volunteer)
        state = api.get(_url(engagement)).json()
        assert state == {**state, "required": False, "agreement": None, "work_open": True}
        refused = api.post(_url(engagement, "accept/"), {"version": 1})
        assert refused.status_code == 400 and error_of(refused)["code"] == "no_agreement"


class TestPartnerAgreements:
    def _url(self, organization, agreement=None, tail=""):
        base = f"/organizations/{organization.pk}/partner-agreements/"
        return base + (f"{agreement.pk}/{tail}" if agreement else "")

    def test_both_parties_read_it_the_partner_once_proposed(
        self, partner_agreement, org_a, partner, manager_a, partner_admin, agreement
    ):
        assert ApiClient(manager_a).get(self._url(org_a)).json()["count"] == 1
        assert ApiClient(partner_admin).get(self._url(partner)).json()["count"] == 0  # a draft is the non-profit's
        assert ApiClient(partner_admin).get(self._url(partner, partner_agreement)).status_code == 404
        services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
        row = ApiClient(partner_admin).get(self._url(partner, partner_agreement)).json()
        assert row["side"] == "partner" and row["status"] == "proposed" and row["partner"]["id"] == partner.pk
        assert ApiClient(manager_a).get(self._url(org_a, partner_agreement)).json()["side"] == "organization"

    def test_each_party_accepts_and_it_is_signed(self, partner_agreement, org_a, partner, manager_a, partner_admin, agreement):
        services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
        first = ApiClient(manager_a).post(self._url(org_a, partner_agreement, "accept/"))
        assert first.status_code == 200 and first.json()["organization_accepted_at"] and first.json()["status"] == "proposed"
        second = ApiClient(partner_admin).post(self._url(partner, partner_agreement, "accept/"))
        assert second.status_code == 200 and second.json()["status"] == "signed"
        pdf = ApiClient(partner_admin).get(self._url(partner, partner_agreement, "pdf/"))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    def test_another_organization_reads_nothing(self, partner_agreement, org_a, org_b, manager_a, manager_b, agreement):
        services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
        outsider = ApiClient(manager_b)
        assert outsider.get(self._url(org_a)).status_code == 404
        assert outsider.get(self._url(org_b)).json()["count"] == 0
        assert outsider.get(self._url(org_b, partner_agreement)).status_code == 404
        assert outsider.post(self._url(org_b, partner_agreement, "accept/")).status_code == 404
        assert outsider.get(self._url(org_a, partner_agreement, "pdf/")).status_code == 404
        partner_agreement.refresh_from_db()
        assert partner_agreement.organization_accepted_at is None

    def test_a_member_without_the_role_cannot_accept(self, partner_agreement, org_a, manager_a, agreement):
        services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
        member = MembershipFactory(organization=org_a, role="supervisor").user
        assert ApiClient(member).get(self._url(org_a, partner_agreement)).status_code == 200
        assert ApiClient(member).post(self._url(org_a, partner_agreement, "accept/")).status_code == 403
        assert ApiClient(manager_a).get(self._url(org_a) + "999999/").status_code == 404
