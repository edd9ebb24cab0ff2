"""Engagements: started by an accepted application, listed for their volunteer, withdrawn by them."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
import pytest

from khibra.engagements import services
from khibra.engagements.models import Engagement
from khibra.recruitment.services import applications
from khibra.recruitment.tests.selection_fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    opportunity,
    question,
)

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_log_in_to_see_engagements(client):
    response = client.get(reverse("engagements:mine"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_an_accepted_application_starts_one_active_engagement(application, manager_a, applicant, client):
    engagement = applications.accept_application(application=application, by=manager_a)

    assert Engagement.objects.active().get() == engagement and engagement.started_on is not None
    client.force_login(applicant.user)
    page = client.get(reverse("engagements:mine")).content.decode()
    assert f'id="engagement-{engagement.pk}"' in page


def test_only_the_volunteer_withdraws_from_an_engagement(application, manager_a, admin_a):
    engagement = applications.accept_application(application=application, by=manager_a)
    for user in (manager_a, admin_a):
        with pytest.raises(PermissionDenied):
            services.withdraw_engagement(engagement=engagement, by=user)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ACTIVE


def test_accepting_generates_the_agreement_when_none_exists_yet(application, manager_a):
    from khibra.agreements.models import VolunteerAgreement

    assert not VolunteerAgreement.objects.filter(opportunity=application.opportunity).exists()

    engagement = applications.accept_application(application=application, by=manager_a)

    assert engagement.agreement == VolunteerAgreement.objects.get(opportunity=application.opportunity)


def test_free_commercial_services_have_no_agreement_to_accept(application, manager_a):
    application.opportunity.service_model = "free_commercial"
    application.opportunity.save(update_fields=["service_model"])

    engagement = applications.accept_application(application=application, by=manager_a)

    assert engagement.agreement is None
