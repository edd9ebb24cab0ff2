"""Reads of the opportunities app: what publishing still needs, a template's texts in a language,
and the lists the public search page and the API's search offer. Never writes."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.utils.translation import get_language, gettext as _

from khibra.organizations.models import Organization
from khibra.programs.readiness import is_program_ready
from khibra.reference.models import City, Field

from .models import Opportunity, OpportunityTemplate


class OrganizationChoice(NamedTuple):
    """An organization as the search form offers it (search_opportunities() takes its pk)."""

    pk: int
    slug: str
    name: str


def organizations_with_published_opportunities(*, slug: str | None = None) -> list[OrganizationChoice]:
    """Verified organizations with at least one published opportunity, by Arabic name, their name
    in the active language. Two thousand rows on a large platform: read as plain rows (EXISTS,
    not a join that reads every published opportunity). `slug`: only that organization (a results
    fragment or an API call needs to check one value, not to show the list)."""
    organizations = Organization.objects.verified().filter(
        Exists(Opportunity.objects.published().filter(organization=OuterRef("pk")))
    )
    if slug is not None:
        organizations = organizations.filter(slug=slug)
    english = not (get_language() or "ar").startswith("ar")
    return [
        OrganizationChoice(pk, slug, (name_en or name_ar) if english else (name_ar or name_en))
        for pk, slug, name_ar, name_en in organizations.order_by("name_ar").values_list("pk", "slug", "name_ar", "name_en")
    ]


def search_form_lists(*, every_organization: bool = True, organization_slug: str = "") -> dict:
    """The SearchForm's lists: active fields, active cities (their regions joined) and the
    organizations. Without `every_organization` only the organization asked for is read: enough
    to check the filter when the form itself is not shown (a results fragment, the API)."""
    return {
        "fields": Field.objects.active().order_by("sort_order", "name_ar"),
        "cities": City.objects.active()
        .select_related("region")
        .order_by("region__sort_order", "region__name_ar", "sort_order", "name_ar"),
        "organizations": (
            organizations_with_published_opportunities()
            if every_organization
            else organizations_with_published_opportunities(slug=organization_slug) if organization_slug else []
        ),
    }


# --- completeness ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    done: bool


def publish_checklist(opportunity: Opportunity) -> list[ChecklistItem]:
    """What publishing needs, each item done or not, in the order the page lists them."""
    has_fields = opportunity.fields.exists() if opportunity.pk else False
    has_tasks = opportunity.tasks.exists() if opportunity.pk else False
    return [
        ChecklistItem("title", _("A title that names the role"), bool(opportunity.title.strip())),
        ChecklistItem("description", _("A description of the work"), bool(opportunity.description.strip())),
        ChecklistItem("deliverables", _("The final deliverables"), bool(opportunity.deliverables.strip())),
        ChecklistItem("fields", _("At least one field"), has_fields),
        ChecklistItem("dates", _("Start and end dates"), bool(opportunity.starts_on and opportunity.ends_on)),
        ChecklistItem("tasks", _("At least one task with its delivery date"), has_tasks),
        ChecklistItem("service_model", _("A service model chosen (step 3)"), bool(opportunity.service_model)),
    ]


def missing_for_publish(opportunity: Opportunity) -> list[str]:
    """What is still missing before the opportunity can be published; empty when complete."""
    return [item.label for item in publish_checklist(opportunity) if not item.done]


def needs_readiness_override(opportunity: Opportunity) -> bool:
    """Publishing before the program passed its readiness check (step 5) needs an admin's override."""
    return opportunity.program_id is None or not is_program_ready(opportunity.program)


def readiness_override_valid_for(opportunity: Opportunity, user) -> bool:
    """May `user` publish thanks to the override on record (someone else approved it)?"""
    return opportunity.readiness_override_by_id is not None and opportunity.readiness_override_by_id != getattr(user, "pk", None)


# --- open listings -------------------------------------------------------------------------------


def open_listings(today=None):
    """Listings that take applications: public, a seat left, deadline and end date not passed.
    Search, recommendations, alerts and applying all use this one definition."""
    return Opportunity.objects.taking_applications(today)


def is_open(opportunity: Opportunity) -> bool:
    return open_listings().filter(pk=opportunity.pk).exists()


# --- templates ---------------------------------------------------------------------------------


def template_text(template: OpportunityTemplate, name: str, language: str) -> str:
    """A template's text in the language asked for, falling back to the other one."""
    first, second = ("en", "ar") if language.startswith("en") else ("ar", "en")
    return getattr(template, f"{name}_{first}") or getattr(template, f"{name}_{second}")


def template_task_title(task: Mapping, language: str) -> str:
    first, second = ("en", "ar") if language.startswith("en") else ("ar", "en")
    return task.get(f"title_{first}") or task.get(f"title_{second}") or ""
