"""The volunteer's engagements, the engagement workspace and the manager's care board.

Every view starts with an access call; POST actions go through one service each and answer with
a redirect to the workspace, or the workspace again with the form's errors (status 400)."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khibra.agreements.models import AgreementAcceptance
from khibra.agreements.selectors import agreement_gate, current_agreement
from khibra.core import ics, uploads
from khibra.core.actions import run_action, save_form
from khibra.core.forms import add_service_errors
from khibra.opportunities.models import Opportunity
from khibra.organizations.access import get_organization_for_member
from khibra.recruitment.access import get_volunteer_profile

from . import forms, selectors, services
from .access import get_engagement_for_user
from .models import Engagement, EngagementStatus, Issue, OnboardingItem, Submission, WorkItem


@login_required
@require_GET
def my_engagements(request: HttpRequest) -> HttpResponse:
    profile = get_volunteer_profile(request.user)
    engagements = list(
        Engagement.objects.filter(volunteer=profile)
        .select_related("opportunity__organization", "agreement")
        .order_by("-created_at", "-pk")
    )
    for engagement in engagements:
        # The latest version is the one to accept: the agreement may have changed since acceptance.
        engagement.current_agreement = current_agreement(engagement.opportunity) if engagement.agreement_id else None
    accepted = set(
        AgreementAcceptance.objects.filter(
            volunteer=request.user, agreement__in=[e.current_agreement.pk for e in engagements if e.current_agreement]
        ).values_list("agreement_id", flat=True)
    )
    for engagement in engagements:
        engagement.agreement_accepted = engagement.current_agreement is not None and engagement.current_agreement.pk in accepted
    return render(request, "engagements/my_engagements.html", {"engagements": engagements})


# --- The workspace ------------------------------------------------------------------------------


def _item_prefix(item_pk: int) -> str:
    return f"item{item_pk}"


# Where each form of the workspace is, for the link from the error summary at the top.
ERROR_ANCHORS = {
    "close": "close-engagement", "withdraw": "withdraw-form", "report": "report-form", "comment": "comment-form",
    "issue": "issue-form", "amend": "amend-form", "check_in": "check-in-form",
}


def _hand_in(request: HttpRequest, bound: dict) -> int | None:
    """The one task whose hand-in form is open: the one asked for (?hand_in=) or the one just sent."""
    for key in bound:
        if key.startswith("submit-"):
            return int(key.removeprefix("submit-"))
    value = request.GET.get("hand_in", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _render_workspace(request: HttpRequest, engagement: Engagement, role: str, *, status: int = 200, **bound) -> HttpResponse:
    org_side = role in selectors.ORG_SIDE
    active = engagement.status == EngagementStatus.ACTIVE
    items = list(engagement.work_items.select_related("reviewed_by").prefetch_related("submissions"))
    items.sort(key=lambda item: item.kind == WorkItem.Kind.DELIVERABLE)  # the tasks, then the deliverable built on them
    hand_in = _hand_in(request, bound)
    waiting = [item for item in items if item.kind == WorkItem.Kind.TASK and item.status == WorkItem.Status.NOT_STARTED]
    for item in items:
        item.tasks_waiting = waiting if item.kind == WorkItem.Kind.DELIVERABLE else []
        item.hand_in_open = item.pk == hand_in
        if item.hand_in_open:
            item.submit_form = bound.get(f"submit-{item.pk}") or forms.SubmitWorkForm(
                prefix=_item_prefix(item.pk), early=bool(item.tasks_waiting)
            )
        item.review_form = bound.get(f"review-{item.pk}") or forms.ReviewForm(prefix=_item_prefix(item.pk))
    issues = list(engagement.issues.select_related("raised_by", "resolved_by"))
    for issue in issues:
        issue.resolve_form = bound.get(f"resolve-{issue.pk}") or forms.ResolveIssueForm(prefix=f"issue{issue.pk}")
    try:
        hours_url = reverse("hours:engagement", args=[engagement.pk])
    except NoReverseMatch:  # without the hours app there is no hours page to link
        hours_url = None
    context = {
        "engagement": engagement,
        "role": role,
        "org_side": org_side,
        "is_volunteer": role == "volunteer",
        "active": active,
        "items": items,
        "reports": engagement.weekly_reports.select_related("author"),
        "comments": engagement.comments.select_related("author"),
        "onboarding": engagement.onboarding_items.select_related("done_by"),
        "issues": issues,
        "amendments": engagement.amendments.select_related("by"),
        "care": selectors.care_for([engagement])[0] if org_side else None,
        "report_form": bound.get("report") or forms.WeeklyReportForm(),
        "comment_form": bound.get("comment") or forms.CommentForm(),
        "issue_form": bound.get("issue") or forms.IssueForm(),
        "check_in_form": bound.get("check_in") or forms.CheckInForm(initial={"message": selectors.default_check_in_message(engagement)}),
        "amend_form": bound.get("amend") or forms.AmendmentForm(),
        "close_form": bound.get("close") or forms.CloseForm(),
        "withdraw_form": bound.get("withdraw") or forms.WithdrawForm(),
        "hours_url": hours_url,
        "hours_logged": selectors.hours_of(engagement),
        "errors_at": (errors_at := next((key for key, form in bound.items() if form is not None and form.errors), "")),
        "error_anchor": ERROR_ANCHORS.get(errors_at, errors_at),
        "gate": agreement_gate(user=engagement.volunteer.user, opportunity=engagement.opportunity),
    }
    return render(request, "engagements/workspace.html", context, status=status)


@login_required
@require_GET
def submission_file(request: HttpRequest, pk: int, submission_pk: int) -> HttpResponse:
    """A file handed in on the engagement, for the people who work on it (never a public address)."""
    engagement, _role = get_engagement_for_user(request.user, pk)
    submission = get_object_or_404(Submission, pk=submission_pk, item__engagement=engagement)
    return uploads.download(submission.file, submission.file_name or "submission")


@login_required
@require_GET
def task_calendar(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """"Add to calendar": a task's due date as an all-day event (.ics)."""
    engagement, _role = get_engagement_for_user(request.user, pk)
    item = get_object_or_404(WorkItem, engagement=engagement, pk=item_pk, due_on__isnull=False)
    return ics.ics_response(selectors.task_event(item), f"task-{item.pk}.ics")


