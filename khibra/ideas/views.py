"""Pages of the ideas bank: the public list, proposing, the idea page, support (htmx toggle with a
plain POST fallback) and adoption into a draft opportunity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services
from .forms import AdoptForm, IdeaFilterForm, IdeaForm
from .models import Idea, IdeaStatus, IdeaSupport

PAGE_SIZE = 20


def _ideas_for(user):
    ideas = Idea.objects.visible().select_related("field", "city", "proposer", "adopted_by_organization")
    if getattr(user, "is_authenticated", False):
        ideas = ideas.annotate(supported=Exists(IdeaSupport.objects.filter(idea=OuterRef("pk"), user=user)))
    return ideas


@require_GET
def idea_list(request: HttpRequest) -> HttpResponse:
    form = IdeaFilterForm(request.GET or None)
    ideas = _ideas_for(request.user)
    sort = "support"
    if form.is_valid():
        if form.cleaned_data["field"]:
            ideas = ideas.filter(field=form.cleaned_data["field"])
        if form.cleaned_data["city"]:
            ideas = ideas.filter(city=form.cleaned_data["city"])
        sort = form.cleaned_data["sort"] or "support"
    ideas = ideas.order_by("-created_at", "-pk") if sort == "newest" else ideas.order_by("-support_count", "-created_at", "-pk")
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/list.html",
        {
            "form": form,
            "page": page,
            "can_propose": services.can_propose(request.user),
            "can_adopt": bool(services.adopting_organizations(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_new(request: HttpRequest) -> HttpResponse:
    if not services.can_propose(request.user):
        raise PermissionDenied
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.propose_idea(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Your idea is in the ideas bank."))
            return redirect("ideas:detail", pk=idea.pk)
    return render(request, "ideas/new.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(_ideas_for(request.user), pk=pk)
    organizations = services.adopting_organizations(request.user)
    return render(
        request,
        "ideas/detail.html",
        {
            "idea": idea,
            "adopt_form": AdoptForm(organizations=organizations) if organizations and idea.status == IdeaStatus.OPEN else None,
        },
    )


@login_required
@require_POST
def idea_support(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea.objects.visible(), pk=pk)
    error = ""
    try:
        services.toggle_support(idea=idea, by=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    idea = get_object_or_404(_ideas_for(request.user), pk=pk)
    if request.htmx:
        return render(request, "ideas/_support.html#support-button", {"idea": idea, "support_error": error})
    if error:
        messages.error(request, error)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("ideas:detail", pk=idea.pk)


@login_required
@require_POST
def idea_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea.objects.visible(), pk=pk)
    organizations = services.adopting_organizations(request.user)
    if not organizations:
        raise PermissionDenied
    form = AdoptForm(request.POST, organizations=organizations)
    if not form.is_valid():
        raise PermissionDenied  # an organization the user cannot adopt for
    try:
        opportunity = services.adopt_idea(idea=idea, organization=form.cleaned_data["organization"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ideas:detail", pk=idea.pk)
    messages.success(request, _("The idea is now a draft opportunity of your organization. Complete it and publish it."))
    return redirect("opportunities:detail", org_slug=opportunity.organization.slug, pk=opportunity.pk)
