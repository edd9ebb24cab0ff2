"""Pages of step 6 outreach: the recruitment plan and its share links, the public share redirect,
"invite a colleague", and the import of an organization's volunteers. Access → form → service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
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
        {"organization": organization, "membership": membership, "form": form, "history": history, "import_errors": errors},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_volunteers(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Upload → preview. Nothing is written here."""
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
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
            return render(
                request,
                "recruitment/import_preview.html",
                {
                    "organization": organization,
                    "membership": membership,
                    "preview": preview,
                    "confirm_form": ImportConfirmForm(initial={"payload": payload}),
                },
            )
    return _import_page(request, organization, membership, form, status=400 if form.errors else 200)


@login_required
@require_POST
def import_confirm(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
    form = ImportConfirmForm(request.POST)
    expired = [_("The preview has expired. Upload the file again.")]
    if not form.is_valid():
        return _import_page(request, organization, membership, ImportUploadForm(), errors=expired, status=400)
    try:
        data = signing.loads(form.cleaned_data["payload"], salt=_salt(organization, request.user), max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
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
            "%(counter)s volunteer imported.",
            "%(counter)s volunteers imported.",
            result.created + result.linked,
        )
        % {"counter": result.created + result.linked},
    )
    return redirect("recruitment:import_volunteers", org_slug=organization.slug)


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
