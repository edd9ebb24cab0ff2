"""A volunteer with data in every app: an application and engagement with org A, approved
hours, certificates, a rating, a notification, alerts, a qualification, an employer program
membership, an API token and consents; and another volunteer with the same kinds of data."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
import pytest

from khibra.accounts.services import accept_privacy
from khibra.api.services import issue_token
from khibra.core.notify import notify
from khibra.engagements.models import Engagement
from khibra.hours import services as hours
from khibra.providers.models import MemberStatus, ProviderMember
from khibra.recruitment.services import applications
from khibra.recruitment.tests.selection_fixtures import apply_to
from khibra.testing.factories import QualificationFactory, accept_agreement, published_opportunity, ready_volunteer

OTHER_MARK = "علامة-المتطوع-الآخر"


def build_volunteer_world(user, *, organization, manager, mark: str) -> dict:
    """Everything through the services; `mark` is written into the person's own texts."""
    from khibra.certificates.services import on_engagement_closed, thank_volunteer
    from khibra.evaluation.services import review_volunteer
    from khibra.matching.alerts import update_alert_preference

    profile = ready_volunteer(user.volunteer_profile)
    profile.bio = f"نبذة {mark}"
    profile.phone = "0501234567"
    profile.save(update_fields=["bio", "phone"])
    accept_privacy(user=user)
    QualificationFactory(profile=profile, title=f"شهادة {mark}")
    opportunity = published_opportunity(organization, hours_per_week=Decimal("5"))
    application = apply_to(opportunity, profile, motivation=f"دافعي {mark}")
    engagement = applications.accept_application(application=application, by=manager)
    accept_agreement(engagement)  # hours open once the agreement is accepted
    Engagement.objects.filter(pk=engagement.pk).update(started_on=timezone.localdate() - dt.timedelta(days=30))
    engagement.refresh_from_db()
    entry = hours.log_hours(
        engagement=engagement, by=user, date=timezone.localdate() - dt.timedelta(days=2), hours=Decimal("3"), note=f"ساعات {mark}"
    )
    hours.approve_hours(entry=entry, by=manager)
    engagement.work_items.update(status="accepted")  # completion: every task and the final deliverable accepted
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.COMPLETED, ended_on=timezone.localdate())
    engagement.refresh_from_db()
    certificates = on_engagement_closed(engagement=engagement, by=manager)
    thank_volunteer(engagement=engagement, by=manager, message=f"شكرًا {mark}")
    review_volunteer(engagement=engagement, by=manager, quality=5, timeliness=4, communication=5)
    notify(user=user, kind="test", title=f"إشعار {mark}", email=False)
    update_alert_preference(volunteer=profile, frequency="weekly")
    token, _secret = issue_token(user=user, name=f"رمز {mark}")
    return {
        "profile": profile,
        "opportunity": opportunity,
        "application": application,
        "engagement": engagement,
        "entry": entry,
        "certificates": certificates,
        "token": token,
    }


@pytest.fixture
def world(volunteer, org_a, manager_a, provider_p):
    data = build_volunteer_world(volunteer, organization=org_a, manager=manager_a, mark="علامة-المتطوع")
    ProviderMember.objects.create(
        provider=provider_p, user=volunteer, status=MemberStatus.VERIFIED, how="request", verified_at=timezone.now(), job_title="محاسب"
    )
    return data


@pytest.fixture
def other_world(other_volunteer, org_a, manager_a):
    return build_volunteer_world(other_volunteer, organization=org_a, manager=manager_a, mark=OTHER_MARK)
