"""Reads shared by the term index, ranking, invitations and alerts: the term keys of a text, and
who may be matched with an open opportunity at all (the hard limits of limits.py, plus being
related by field, profession or words). Nothing here writes."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from khibra.engagements.models import Engagement
from khibra.opportunities import selectors as opportunity_selectors
from khibra.opportunities.models import Opportunity
from khibra.recruitment.models import Application
from khibra.volunteers.models import VolunteerProfile

from .limits import volunteers_passing
from .models import ProfessionFit, SynonymTerm, VolunteerTerm
from .terms import tokens

TOKEN_WEIGHT, GROUP_WEIGHT = 1, 3
MAX_TERMS = 200

FieldLink = VolunteerProfile.fields.through
WorkCityLink = VolunteerProfile.work_cities.through
OpportunityFieldLink = Opportunity.fields.through
ProfessionLink = Opportunity.required_professions.through


# --- term keys --------------------------------------------------------------------------------------


def _synonym_map(phrases: set[str]) -> dict[str, set[int]]:
    rows = SynonymTerm.objects.filter(key__in=phrases, group__is_active=True).values_list("key", "group_id")
    found: dict[str, set[int]] = {}
    for key, group_id in rows:
        found.setdefault(key, set()).add(group_id)
    return found


def term_weights(texts: list[str]) -> dict[str, int]:
    """Keys for texts: "t:<token>" for each word, "g:<group id>" for each synonym group met."""
    phrases: set[str] = set()
    weights: dict[str, int] = {}
    for text in texts:
        words = tokens(text)
        for word in words:
            weights[f"t:{word}"[:100]] = TOKEN_WEIGHT
        for size in range(1, 5):
            for start in range(len(words) - size + 1):
                phrases.add(" ".join(words[start : start + size]))
    for group_ids in _synonym_map(phrases).values():
        for group_id in group_ids:
            weights[f"g:{group_id}"] = GROUP_WEIGHT
    # Groups first: when a long text is cut, the synonyms are what matter most.
    return dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS])


def volunteer_texts(profile: VolunteerProfile) -> list[str]:
    texts = [profile.headline, profile.specialty]
    if profile.profession_id:
        texts += [profile.profession.name_ar, profile.profession.name_en]
    texts += [name for pair in profile.skills.values_list("name_ar", "name_en") for name in pair]
    texts += list(profile.qualifications.values_list("title", flat=True))
    return [text for text in texts if text]


def opportunity_texts(opportunity: Opportunity) -> list[str]:
    """What the work needs: its title, requirements, tasks and the professions it asks for."""
    texts = [opportunity.title, opportunity.requirements]
    texts += [text for pair in opportunity.tasks.values_list("title", "details") for text in pair]
    texts += [name for pair in opportunity.required_professions.values_list("name_ar", "name_en") for name in pair]
    return [text for text in texts if text]


# --- hard filters (defined in limits.py) ---------------------------------------------------------------


def is_open(opportunity: Opportunity) -> bool:
    """Taking applications: the one definition in opportunities (a seat left, deadline not passed)."""
    return opportunity_selectors.is_open(opportunity)


def speaks(profile: VolunteerProfile) -> set[str]:
    return set(profile.languages.values_list("code", flat=True))


def opportunity_links(
    opportunity: Opportunity, links: tuple[list[int], list[int]] | None = None
) -> tuple[list[int], list[int]]:
    """The opportunity's field and profession ids (read once per call and passed along)."""
    if links is not None:
        return links
    return (
        list(opportunity.fields.values_list("pk", flat=True)),
        list(opportunity.required_professions.values_list("pk", flat=True)),
    )


def fitting_professions(field_ids: list[int]) -> list[int]:
    """Professions whose people fit these fields (the ProfessionFit data)."""
    if not field_ids:
        return []
    return sorted(set(ProfessionFit.objects.filter(field_id__in=field_ids).values_list("profession_id", flat=True)))


def not_yet_involved(opportunity: Opportunity) -> Q:
    """Volunteers who have not applied to, nor work on, this opportunity already."""
    return ~Exists(Application.objects.filter(opportunity=opportunity, volunteer_id=OuterRef("pk"))) & ~Exists(
        Engagement.objects.filter(opportunity=opportunity, volunteer_id=OuterRef("pk"))
    )


def related_volunteers(opportunity: Opportunity, *, keys: list[str] | None = None, links=None) -> Q:
    """Who is worth considering at all: a shared field, an asked-for profession, a profession
    that fits one of the fields, or (for an opportunity with none of these) a shared term."""
    field_ids, profession_ids = opportunity_links(opportunity, links)
    structured = Q()
    if field_ids:
        structured |= Q(pk__in=FieldLink.objects.filter(field_id__in=field_ids).values("volunteerprofile_id"))
    professions = set(profession_ids) | set(fitting_professions(field_ids))
    if professions:
        structured |= Q(profession_id__in=sorted(professions))
    if not structured:
        keys = keys if keys is not None else list(term_weights(opportunity_texts(opportunity)))
        if not keys:
            return Q(pk__in=[])
        structured = Q(pk__in=VolunteerTerm.objects.filter(key__in=keys).values("profile_id"))
    return structured


def fitting_volunteers(
    opportunity: Opportunity, *, keys: list[str] | None = None, among: list[int] | None = None, links=None
) -> QuerySet:
    """Volunteers who pass every hard limit (limits.py) and are related to the opportunity.

    Suggestions, invitations and alerts all read this one definition. Callers check that the
    opportunity is open (`is_open`). With `among` (profile ids from the match entries, which were
    found by field or profession) only those are checked.
    """
    volunteers = VolunteerProfile.objects.filter(volunteers_passing(opportunity), not_yet_involved(opportunity))
    if among is not None:
        return volunteers.filter(pk__in=among)
    return volunteers.filter(related_volunteers(opportunity, keys=keys, links=links))

