"""Alerts: one set-based fan-out per published opportunity, delivery by leased batches, digests."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.core.models import Notification, OutboundEmail
from khibra.matching import alerts, tasks
from khibra.matching.models import Alert, AlertPreference, Frequency
from khibra.testing.factories import OpportunityFactory, field, matching_opportunity, matching_volunteer

pytestmark = pytest.mark.django_db


def _with_frequency(frequency, **values):
    volunteer = matching_volunteer(**values)
    alerts.update_alert_preference(volunteer=volunteer, frequency=frequency)
    return volunteer


def _alert_emails():
    return OutboundEmail.objects.filter(dedupe_key__startswith="alert:")


@pytest.fixture
def no_wake_ups(monkeypatch):
    """Fan out without waking workers, as if none were running yet."""
    from types import SimpleNamespace

    monkeypatch.setattr(tasks, "deliver_alerts", SimpleNamespace(enqueue=lambda *args, **kwargs: None))


def test_publishing_fans_out_after_the_commit(org_a, admin_a, django_capture_on_commit_callbacks):
    volunteer = _with_frequency(Frequency.IMMEDIATE)
    opportunity = OpportunityFactory(organization=org_a, created_by=admin_a, service_model="skills_based", hours_per_week=5, fields=[field("finance-accounting")])
    from khibra.opportunities.services import publish_opportunity

    with django_capture_on_commit_callbacks(execute=True):
        publish_opportunity(opportunity=opportunity, by=admin_a)

    alert = Alert.objects.get(opportunity=opportunity)
    assert alert.volunteer_id == volunteer.pk and alert.status == Alert.Status.SENT
    assert Notification.objects.filter(user=volunteer.user, kind="matching.alert").count() == 1
    assert len(mail.outbox) == 1
    assert reverse("matching:unsubscribe", args=[volunteer.alert_preference.token]) in mail.outbox[0].body


def test_each_fitting_volunteer_is_alerted_once_and_nobody_else(org_a, admin_a, no_wake_ups):
    immediate = _with_frequency(Frequency.IMMEDIATE)
    daily = _with_frequency(Frequency.DAILY)
    weekly = _with_frequency(Frequency.WEEKLY)
    off = _with_frequency(Frequency.OFF)
    no_preference = matching_volunteer()
    unfit = matching_volunteer(fields=("legal-affairs",), profession_code="lawyer")
    no_charter = matching_volunteer(charter=False)
    opportunity = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])

    assert alerts.fan_out_alerts(opportunity_id=opportunity.pk) == 4
    assert alerts.fan_out_alerts(opportunity_id=opportunity.pk) == 0  # running it again adds nothing

    rows = dict(Alert.objects.values_list("volunteer_id", "frequency"))
    assert rows == {
        immediate.pk: Frequency.IMMEDIATE,
        daily.pk: Frequency.DAILY,
        weekly.pk: Frequency.WEEKLY,
        no_preference.pk: Frequency.DAILY,  # the default
    }
    assert off.pk not in rows and unfit.pk not in rows and no_charter.pk not in rows


def test_preference_filters_narrow_the_alerts(org_a, admin_a, no_wake_ups):
    from khibra.testing.factories import city

    marketing_only = matching_volunteer(fields=("finance-accounting", "marketing"))
    alerts.update_alert_preference(volunteer=marketing_only, frequency=Frequency.IMMEDIATE, fields=[field("marketing")])
    remote_only = _with_frequency(Frequency.IMMEDIATE)
    alerts.update_alert_preference(volunteer=remote_only, frequency=Frequency.IMMEDIATE, nature="remote")
    riyadh_only = _with_frequency(Frequency.IMMEDIATE)
    alerts.update_alert_preference(volunteer=riyadh_only, frequency=Frequency.IMMEDIATE, cities=[city("riyadh")])
    anything = _with_frequency(Frequency.IMMEDIATE)
    anything.work_cities.set([city("jeddah")])
    riyadh_only.work_cities.set([city("jeddah")])

    in_jeddah = matching_opportunity(
        organization=org_a, by=admin_a, nature="in_person", city=city("jeddah"), venue="المقر", fields=[field("finance-accounting")]
    )
    alerts.fan_out_alerts(opportunity_id=in_jeddah.pk)

    assert set(Alert.objects.values_list("volunteer_id", flat=True)) == {anything.pk}


def test_a_worker_stopped_midway_loses_nothing_and_sends_nothing_twice(org_a, admin_a, no_wake_ups, monkeypatch):
    volunteers = [_with_frequency(Frequency.IMMEDIATE) for _n in range(7)]
    opportunity = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    alerts.fan_out_alerts(opportunity_id=opportunity.pk)

    # Worker A claims a batch of three, sends one, then dies.
    claimed = alerts.claim_alerts(worker="a", limit=3)
    assert len(claimed) == 3
    alerts.deliver_alert(claimed[0])
    # Worker B meanwhile takes what is not leased, and cannot take A's rows.
    assert set(alerts.claim_alerts(worker="b", limit=100)).isdisjoint(claimed)
    assert alerts.claim_alerts(worker="c", limit=100) == []
    # Both leases expire (B died too); the sweeper wakes a worker that finishes the job.
    Alert.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    monkeypatch.undo()
    assert alerts.sweep_alerts() == 6

    assert Alert.objects.filter(status=Alert.Status.PENDING).count() == 0
    assert _alert_emails().count() == len(volunteers)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(v.user.email for v in volunteers)
    for volunteer in volunteers:
        assert Notification.objects.filter(user=volunteer.user, kind="matching.alert").count() == 1
    # Running everything again sends nothing more.
    assert alerts.deliver_alerts() == 0
    assert alerts.sweep_alerts() == 0
    assert len(mail.outbox) == len(volunteers)


def test_publishing_twice_creates_no_duplicates(org_a, admin_a, django_capture_on_commit_callbacks):
    from khibra.opportunities.services import close_opportunity, publish_opportunity

    volunteer = _with_frequency(Frequency.IMMEDIATE)
    opportunity = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    alerts.fan_out_alerts(opportunity_id=opportunity.pk)
    close_opportunity(opportunity=opportunity, by=admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        publish_opportunity(opportunity=opportunity, by=admin_a)

    assert Alert.objects.filter(volunteer=volunteer).count() == 1
    assert len(mail.outbox) == 1


def test_daily_digest_groups_a_volunteers_alerts_in_one_email(org_a, admin_a, no_wake_ups):
    daily = _with_frequency(Frequency.DAILY)
    weekly = _with_frequency(Frequency.WEEKLY)
    first = matching_opportunity(organization=org_a, by=admin_a, title="مراجع حسابات", fields=[field("finance-accounting")])
    second = matching_opportunity(organization=org_a, by=admin_a, title="محلل مالي", fields=[field("finance-accounting")])
    for opportunity in (first, second):
        alerts.fan_out_alerts(opportunity_id=opportunity.pk)

    call_command("send_alert_digests", "daily")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [daily.user.email]
    assert "مراجع حسابات" in message.body and "محلل مالي" in message.body
    assert reverse("matching:unsubscribe", args=[daily.alert_preference.token]) in message.body
    assert not Alert.objects.filter(volunteer=daily, status=Alert.Status.PENDING).exists()
    assert Alert.objects.filter(volunteer=weekly, status=Alert.Status.PENDING).count() == 2

    call_command("send_alert_digests", "daily")  # nothing new: nothing sent
    assert len(mail.outbox) == 1

    call_command("send_alert_digests", "weekly")
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [weekly.user.email]


def test_a_second_digest_in_the_same_period_waits_for_the_next(org_a, admin_a, no_wake_ups):
    daily = _with_frequency(Frequency.DAILY)
    alerts.fan_out_alerts(opportunity_id=matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")]).pk)
    assert alerts.send_digests(frequency=Frequency.DAILY) == 1
    later = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    alerts.fan_out_alerts(opportunity_id=later.pk)

    assert alerts.send_digests(frequency=Frequency.DAILY) == 0
    assert Alert.objects.get(opportunity=later, volunteer=daily).status == Alert.Status.PENDING
    assert alerts.send_digests(frequency=Frequency.DAILY, now=timezone.now() + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_off_means_nothing_even_for_waiting_alerts(org_a, admin_a, no_wake_ups, client):
    volunteer = _with_frequency(Frequency.DAILY)
    alerts.fan_out_alerts(opportunity_id=matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")]).pk)
    token = volunteer.alert_preference.token

    url = reverse("matching:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert AlertPreference.objects.get(volunteer=volunteer).frequency == Frequency.DAILY
    response = client.post(url)
    assert response.status_code == 200
    assert b'id="unsubscribed"' in response.content

    assert AlertPreference.objects.get(volunteer=volunteer).frequency == Frequency.OFF
    assert alerts.send_digests(frequency=Frequency.DAILY) == 0
    alerts.fan_out_alerts(opportunity_id=matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")]).pk)
    assert not Alert.objects.filter(volunteer=volunteer, status=Alert.Status.PENDING).exists()
    assert len(mail.outbox) == 0


def test_an_unknown_unsubscribe_token_is_404(client, db):
    assert client.get(reverse("matching:unsubscribe", args=["nope"])).status_code == 404