@login_required
@require_GET
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk)
    if engagement.status == EngagementStatus.ACTIVE and not engagement.onboarding_items.exists():
        services.prepare_workspace(engagement=engagement)  # engagements started before the workspace existed
    return _render_workspace(request, engagement, role)


def _act(request: HttpRequest, engagement: Engagement, role: str, *, form, key: str, action: Callable, anchor: str, done: str) -> HttpResponse:
    """Validate the form, call the service, redirect; or show the workspace with the errors."""
    saved = save_form(
        request, form, action,
        done=done, then=lambda _saved: redirect(reverse("engagements:workspace", args=[engagement.pk]) + "#" + anchor),
    )
    return saved or _render_workspace(request, engagement, role, status=400, **{key: form})


@login_required
@require_POST
def start_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, volunteer=True)
    item = get_object_or_404(WorkItem, engagement=engagement, pk=item_pk)
    run_action(request, lambda: services.start_work(item=item, by=request.user), None)
    return redirect(reverse("engagements:workspace", args=[engagement.pk]) + f"#task-{item.pk}")


@login_required
@require_POST
def submit_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, volunteer=True)
    item = get_object_or_404(WorkItem, engagement=engagement, pk=item_pk)
    early = bool(selectors.tasks_not_started(item))
    form = forms.SubmitWorkForm(request.POST, request.FILES, prefix=_item_prefix(item.pk), early=early)
    return _act(
        request, engagement, role, form=form, key=f"submit-{item.pk}", anchor=f"task-{item.pk}", done=_("Your work is submitted for review."),
        action=lambda data: services.submit_work(
            item=item, by=request.user, link=data["link"], file=data["file"], note=data["note"], early_reason=data["early_reason"]
        ),
    )


@login_required
@require_POST
def review_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, org_side=True)
    item = get_object_or_404(WorkItem, engagement=engagement, pk=item_pk)
    form = forms.ReviewForm(request.POST, prefix=_item_prefix(item.pk))
    return _act(
        request, engagement, role, form=form, key=f"review-{item.pk}", anchor=f"task-{item.pk}", done=_("The review is saved."),
        action=lambda data: services.review_work(item=item, by=request.user, accept=data["decision"] == "accept", comment=data["comment"]),
    )


