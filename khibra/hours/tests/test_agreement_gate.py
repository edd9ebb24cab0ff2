"""Hours wait for the volunteer agreement: none before the volunteer accepts the current version,
none again while a new version waits, and none of this for a service model that skips step 4."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.agreements import services as agreement_services
from khibra.agreements.selectors import current_agreement
from khibra.core.models import Notification, OutboundEmail
from khibra.hours import services
from khibra.hours.models import HourEntry
from khibra.opportunities.services import update_opportunity
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import accept_agreement, published_opportunity

from .conftest import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(opportunity, volunteer, manager_a):
    """An active engagement whose volunteer has not accepted the agreement yet."""
    return start(opportunity, volunteer.volunteer_profile, manager_a, agreement=False)


def _edit(opportunity, manager, description):
    """The manager edits the opportunity's description, which is the agreement's text."""
    opportunity.refresh_from_db()
    type(opportunity).objects.filter(pk=opportunity.pk).update(created_by=manager, service_model="skills_based")
    return update_opportunity(opportunity=opportunity, by=manager, description=description)


def _log(engagement):
    return services.log_hours(
        engagement=engagement, by=engagement.volunteer.user, date=timezone.localdate() - dt.timedelta(days=1), hours=Decimal("2")
    )


def test_it_refuses_hours_before_the_agreement_is_accepted(waiting):
    with pytest.raises(ValidationError) as refused:
        _log(waiting)
    assert refused.value.code == "agreement_not_accepted"
    assert "اقرأ" in refused.value.messages[0]  # translated (Arabic by default)
    assert not HourEntry.objects.exists()


def test_it_allows_hours_once_the_agreement_is_accepted(waiting):
    accept_agreement(waiting)
    assert _log(waiting).hours == Decimal("2")


def test_a_new_version_pauses_hours_until_it_is_accepted_and_tells_the_volunteer(waiting, opportunity, manager_a):
    accept_agreement(waiting)
    _log(waiting)
    first = current_agreement(opportunity)
    _edit(opportunity, manager_a, "وصف معدل للفرصة بعد قبول الاتفاقية.")
    second = current_agreement(opportunity)
    assert second.version == first.version + 1
    user = waiting.volunteer.user
    notice = Notification.objects.get(user=user, kind="agreement.new_version")
    assert notice.url == reverse("agreements:detail", args=[second.pk])
    assert OutboundEmail.objects.filter(to=user.email, subject=notice.title).exists()
    with pytest.raises(ValidationError) as refused:
        _log(waiting)
    assert refused.value.code == "agreement_not_accepted"
    assert HourEntry.objects.count() == 1
    agreement_services.accept_volunteer_agreement(agreement=second, volunteer=user)
    assert _log(waiting).hours == Decimal("2")


def test_an_edit_that_does_not_change_the_text_makes_no_new_version(waiting, opportunity, manager_a):
    accept_agreement(waiting)
    version = current_agreement(opportunity).version
    _edit(opportunity, manager_a, opportunity.description)
    assert current_agreement(opportunity).version == version
    assert not Notification.objects.filter(kind="agreement.new_version").exists()


def test_a_free_commercial_service_needs_no_agreement(org_a, supervisor_a, volunteer, manager_a, client):
    opportunity = published_opportunity(org_a, supervisor=supervisor_a, hours_per_week=Decimal("5"), service_model="free_commercial")
    engagement = start(opportunity, volunteer.volunteer_profile, manager_a, agreement=False)
    assert engagement.agreement is None
    assert _log(engagement).hours == Decimal("2")
    client.force_login(volunteer)
    page = client.get(reverse("engagements:workspace", args=[engagement.pk]))
    assert 'id="agreement-not-needed"' in page.content.decode()


def test_the_api_refuses_hours_with_a_stable_code_and_writes_nothing(waiting):
    api = ApiClient(waiting.volunteer.user)
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = api.post(f"/engagements/{waiting.pk}/hours/", {"date": day, "hours": 2})
    assert response.status_code == 400
    assert error_of(response)["code"] == "agreement_not_accepted"
    assert not HourEntry.objects.exists()
    accept_agreement(waiting)
    assert api.post(f"/engagements/{waiting.pk}/hours/", {"date": day, "hours": 2}).status_code == 201


def test_the_hours_page_shows_one_call_to_action_and_writes_nothing(waiting, client):
    client.force_login(waiting.volunteer.user)
    url = reverse("hours:engagement", args=[waiting.pk])
    page = client.get(url).content.decode()
    agreement = current_agreement(waiting.opportunity)
    assert 'id="agreement-cta"' in page and reverse("agreements:detail", args=[agreement.pk]) in page
    assert 'id="hours-form"' not in page
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(url, {"date": day, "hours": "2"})
    assert response.status_code == 400
    assert not HourEntry.objects.exists()
