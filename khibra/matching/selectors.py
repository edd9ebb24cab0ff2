"""Reads shared by the term index, ranking, invitations and alerts: the term keys of a text, and
who may be matched with an open opportunity at all (the hard filters). Nothing here writes."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from khibra.accounts.models import PolicyAcceptance, PolicyKind
from khibra.accounts.services import current_policy
from khibra.engagements.models import Engagement
from khibra.opportunities import selectors as opportunity_selectors
from khibra.opportunities.models import Nature, Opportunity
from khibra.recruitment.models import Application
from khibra.reference.models import Language
from khibra.volunteers.models import VolunteerProfile, WorkMode

from .models import SynonymTerm, VolunteerTerm
from .terms import tokens

HOURS_TOLERANCE = 0.8  # a volunteer with 80% of the weekly hours still fits ("or close")
TOKEN_WEIGHT, GROUP_WEIGHT = 1, 3
MAX_TERMS = 200

FieldLink = VolunteerProfile.fields.through
LanguageLink = VolunteerProfile.languages.through
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
    texts = [opportunity.title, opportunity.requirements]
    texts += [name for pair in opportunity.required_professions.values_list("name_ar", "name_en") for name in pair]
    return [text for text in texts if text]


# --- hard filters -------------------------------------------------------------------------------------


def charter_accepted(user_ref: str = "user_id"):
    """An Exists() over the current charter's acceptance, or None while there is no charter."""
    policy = current_policy(PolicyKind.CHARTER)
    if policy is None:
        return None
    return Exists(PolicyAcceptance.objects.filter(user_id=OuterRef(user_ref), policy=policy, withdrawn_at__isnull=True))


def _language_ids(codes: list[str]) -> list[int]:
    return list(Language.objects.filter(code__in=codes).values_list("pk", flat=True))


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


def fitting_volunteers(
    opportunity: Opportunity, *, keys: list[str] | None = None, among: list[int] | None = None, links=None
) -> QuerySet:
    """Volunteers who pass every hard filter and share at least a field, profession or term.

    Callers check that the opportunity is open (`is_open`). With `among` (profile ids from the
    match entries, which were found by field or profession) only those are checked.
    """
    charter = charter_accepted()
    if charter is None:
        return VolunteerProfile.objects.none()
    field_ids, profession_ids = opportunity_links(opportunity, links)
    languages = ["ar", "en"] if opportunity.english_allowed else ["ar"]
    volunteers = VolunteerProfile.objects.filter(
        charter,
        # Language ids, not a join to the language table inside the EXISTS: with the join,
        # PostgreSQL hashed every language row of a million profiles (2.2 s of a 100,000-volunteer
        # fan-out); with ids it probes the (profile, language) index per candidate.
        Exists(LanguageLink.objects.filter(volunteerprofile_id=OuterRef("pk"), language_id__in=_language_ids(languages))),
        user__is_active=True,
        hours_per_week__gte=float(opportunity.hours_per_week) * HOURS_TOLERANCE,
    ).exclude(
        Exists(Application.objects.filter(opportunity=opportunity, volunteer_id=OuterRef("pk")))
    ).exclude(
        Exists(Engagement.objects.filter(opportunity=opportunity, volunteer_id=OuterRef("pk")))
    )
    if opportunity.nature == Nature.IN_PERSON:
        volunteers = volunteers.filter(work_mode__in=[WorkMode.IN_PERSON, WorkMode.BOTH])
        if opportunity.city_id:
            volunteers = volunteers.filter(
                Q(city_id=opportunity.city_id)
                | Exists(WorkCityLink.objects.filter(volunteerprofile_id=OuterRef("pk"), city_id=opportunity.city_id))
            )
    if among is not None:
        return volunteers.filter(pk__in=among)
    # The selective structured filter: an indexed join on field ids, professions, or term keys.
    structured = Q()
    if field_ids:
        structured |= Q(pk__in=FieldLink.objects.filter(field_id__in=field_ids).values("volunteerprofile_id"))
    if profession_ids:
        structured |= Q(profession_id__in=profession_ids)
    if not structured:
        keys = keys if keys is not None else list(term_weights(opportunity_texts(opportunity)))
        if not keys:
            return VolunteerProfile.objects.none()
        structured = Q(pk__in=VolunteerTerm.objects.filter(key__in=keys).values("profile_id"))
    return volunteers.filter(structured)
