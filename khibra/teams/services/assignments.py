"""Taking on an opportunity as a team. A team's acceptance goes through the very services an
individual goes through: each active member applies (recruitment.services.applications.apply) and
is accepted (accept_application, which starts their engagement), all in one transaction, so one
member who cannot be accepted leaves nothing behind."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.opportunities.models import Opportunity
from khibra.organizations.access import require_manager
from khibra.recruitment import selectors as recruitment_selectors
from khibra.recruitment.services import applications

from ..models import AssignmentStatus, Team, TeamAssignment, TeamEngagement, TeamMember
from ..selectors import active_members, team_blockers
from .rules import MAX_MOTIVATION, MAX_NOTE, clean_text, lock_team, team_url, tell


def _blockers_error(errors: list[ValidationError], by_member: Mapping[TeamMember, list[ValidationError]]) -> ValidationError:
    messages = list(errors)
    for member, found in by_member.items():
        for error in found:
            for text in error.messages:
                messages.append(
                    ValidationError(
                        _("%(name)s: %(reason)s") % {"name": member.volunteer.user.full_name, "reason": text},
                        code=error.code or "member_blocked",
                    )
                )
    return ValidationError(messages)


@transaction.atomic
def apply_as_team(
    *, team: Team, opportunity: Opportunity, by, motivation: str, answers: Mapping | None = None, availability_confirmed: bool
) -> TeamAssignment:
    """The lead applies for the whole team to an opportunity done by a team."""
    team = lock_team(team)
    if getattr(by, "pk", None) != team.leader_id:
        raise PermissionDenied(_("Only the team lead can apply for the team."))
    opportunity = Opportunity.objects.select_related("organization").get(pk=opportunity.pk)
    errors, by_member = team_blockers(team=team, opportunity=opportunity)
    if errors or by_member:
        raise _blockers_error(errors, by_member)
    field_errors: dict[str, list] = {}
    motivation = (motivation or "").strip()
    if not motivation:
        field_errors["motivation"] = [ValidationError(_("Tell the organization why your team fits this work."), code="required")]
    elif len(motivation) > MAX_MOTIVATION:
        field_errors["motivation"] = [ValidationError(_("Keep it under %(max)s characters.") % {"max": MAX_MOTIVATION}, code="too_long")]
    kept, answer_errors = recruitment_selectors.clean_answers(opportunity, answers or {})
    for key, message in answer_errors.items():
        field_errors[f"answer_{key}"] = [ValidationError(message, code="answer")]
    if not availability_confirmed:
        field_errors["availability_confirmed"] = [
            ValidationError(_("Confirm that the team can give the hours and dates this opportunity asks for."), code="availability")
        ]
    if field_errors:
        raise ValidationError(field_errors)
    assignment = TeamAssignment(team=team, opportunity=opportunity, motivation=motivation, answers=kept, applied_by=by)
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    audit.record(
        actor=by, verb="team_assignment.applied", target=assignment, organization=opportunity.organization,
        team=team.pk, opportunity=opportunity.pk,
    )
    for person in recruitment_selectors.opportunity_managers(opportunity):
        tell(
            person, kind="teams.applied",
            title=lambda: _("A team applied for “%(title)s”") % {"title": opportunity.title},
            body=lambda: _("The team “%(team)s” applied. Review its members and answer.") % {"team": team.name},
            url=reverse("teams:opportunity_teams", args=[opportunity.organization.slug, opportunity.pk]),
        )
    return assignment


def _lock_assignment(assignment: TeamAssignment) -> TeamAssignment:
    return (
        TeamAssignment.objects.select_for_update(of=("self",))
        .select_related("team__provider", "team__leader", "opportunity__organization")
        .get(pk=assignment.pk)
    )


def _check_status(assignment: TeamAssignment, *allowed: str) -> None:
    if assignment.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the team's application is “%(status)s”.") % {"status": assignment.get_status_display()},
            code="wrong_status",
        )


@transaction.atomic
def accept_assignment(*, assignment: TeamAssignment, by) -> list:
    """The organization accepts the team: every active member applies and is accepted through
    the individual services, each getting their own engagement, work items and hours. Returns
    the engagements. If any member cannot be accepted nothing is written."""
    assignment = _lock_assignment(assignment)
    opportunity = assignment.opportunity
    require_manager(opportunity.organization, by)
    _check_status(assignment, AssignmentStatus.APPLIED)
    team = assignment.team
    # The team may have changed since it applied: check it again, whole and member by member.
    errors, by_member = team_blockers(team=team, opportunity=opportunity, assignment=assignment)
    if errors or by_member:
        raise _blockers_error(errors, by_member)
    engagements = []
    for member in active_members(team):
        try:
            application = applications.apply(
                opportunity=opportunity, volunteer=member.volunteer, motivation=assignment.motivation,
                answers=assignment.answers, availability_confirmed=True,
            )
            engagement = applications.accept_application(application=application, by=by)
        except ValidationError as error:
            # Raising rolls back the members already accepted with the rest of the transaction.
            raise _blockers_error([], {member: [error]}) from None
        TeamEngagement.objects.create(assignment=assignment, engagement=engagement)
        engagements.append(engagement)
    assignment.status, assignment.decided_by, assignment.decided_at = AssignmentStatus.ACCEPTED, by, timezone.now()
    assignment.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=by, verb="team_assignment.accepted", target=assignment, organization=opportunity.organization,
        team=team.pk, engagements=[engagement.pk for engagement in engagements],
    )
    tell(
        team.leader, kind="teams.accepted",
        title=lambda: _("Your team is accepted for “%(title)s”") % {"title": opportunity.title},
        body=lambda: _("Each member has their own workspace for tasks, deliverables and hours."),
        url=team_url(team),
    )
    return engagements


@transaction.atomic
def decline_assignment(*, assignment: TeamAssignment, by, note: str = "") -> TeamAssignment:
    assignment = _lock_assignment(assignment)
    opportunity = assignment.opportunity
    require_manager(opportunity.organization, by)
    _check_status(assignment, AssignmentStatus.APPLIED)
    note = clean_text(note, field="note", limit=MAX_NOTE)
    assignment.status, assignment.decided_by, assignment.decided_at = AssignmentStatus.DECLINED, by, timezone.now()
    assignment.decision_note = note
    assignment.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    audit.record(actor=by, verb="team_assignment.declined", target=assignment, organization=opportunity.organization)
    team = assignment.team
    tell(
        team.leader, kind="teams.declined",
        title=lambda: _("Your team's application for “%(title)s”") % {"title": opportunity.title},
        body=lambda: _("Thank you for applying. The organization chose another way this time."),
        url=team_url(team),
    )
    return assignment


@transaction.atomic
def withdraw_assignment(*, assignment: TeamAssignment, by) -> TeamAssignment:
    """The lead withdraws the team's application before the organization answers. After
    acceptance each member withdraws from their own engagement."""
    assignment = _lock_assignment(assignment)
    if getattr(by, "pk", None) != assignment.team.leader_id:
        raise PermissionDenied(_("Only the team lead can withdraw the team's application."))
    _check_status(assignment, AssignmentStatus.APPLIED)
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.save(update_fields=["status", "updated_at"])
    audit.record(actor=by, verb="team_assignment.withdrawn", target=assignment, organization=assignment.opportunity.organization)
    return assignment

