"""Step 3: which of the seven service models fits an opportunity, each recommendation with its
reasons in words. Read from the facts: length and hours, urgency, team or individual, a partner
involved, a board or governance role, coaching, a company's commercial service, the template's
usual model. Reads only; `services.lifecycle.choose_service_model` records the choice."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language, gettext as _, ngettext

from khibra.core.arabic import normalize
from khibra.programs.models import ExecutionMode

from . import hooks
from .models import Opportunity, ServiceModel
from .rules import hours_text
from .selectors import template_text
from .service_models import SERVICE_MODELS

_BOARD_WORDS = ("board", "committee", "مجلس", "لجنة", "الحوكمة", "governance")
_COACHING_WORDS = ("mentor", "coach", "توجيه", "موجه", "إرشاد", "مرشد", "كوتش")
_HACKATHON_WORDS = ("hackathon", "هاكاثون", "هكاثون")
_COMMERCIAL_WORDS = ("commercial", "free of charge", "تجاري", "تجارية", "مجانا", "بدون مقابل", "دون مقابل")

Add = Callable[[str, int, str], None]


@dataclass(frozen=True)
class Recommendation:
    model: ServiceModel
    score: int
    reasons: list[str]

    @property
    def label(self) -> str:
        return self.model.label


@dataclass(frozen=True)
class _Facts:
    days: int
    per_week: Decimal
    total: Decimal
    team: bool
    text: str
    field_codes: set[str]
    partner: bool


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    text = normalize(text)
    return any(normalize(word) in text for word in words)


def _partner_involved(opportunity: Opportunity) -> bool:
    """A company or another provider takes part (the agreements app answers, see hooks.py)."""
    if not opportunity.pk:
        return False
    return bool(hooks.partner_involved.first(opportunity, default=False))


def recommend_service_models(opportunity: Opportunity) -> list[Recommendation]:
    """The one or two service models that fit the opportunity best, each with its reasons in words."""
    facts = _Facts(
        days=opportunity.duration_days,
        per_week=opportunity.hours_per_week,
        total=opportunity.total_hours,
        team=opportunity.execution_mode == ExecutionMode.TEAM,
        text=" ".join([opportunity.title, opportunity.description, opportunity.deliverables]),
        field_codes=set(opportunity.fields.values_list("code", flat=True)) if opportunity.pk else set(),
        partner=_partner_involved(opportunity),
    )
    scores: dict[str, int] = {model: 0 for model in ServiceModel.values}
    reasons: dict[str, list[str]] = {model: [] for model in ServiceModel.values}

    def add(model: str, points: int, reason: str) -> None:
        scores[model] += points
        reasons[model].append(reason)

    for rule in (_team_project, _hackathon, _board_service, _coaching, _secondment, _free_commercial, _skills_based, _template_usual):
        rule(opportunity, facts, add)

    ranked = sorted(
        (model for model in ServiceModel if scores[model] > 0), key=lambda model: (-scores[model], list(ServiceModel).index(model))
    )
    if not ranked:
        return [Recommendation(ServiceModel.SKILLS_BASED, 1, [_("It is the most common model when nothing points elsewhere.")])]
    chosen = [ranked[0]]
    if len(ranked) > 1 and scores[ranked[1]] >= 3:
        chosen.append(ranked[1])
    return [Recommendation(model, scores[model], reasons[model]) for model in chosen]


def _team_project(opportunity: Opportunity, facts: _Facts, add: Add) -> None:
    """A team, or a provider lending one, for a bounded product."""
    team, partner, days = facts.team, facts.partner, facts.days
    if team:
        size = opportunity.team_size
        add(
            ServiceModel.TEAM_PROJECT,
            3,
            ngettext("It is done by a team of %(size)s person.", "It is done by a team of %(size)s people.", size) % {"size": size},
        )
    if partner:
        add(ServiceModel.TEAM_PROJECT, 2, _("A company or another provider is involved and can lend a team."))
    if (team or partner) and opportunity.deliverables.strip() and days <= 120:
        add(ServiceModel.TEAM_PROJECT, 1, _("It ends with a defined deliverable within a fixed period."))


def _hackathon(opportunity: Opportunity, facts: _Facts, add: Add) -> None:
    """Very short and intensive."""
    text, team, days = facts.text, facts.team, facts.days
    if _mentions(text, _HACKATHON_WORDS):
        add(ServiceModel.HACKATHON, 4, _("The title or description speaks of a hackathon."))
    if days <= 3:
        add(
            ServiceModel.HACKATHON,
            3,
            ngettext("The work fits in %(days)s day of intensive effort.", "The work fits in %(days)s days of intensive effort.", days)
            % {"days": days},
        )
        if opportunity.urgent:
            add(ServiceModel.HACKATHON, 2, _("It is urgent, and a hackathon delivers within days."))
        if team:
            add(ServiceModel.HACKATHON, 1, _("Hackathons bring several specialists together at once."))


def _board_service(opportunity: Opportunity, facts: _Facts, add: Add) -> None:
    """Governance, on the board or one of its committees."""
    field_codes, days = facts.field_codes, facts.days
    if "governance" in field_codes or _mentions(opportunity.title, _BOARD_WORDS):
        add(ServiceModel.BOARD_SERVICE, 4, _("It is a governance role on the board or one of its committees."))
        if days >= 90:
            add(ServiceModel.BOARD_SERVICE, 1, _("It asks for a long commitment rather than one deliverable."))


def _coaching(opportunity: Opportunity, facts: _Facts, add: Add) -> None:
    """Growing a person over a month or more."""
    days = facts.days
    if _mentions(opportunity.title + " " + opportunity.description, _COACHING_WORDS):
        add(ServiceModel.COACHING, 4, _("The aim is to coach or mentor a member of your staff."))
        if days >= 30 or (opportunity.starts_on and opportunity.ends_on and (opportunity.ends_on - opportunity.starts_on).days >= 28):
            add(ServiceModel.COACHING, 1, _("It lasts a month or more, long enough for mentoring to work."))


def _secondment(opportunity: Opportunity, facts: _Facts, add: Add) -> None:
    """Close to full time for weeks."""
    per_week, days = facts.per_week, facts.days
    if per_week >= 30:
        add(ServiceModel.SECONDMENT, 3, _("It asks for %(hours)s hours a week, close to full time.") % {"hours": hours_text(per_week)})
        if days >= 30:
            add(
                ServiceModel.SECONDMENT,
                1,
                ngettext("It runs for %(days)s day, as long as a secondment.", "It runs for %(days)s days, as long as a secondment.", days)
                % {"days": days},
            )


def _free_commercial(opportunity: Opportunity, facts: _Facts, add: Add) -> None:
    """A company gives what it sells."""
    text, partner, team = facts.text, facts.partner, facts.team
    if _mentions(text + " " + opportunity.requirements, _COMMERCIAL_WORDS):
        add(ServiceModel.FREE_COMMERCIAL, 4, _("It describes a company's commercial service given free of charge."))
    if partner and not team:
        add(ServiceModel.FREE_COMMERCIAL, 1, _("A company is involved and may give its usual service for free."))


def _skills_based(opportunity: Opportunity, facts: _Facts, add: Add) -> None:
    """One professional, a set period, a clear result."""
    team, days, total = facts.team, facts.days, facts.total
    if not team:
        add(ServiceModel.SKILLS_BASED, 2, _("One professional can deliver it on their own."))
    if 4 <= days <= 180:
        add(
            ServiceModel.SKILLS_BASED,
            1,
            ngettext(
                "It runs %(days)s day for %(total)s hours in all, a set period a volunteer can commit to.",
                "It runs %(days)s days for %(total)s hours in all, a set period a volunteer can commit to.",
                days,
            )
            % {"days": days, "total": hours_text(total)},
        )


def _template_usual(opportunity: Opportunity, facts: _Facts, add: Add) -> None:
    """The model the opportunity's template is usually delivered in."""
    template = opportunity.template if opportunity.template_id else None
    if template is not None and template.service_model:
        add(
            template.service_model,
            3,
            _("Opportunities made from the template “%(template)s” are usually delivered this way.")
            % {"template": template_text(template, "title", _language())},
        )


def _language() -> str:
    return get_language() or "ar"


def skips_agreements(opportunity: Opportunity) -> bool:
    """Free commercial services go from step 3 straight to readiness (step 5): no agreement to write."""
    info = SERVICE_MODELS.get(opportunity.service_model)
    return bool(info and info.skips_agreements)
