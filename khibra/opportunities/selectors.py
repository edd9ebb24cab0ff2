"""Reads for the public search page and the API's search: the lists its filters offer. Never writes."""

from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.utils.translation import get_language

from khibra.organizations.models import Organization
from khibra.reference.models import City, Field

from .models import Opportunity


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
