"""Fixtures of the certificate tests: an accepted application of org A turned into an engagement,
closed as the engagements app would close it, with approved hours set per test."""

import datetime as dt
from decimal import Decimal

import pytest

from khibra.engagements.models import Engagement, WorkItem
from khibra.recruitment.services import applications
from khibra.recruitment.tests.selection_fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    opportunity,
    other_applicant,
    question,
)
from khibra.testing.factories import accept_agreement

ARABIC_TITLE = "مطور تطبيقات ويب بإطار جانغو"
ARABIC_NAME = "سارة بنت عبدالله العتيبي"


@pytest.fixture
def hours(monkeypatch):
    """Approved hours per engagement, as khibra.hours would report them (default 0)."""
    table: dict[int, Decimal] = {}
    monkeypatch.setattr("khibra.certificates.services.approved_hours", lambda engagement: table.get(engagement.pk, Decimal("0")))
    monkeypatch.setattr(
        "khibra.certificates.services.verified_hours",
        lambda profile: sum((h for pk, h in table.items() if Engagement.objects.filter(pk=pk, volunteer=profile).exists()), Decimal("0")),
    )
    return table


@pytest.fixture
def engagement(application, manager_a, opportunity):
    opportunity.title = ARABIC_TITLE
    opportunity.save(update_fields=["title"])
    user = application.volunteer.user
    user.full_name = ARABIC_NAME
    user.save(update_fields=["full_name"])
    engagement = applications.accept_application(application=application, by=manager_a)
    accept_agreement(engagement)  # certificates wait for the accepted agreement
    return engagement


@pytest.fixture
def waiting_engagement(application, manager_a):
    """An engagement whose volunteer has not accepted the agreement."""
    return applications.accept_application(application=application, by=manager_a)


def accept_deliverables(engagement: Engagement) -> None:
    """The organization accepted the final deliverable(s) (and every task)."""
    WorkItem.objects.filter(engagement=engagement).update(status=WorkItem.Status.ACCEPTED)


def close(engagement: Engagement, status: str, *, started=dt.date(2026, 3, 1), ended=dt.date(2026, 5, 31)) -> Engagement:
    """What khibra.engagements' closing does to the row (it then calls on_engagement_closed)."""
    Engagement.objects.filter(pk=engagement.pk).update(status=status, started_on=started, ended_on=ended)
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def completed(engagement, hours):
    hours[engagement.pk] = Decimal("42.5")
    accept_deliverables(engagement)
    return close(engagement, Engagement.Status.COMPLETED)


@pytest.fixture
def certificates(completed, manager_a):
    from khibra.certificates.services import on_engagement_closed

    return on_engagement_closed(engagement=completed, by=manager_a)


@pytest.fixture
def certificate(certificates):
    return certificates[-1]  # the achievement certificate


def login(client, user) -> None:
    """Log in with the notifications read. The header's unread count for a user with no
    membership is a SimpleLazyObject that the Arabic plural formula cannot take (n % 100), so a
    page with unread notifications fails to render; reported to khibra.core, not ours to fix."""
    from django.utils import timezone

    from khibra.core.models import Notification

    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    client.force_login(user)
