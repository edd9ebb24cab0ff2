"""Never silent: near misses for a manager's short list, and why a volunteer's recommendations
or alerts are empty, with what would change it. Reads only.

Bounded work: near misses are looked for among the volunteers an opportunity's shortlist reads
(the match entries of its fields and professions, ≤ PER_KEY rows a key, every language and every
number of hours) with one COUNT per limit; a volunteer's explanation is one COUNT per limit over
the open opportunities related to the profile.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _, ngettext

from khibra.accounts.models import PolicyKind
from khibra.accounts.selectors import has_accepted_current
from khibra.opportunities.models import Nature, Opportunity
from khibra.volunteers.models import GuardianConsent, IdentityStatus, VolunteerProfile, WorkMode

from . import entries
from .limits import LIMITS, eligible, is_eligible, opportunity_limits, volunteer_limits
from .models import AlertPreference, Frequency, MatchEntry, NatureFilter
from .ranking import SUGGEST_FLOOR, fitting_opportunities, open_opportunities, related_opportunities
from .selectors import fitting_professions, not_yet_involved, opportunity_links

SHORT_LIST = 10  # fewer suggestions than this, and the manager sees the near misses
PER_KEY = 150


@dataclass
class NearMiss:
    limit: str
    count: int
    text: str


def _related_pool(opportunity: Opportunity) -> list[int]:
    """The volunteers the shortlist would read were it not for the limits (bounded)."""
    field_ids, profession_ids = opportunity_links(opportunity)
    professions = sorted(set(profession_ids) | set(fitting_professions(field_ids)))
    lookups = [entries.key_for("f", pk) for pk in field_ids] + [entries.key_for("p", pk) for pk in professions]
    pool: set[int] = set()
    for key in lookups:
        pool |= set(MatchEntry.objects.filter(key=key).order_by("-score", "-volunteer_id").values_list("volunteer_id", flat=True)[:PER_KEY])
    return sorted(pool)


def near_misses(opportunity: Opportunity) -> list[NearMiss]:
    """Related volunteers who miss exactly one limit, grouped by that limit, largest group first."""
    pool = _related_pool(opportunity)
    if not pool:
        return []
    limits = volunteer_limits(opportunity)
    base = VolunteerProfile.objects.filter(eligible(), not_yet_involved(opportunity), pk__in=pool)
    found = [NearMiss(name, count, _near_miss_text(name, count, opportunity)) for name, count in _missing_one(base, limits)]
    return sorted(found, key=lambda miss: (-miss.count, LIMITS.index(miss.limit)))


def _missing_one(rows: QuerySet, limits: dict[str, Q]) -> list[tuple[str, int]]:
    """(limit, how many rows pass every other limit but this one), one COUNT a limit, in LIMITS order."""
    counts = []
    for name in LIMITS:
        if name not in limits:
            continue
        others = Q()
        for other, condition in limits.items():
            if other != name:
                others &= condition
        count = rows.filter(others).exclude(limits[name]).count()
        if count:
            counts.append((name, count))
    return counts


def _near_miss_text(name: str, count: int, opportunity: Opportunity) -> str:
    people = ngettext("%(counter)s related volunteer", "%(counter)s related volunteers", count) % {"counter": count}
    city = opportunity.city.name if opportunity.city_id else ""
    what = {
        "hours": _("under a fifth of the %(hours)s weekly hours asked") % {"hours": f"{float(opportunity.hours_per_week):g}"},
        "work_mode": _("remote work only") if opportunity.nature == Nature.IN_PERSON else _("in-person work only"),
        "city": _("in-person work only, outside %(city)s") % {"city": city}
        if opportunity.nature == Nature.BOTH
        else _("not in %(city)s") % {"city": city},
        "language": _("no Arabic on the profile"),
        "experience": _("fewer than the %(years)s years of experience required") % {"years": opportunity.min_years_experience},
        "age": _("outside the age range (or no date of birth)"),
        "gender": _("not among those the opportunity is open to"),
        "courses": _("required courses not completed"),
    }[name]
    return _("%(people)s: %(what)s.") % {"people": people, "what": what}


# --- a volunteer's empty list -------------------------------------------------------------------------


def why_not_eligible(volunteer: VolunteerProfile) -> list[str]:
    reasons = []
    if not has_accepted_current(volunteer.user, PolicyKind.CHARTER):
        reasons.append(_("You have not accepted the volunteer ethics charter: accept it to be matched with opportunities."))
    if volunteer.identity_status == IdentityStatus.REJECTED:
        reasons.append(_("Your identity was not accepted: submit it again from your profile."))
    if volunteer.is_minor() and not GuardianConsent.objects.filter(profile=volunteer).exists():
        reasons.append(_("You are under 18: a parent or guardian must give consent before you are matched."))
    return reasons or [_("Your account cannot be matched right now.")]


def why_no_recommendations(volunteer: VolunteerProfile) -> list[str]:
    """Why nothing is recommended, and what would change it, one sentence each."""
    if not is_eligible(volunteer):
        return why_not_eligible(volunteer)
    related = open_opportunities(volunteer).filter(related_opportunities(volunteer))
    if not related.exists():
        return [
            _(
                "No open opportunity is in your fields or asks for your profession right now. "
                "Adding fields to your profile widens the search, and alerts tell you when one is published."
            )
        ]
    limits = opportunity_limits(volunteer)
    reasons = [_volunteer_text(name, count, volunteer) for name, count in _missing_one(related, limits)]
    if fitting_opportunities(volunteer).exists():
        reasons.append(
            _(
                "Some open opportunities fit you, but weakly (below %(floor)s of 100). Adding your skills and "
                "qualifications to your profile helps them match."
            )
            % {"floor": f"{SUGGEST_FLOOR:g}"}
        )
    return reasons or [_("No open opportunity fits your profile right now.")]


def _volunteer_text(name: str, count: int, volunteer: VolunteerProfile) -> str:
    some = ngettext(
        "%(counter)s open opportunity in your fields", "%(counter)s open opportunities in your fields", count
    ) % {"counter": count}
    mode = volunteer.work_mode
    what = {
        "hours": _(
            "asks for more than five times your %(hours)s weekly hours; offering more hours would bring them in"
        ) % {"hours": volunteer.hours_per_week},
        "work_mode": _("is in person only, and your profile says you work remotely; choose “in person or remote” to see them")
        if mode == WorkMode.REMOTE
        else _("is remote only, and your profile says you work in person; choose “in person or remote” to see them"),
        "city": _("is in person in a city that is not yours; add the cities you can work in to your profile"),
        "language": _("needs Arabic; if you speak it, add it to the languages on your profile"),
        "experience": _("requires more years of experience than your profile shows"),
        "age": _("has an age range you are outside of (or your date of birth is missing)"),
        "gender": _("is open to volunteers of the other gender only"),
        "courses": _("requires courses you have not completed; completing them opens it to you"),
    }[name]
    return _("%(some)s: %(what)s.") % {"some": some, "what": what}


# --- alerts preview -------------------------------------------------------------------------------------


def alert_preview(volunteer: VolunteerProfile, preference: AlertPreference) -> tuple[int, list[str]]:
    """How many open opportunities these alert settings would tell the volunteer about now, and
    when none, why."""
    if preference.frequency == Frequency.OFF:
        return 0, [_("Alerts are turned off: choose how often to receive them.")]
    fitting = fitting_opportunities(volunteer)
    kept = fitting
    field_ids = list(preference.fields.values_list("pk", flat=True))
    city_ids = list(preference.cities.values_list("pk", flat=True))
    if field_ids:
        kept = kept.filter(fields__in=field_ids)
    if city_ids:
        kept = kept.filter(~Q(nature=Nature.IN_PERSON) | Q(city_id__in=city_ids))
    if preference.nature == NatureFilter.REMOTE:
        kept = kept.filter(nature__in=[Nature.REMOTE, Nature.BOTH])
    elif preference.nature == NatureFilter.IN_PERSON:
        kept = kept.filter(nature__in=[Nature.IN_PERSON, Nature.BOTH])
    count = kept.distinct().count()
    if count:
        return count, []
    if fitting.exists():
        return 0, [_("Open opportunities fit your profile, but the fields, cities or kind of work chosen below leave them out.")]
    return 0, why_no_recommendations(volunteer)

