"""Alerts: each volunteer's preferences, the fan-out of a published opportunity to every fitting
volunteer, the delivery of immediate alerts by leasing workers, and the daily and weekly digests."""

from __future__ import annotations

from datetime import timedelta
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, ngettext

from khibra.core.leases import LeasedWork
from khibra.core.mail import queue_email
from khibra.core.notify import notify
from khibra.opportunities.models import Nature, Opportunity
from khibra.opportunities.selectors import open_listings
from khibra.volunteers.models import VolunteerProfile

from . import hooks
from .index import refresh_opportunity
from .models import Alert, AlertPreference, AlertStatus, Frequency, NatureFilter
from .selectors import fitting_volunteers, is_open

logger = logging.getLogger(__name__)


# --- alert preferences --------------------------------------------------------------------------------


def preference_for(volunteer: VolunteerProfile) -> AlertPreference:
    preference, _created = AlertPreference.objects.get_or_create(volunteer=volunteer)
    return preference


@transaction.atomic
def update_alert_preference(*, volunteer: VolunteerProfile, frequency: str, fields=(), cities=(), nature: str = "") -> AlertPreference:
    preference = preference_for(volunteer)
    preference.frequency = frequency
    preference.nature = nature
    preference.full_clean()
    preference.save()
    preference.fields.set(fields)
    preference.cities.set(cities)
    return preference


@transaction.atomic
def unsubscribe(*, token: str) -> AlertPreference:
    preference = AlertPreference.objects.select_for_update().select_related("volunteer__user").get(token=token)
    preference.frequency = Frequency.OFF
    preference.save(update_fields=["frequency", "updated_at"])
    # What was waiting is not sent any more.
    Alert.objects.filter(volunteer=preference.volunteer_id, status=AlertStatus.PENDING).update(status=AlertStatus.SKIPPED)
    hooks.alerts_unsubscribed(user=preference.volunteer.user)
    return preference


# --- alerts: fan-out ------------------------------------------------------------------------------------


def alert_recipients(opportunity: Opportunity) -> QuerySet:
    """Fitting volunteers whose alert preferences accept this opportunity, with their frequency."""
    field_ids = list(opportunity.fields.values_list("pk", flat=True))
    preferences = AlertPreference.objects.filter(volunteer_id=OuterRef("pk"))
    natures = {
        Nature.REMOTE: [NatureFilter.ANY, NatureFilter.REMOTE],
        Nature.IN_PERSON: [NatureFilter.ANY, NatureFilter.IN_PERSON],
        Nature.BOTH: [NatureFilter.ANY, NatureFilter.REMOTE, NatureFilter.IN_PERSON],
    }[opportunity.nature]
    PrefFields = AlertPreference.fields.through
    PrefCities = AlertPreference.cities.through
    # A preference rejects the opportunity when it is off, wants another nature, lists fields
    # none of which the opportunity has, or lists cities and the in-person work is elsewhere.
    rejects = Q(frequency=Frequency.OFF) | ~Q(nature__in=natures)
    rejects |= Exists(PrefFields.objects.filter(alertpreference_id=OuterRef("pk"))) & ~Exists(
        PrefFields.objects.filter(alertpreference_id=OuterRef("pk"), field_id__in=field_ids)
    )
    if opportunity.nature == Nature.IN_PERSON:
        rejects |= Exists(PrefCities.objects.filter(alertpreference_id=OuterRef("pk"))) & ~Exists(
            PrefCities.objects.filter(alertpreference_id=OuterRef("pk"), city_id=opportunity.city_id)
        )
    return (
        fitting_volunteers(opportunity)
        .exclude(Exists(AlertPreference.objects.filter(rejects, volunteer_id=OuterRef("pk"))))
        .annotate(alert_frequency=Coalesce(Subquery(preferences.values("frequency")[:1]), Value(Frequency.DAILY.value)))
    )


