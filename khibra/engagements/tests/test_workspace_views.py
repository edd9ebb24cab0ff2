"""The workspace and care pages: who gets in (volunteer, managers, the opportunity's supervisor),
who does not (other organizations, other volunteers, other supervisors, staff), the htmx comment
branch, and bad input answered with errors while nothing is written."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
import pytest

from khibra.engagements import services
from khibra.engagements.models import Amendment, Comment, Engagement, Issue, Submission, WeeklyReport, WorkItem
from khibra.organizations.models import Membership
from khibra.testing.factories import MembershipFactory

from .conftest import move_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_supervisor_a(org_a):
    return MembershipFactory(organization=org_a, role=Membership.Role.SUPERVISOR).user


def _user(request, who):
    if who == "volunteer":
        return request.getfixturevalue("applicant").user
    return request.getfixturevalue(who)


INSIDERS = ["volunteer", "admin_a", "manager_a", "supervisor_a"]
OUTSIDERS = ["manager_b", "admin_b", "other_volunteer", "other_supervisor_a", "staff"]


@pytest.mark.parametrize("who", INSIDERS)
def test_parties_open_the_workspace(client, request, engagement, who):
    client.force_login(_user(request, who))
    response = client.get(reverse("engagements:workspace", args=[engagement.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for element in ("workspace", "weekly-reports", "comments", "onboarding", "issue-log", "amendments"):
        assert f'id="{element}"' in page
    item = engagement.work_items.filter(kind="task").first()
    assert f'id="task-{item.pk}"' in page
    assert (f'id="hand-in-{item.pk}"' in page) == (who == "volunteer")
    assert ('id="report-form"' in page) == (who == "volunteer")
    assert ('id="close-engagement"' in page) == (who != "volunteer")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_everywhere(client, request, engagement, who):
    client.force_login(_user(request, who))
    item = engagement.work_items.filter(kind="task").first()
    issue = services.log_issue(engagement=engagement, by=request.getfixturevalue("manager_a"), what="تأخر التسليم")
    step = engagement.onboarding_items.first()
    pk = engagement.pk
    assert client.get(reverse("engagements:workspace", args=[pk])).status_code == 404
    for name, args in [
        ("start_item", [pk, item.pk]), ("submit", [pk, item.pk]), ("review", [pk, item.pk]), ("report", [pk]),
        ("comment", [pk]), ("onboarding", [pk, step.pk]), ("check_in", [pk]), ("issue", [pk]),
        ("resolve_issue", [pk, issue.pk]), ("amend", [pk]), ("close", [pk]), ("withdraw", [pk]),
    ]:
        assert client.post(reverse(f"engagements:{name}", args=args), {"body": "x", "what": "x"}).status_code == 404, name
    assert Comment.objects.count() == 0 and Issue.objects.count() == 1


def test_anonymous_visitors_log_in(client, engagement):
    response = client.get(reverse("engagements:workspace", args=[engagement.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["admin_a", "manager_a", "supervisor_a"])
def test_the_organization_side_cannot_act_as_the_volunteer(client, request, engagement, who):
    client.force_login(_user(request, who))
    item = engagement.work_items.filter(kind="task").first()
    for name, args in [("start_item", [engagement.pk, item.pk]), ("submit", [engagement.pk, item.pk]), ("report", [engagement.pk]),
                       ("withdraw", [engagement.pk])]:
        assert client.post(reverse(f"engagements:{name}", args=args)).status_code == 403, name


def test_the_volunteer_cannot_act_as_the_organization(client, engagement, applicant):
    client.force_login(applicant.user)
    item = engagement.work_items.filter(kind="task").first()
    issue = services.log_issue(engagement=engagement, by=applicant.user, what="تأخر الرد")
    step = engagement.onboarding_items.first()
    for name, args in [("review", [engagement.pk, item.pk]), ("onboarding", [engagement.pk, step.pk]), ("check_in", [engagement.pk]),
                       ("resolve_issue", [engagement.pk, issue.pk]), ("amend", [engagement.pk]), ("close", [engagement.pk])]:
        assert client.post(reverse(f"engagements:{name}", args=args), {"decision": "accept", "outcome": "not_completed"}).status_code == 403, name
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ACTIVE


def test_the_volunteer_submits_a_file_and_the_supervisor_reviews_it(client, engagement, applicant, supervisor_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = engagement.work_items.filter(kind="task").first()
    client.force_login(applicant.user)
    upload = SimpleUploadedFile("خطة.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    response = client.post(reverse("engagements:submit", args=[engagement.pk, item.pk]),
                           {f"item{item.pk}-file": upload, f"item{item.pk}-note": "النسخة الأولى"})
    assert response.status_code == 302
    assert Submission.objects.get().item == item

    client.force_login(supervisor_a)
    page = client.get(reverse("engagements:workspace", args=[engagement.pk])).content.decode()
    assert f'id="review-{item.pk}"' in page
    # The file comes through the workspace's own door, never a public media address.
    submission = Submission.objects.get()
    url = reverse("engagements:submission_file", args=[engagement.pk, submission.pk])
    assert f'href="{url}"' in page and "/media/" not in page
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.7\n"
    assert download["Content-Disposition"].startswith("attachment") and download["Cache-Control"] == "private, no-store"
    response = client.post(reverse("engagements:review", args=[engagement.pk, item.pk]), {f"item{item.pk}-decision": "accept"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == WorkItem.Status.ACCEPTED


def test_a_disguised_file_is_refused_with_a_message(client, engagement, applicant):
    item = engagement.work_items.filter(kind="task").first()
    client.force_login(applicant.user)
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00\x03", content_type="application/pdf")
    response = client.post(reverse("engagements:submit", args=[engagement.pk, item.pk]), {f"item{item.pk}-file": upload})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() or "error" in response.content.decode()
    assert not Submission.objects.exists()
    item.refresh_from_db()
    assert item.status == WorkItem.Status.NOT_STARTED


def test_asking_for_changes_without_a_comment_is_refused(client, engagement, applicant, supervisor_a):
    item = engagement.work_items.filter(kind="task").first()
    services.submit_work(item=item, by=applicant.user, link="https://example.org/x")
    client.force_login(supervisor_a)
    response = client.post(reverse("engagements:review", args=[engagement.pk, item.pk]), {f"item{item.pk}-decision": "changes"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == WorkItem.Status.SUBMITTED


def test_the_volunteer_sends_a_weekly_report_and_bad_input_writes_nothing(client, engagement, applicant):
    move_start(engagement, 1)
    client.force_login(applicant.user)
    url = reverse("engagements:report", args=[engagement.pk])
    bad = client.post(url, {"week_of": "1447-13-40", "done": "", "hours_spent": "500"})
    assert bad.status_code == 400 and 'id="report-form"' in bad.content.decode()
    assert not WeeklyReport.objects.exists()
    arabic_digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    today = timezone.localdate().isoformat().translate(arabic_digits)
    good = client.post(url, {"week_of": today, "done": "راجعت الهوية البصرية", "hours_spent": "4"})
    assert good.status_code == 302
    assert WeeklyReport.objects.get().hours_spent == Decimal("4")


def test_comments_answer_htmx_with_the_fragment(client, engagement, applicant):
    client.force_login(applicant.user)
    url = reverse("engagements:comment", args=[engagement.pk])
    response = client.post(url, {"body": "متى الاجتماع القادم؟"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="comments"' in page and "<html" not in page
    assert Comment.objects.count() == 1
    empty = client.post(url, {"body": ""}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 200 and empty["X-Khibra-Form-Errors"] == "1" and Comment.objects.count() == 1
    assert "field-invalid" in empty.content.decode()


def test_comments_work_without_htmx(client, engagement, supervisor_a):
    client.force_login(supervisor_a)
    response = client.post(reverse("engagements:comment", args=[engagement.pk]), {"body": "أهلًا بك في الفريق"})
    assert response.status_code == 302 and Comment.objects.get().author == supervisor_a


def test_the_manager_ticks_onboarding_checks_in_amends_and_closes(client, engagement, manager_a, applicant):
    client.force_login(manager_a)
    pk = engagement.pk
    step = engagement.onboarding_items.first()
    assert client.post(reverse("engagements:onboarding", args=[pk, step.pk]), {"done": "1"}).status_code == 302
    step.refresh_from_db()
    assert step.done_at is not None
    assert client.post(reverse("engagements:check_in", args=[pk]), {"message": "كيف حالك مع المهام؟"}).status_code == 302
    bad = client.post(reverse("engagements:amend", args=[pk]), {"new_weekly_hours": "40", "reason": "طلب المتطوع"})
    assert bad.status_code == 400 and not Amendment.objects.exists()
    good = client.post(reverse("engagements:amend", args=[pk]), {"new_weekly_hours": "10", "reason": "طلب المتطوع"})
    assert good.status_code == 302 and Amendment.objects.count() == 1
    refused = client.post(reverse("engagements:close", args=[pk]), {"outcome": "completed"})
    assert refused.status_code == 400
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ACTIVE
    assert client.post(reverse("engagements:close", args=[pk]), {"outcome": "not_completed", "note": "توقف المشروع"}).status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.NOT_COMPLETED


def test_issues_are_logged_and_resolved_through_the_pages(client, engagement, applicant, supervisor_a):
    client.force_login(applicant.user)
    assert client.post(reverse("engagements:issue", args=[engagement.pk]), {"what": ""}).status_code == 400
    assert client.post(reverse("engagements:issue", args=[engagement.pk]), {"what": "لا أصل إلى الملفات"}).status_code == 302
    issue = Issue.objects.get()
    client.force_login(supervisor_a)
    url = reverse("engagements:resolve_issue", args=[engagement.pk, issue.pk])
    assert client.post(url, {f"issue{issue.pk}-resolution": "شاركنا المجلد"}).status_code == 302
    issue.refresh_from_db()
    assert issue.resolved_at is not None


def test_the_volunteer_withdraws_with_a_reason(client, engagement, applicant):
    client.force_login(applicant.user)
    url = reverse("engagements:withdraw", args=[engagement.pk])
    assert client.post(url, {"category": "nonsense"}).status_code == 400
    assert client.post(url, {"category": "personal", "note": "سفر"}).status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.WITHDRAWN and engagement.withdrawal_reason == "personal"


def test_my_engagements_links_the_workspace(client, engagement, applicant):
    client.force_login(applicant.user)
    page = client.get(reverse("engagements:mine")).content.decode()
    assert f'id="workspace-link-{engagement.pk}"' in page


# --- The care board -----------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [("admin_a", 200), ("manager_a", 200), ("supervisor_a", 403), ("manager_b", 404),
                                         ("volunteer", 404), ("staff", 404)])
def test_care_board_access(client, request, engagement, org_a, who, status):
    client.force_login(_user(request, who))
    assert client.get(reverse("engagements:care", args=[org_a.slug])).status_code == status


def test_care_board_shows_risk_per_engagement(client, engagement, org_a, manager_a, django_assert_max_num_queries):
    move_start(engagement, 2)
    client.force_login(manager_a)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("engagements:care", args=[org_a.slug]), {"opportunity": engagement.opportunity_id})
    page = response.content.decode()
    assert 'id="care-board"' in page and f'id="care-{engagement.pk}" data-risk="high"' in page


def test_care_board_hides_other_organizations_opportunities(client, engagement, org_b, manager_b):
    client.force_login(manager_b)
    response = client.get(reverse("engagements:care", args=[org_b.slug]), {"opportunity": engagement.opportunity_id})
    assert response.status_code == 404


def test_a_busy_workspace_renders_every_section_for_both_sides(client, engagement, applicant, supervisor_a, django_assert_max_num_queries):
    move_start(engagement, 1)
    item = engagement.work_items.filter(kind="task").first()
    services.submit_work(item=item, by=applicant.user, link="https://example.org/a", note="ملاحظة")
    services.submit_weekly_report(engagement=engagement, by=applicant.user, week_of=timezone.localdate(), done="صممت الشعار", hours_spent=Decimal(5))
    services.add_comment(engagement=engagement, by=applicant.user, body="تم الرفع")
    issue = services.log_issue(engagement=engagement, by=applicant.user, what="بطء الرد")
    services.resolve_issue(issue=issue, by=supervisor_a, resolution="اتفقنا على اجتماع أسبوعي")
    services.amend_engagement(engagement=engagement, by=supervisor_a, reason="إجازة", new_weekly_hours=Decimal(8))
    services.set_onboarding_step(item=engagement.onboarding_items.first(), by=supervisor_a, done=True)
    for user in (applicant.user, supervisor_a):
        client.force_login(user)
        with django_assert_max_num_queries(40):
            response = client.get(reverse("engagements:workspace", args=[engagement.pk]))
        page = response.content.decode()
        assert response.status_code == 200
        assert f'id="report-{WeeklyReport.objects.get().pk}"' in page and f'id="issue-{issue.pk}"' in page
        assert f'id="amendment-{Amendment.objects.get().pk}"' in page
        assert (f'id="review-{item.pk}"' in page) == (user == supervisor_a)
    with translation.override("en"):
        assert client.get(reverse("engagements:workspace", args=[engagement.pk])).status_code == 200


def test_a_work_file_is_not_for_outsiders(client, engagement, applicant, manager_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = engagement.work_items.filter(kind="task").first()
    services.submit_work(item=item, by=applicant.user, file=SimpleUploadedFile("خطة.pdf", b"%PDF-1.7\n", content_type="application/pdf"))
    submission = Submission.objects.get()
    client.force_login(manager_b)
    assert client.get(reverse("engagements:submission_file", args=[engagement.pk, submission.pk])).status_code == 404
