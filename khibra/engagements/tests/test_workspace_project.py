"""The workspace reads like a project: sections reached by anchors (no script needed), one
hand-in form at a time, the final deliverable after its tasks have started (or with a stated
reason, web and API alike), breadcrumbs back to the program, opportunity and board, errors shown
at the form that was sent, and a task's due date for the calendar."""

from django.core.exceptions import ValidationError
from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent, OutboundEmail
from khibra.engagements import services
from khibra.engagements.models import Submission, WorkItem

pytestmark = pytest.mark.django_db


def _workspace(engagement) -> str:
    return reverse("engagements:workspace", args=[engagement.pk])


def _deliverable(engagement) -> WorkItem:
    return engagement.work_items.get(kind=WorkItem.Kind.DELIVERABLE)


def _tasks(engagement):
    return list(engagement.work_items.filter(kind=WorkItem.Kind.TASK).order_by("pk"))


def test_the_sections_are_reached_by_anchors(client, engagement, manager_a):
    client.force_login(manager_a)
    page = client.get(_workspace(engagement)).content.decode()
    assert 'id="workspace-tabs"' in page
    for anchor in ("tasks", "weekly-reports", "hours", "comments", "amendments", "close"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page


def test_breadcrumbs_lead_back_to_the_program_opportunity_and_board(client, engagement, manager_a, applicant):
    client.force_login(manager_a)
    page = client.get(_workspace(engagement)).content.decode()
    opportunity = engagement.opportunity
    assert reverse("recruitment:board", args=[opportunity.organization.slug, opportunity.pk]) in page
    assert reverse("opportunities:detail", args=[opportunity.organization.slug, opportunity.pk]) in page
    if opportunity.program_id:
        assert 'id="crumb-program"' in page
    client.force_login(applicant.user)
    page = client.get(_workspace(engagement)).content.decode()
    assert 'id="crumb-board"' not in page and 'id="crumb-mine"' in page


def test_no_hand_in_form_until_the_volunteer_asks_for_one(client, engagement, applicant):
    client.force_login(applicant.user)
    task = _tasks(engagement)[0]
    page = client.get(_workspace(engagement)).content.decode()
    assert 'class="hand-in-form"' not in page and f'id="hand-in-{task.pk}"' in page
    page = client.get(_workspace(engagement), {"hand_in": task.pk}).content.decode()
    assert page.count('class="hand-in-form"') == 1 and f'id="submit-{task.pk}"' in page
    assert f'action="{reverse("engagements:submit", args=[engagement.pk, task.pk])}#task-{task.pk}"' in page


def test_the_final_deliverable_waits_for_its_tasks(engagement, applicant):
    deliverable = _deliverable(engagement)
    with pytest.raises(ValidationError) as refused:
        services.submit_work(item=deliverable, by=applicant.user, link="https://example.org/final")
    assert refused.value.error_dict["early_reason"][0].code == "tasks_first"
    assert not Submission.objects.exists()
    for task in _tasks(engagement):
        services.start_work(item=task, by=applicant.user)
    services.submit_work(item=deliverable, by=applicant.user, link="https://example.org/final")
    deliverable.refresh_from_db()
    assert deliverable.status == WorkItem.Status.SUBMITTED


def test_the_final_deliverable_may_come_first_with_a_stated_reason(client, engagement, applicant):
    deliverable = _deliverable(engagement)
    client.force_login(applicant.user)
    url = reverse("engagements:submit", args=[engagement.pk, deliverable.pk])
    prefix = f"item{deliverable.pk}"
    response = client.post(url, {f"{prefix}-link": "https://example.org/final"})
    page = response.content.decode()
    assert response.status_code == 400 and f'id="id_{prefix}-early_reason_error"' in page
    assert 'id="workspace-error-summary"' in page and f'href="#submit-{deliverable.pk}"' in page
    assert not Submission.objects.exists()

    response = client.post(url, {f"{prefix}-link": "https://example.org/final", f"{prefix}-early_reason": "سلّمت النسخة النهائية مبكرًا بطلب المشرف"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.early_reason.startswith("سلّمت")
    row = AuditEvent.objects.filter(verb="engagement.work_submitted").latest("pk")
    assert row.data["early_reason"] and row.data["tasks_waiting"]


def test_the_api_refuses_an_early_deliverable_with_the_translated_error(engagement, volunteer):
    from khibra.testing.api import ApiClient, error_of

    deliverable = _deliverable(engagement)
    base = f"/engagements/{engagement.pk}/work-items/{deliverable.pk}/submit/"
    response = ApiClient(volunteer, language="ar").post(base, {"link": "https://example.sa/final.pdf"})
    assert response.status_code == 400
    error = error_of(response)
    assert "early_reason" in error["fields"] and "النهائي" in str(error["fields"]["early_reason"])
    assert not Submission.objects.exists()
    response = ApiClient(volunteer).post(base, {"link": "https://example.sa/final.pdf", "early_reason": "طلب المشرف نسخة مبكرة"})
    assert response.status_code == 200 and Submission.objects.get().early_reason == "طلب المشرف نسخة مبكرة"


def test_closing_errors_are_shown_at_the_close_form(client, engagement, manager_a):
    client.force_login(manager_a)
    url = reverse("engagements:close", args=[engagement.pk])
    page = client.get(_workspace(engagement)).content.decode()
    assert f'action="{url}#close-engagement"' in page  # the answer opens at the form
    response = client.post(url, {})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#close-engagement"' in page and 'id="workspace-error-summary"' in page
    form = page[page.index('id="close-engagement"') :]
    assert 'class="error"' in form[: form.index("</form>")] or "form-errors" in form[: form.index("</form>")]


def test_a_task_due_date_downloads_for_the_calendar(client, engagement, applicant, manager_b):
    task = _tasks(engagement)[0]
    url = reverse("engagements:task_ics", args=[engagement.pk, task.pk])
    client.force_login(applicant.user)
    assert f'href="{url}"' in client.get(_workspace(engagement)).content.decode()
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200 and f"UID:task-{task.pk}@" in text
    assert f"DTSTART;VALUE=DATE:{task.due_on:%Y%m%d}" in text
    client.force_login(manager_b)
    assert client.get(url).status_code == 404


def test_changes_asked_on_a_task_send_its_date_for_the_calendar(engagement, applicant, manager_a):
    task = _tasks(engagement)[0]
    services.submit_work(item=task, by=applicant.user, link="https://example.org/draft")
    services.review_work(item=task, by=manager_a, accept=False, comment="أضف جدول المتطلبات")
    email = OutboundEmail.objects.filter(to=applicant.user.email).latest("pk")
    assert email.attachments and email.attachments[0]["name"] == f"task-{task.pk}.ics"


def test_the_hours_form_starts_on_today(engagement):
    from django.utils import timezone

    from khibra.hours.forms import HourEntryForm

    assert HourEntryForm(engagement=engagement)["date"].value() == timezone.localdate()