def fan_out_alerts(*, opportunity_id: int) -> int:
    """Insert one alert row per fitting volunteer in one statement. Idempotent; returns rows added."""
    opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
    if opportunity is None or not is_open(opportunity):
        return 0
    refresh_opportunity(opportunity)
    recipients = alert_recipients(opportunity).annotate(alert_volunteer=F("pk")).order_by()
    select_sql, params = recipients.values("alert_volunteer", "alert_frequency").query.sql_with_params()
    table = connection.ops.quote_name(Alert._meta.db_table)
    # The WHERE in the outer SELECT keeps SQLite's parser from reading ON CONFLICT as a join.
    sql = (
        f"INSERT INTO {table} (opportunity_id, volunteer_id, frequency, status, created_at, claimed_by, attempts) "
        f"SELECT %s, fitting.alert_volunteer, fitting.alert_frequency, %s, %s, '', 0 FROM ({select_sql}) fitting WHERE 1 = 1 "
        f"ON CONFLICT (opportunity_id, volunteer_id) DO NOTHING"
    )
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [opportunity.pk, AlertStatus.PENDING.value, now, *params])
        added = max(cursor.rowcount, 0)
    if added:
        from . import tasks

        waiting = Alert.objects.filter(opportunity=opportunity, frequency=Frequency.IMMEDIATE, status=AlertStatus.PENDING).count()
        for _n in range(min(WAKE_UPS_MAX, (waiting + BATCH - 1) // BATCH)):
            tasks.deliver_alerts.enqueue()
    return added


# --- alerts: delivery ----------------------------------------------------------------------------------

LEASE = timedelta(seconds=getattr(settings, "MATCHING_ALERT_LEASE_SECONDS", 300))  # a dead worker's claims wait this long
BATCH = 200
WAKE_UPS_MAX = 8
MAX_ATTEMPTS = 5


def _wake(alert_ids: list[int]) -> None:
    """Delivery works in batches: one wake-up per BATCH waiting alerts, at most WAKE_UPS_MAX."""
    from . import tasks

    for _n in range(min(WAKE_UPS_MAX, (len(alert_ids) + BATCH - 1) // BATCH)):
        tasks.deliver_alerts.enqueue()


# An alert stays pending while a worker holds it: the lease alone (`lease_until`, `claimed_by`)
# says who sends it. Alerts kept for a digest are claimed by the digest run, not swept.
DELIVERY = LeasedWork(
    name="matching.alerts",
    model=Alert,
    waiting=AlertStatus.PENDING,
    held=AlertStatus.PENDING,
    lease=lambda: LEASE,
    max_attempts=MAX_ATTEMPTS,
    wake=_wake,
    owner_field="claimed_by",
    sweep_only=Q(frequency=Frequency.IMMEDIATE),
    wake_limit=BATCH * WAKE_UPS_MAX,
)


def claim_alerts(*, worker: str, limit: int = BATCH, frequency: str = Frequency.IMMEDIATE, volunteer_id: int | None = None) -> list[int]:
    """Take a lease on up to `limit` waiting alerts; no two workers get the same row."""
    where = Q(frequency=frequency)
    if volunteer_id is not None:
        where &= Q(volunteer_id=volunteer_id)
    return DELIVERY.claim_batch(owner=worker, limit=limit, where=where)


def _unsubscribe_url(volunteer: VolunteerProfile) -> str:
    token = preference_for(volunteer).token
    return settings.SITE_URL + reverse("matching:unsubscribe", args=[token])


def _alert_email(user, subject: str, lines: list[str], unsubscribe_url: str, dedupe_key: str) -> None:
    body = "\n\n".join(lines)
    footer = _("To stop these alerts, open: %(url)s") % {"url": unsubscribe_url}
    queue_email(to=user.email, subject=subject, body_text=f"{body}\n\n--\n{footer}\n", dedupe_key=dedupe_key)


def deliver_alert(alert_id: int) -> bool:
    """Send one claimed immediate alert: in-app and e-mail, once (the e-mail has a dedupe key)."""
    with transaction.atomic():
        alert = Alert.objects.select_related("volunteer__user", "opportunity__organization").filter(pk=alert_id).first()
        if alert is None or alert.status != AlertStatus.PENDING:
            return False
        preference = preference_for(alert.volunteer)
        if preference.frequency == Frequency.OFF or not alert.volunteer.user.is_active or not is_open(alert.opportunity):
            # A listing that closed or filled up since is no longer news.
            DELIVERY.finish(alert_id, status=AlertStatus.SKIPPED)
            return False
        user = alert.volunteer.user
        opportunity = alert.opportunity
        with translation.override(user.preferred_language or "ar"):
            url = reverse("opportunities:public_detail", args=[opportunity.pk])
            title = _("A new opportunity fits you: %(title)s") % {"title": opportunity.title}
            body = _("%(organization)s published an opportunity that fits your profile.") % {"organization": opportunity.organization.name}
            notify(user=user, kind="matching.alert", title=title, body=body, url=url, email=False)
            if user.email:
                _alert_email(user, title, [body, settings.SITE_URL + url], _unsubscribe_url(alert.volunteer), f"alert:{alert.pk}")
        DELIVERY.finish(alert_id, status=AlertStatus.SENT, sent_at=timezone.now())
    return True


def deliver_alerts(*, worker: str = "worker", max_batches: int | None = None) -> int:
    """Claim batches of immediate alerts and send them until none is left. Returns alerts sent."""
    sent = batches = 0
    while max_batches is None or batches < max_batches:
        ids = claim_alerts(worker=worker)
        if not ids:
            break
        batches += 1
        for alert_id in ids:
            try:
                sent += deliver_alert(alert_id)
            except Exception:  # leave it leased: the sweeper offers it again after the lease
                logger.exception("delivering alert %s failed", alert_id)
    return sent


def sweep_alerts() -> int:
    """Wake workers for immediate alerts a dead worker left (lease expired) or nobody took."""
    return DELIVERY.sweep()


def period_of(frequency: str, now=None) -> str:
    day = timezone.localdate(now or timezone.now())
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def send_digests(*, frequency: str, worker: str = "digests", dry_run: bool = False, now=None) -> int:
    """One e-mail per volunteer grouping their waiting alerts of this frequency. Returns e-mails."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(frequency)
    period = period_of(frequency, now)
    volunteer_ids = list(
        Alert.objects.filter(status=AlertStatus.PENDING, frequency=frequency).order_by().values_list("volunteer_id", flat=True).distinct()
    )
    if dry_run:
        return len(volunteer_ids)
    sent = 0
    for volunteer_id in volunteer_ids:
        ids = claim_alerts(worker=worker, limit=1000, frequency=frequency, volunteer_id=volunteer_id)
        if ids:
            sent += _send_digest(volunteer_id, ids, frequency, period)
    return sent


def _send_digest(volunteer_id: int, alert_ids: list[int], frequency: str, period: str) -> int:
    with transaction.atomic():
        volunteer = VolunteerProfile.objects.select_related("user").get(pk=volunteer_id)
        alerts = list(Alert.objects.filter(pk__in=alert_ids).select_related("opportunity__organization").order_by("created_at", "id"))
        user = volunteer.user
        if preference_for(volunteer).frequency == Frequency.OFF or not user.is_active:
            DELIVERY.finish(alert_ids, status=AlertStatus.SKIPPED)
            return 0
        # Listings that closed or filled up since they were found are left out of the digest.
        still_open = set(open_listings().filter(pk__in={alert.opportunity_id for alert in alerts}).values_list("pk", flat=True))
        gone = [alert.pk for alert in alerts if alert.opportunity_id not in still_open]
        if gone:
            DELIVERY.finish(gone, status=AlertStatus.SKIPPED)
            alerts = [alert for alert in alerts if alert.opportunity_id in still_open]
            alert_ids = [alert.pk for alert in alerts]
            if not alerts:
                return 0
        with translation.override(user.preferred_language or "ar"):
            count = len(alerts)
            title = ngettext(
                "%(counter)s new opportunity fits you.", "%(counter)s new opportunities fit you.", count
            ) % {"counter": count}
            lines = [
                f"{alert.opportunity.title} — {alert.opportunity.organization.name}\n"
                f"{settings.SITE_URL}{reverse('opportunities:public_detail', args=[alert.opportunity_id])}"
                for alert in alerts
            ]
            email = None
            if user.email:
                body = "\n\n".join(lines)
                footer = _("To stop these alerts, open: %(url)s") % {"url": _unsubscribe_url(volunteer)}
                email = queue_email(
                    to=user.email, subject=title, body_text=f"{body}\n\n--\n{footer}\n", dedupe_key=f"digest:{volunteer_id}:{frequency}:{period}"
                )
                if email is None:
                    # This period's digest went out already: keep these alerts for the next one.
                    DELIVERY.release(alert_ids, claimed_by="")
                    return 0
            notify(user=user, kind="matching.digest", title=title, body="\n".join(a.opportunity.title for a in alerts),
                   url=reverse("matching:recommendations"), email=False)
        DELIVERY.finish(alert_ids, status=AlertStatus.SENT, sent_at=timezone.now())
    return 1
