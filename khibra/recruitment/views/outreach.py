"""Pages of step 6 outreach: the recruitment plan and its share links, the public share redirect,
"invite a colleague", and the import of an organization's volunteers. Access → form → service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_opportunity_for_member, get_public_opportunity
from khibra.opportunities.models import MarketingChannel
from khibra.organizations.access import get_organization_for_member

from .. import selectors
from ..forms.outreach import ImportConfirmForm, ImportUploadForm, RecruitmentPlanForm, initial_from_plan
from ..models import RecruitmentPlan, ShareLink, VolunteerImport
from ..services import imports, plans

IMPORT_MAX_AGE = 60 * 60  # a preview may be confirmed within an hour
SESSION_REF = "recruitment_ref:{pk}"


def _share_url(request: HttpRequest, link: ShareLink) -> str:
    return request.build_absolute_uri(reverse("recruitment:share", args=[link.code]))


# --- the plan -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Members read the plan and the sources report; admins and volunteer managers change it."""
    organization, membership, opportunity = get_opportunity_for_member(
        request.user, pk, slug=org_slug, manage=request.method == "POST"
    )
    current = RecruitmentPlan.objects.select_related("publisher", "assistant").filter(opportunity=opportunity).first()
    form = RecruitmentPlanForm(request.POST or None, organization=organization, initial=initial_from_plan(current))
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_recruitment_plan(opportunity=opportunity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The recruitment plan is saved."))
            return redirect("recruitment:plan", org_slug=organization.slug, pk=opportunity.pk)
    labels = dict(MarketingChannel.choices)
    shares = [
        {
            "channel": link.channel,
            "label": labels.get(link.channel, link.channel),
            "link": link,
            "url": _share_url(request, link),
            "text": selectors.share_message(opportunity=opportunity, message=current.message, url=_share_url(request, link)),
        }
        for link in selectors.channel_links(opportunity)
    ]
    channels, referrers, direct = selectors.sources_report(opportunity)
    return render(
        request,
        "recruitment/plan.html",
        {
            "organization": organization,
            "membership": membership,
            "opportunity": opportunity,
            "plan": current,
            "form": form,
            "incentive_labels": [label for code, label in plans.Incentive.choices if current and code in current.incentives],
            "tool_labels": [labels[code] for code in (current.tools if current else []) if code in labels],
            "shares": shares,
            "is_public": opportunity.status == "published" and organization.is_verified,
            "source_channels": channels,
            "source_referrers": referrers,
            "direct_applications": direct,
        },
        status=400 if form.errors else 200,
    )


# --- following a share link -----------------------------------------------------------------------


@require_GET
def share(request: HttpRequest, code: str) -> HttpResponse:
    """/r/<code>/: count the visit and go to the public page, carrying the code for the apply page."""
    link = ShareLink.objects.select_related("opportunity__organization").filter(code=code).first()
    if link is None or not (link.opportunity.status == "published" and link.opportunity.organization.is_verified):
        raise Http404
    plans.count_visit(link)
    request.session[SESSION_REF.format(pk=link.opportunity_id)] = link.code
    url = reverse("opportunities:public_detail", args=[link.opportunity_id])
    return redirect(f"{url}?{urlencode({'ref': link.code})}")


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer's own link to a public opportunity, to pass on to colleagues."""
    opportunity = get_public_opportunity(pk)
    if request.method == "POST":
        plans.referral_link(opportunity=opportunity, volunteer=request.user)  # PermissionDenied → 403
        return redirect("recruitment:invite", pk=opportunity.pk)
    link = ShareLink.objects.filter(opportunity=opportunity, referred_by=request.user).first()
    url = _share_url(request, link) if link else ""
    return render(
        request,
        "recruitment/share_invite.html",
        {
            "opportunity": opportunity,
            "link": link,
            "url": url,
            "text": selectors.share_message(
                opportunity=opportunity,
                message=_("I am volunteering my expertise on Khibra and thought of you for this opportunity."),
                url=url,
            )
            if link
            else "",
            "is_volunteer": hasattr(request.user, "volunteer_profile"),
        },
    )


# --- importing volunteers -------------------------------------------------------------------------


def _salt(organization, user) -> str:
    return f"khibra.recruitment.import:{organization.pk}:{user.pk}"


def _import_page(request, organization, membership, form, *, errors=(), status=200) -> HttpResponse:
    history = VolunteerImport.objects.filter(organization=organization).select_related("created_by")[:20]
    return render(
        request,
        "recruitment/import.html",
        {
            "organization": organization,
            "membership": membership,
            "form": form,
            "history": history,
            "import_errors": errors,
            "may_import": organization.is_verified,
        },
        status=status,
    )


def _preview_page(request, organization, membership, preview, payload, page: int) -> HttpResponse:
    page = min(max(1, page), preview.pages)
    return render(
        request,
        "recruitment/import_preview.html",
        {
            "organization": organization,
            "membership": membership,
            "preview": preview,
            "page_rows": preview.page(page),
            "page": page,
            "pages": range(1, preview.pages + 1),
            "confirm_form": ImportConfirmForm(initial={"payload": payload}),
        },
    )


def _read_payload(form, organization, user):
    """The signed preview the confirm form carries back, or None when it is forged or stale."""
    if not form.is_valid():
        return None
    try:
        return signing.loads(form.cleaned_data["payload"], salt=_salt(organization, user), max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def import_volunteers(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Upload → preview (its first page). Nothing is written here."""
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
    if not organization.is_verified:
        if request.method == "POST":
            raise PermissionDenied
        return _import_page(request, organization, membership, None)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = imports.preview_file(
                organization=organization, by=request.user, data=upload.read(imports.MAX_BYTES + 1), filename=upload.name
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            payload = signing.dumps(
                {"filename": preview.filename, "table": preview.table}, salt=_salt(organization, request.user), compress=True
            )
            return _preview_page(request, organization, membership, preview, payload, 1)
    return _import_page(request, organization, membership, form, status=400 if form.errors else 200)


@login_required
@require_POST
def import_preview_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Another page of the preview, from the signed table the page carries. Writes nothing."""
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
    form = ImportConfirmForm(request.POST)
    data = _read_payload(form, organization, request.user)
    if data is None:
        expired = [_("The preview has expired. Upload the file again.")]
        return _import_page(request, organization, membership, ImportUploadForm(), errors=expired, status=400)
    try:
        preview = imports.preview_table(organization=organization, by=request.user, table=data["table"], filename=data["filename"])
        page = int(request.POST.get("page", "1"))
    except (ValidationError, ValueError):
        return _import_page(request, organization, membership, ImportUploadForm(), status=400)
    return _preview_page(request, organization, membership, preview, form.cleaned_data["payload"], page)


@login_required
@require_POST
def import_confirm(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
    form = ImportConfirmForm(request.POST)
    data = _read_payload(form, organization, request.user)
    if data is None:
        expired = [_("The preview has expired. Upload the file again.")]
        return _import_page(request, organization, membership, ImportUploadForm(), errors=expired, status=400)
    try:
        result = imports.import_rows(
            organization=organization,
            by=request.user,
            table=data["table"],
            filename=data["filename"],
            valid_only=form.cleaned_data["valid_only"],
        )
    except ValidationError as error:
        return _import_page(request, organization, membership, ImportUploadForm(), errors=error.messages, status=400)
    messages.success(
        request,
        ngettext(
            "%(counter)s invitation sent. Each person joins your volunteers when they accept it.",
            "%(counter)s invitations sent. Each person joins your volunteers when they accept it.",
            result.invited,
        )
        % {"counter": result.invited},
    )
    return redirect("recruitment:import_volunteers", org_slug=organization.slug)


@require_http_methods(["GET", "POST"])
def import_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person's answer. Anyone holding the link may read and decline it; accepting
    needs the person logged in to their own account with the invited address."""
    invitation = imports.invitation_for_token(token)
    error = ""
    if invitation is not None and request.method == "POST":
        try:
            if request.POST.get("answer") == "decline":
                imports.decline_invitation(token=token)
                messages.success(request, _("You declined the invitation. The organization will not contact you through Khibra."))
                return redirect("core:home")
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            imports.accept_invitation(token=token, user=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("You joined the volunteers of %(organization)s.") % {"organization": invitation.organization.name})
            return redirect("core:dashboard")
    return render(
        request,
        "recruitment/import_invitation.html",
        {"invitation": invitation, "organization": invitation.organization if invitation else None, "error": error},
        status=400 if error else (200 if invitation else 404),
    )


@login_required
@require_GET
def import_template(request: HttpRequest, org_slug: str, fmt: str) -> HttpResponse:
    get_organization_for_member(request.user, org_slug, manage=True)
    if fmt == "csv":
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="khibra-volunteers.{fmt}"'
    return response
