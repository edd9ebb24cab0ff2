"""Submissions and completion wait for the volunteer agreement; the workspace says so with one
call to action (the agreement), and a new version pauses them again."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.agreements import services as agreement_services
from khibra.agreements.selectors import current_agreement
from khibra.engagements import services
from khibra.engagements.models import Submission, WeeklyReport, WorkItem
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import accept_agreement

pytestmark = pytest.mark.django_db


def _task(engagement):
    return engagement.work_items.filter(kind="task").first()


def test_it_refuses_a_submission_before_the_agreement_is_accepted(waiting_engagement, applicant):
    with pytest.raises(ValidationError) as refused:
        services.submit_work(item=_task(waiting_engagement), by=applicant.user, link="https://example.org/doc")
    assert refused.value.code == "agreement_not_accepted"
    assert not Submission.objects.exists()
    accept_agreement(waiting_engagement)
    services.submit_work(item=_task(waiting_engagement), by=applicant.user, link="https://example.org/doc")
    assert Submission.objects.count() == 1


def test_it_refuses_a_weekly_report_before_the_agreement_is_accepted(waiting_engagement, applicant):
    report = dict(engagement=waiting_engagement, by=applicant.user, week_of=timezone.localdate(),
                  done="راجعت متطلبات الموقع مع المشرف.", hours_spent=3)
    with pytest.raises(ValidationError) as refused:
        services.submit_weekly_report(**report)
    assert refused.value.code == "agreement_not_accepted"
    assert not WeeklyReport.objects.exists()
    accept_agreement(waiting_engagement)
    services.submit_weekly_report(**report)
    assert WeeklyReport.objects.count() == 1


def test_a_new_version_pauses_submissions_until_it_is_accepted(engagement, applicant, manager_a):
    first = current_agreement(engagement.opportunity)
    agreement_services._next_version(engagement.opportunity, by=manager_a)  # as if the text had changed
    assert current_agreement(engagement.opportunity).pk == first.pk  # same text: no new version
    engagement.opportunity.description += " مع تعديل على نطاق العمل."
    engagement.opportunity.save()
    second = agreement_services.generate_volunteer_agreement(opportunity=engagement.opportunity, by=manager_a)
    assert second.version == first.version + 1
    assert applicant.user.notifications.filter(kind="agreement.new_version", url=reverse("agreements:detail", args=[second.pk])).exists()
    with pytest.raises(ValidationError) as refused:
        services.submit_work(item=_task(engagement), by=applicant.user, link="https://example.org/doc")
    assert refused.value.code == "agreement_not_accepted"
    agreement_services.accept_volunteer_agreement(agreement=second, volunteer=applicant.user)
    services.submit_work(item=_task(engagement), by=applicant.user, link="https://example.org/doc")


def test_it_refuses_completion_before_the_agreement_is_accepted(waiting_engagement, manager_a):
    WorkItem.objects.filter(engagement=waiting_engagement).update(status=WorkItem.Status.ACCEPTED)
    with pytest.raises(ValidationError) as refused:
        services.close_engagement(engagement=waiting_engagement, by=manager_a, completed=True)
    assert refused.value.code == "agreement_not_accepted"
    waiting_engagement.refresh_from_db()
    assert waiting_engagement.status == "active"
    # Closing without completion stays possible: the organization can end a stalled engagement.
    services.close_engagement(engagement=waiting_engagement, by=manager_a, completed=False)


def test_the_api_refuses_a_submission_with_a_stable_code(waiting_engagement, applicant):
    item = _task(waiting_engagement)
    url = f"/engagements/{waiting_engagement.pk}/work-items/{item.pk}/submit/"
    response = ApiClient(applicant.user).post(url, {"link": "https://example.org/doc"})
    assert response.status_code == 400 and error_of(response)["code"] == "agreement_not_accepted"
    assert not Submission.objects.exists()


def test_the_workspace_shows_one_call_to_action(waiting_engagement, applicant, manager_a, client):
    agreement = current_agreement(waiting_engagement.opportunity)
    client.force_login(applicant.user)
    page = client.get(reverse("engagements:workspace", args=[waiting_engagement.pk])).content.decode()
    assert page.count('id="agreement-cta"') == 1
    assert reverse("agreements:detail", args=[agreement.pk]) in page
    assert f'id="submit-{_task(waiting_engagement).pk}"' not in page  # nothing to submit yet
    client.force_login(manager_a)
    page = client.get(reverse("engagements:workspace", args=[waiting_engagement.pk])).content.decode()
    assert 'id="agreement-pending"' in page and 'id="agreement-cta"' not in page
    accept_agreement(waiting_engagement)
    client.force_login(applicant.user)
    page = client.get(reverse("engagements:workspace", args=[waiting_engagement.pk])).content.decode()
    assert 'id="agreement-accepted"' in page and 'id="agreement-cta"' not in page


def test_a_refused_submission_on_the_page_writes_nothing(waiting_engagement, applicant, client):
    item = _task(waiting_engagement)
    client.force_login(applicant.user)
    response = client.post(
        reverse("engagements:submit", args=[waiting_engagement.pk, item.pk]), {f"item{item.pk}-link": "https://example.org/doc"}
    )
    assert response.status_code == 400
    assert "اتفاقية" in response.content.decode()
    assert not Submission.objects.exists()
