"""A listing takes applications while a seat is left and its deadline (the start date by default)
and end date have not passed. Expired and full listings are absent from search (open places only,
the default), recommendations and alerts, show a badge, and refuse applications with the reason;
a full one offers its waiting list. The housekeeping job closes expired listings once and tells
their pending applicants once."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.core.models import AuditEvent, Notification
from khibra.matching import alerts
from khibra.matching.models import Alert
from khibra.matching.ranking import recommend_opportunities
from khibra.opportunities import search, selectors, services
from khibra.opportunities.models import Opportunity
from khibra.recruitment.models import Application
from khibra.recruitment.services import applications as recruitment
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import charter_policy, field, matching_opportunity, matching_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _charter(db):
    charter_policy()


def _expire(opportunity: Opportunity) -> Opportunity:
    """Its start (the default deadline) was yesterday, as if time had passed since it was published."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Opportunity.objects.filter(pk=opportunity.pk).update(starts_on=yesterday)
    opportunity.refresh_from_db()
    return opportunity


def _fill(opportunity: Opportunity) -> Opportunity:
    Opportunity.objects.filter(pk=opportunity.pk).update(seats_filled=opportunity.seats)
    opportunity.refresh_from_db()
    return opportunity


@pytest.fixture
def listings(org_a, admin_a):
    """Three published finance listings: open, expired and full."""
    made = {
        name: matching_opportunity(organization=org_a, by=admin_a, title=f"محاسب {name}", fields=[field("finance-accounting")])
        for name in ("open", "expired", "full")
    }
    _expire(made["expired"])
    _fill(made["full"])
    return made


def _apply(opportunity, volunteer, **extra):
    return recruitment.apply(
        opportunity=opportunity, volunteer=volunteer, motivation="خبرتي في المحاسبة عشر سنوات.", answers={},
        availability_confirmed=True, **extra,
    )


def test_is_open_respects_seats_deadline_and_end(listings):
    assert selectors.is_open(listings["open"])
    assert not selectors.is_open(listings["expired"]) and not selectors.is_open(listings["full"])
    assert listings["expired"].listing_state == "closed" and listings["full"].listing_state == "full"
    ended = listings["open"]
    today = timezone.localdate()
    Opportunity.objects.filter(pk=ended.pk).update(starts_on=today - dt.timedelta(days=9), apply_by=None, ends_on=today - dt.timedelta(days=1))
    assert not selectors.is_open(ended)


def test_search_shows_open_places_only_by_default(listings):
    page = search.search_opportunities()
    assert [row.pk for row in page.object_list] == [listings["open"].pk]
    everything = {row.pk for row in search.search_opportunities(open_only=False).object_list}
    assert everything == {row.pk for row in listings.values()}
    assert [row.pk for row in search.search_opportunities(query="محاسب").object_list] == [listings["open"].pk]


def test_the_search_page_filter_is_on_by_default_and_closed_ones_show_a_badge(client, listings):
    page = client.get(reverse("opportunities:search")).content.decode()
    assert f'id="result-{listings["open"].pk}"' in page and f'id="result-{listings["full"].pk}"' not in page
    everything = client.get(reverse("opportunities:search"), {"places": "all"}).content.decode()
    assert f'id="listing-badge-{listings["full"].pk}" data-state="full"' in everything
    assert f'id="listing-badge-{listings["expired"].pk}" data-state="closed"' in everything


def test_the_api_search_hides_closed_and_full_unless_asked(listings):
    client = ApiClient()
    rows = client.get("/opportunities/").json()["results"]
    assert [row["id"] for row in rows] == [listings["open"].pk] and rows[0]["listing_state"] == "open"
    everything = client.get("/opportunities/", {"open_only": "false"}).json()["results"]
    assert {row["id"]: row["listing_state"] for row in everything}[listings["full"].pk] == "full"


def test_recommendations_leave_out_expired_and_full_listings(listings):
    volunteer = matching_volunteer()
    assert [r.opportunity.pk for r in recommend_opportunities(volunteer=volunteer)] == [listings["open"].pk]


def test_alerts_are_not_fanned_out_for_expired_or_full_listings(listings):
    matching_volunteer()
    assert alerts.fan_out_alerts(opportunity_id=listings["expired"].pk) == 0
    assert alerts.fan_out_alerts(opportunity_id=listings["full"].pk) == 0
    assert alerts.fan_out_alerts(opportunity_id=listings["open"].pk) == 1