@login_required
@require_POST
def weekly_report(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, volunteer=True)
    form = forms.WeeklyReportForm(request.POST)
    return _act(
        request, engagement, role, form=form, key="report", anchor="weekly-reports", done=_("Your weekly report is sent."),
        action=lambda data: services.submit_weekly_report(
            engagement=engagement, by=request.user, week_of=data["week_of"], done=data["done"], next=data["next"],
            blockers=data["blockers"], hours_spent=data["hours_spent"],
        ),
    )


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk)
    form = forms.CommentForm(request.POST)
    if request.htmx:
        failed = True  # until the comment is saved
        if form.is_valid():
            try:
                services.add_comment(engagement=engagement, by=request.user, body=form.cleaned_data["body"])
                failed = False
                form = forms.CommentForm()
            except ValidationError as error:
                add_service_errors(form, error)
        context = {"engagement": engagement, "comments": engagement.comments.select_related("author"), "comment_form": form}
        # htmx swaps only 2xx answers: the thread comes back with the form's errors in it.
        response = render(request, "engagements/workspace.html#comments", context)
        response["X-Khibra-Form-Errors"] = "1" if failed else "0"
        return response
    return _act(
        request, engagement, role, form=form, key="comment", anchor="comments", done=_("Your comment is posted."),
        action=lambda data: services.add_comment(engagement=engagement, by=request.user, body=data["body"]),
    )


@login_required
@require_POST
def onboarding(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, org_side=True)
    item = get_object_or_404(OnboardingItem, engagement=engagement, pk=item_pk)
    run_action(
        request, lambda: services.set_onboarding_step(item=item, by=request.user, done=request.POST.get("done") == "1"), None
    )
    return redirect(reverse("engagements:workspace", args=[engagement.pk]) + "#onboarding")


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, org_side=True)
    form = forms.CheckInForm(request.POST)
    return _act(
        request, engagement, role, form=form, key="check_in", anchor="check-in", done=_("Your message is sent to the volunteer."),
        action=lambda data: services.send_check_in(engagement=engagement, by=request.user, message=data["message"]),
    )


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk)
    form = forms.IssueForm(request.POST)
    return _act(
        request, engagement, role, form=form, key="issue", anchor="issue-log", done=_("The issue is recorded."),
        action=lambda data: services.log_issue(engagement=engagement, by=request.user, what=data["what"]),
    )


@login_required
@require_POST
def resolve_issue(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, org_side=True)
    issue = get_object_or_404(Issue, engagement=engagement, pk=issue_pk)
    form = forms.ResolveIssueForm(request.POST, prefix=f"issue{issue.pk}")
    return _act(
        request, engagement, role, form=form, key=f"resolve-{issue.pk}", anchor="issue-log", done=_("The issue is marked resolved."),
        action=lambda data: services.resolve_issue(issue=issue, by=request.user, resolution=data["resolution"]),
    )


@login_required
@require_POST
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, org_side=True)
    form = forms.AmendmentForm(request.POST)
    return _act(
        request, engagement, role, form=form, key="amend", anchor="amendments", done=_("The change is recorded."),
        action=lambda data: services.amend_engagement(
            engagement=engagement, by=request.user, reason=data["reason"], new_end_on=data["new_end_on"], new_weekly_hours=data["new_weekly_hours"]
        ),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, org_side=True)
    form = forms.CloseForm(request.POST)
    return _act(
        request, engagement, role, form=form, key="close", anchor="workspace", done=_("The engagement is closed."),
        action=lambda data: services.close_engagement(engagement=engagement, by=request.user, **form.close_values()),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, role = get_engagement_for_user(request.user, pk, volunteer=True)
    form = forms.WithdrawForm(request.POST)
    return _act(
        request, engagement, role, form=form, key="withdraw", anchor="workspace", done=_("You have withdrawn from this engagement."),
        action=lambda data: services.withdraw_engagement(engagement=engagement, by=request.user, reason=data["note"], category=data["category"]),
    )


# --- Care ---------------------------------------------------------------------------------------


@login_required
@require_GET
def care(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, _membership = get_organization_for_member(request.user, org_slug, manage=True)
    opportunity = None
    if request.GET.get("opportunity", "").isdigit():
        opportunity = get_object_or_404(Opportunity, organization=organization, pk=int(request.GET["opportunity"]))
    rows = selectors.care_board(organization, opportunity=opportunity)
    return render(request, "engagements/care.html", {"organization": organization, "opportunity": opportunity, "rows": rows})
