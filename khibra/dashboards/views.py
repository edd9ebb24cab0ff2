"""The three dashboards. Each view: access first, then one selector, then the page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import access, selectors, tables


def _chart(table: tables.BoundTable, label_column: int = 0, value_column: int = 1) -> list[tuple]:
    return [(row[label_column], row[value_column] or 0) for row in table.rows]


@login_required
@require_GET
def organization(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access.get_nonprofit_for_dashboard(request.user, slug)
    dashboard = selectors.organization_dashboard(organization)
    bound = tables.bound(tables.ORGANIZATION, dashboard)
    return render(request, "dashboards/organization.html", {
        "organization": organization, "membership": membership, "dashboard": dashboard, "tables": bound,
        "charts": {
            "programs": _chart(bound["programs"]),
            "opportunities": _chart(bound["opportunities"]),
            "beneficiaries": _chart(bound["beneficiaries"], value_column=3),
            "surveys": _chart(bound["surveys"]),
            "months": _chart(bound["months"]),
        },
    })


@login_required
@require_GET
def provider(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access.get_provider_for_dashboard(request.user, slug)
    dashboard = selectors.provider_dashboard(organization)
    bound = tables.bound(tables.PROVIDER, dashboard)
    return render(request, "dashboards/provider.html", {
        "organization": organization, "membership": membership, "dashboard": dashboard, "tables": bound,
        "charts": {
            "organizations": _chart(bound["organizations"], value_column=2),
            "months": _chart(bound["months"]),
        },
    })


@login_required
@require_GET
def sector(request: HttpRequest) -> HttpResponse:
    access.require_sector_staff(request.user)
    dashboard = selectors.sector_dashboard()
    bound = tables.bound(tables.SECTOR, dashboard)
    return render(request, "dashboards/sector.html", {
        "dashboard": dashboard, "tables": bound,
        "charts": {
            "levels": _chart(bound["levels"]),
            "genders": _chart(bound["genders"]),
            "ages": _chart(bound["ages"]),
            "regions": _chart(bound["regions"]),
            "fields": _chart(bound["fields"]),
            "field_hours": _chart(bound["fields"], value_column=3),
            "new_volunteers": _chart(bound["months"]),
            "published": _chart(bound["months"], value_column=2),
            "hours": _chart(bound["months"], value_column=3),
            "top_organizations": _chart(bound["top_organizations"]),
        },
    })