def test_an_alert_for_a_listing_that_filled_up_since_is_skipped(listings, monkeypatch):
    from types import SimpleNamespace

    from khibra.matching import tasks

    monkeypatch.setattr(tasks, "deliver_alerts", SimpleNamespace(enqueue=lambda *args, **kwargs: None))  # no worker yet
    alerts.update_alert_preference(volunteer=matching_volunteer(), frequency="immediate")
    opportunity = listings["open"]
    alerts.fan_out_alerts(opportunity_id=opportunity.pk)
    _fill(opportunity)
    alert = Alert.objects.get(opportunity=opportunity)
    ids = alerts.claim_alerts(worker="test")
    assert ids == [alert.pk]
    assert alerts.deliver_alert(alert.pk) is False
    alert.refresh_from_db()
    assert alert.status == Alert.Status.SKIPPED


def test_applications_are_refused_with_the_reason(listings):
    volunteer = matching_volunteer()
    with pytest.raises(ValidationError) as error:
        _apply(listings["expired"], volunteer)
    assert [item.code for item in error.value.error_list] == ["deadline_passed"]
    with pytest.raises(ValidationError) as error:
        _apply(listings["full"], volunteer)
    assert "no_seats" in [item.code for item in error.value.error_list]
    assert not Application.objects.exists()


def test_the_api_refuses_applications_with_the_reason_code(listings):
    client = ApiClient(matching_volunteer().user)
    body = {"motivation": "خبرتي في المحاسبة.", "availability_confirmed": True}
    expired = client.post(f"/opportunities/{listings['expired'].pk}/applications/", body)
    assert expired.status_code == 400 and error_of(expired)["fields"]["reasons"] == ["deadline_passed"]
    full = client.post(f"/opportunities/{listings['full'].pk}/applications/", body)
    assert full.status_code == 400 and "no_seats" in error_of(full)["fields"]["reasons"]
    waiting = client.post(f"/opportunities/{listings['full'].pk}/applications/", {**body, "waiting_list": True})
    assert waiting.status_code == 201, waiting.content
    assert Application.objects.get().status == Application.Status.WAITLISTED


def test_a_full_listing_offers_the_waiting_list_and_similar_ones_not_apply(client, listings):
    page = client.get(reverse("opportunities:public_detail", args=[listings["full"].pk])).content.decode()
    assert 'id="apply-link"' not in page and 'id="waiting-list-link"' in page
    assert 'id="similar-link"' in page and "?field=finance-accounting" in page
    closed = client.get(reverse("opportunities:public_detail", args=[listings["expired"].pk])).content.decode()
    assert 'id="apply-link"' not in closed and 'id="waiting-list-link"' not in closed and 'id="listing-unavailable"' in closed
    assert 'id="apply-link"' in client.get(reverse("opportunities:public_detail", args=[listings["open"].pk])).content.decode()


def test_joining_the_waiting_list_through_the_page(client, listings):
    volunteer = matching_volunteer()
    client.force_login(volunteer.user)
    url = reverse("recruitment:apply", args=[listings["full"].pk])
    refused = client.get(url).content.decode()
    assert 'id="apply-blockers"' in refused and 'id="join-waiting-list-link"' in refused
    assert 'id="waiting-list-note"' in client.get(url, {"waiting_list": "1"}).content.decode()
    response = client.post(url, {"waiting_list": "1", "motivation": "خبرتي في المحاسبة.", "availability_confirmed": "on"})
    assert response.status_code == 302
    assert Application.objects.get().status == Application.Status.WAITLISTED


# --- the housekeeping job -------------------------------------------------------------------------------


def test_the_job_closes_expired_listings_once_and_tells_pending_applicants_once(org_a, admin_a, django_capture_on_commit_callbacks):
    opportunity = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    pending = _apply(opportunity, matching_volunteer())
    open_one = matching_opportunity(organization=org_a, by=admin_a, title="مصمم", fields=[field("finance-accounting")])
    _expire(opportunity)

    assert services.close_due_listings() == 1
    assert services.close_due_listings() == 0  # idempotent: nothing left to close
    opportunity.refresh_from_db()
    open_one.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CLOSED and open_one.status == Opportunity.Status.PUBLISHED
    told = Notification.objects.filter(user=pending.volunteer.user, kind="application.listing_closed")
    assert told.count() == 1
    pending.refresh_from_db()
    assert pending.status == Application.Status.APPLIED  # still being considered
    assert AuditEvent.objects.filter(verb="opportunity.closed_at_deadline").count() == 1


def test_the_job_is_registered_and_its_dry_run_writes_nothing(org_a, admin_a):
    from khibra.core import schedule

    assert "opportunities.close_due_listings" in {job.name for job in schedule.jobs()}
    opportunity = _expire(matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")]))
    assert services.close_due_listings(dry_run=True) == 1
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
