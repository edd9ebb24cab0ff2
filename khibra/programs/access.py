"""Who may see or change a program. Outsiders (members of other organizations, volunteers)
get 404; members without the role get 403; a supervisor sees only the programs they take part in.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import get_organization_for_member, get_organization_for_member_by_id
from khibra.organizations.models import Membership, MembershipRole, Organization, OrganizationKind

from .models import Need, Program

RUNNING_ROLES = (MembershipRole.ADMIN, MembershipRole.VOLUNTEER_MANAGER)


def can_run_programs(organization: Organization, membership: Membership | None) -> bool:
    """Programs belong to non-profits and are run by their admins and volunteer managers."""
    return (
        membership is not None
        and organization.kind == OrganizationKind.NONPROFIT
        and membership.role in RUNNING_ROLES
    )


def get_organization_for_programs(
    user, slug: str | None = None, *, organization_id: int | None = None, manage: bool = False
) -> tuple[Organization, Membership]:
    """Programs exist for non-profits only; any active member reaches the pages, `manage` needs
    the admin or volunteer manager. The organization by its URL slug or by its id."""
    if organization_id is None:
        organization, membership = get_organization_for_member(user, slug)
    else:
        organization, membership = get_organization_for_member_by_id(user, organization_id, slug=slug)
    if organization.kind != OrganizationKind.NONPROFIT:
        raise Http404
    if manage and not can_run_programs(organization, membership):
        raise PermissionDenied
    return organization, membership


def _organization_of_program(pk: int) -> int:
    organization_id = Program.objects.filter(pk=pk).values_list("organization_id", flat=True).first()
    if organization_id is None:
        raise Http404
    return organization_id


def visible_programs(organization: Organization, membership: Membership, user) -> QuerySet[Program]:
    programs = Program.objects.for_organization(organization)
    if can_run_programs(organization, membership):
        return programs
    # A supervisor sees the programs where they run a step or supervise an opportunity.
    return programs.filter(Q(plan_steps__responsible_user=user) | Q(opportunities__supervisor=user)).distinct()


def get_program_for_member(
    user, pk: int, *, slug: str | None = None, manage: bool = False
) -> tuple[Organization, Membership, Program]:
    """The program by its id, for the members of its organization who may see it (a supervisor
    only the programs they take part in); anybody else gets 404. A URL's `slug` must match."""
    organization, membership = get_organization_for_programs(
        user, slug, organization_id=_organization_of_program(pk), manage=manage
    )
    program = get_object_or_404(visible_programs(organization, membership, user), pk=pk)
    return organization, membership, program


def get_program_for_submitter(user, pk: int, *, slug: str | None = None) -> tuple[Organization, Membership, Program]:
    """Any member of the organization may raise a need for any of its programs."""
    organization, membership = get_organization_for_programs(user, slug, organization_id=_organization_of_program(pk))
    program = get_object_or_404(Program.objects.for_organization(organization), pk=pk)
    return organization, membership, program


def get_need_for_manager(
    user, need_pk: int, *, slug: str | None = None, program_pk: int | None = None
) -> tuple[Organization, Membership, Program, Need]:
    """A need by its id, for those who manage its program; a URL's program id must match."""
    program_id = Need.objects.filter(pk=need_pk).values_list("program_id", flat=True).first()
    if program_id is None or (program_pk is not None and program_pk != program_id):
        raise Http404
    organization, membership, program = get_program_for_member(user, program_id, slug=slug, manage=True)
    need = get_object_or_404(Need.objects.select_related("field"), program=program, pk=need_pk)
    return organization, membership, program, need
