"""Read-only figures for public pages."""

from dataclasses import dataclass

from django.db.models import Count, Q

from khibra.organizations.models import Organization, OrganizationKind
from khibra.reference.models import Field
from khibra.volunteers.models import Level, VolunteerProfile


@dataclass(frozen=True)
class PlatformFigures:
    volunteers: int
    professionals: int
    nonprofits: int
    providers: int
    fields: int


def platform_figures() -> PlatformFigures:
    volunteers = VolunteerProfile.objects.aggregate(
        total=Count("pk"), professionals=Count("pk", filter=Q(level=Level.PROFESSIONAL))
    )
    organizations = Organization.objects.verified().aggregate(
        nonprofits=Count("pk", filter=Q(kind=OrganizationKind.NONPROFIT)),
        providers=Count("pk", filter=~Q(kind=OrganizationKind.NONPROFIT)),
    )
    return PlatformFigures(
        volunteers=volunteers["total"],
        professionals=volunteers["professionals"],
        nonprofits=organizations["nonprofits"],
        providers=organizations["providers"],
        fields=Field.objects.active().count(),
    )
