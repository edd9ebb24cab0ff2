from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khibra.core import channels
from khibra.core.actions import run_action
from khibra.core.forms import form_status
from khibra.core.models import Notification
from khibra.opportunities.access import get_opportunity_for_manager
from khibra.volunteers.models import VolunteerProfile

from . import alerts, invitations, misses, ranking, selectors
from .access import get_own_profile
from .forms import AlertPreferenceForm, NoticeSettingsForm
from .models import AlertPreference, Invitation

NOTIFICATIONS_PAGE = 50


@login_required
def suggestions(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_manager(request.user, pk, slug=org_slug)
    suggested = ranking.suggest_volunteers(opportunity=opportunity)
    is_open = bool(suggested) or selectors.is_open(opportunity)
    near = misses.near_misses(opportunity) if is_open and len(suggested) < misses.SHORT_LIST else []
    invited = set(
        Invitation.objects.filter(opportunity=opportunity, volunteer__in=[s.volunteer for s in suggested]).values_list("volunteer_id", flat=True)
    )
    return render(
        request,
        "matching/suggestions.html",
        {
            "organization": organization,
            "opportunity": opportunity,
            "suggestions": suggested,
            "invited": invited,
            "labels": ranking.part_labels(),
            "weights": ranking.WEIGHTS,
            "floor": ranking.SUGGEST_FLOOR,
            "is_open": is_open,
            "near_misses": near,
        },
    )


@login_required
@require_POST
def invite(request: HttpRequest, org_slug: str, pk: int, profile_pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_manager(request.user, pk, slug=org_slug)
    volunteer = get_object_or_404(VolunteerProfile.objects.select_related("user"), pk=profile_pk)
    run_action(
        request,
        lambda: invitations.invite_to_apply(opportunity=opportunity, volunteer=volunteer, by=request.user),
        _("The volunteer was invited to apply."),
    )
    return redirect("matching:suggestions", org_slug=organization.slug, pk=opportunity.pk)


@login_required
def recommendations(request: HttpRequest) -> HttpResponse:
    profile = get_own_profile(request.user)
    recommended = ranking.recommend_opportunities(volunteer=profile)
    context = {
        "profile": profile,
        "recommendations": recommended,
        "labels": ranking.part_labels(),
        "weights": ranking.WEIGHTS,
        "why_empty": [] if recommended else misses.why_no_recommendations(profile),
    }
    return render(request, "matching/recommendations.html", context)


@login_required
def alert_preferences(request: HttpRequest) -> HttpResponse:
    profile = get_own_profile(request.user)
    preference = alerts.preference_for(profile)
    initial = {
        "frequency": preference.frequency,
        "fields": list(preference.fields.all()),
        "cities": list(preference.cities.all()),
        "nature": preference.nature,
    }
    form = AlertPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        alerts.update_alert_preference(volunteer=profile, **form.cleaned_data)
        messages.success(request, _("Your alert settings were saved."))
        return redirect("matching:alert_preferences")
    preview, why_none = misses.alert_preview(profile, preference)
    context = {"form": form, "preference": preference, "preview": preview, "why_none": why_none}
    return render(request, "matching/alert_preferences.html", context)


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the e-mail, no login: GET asks to confirm, POST turns alerts off."""
    preference = AlertPreference.objects.filter(token=token).first()
    if preference is None:
        raise Http404
    done = False
    if request.method == "POST":
        alerts.unsubscribe(token=token)
        done = True
    return render(request, "matching/unsubscribe.html", {"token": token, "done": done})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(user=request.user).order_by("-created_at")[:NOTIFICATIONS_PAGE])
    return render(request, "matching/notifications.html", {"notifications": items})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("notification")
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if pk:
        unread = unread.filter(pk=pk if pk.isdigit() else 0)
    unread.update(read_at=timezone.now())
    return redirect("matching:notifications")


@login_required
def notice_settings(request: HttpRequest) -> HttpResponse:
    """How the person hears about each kind of notice, and their quiet hours."""
    user = request.user
    current = channels.preferences(user)
    quiet = channels.QuietHours.objects.filter(user=user).first()
    initial = {f"{key}_{name}": getattr(choice, name) for key, choice in current.items() for name in ("email", "sms", "whatsapp")}
    if quiet:
        initial.update(quiet_from=quiet.starts, quiet_until=quiet.ends)
    phone = channels.phone_of.first(user)
    form = NoticeSettingsForm(request.POST or None, initial=initial, groups=channels.GROUPS, has_phone=bool(phone))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choices = {
            group.key: channels.Choice(data[f"{group.key}_email"], data[f"{group.key}_sms"], data[f"{group.key}_whatsapp"])
            for group in channels.GROUPS
        }
        quiet_hours = (data["quiet_from"], data["quiet_until"]) if data.get("quiet_from") else None
        channels.save_preferences(user=user, choices=choices, quiet=quiet_hours)
        messages.success(request, _("Your notice settings are saved."))
        return redirect("matching:notice_settings")
    return render(request, "matching/notice_settings.html", {"form": form, "phone": phone}, status=form_status(request, form))
