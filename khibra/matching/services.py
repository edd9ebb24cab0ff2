"""Matching volunteers and opportunities, both ways, with explained scores; invitations; alerts.

Ranking runs in the database in two steps whose work does not grow with the data: a shortlist
(volunteers: the best match entries of the opportunity's fields and professions; opportunities:
the newest that pass the structured filters), then every hard filter and every part of the score
on the shortlist only, limited in SQL. Reasons are put into words in Python for the top rows only.

Derived term keys (`VolunteerTerm`, `OpportunityTerm`) are kept in step by `refresh_volunteer`
and `refresh_opportunity`; the services that save profiles and opportunities call them.
"""

from __future__ import annotations

import logging
import uuid
from types import SimpleNamespace
from dataclasses import dataclass, field as dc_field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, ngettext

from khibra.evaluation.models import VolunteerReview
from khibra.evaluation.selectors import volunteer_rating
from khibra.organizations.access import require_manager
from khibra.accounts.models import PolicyAcceptance, PolicyKind
from khibra.accounts.services import current_policy
from khibra.core import audit
from khibra.core.mail import queue_email
from khibra.core.notify import notify
from khibra.engagements.models import Engagement, EngagementStatus
from khibra.opportunities.models import Nature, Opportunity
from khibra.reference.models import Language
from khibra.recruitment.models import Application
from khibra.volunteers.models import IdentityStatus, VolunteerProfile, WorkMode

from .models import (
    MatchEntry,
    Alert,
    AlertPreference,
    AlertStatus,
    Frequency,
    Invitation,
    NatureFilter,
    OpportunityTerm,
    SynonymGroup,
    SynonymTerm,
    VolunteerTerm,
)
from . import entries
from .terms import term_key, tokens

logger = logging.getLogger(__name__)

# --- weights and rules --------------------------------------------------------------------------

WEIGHTS = {
    "fields": 25.0,
    "relevance": 20.0,
    "experience": 10.0,
    "profession": 10.0,
    "city": 5.0,
    "availability": 5.0,
    "verification": 5.0,
    "track_record": 10.0,
    "load": 10.0,
}
HOURS_TOLERANCE = 0.8  # a volunteer with 80% of the weekly hours still fits ("or close")
RELEVANCE_CAP = 8  # term weight that earns the whole relevance part
TRACK_RECORD_CAP = 3  # completed engagements that earn the completions share of the track record
RATING_SHARE = 4.0  # of the track-record part, earned by organizations' ratings (1–5) of past work
PASS_PENALTY = 5.0  # points a part loses for each pass on a similar opportunity
TOKEN_WEIGHT, GROUP_WEIGHT = 1, 3
SHORTLIST = 200  # rows that get every part of the score
PER_KEY = 150  # match entries read per field or profession of an opportunity
MAX_TERMS = 200

# The recruitment pass reasons (recruitment.services.applications.PassReason) that say something
# about the volunteer, and the score part each one lowers; "seats filled" and "other" do not.
PASS_REASON_PARTS = {
    "skills": "relevance",
    "experience": "experience",
    "availability": "availability",
    "location": "city",
}
PENALISED_PARTS = ("relevance", "experience", "availability", "city")

@dataclass
class Suggestion:
    volunteer: VolunteerProfile
    score: float
    parts: dict[str, float]
    reasons: list[str] = dc_field(default_factory=list)


@dataclass
class Recommendation:
    opportunity: Opportunity
    score: float
    parts: dict[str, float]
    reasons: list[str] = dc_field(default_factory=list)


def part_labels() -> dict[str, str]:
    return {
        "fields": _("Fields"),
        "relevance": _("Skills and requirements"),
        "experience": _("Experience"),
        "profession": _("Profession"),
        "city": _("City"),
        "availability": _("Availability"),
        "verification": _("Verified identity"),
        "track_record": _("Completed opportunities"),
        "load": _("Current load"),
    }


# --- terms and synonyms ---------------------------------------------------------------------------


@transaction.atomic
def save_synonym_group(*, group: SynonymGroup) -> SynonymGroup:
    """Save a group and keep its normalised term rows in step."""
    group.full_clean()
    group.save()
    keys = {term_key(term) for term in group.term_list()} - {""}
    group.term_rows.exclude(key__in=keys).delete()
    existing = set(group.term_rows.values_list("key", flat=True))
    SynonymTerm.objects.bulk_create([SynonymTerm(group=group, key=key) for key in sorted(keys - existing)])
    return group


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


@transaction.atomic
def refresh_volunteer(profile: VolunteerProfile) -> int:
    """Recompute the profile's term keys. Call after the profile, skills or qualifications change."""
    weights = term_weights(volunteer_texts(profile))
    VolunteerTerm.objects.filter(profile=profile).delete()
    VolunteerTerm.objects.bulk_create([VolunteerTerm(profile=profile, key=key, weight=w) for key, w in weights.items()])
    entries.rebuild(connection, [profile.pk])
    return len(weights)


def rebuild_match_index() -> int:
    """Every profile's match entries again, in one statement (after bulk loads)."""
    with transaction.atomic():
        return entries.rebuild(connection)


@transaction.atomic
def refresh_opportunity(opportunity: Opportunity) -> int:
    """Recompute the opportunity's term keys. Call after it is created, edited or published."""
    weights = term_weights(opportunity_texts(opportunity))
    OpportunityTerm.objects.filter(opportunity=opportunity).delete()
    OpportunityTerm.objects.bulk_create(
        [OpportunityTerm(opportunity=opportunity, key=key, weight=w) for key, w in weights.items()]
    )
    return len(weights)


# --- shared SQL pieces ------------------------------------------------------------------------------

FieldLink = VolunteerProfile.fields.through
LanguageLink = VolunteerProfile.languages.through
WorkCityLink = VolunteerProfile.work_cities.through
OpportunityFieldLink = Opportunity.fields.through
ProfessionLink = Opportunity.required_professions.through


def _charter_accepted(user_ref: str = "user_id"):
    policy = current_policy(PolicyKind.CHARTER)
    if policy is None:
        return None
    return Exists(PolicyAcceptance.objects.filter(user_id=OuterRef(user_ref), policy=policy, withdrawn_at__isnull=True))


def _language_ids(codes: list[str]) -> list[int]:
    return list(Language.objects.filter(code__in=codes).values_list("pk", flat=True))


def _penalty_codes() -> dict[str, list[str]]:
    codes: dict[str, list[str]] = {part: [] for part in PENALISED_PARTS}
    for code, part in PASS_REASON_PARTS.items():
        codes[part].append(code)
    return codes


def is_open(opportunity: Opportunity) -> bool:
    return (
        Opportunity.objects.public().filter(pk=opportunity.pk, seats_filled__lt=F("seats")).exists()
    )


# --- for an opportunity: suggested volunteers ---------------------------------------------------------


def _links(opportunity: Opportunity, links: tuple[list[int], list[int]] | None = None) -> tuple[list[int], list[int]]:
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
    charter = _charter_accepted()
    if charter is None:
        return VolunteerProfile.objects.none()
    field_ids, profession_ids = _links(opportunity, links)
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


# The columns the parts of the score read; the shortlist is scored on these alone, and only the
# best rows are loaded as whole objects (with their related rows) for the page.
VOLUNTEER_FACTS = (
    "pk", "city_id", "profession_id", "years_of_experience", "hours_per_week", "available_days", "available_times",
    "identity_status",
)
OPPORTUNITY_FACTS = ("pk", "city_id", "min_years_experience", "hours_per_week")


def _best(scored: list[SimpleNamespace], queryset: QuerySet, limit: int) -> list:
    """The `limit` best scored rows as whole objects, best first (ties: lower id first), each
    carrying its facts (m_*), points (p_*) and total (m_score)."""
    best = sorted(scored, key=lambda row: (-row.m_score, row.pk))[:limit]
    objects = queryset.in_bulk([row.pk for row in best])
    rows = []
    for row in best:
        instance = objects.get(row.pk)
        if instance is None:  # deleted since it was scored
            continue
        for name, value in vars(row).items():
            if name.startswith(("m_", "p_")):
                setattr(instance, name, value)
        rows.append(instance)
    return rows


def _track_record_points(completed: int, rating: float) -> float:
    """Completed engagements up to the cap, plus the rating share: 1 → nothing, 5 → all of it."""
    return min(completed, TRACK_RECORD_CAP) * (WEIGHTS["track_record"] - RATING_SHARE) / TRACK_RECORD_CAP + (
        (rating - 1) * RATING_SHARE / 4 if rating > 0 else 0.0
    )


def _load_points(active: int) -> float:
    return WEIGHTS["load"] if active == 0 else WEIGHTS["load"] / 2 if active == 1 else 0.0


def _settle(row: SimpleNamespace, points: dict[str, float], passes: dict[str, int]) -> None:
    """Lower the penalised parts by the passes, then set m_pass_*, p_* and m_score on the row."""
    for part in PENALISED_PARTS:
        setattr(row, f"m_pass_{part}", passes.get(part, 0))
        points[part] = max(points[part] - passes.get(part, 0) * PASS_PENALTY, 0.0)
    for name, value in points.items():
        setattr(row, f"p_{name}", value)
    row.m_score = sum(points.values())


def _grouped(queryset: QuerySet, key: str, value) -> dict:
    """{key: value} of a grouped read, e.g. how many rows each shortlisted volunteer has."""
    return dict(queryset.order_by().values(key).annotate(v=value).values_list(key, "v"))


def _volunteer_parts(candidates: list[SimpleNamespace], opportunity: Opportunity, keys: list[str], links) -> None:
    """Every part of the score of each shortlisted volunteer, penalties included, set on the rows
    as m_* (the facts) and p_* (the points) with m_score their sum.

    The shortlist holds at most SHORTLIST volunteers, so the facts are read with one grouped
    statement each (a few milliseconds in all at a million volunteers) instead of twenty
    correlated sub-selects whose planning alone cost more; the points are plain arithmetic.
    """
    field_ids, profession_ids = links
    ids = [row.pk for row in candidates]
    n_fields = len(field_ids)
    min_years = opportunity.min_years_experience
    hours = float(opportunity.hours_per_week)
    shared_fields = (
        _grouped(FieldLink.objects.filter(volunteerprofile_id__in=ids, field_id__in=field_ids), "volunteerprofile_id", Count("*"))
        if field_ids
        else {}
    )
    terms = (
        _grouped(VolunteerTerm.objects.filter(profile_id__in=ids, key__in=keys), "profile_id", Sum("weight")) if keys else {}
    )
    engagements = dict(
        ((volunteer_id, status), n)
        for volunteer_id, status, n in Engagement.objects.filter(
            volunteer_id__in=ids, status__in=[EngagementStatus.COMPLETED, EngagementStatus.ACTIVE]
        )
        .order_by()
        .values("volunteer_id", "status")
        .annotate(n=Count("*"))
        .values_list("volunteer_id", "status", "n")
    )
    ratings = _grouped(
        VolunteerReview.objects.filter(volunteer_id__in=ids),
        "volunteer_id",
        Avg(Cast(F("quality") + F("timeliness") + F("communication"), FloatField()) / 3),
    )
    local = set()
    if opportunity.city_id:
        local = {row.pk for row in candidates if row.city_id == opportunity.city_id}
        local |= set(WorkCityLink.objects.filter(volunteerprofile_id__in=ids, city_id=opportunity.city_id).values_list("volunteerprofile_id", flat=True))
    # Passes on similar opportunities (sharing a field; without fields, this one), per part.
    part_of_code = {code: part for part, codes in _penalty_codes().items() for code in codes}
    passes = Application.objects.filter(volunteer_id__in=ids, pass_reason__in=list(part_of_code))
    if field_ids:
        passes = passes.filter(
            Exists(OpportunityFieldLink.objects.filter(opportunity_id=OuterRef("opportunity_id"), field_id__in=field_ids))
        )
    else:
        passes = passes.filter(opportunity=opportunity)
    passed: dict[int, dict[str, int]] = {}
    for volunteer_id, code in passes.values_list("volunteer_id", "pass_reason"):
        counts = passed.setdefault(volunteer_id, {})
        counts[part_of_code[code]] = counts.get(part_of_code[code], 0) + 1

    for row in candidates:
        row.m_fields = shared_fields.get(row.pk, 0)
        row.m_terms = terms.get(row.pk) or 0
        row.m_completed = engagements.get((row.pk, EngagementStatus.COMPLETED), 0)
        row.m_active = engagements.get((row.pk, EngagementStatus.ACTIVE), 0)
        row.m_rating = ratings.get(row.pk) or 0.0
        row.m_local = row.pk in local
        years = row.years_of_experience
        points = {
            "fields": min(row.m_fields, n_fields) * WEIGHTS["fields"] / n_fields if n_fields else 0.0,
            "relevance": min(row.m_terms, RELEVANCE_CAP) * WEIGHTS["relevance"] / RELEVANCE_CAP,
            "experience": WEIGHTS["experience"]
            if min_years == 0 or years >= min_years
            else years * WEIGHTS["experience"] / min_years,
            "profession": WEIGHTS["profession"] if row.profession_id in profession_ids else 0.0,
            "city": WEIGHTS["city"] if row.m_local else 0.0,
            "availability": (3.0 if float(row.hours_per_week) >= hours else 1.5)
            + (1.0 if row.available_days > 0 else 0.0)
            + (1.0 if row.available_times > 0 else 0.0),
            "verification": WEIGHTS["verification"] if row.identity_status == IdentityStatus.VERIFIED else 0.0,
            "track_record": _track_record_points(row.m_completed, row.m_rating),
            "load": _load_points(row.m_active),
        }
        _settle(row, points, passed.get(row.pk, {}))


def _parts_of(row) -> dict[str, float]:
    return {name: round(float(getattr(row, f"p_{name}") or 0), 1) for name in WEIGHTS}


def shortlist_volunteers(opportunity: Opportunity, keys: list[str], links=None) -> list[int]:
    """At most SHORTLIST profile ids worth ranking for the opportunity, read best first from the
    match entries of its fields and professions (in its city when the work is in person), so the
    work does not grow with the number of volunteers in a field. The hard filters are checked
    again exactly on the shortlist; the entries only choose where to look."""
    field_ids, profession_ids = _links(opportunity, links)
    city_id = opportunity.city_id if opportunity.nature == Nature.IN_PERSON else None
    lookups = [entries.key_for("f", pk, city_id) for pk in field_ids] + [entries.key_for("p", pk, city_id) for pk in profession_ids]
    if not lookups:
        if not keys:
            return []
        by_terms = (
            VolunteerTerm.objects.filter(key__in=keys).values("profile_id").annotate(s=Sum("weight")).order_by("-s", "-profile_id")
        )
        return [row["profile_id"] for row in by_terms[:SHORTLIST]]
    speaks = Q(speaks_ar=True) | Q(speaks_en=True) if opportunity.english_allowed else Q(speaks_ar=True)
    found: dict[int, list[int]] = {}  # profile id -> [keys matched, static score]
    for key in lookups:
        rows = (
            MatchEntry.objects.filter(speaks, key=key, hours__gte=float(opportunity.hours_per_week) * HOURS_TOLERANCE)
            .order_by("-score", "-volunteer_id")
            .values_list("volunteer_id", "score")[:PER_KEY]
        )
        for volunteer_id, score in rows:
            seen = found.setdefault(volunteer_id, [0, score])
            seen[0] += 1
    ranked = sorted(found.items(), key=lambda item: (-item[1][0], -item[1][1], -item[0]))
    return [volunteer_id for volunteer_id, _seen in ranked[:SHORTLIST]]


def suggest_volunteers(*, opportunity: Opportunity, limit: int = 20) -> list[Suggestion]:
    """The best-fitting volunteers for an open opportunity, best first, with parts and reasons."""
    if not is_open(opportunity):
        return []
    keys = list(term_weights(opportunity_texts(opportunity)))
    links = _links(opportunity)
    candidates = fitting_volunteers(opportunity, keys=keys, among=shortlist_volunteers(opportunity, keys, links), links=links)
    facts = [SimpleNamespace(**row) for row in candidates.values(*VOLUNTEER_FACTS)]
    _volunteer_parts(facts, opportunity, keys, links)
    rows = _best(facts, VolunteerProfile.objects.select_related("user", "city", "profession"), limit)
    return [
        Suggestion(volunteer=row, score=round(row.m_score, 1), parts=_parts_of(row), reasons=_reasons(row, opportunity.min_years_experience))
        for row in rows
    ]


# --- for a volunteer: recommended opportunities ------------------------------------------------------


def speaks(profile: VolunteerProfile) -> set[str]:
    return set(profile.languages.values_list("code", flat=True))


def recommend_opportunities(*, volunteer: VolunteerProfile, limit: int = 20) -> list[Recommendation]:
    """Open opportunities that fit the volunteer, best first, with parts and reasons."""
    charter = _charter_accepted()
    if charter is None or not VolunteerProfile.objects.filter(charter, pk=volunteer.pk).exists():
        return []
    languages = speaks(volunteer)
    if not languages & {"ar", "en"}:
        return []
    field_ids = list(volunteer.fields.values_list("pk", flat=True))
    city_ids = set(volunteer.work_cities.values_list("pk", flat=True)) | ({volunteer.city_id} if volunteer.city_id else set())
    keys = term_weights(volunteer_texts(volunteer))
    hours = volunteer.hours_per_week

    opportunities = (
        Opportunity.objects.public()
        .filter(seats_filled__lt=F("seats"), hours_per_week__lte=hours / HOURS_TOLERANCE)
        .exclude(Exists(Application.objects.filter(volunteer=volunteer, opportunity_id=OuterRef("pk"))))
        .exclude(Exists(Engagement.objects.filter(volunteer=volunteer, opportunity_id=OuterRef("pk"))))
    )
    if "ar" not in languages:
        opportunities = opportunities.filter(english_allowed=True)
    in_person_ok = Q(nature=Nature.IN_PERSON, city_id__in=city_ids) if volunteer.work_mode in (WorkMode.IN_PERSON, WorkMode.BOTH) else Q(pk__in=[])
    opportunities = opportunities.filter(Q(nature__in=[Nature.REMOTE, Nature.BOTH]) | in_person_ok)
    structured = Q()
    if field_ids:
        structured |= Q(pk__in=OpportunityFieldLink.objects.filter(field_id__in=field_ids).values("opportunity_id"))
    if volunteer.profession_id:
        structured |= Q(pk__in=ProfessionLink.objects.filter(profession_id=volunteer.profession_id).values("opportunity_id"))
    if not structured:
        if not keys:
            return []
        structured = Q(pk__in=OpportunityTerm.objects.filter(key__in=list(keys)).values("opportunity_id"))
    opportunities = opportunities.filter(structured)

    completed = volunteer.engagements.filter(status=EngagementStatus.COMPLETED).count()
    active = volunteer.engagements.filter(status=EngagementStatus.ACTIVE).count()
    rating = volunteer_rating(volunteer)["average"] or 0.0
    years = volunteer.years_of_experience
    # Pass reasons: the fields of opportunities this volunteer was passed on, per part.
    passed: dict[str, set[int]] = {part: set() for part in PENALISED_PARTS}
    for code, field_id in Application.objects.filter(volunteer=volunteer).exclude(pass_reason="").values_list(
        "pass_reason", "opportunity__fields"
    ):
        if field_id:
            passed[PASS_REASON_PARTS.get(code, "relevance")].add(field_id)
    # The shortlist: the newest fitting opportunities, read down the published-date index; only
    # they get every part of the score (an open opportunity is seldom older than a few months).
    shortlist = list(opportunities.order_by("-published_at", "-pk").values_list("pk", flat=True)[:SHORTLIST])
    rows = [SimpleNamespace(**row) for row in Opportunity.objects.filter(pk__in=shortlist).values(*OPPORTUNITY_FACTS)]
    # The facts of the ≤ 200 shortlisted opportunities, one grouped read each (see _volunteer_parts).
    fields_of: dict[int, list[int]] = {}
    for opportunity_id, field_id in OpportunityFieldLink.objects.filter(opportunity_id__in=shortlist).values_list(
        "opportunity_id", "field_id"
    ):
        fields_of.setdefault(opportunity_id, []).append(field_id)
    terms = (
        _grouped(OpportunityTerm.objects.filter(opportunity_id__in=shortlist, key__in=list(keys)), "opportunity_id", Sum("weight"))
        if keys
        else {}
    )
    with_profession = (
        set(
            ProfessionLink.objects.filter(opportunity_id__in=shortlist, profession_id=volunteer.profession_id).values_list(
                "opportunity_id", flat=True
            )
        )
        if volunteer.profession_id
        else set()
    )
    hours = float(hours)
    constant = {
        "verification": WEIGHTS["verification"] if volunteer.identity_status == IdentityStatus.VERIFIED else 0.0,
        "track_record": _track_record_points(completed, float(rating)),
        "load": _load_points(active),
    }
    declared = (1.0 if volunteer.available_days else 0.0) + (1.0 if volunteer.available_times else 0.0)
    for row in rows:
        own_fields = fields_of.get(row.pk, [])
        row.m_fields = sum(1 for field_id in own_fields if field_id in field_ids)
        row.m_terms = terms.get(row.pk) or 0
        row.m_local = row.city_id in city_ids
        row.m_completed, row.m_rating, row.m_active = completed, float(rating), active
        min_years = row.min_years_experience
        points = {
            "fields": row.m_fields * WEIGHTS["fields"] / max(len(own_fields), 1),
            "relevance": min(row.m_terms, RELEVANCE_CAP) * WEIGHTS["relevance"] / RELEVANCE_CAP,
            "experience": WEIGHTS["experience"] if min_years <= years else years * WEIGHTS["experience"] / min_years,
            "profession": WEIGHTS["profession"] if row.pk in with_profession else 0.0,
            "city": WEIGHTS["city"] if row.m_local else 0.0,
            "availability": (3.0 if float(row.hours_per_week) <= hours else 1.5) + declared,
            "verification": constant["verification"],
            "track_record": constant["track_record"],
            "load": constant["load"],
        }
        _settle(row, points, {part: sum(1 for field_id in own_fields if field_id in passed[part]) for part in PENALISED_PARTS})
    rows = _best(rows, Opportunity.objects.select_related("organization", "city"), limit)
    return [
        Recommendation(opportunity=row, score=round(row.m_score, 1), parts=_parts_of(row), reasons=_reasons(row, row.min_years_experience, years=years))
        for row in rows
    ]


def _reasons(row, min_years: int, *, years: int | None = None) -> list[str]:
    """Put the strongest parts of a ranked row into whole translated sentences."""
    reasons = []
    if row.m_fields:
        reasons.append(ngettext("Shares %(counter)s field.", "Shares %(counter)s fields.", row.m_fields) % {"counter": row.m_fields})
    if row.p_profession:
        reasons.append(_("The profession is one the opportunity asks for."))
    if row.p_relevance:
        reasons.append(_("Skills and qualifications match the requirements."))
    years = row.years_of_experience if years is None else years
    if min_years and years >= min_years:
        reasons.append(
            ngettext(
                "Has the experience asked for (%(counter)s year).", "Has the experience asked for (%(counter)s years).", years
            )
            % {"counter": years}
        )
    elif min_years:
        reasons.append(
            ngettext(
                "Less experience than asked for (%(counter)s year required).",
                "Less experience than asked for (%(counter)s years required).",
                min_years,
            )
            % {"counter": min_years}
        )
    if row.m_local:
        reasons.append(_("In the same city."))
    if row.p_availability >= 4:
        reasons.append(_("Has the weekly hours and declared days and times of availability."))
    if row.p_verification:
        reasons.append(_("Identity verified."))
    if row.m_completed:
        reasons.append(
            ngettext("Completed %(counter)s opportunity.", "Completed %(counter)s opportunities.", row.m_completed)
            % {"counter": row.m_completed}
        )
    if row.m_rating:
        reasons.append(_("Rated %(rating)s out of 5 by organizations for past work.") % {"rating": f"{row.m_rating:.1f}"})
    if row.m_active:
        reasons.append(
            ngettext(
                "Already busy with %(counter)s active engagement.", "Already busy with %(counter)s active engagements.", row.m_active
            )
            % {"counter": row.m_active}
        )
    else:
        reasons.append(_("Free to take this on now."))
    if any(getattr(row, f"m_pass_{part}") for part in PENALISED_PARTS):
        reasons.append(_("Lowered: passed on for similar opportunities before."))
    return reasons


# --- invitations ----------------------------------------------------------------------------------


@transaction.atomic
def invite_to_apply(*, opportunity: Opportunity, volunteer: VolunteerProfile, by) -> Invitation:
    """Invite a volunteer to apply, once; the volunteer is told in their language."""
    require_manager(opportunity.organization, by)
    if not is_open(opportunity):
        raise ValidationError(_("This opportunity is not open for applications."), code="not_open")
    if not fitting_volunteers(opportunity).filter(pk=volunteer.pk).exists():
        raise ValidationError(_("This volunteer does not meet the opportunity's conditions."), code="not_fitting")
    if Invitation.objects.filter(opportunity=opportunity, volunteer=volunteer).exists():
        raise ValidationError(_("This volunteer was already invited."), code="already_invited")
    invitation = Invitation.objects.create(opportunity=opportunity, volunteer=volunteer, invited_by=by)
    user = volunteer.user
    with translation.override(user.preferred_language or "ar"):
        title = _("You are invited to apply: %(title)s") % {"title": opportunity.title}
        body = _("%(organization)s thinks your experience fits this opportunity and invites you to apply.") % {
            "organization": opportunity.organization.name
        }
        url = reverse("opportunities:public_detail", args=[opportunity.pk])
    notify(user=user, kind="matching.invitation", title=title, body=body, url=url, dedupe_key=f"invitation:{invitation.pk}")
    audit.record(actor=by, verb="matching.invited", target=invitation, organization=opportunity.organization, volunteer=volunteer.pk)
    return invitation


# --- alert preferences --------------------------------------------------------------------------------


def preference_for(volunteer: VolunteerProfile) -> AlertPreference:
    preference, _created = AlertPreference.objects.get_or_create(volunteer=volunteer)
    return preference


@transaction.atomic
def update_alert_preference(*, volunteer: VolunteerProfile, frequency: str, fields=(), cities=(), nature: str = "") -> AlertPreference:
    preference = preference_for(volunteer)
    preference.frequency = frequency
    preference.nature = nature
    preference.full_clean()
    preference.save()
    preference.fields.set(fields)
    preference.cities.set(cities)
    return preference


@transaction.atomic
def unsubscribe(*, token: str) -> AlertPreference:
    preference = AlertPreference.objects.select_for_update().get(token=token)
    preference.frequency = Frequency.OFF
    preference.save(update_fields=["frequency", "updated_at"])
    # What was waiting is not sent any more.
    Alert.objects.filter(volunteer=preference.volunteer_id, status=AlertStatus.PENDING).update(status=AlertStatus.SKIPPED)
    return preference


# --- alerts: fan-out ------------------------------------------------------------------------------------


def alert_recipients(opportunity: Opportunity) -> QuerySet:
    """Fitting volunteers whose alert preferences accept this opportunity, with their frequency."""
    field_ids = list(opportunity.fields.values_list("pk", flat=True))
    preferences = AlertPreference.objects.filter(volunteer_id=OuterRef("pk"))
    natures = {
        Nature.REMOTE: [NatureFilter.ANY, NatureFilter.REMOTE],
        Nature.IN_PERSON: [NatureFilter.ANY, NatureFilter.IN_PERSON],
        Nature.BOTH: [NatureFilter.ANY, NatureFilter.REMOTE, NatureFilter.IN_PERSON],
    }[opportunity.nature]
    PrefFields = AlertPreference.fields.through
    PrefCities = AlertPreference.cities.through
    # A preference rejects the opportunity when it is off, wants another nature, lists fields
    # none of which the opportunity has, or lists cities and the in-person work is elsewhere.
    rejects = Q(frequency=Frequency.OFF) | ~Q(nature__in=natures)
    rejects |= Exists(PrefFields.objects.filter(alertpreference_id=OuterRef("pk"))) & ~Exists(
        PrefFields.objects.filter(alertpreference_id=OuterRef("pk"), field_id__in=field_ids)
    )
    if opportunity.nature == Nature.IN_PERSON:
        rejects |= Exists(PrefCities.objects.filter(alertpreference_id=OuterRef("pk"))) & ~Exists(
            PrefCities.objects.filter(alertpreference_id=OuterRef("pk"), city_id=opportunity.city_id)
        )
    return (
        fitting_volunteers(opportunity)
        .exclude(Exists(AlertPreference.objects.filter(rejects, volunteer_id=OuterRef("pk"))))
        .annotate(alert_frequency=Coalesce(Subquery(preferences.values("frequency")[:1]), Value(Frequency.DAILY.value)))
    )


def fan_out_alerts(*, opportunity_id: int) -> int:
    """Insert one alert row per fitting volunteer in one statement. Idempotent; returns rows added."""
    opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
    if opportunity is None or not is_open(opportunity):
        return 0
    refresh_opportunity(opportunity)
    recipients = alert_recipients(opportunity).annotate(alert_volunteer=F("pk")).order_by()
    select_sql, params = recipients.values("alert_volunteer", "alert_frequency").query.sql_with_params()
    table = connection.ops.quote_name(Alert._meta.db_table)
    # The WHERE in the outer SELECT keeps SQLite's parser from reading ON CONFLICT as a join.
    sql = (
        f"INSERT INTO {table} (opportunity_id, volunteer_id, frequency, status, created_at, claimed_by, attempts) "
        f"SELECT %s, fitting.alert_volunteer, fitting.alert_frequency, %s, %s, '', 0 FROM ({select_sql}) fitting WHERE 1 = 1 "
        f"ON CONFLICT (opportunity_id, volunteer_id) DO NOTHING"
    )
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [opportunity.pk, AlertStatus.PENDING.value, now, *params])
        added = max(cursor.rowcount, 0)
    if added:
        from . import tasks

        waiting = Alert.objects.filter(opportunity=opportunity, frequency=Frequency.IMMEDIATE, status=AlertStatus.PENDING).count()
        for _n in range(min(WAKE_UPS_MAX, (waiting + BATCH - 1) // BATCH)):
            tasks.deliver_alerts.enqueue()
    return added


# --- alerts: delivery ----------------------------------------------------------------------------------

LEASE = timedelta(seconds=getattr(settings, "MATCHING_ALERT_LEASE_SECONDS", 300))  # a dead worker's claims wait this long
BATCH = 200
WAKE_UPS_MAX = 8
MAX_ATTEMPTS = 5


def claim_alerts(*, worker: str, limit: int = BATCH, frequency: str = Frequency.IMMEDIATE, volunteer_id: int | None = None) -> list[int]:
    """Take a lease on up to `limit` waiting alerts; no two workers get the same row."""
    now = timezone.now()
    token = f"{worker[:40]}:{uuid.uuid4().hex}"
    claimable = Q(status=AlertStatus.PENDING, frequency=frequency, attempts__lt=MAX_ATTEMPTS) & (
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )
    if volunteer_id is not None:
        claimable &= Q(volunteer_id=volunteer_id)
    with transaction.atomic():
        candidates = Alert.objects.filter(claimable).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("id", flat=True)[:limit])
        # The condition is repeated: on SQLite the UPDATE itself is what makes the claim exclusive.
        Alert.objects.filter(claimable, pk__in=ids).update(lease_until=now + LEASE, claimed_by=token, attempts=F("attempts") + 1)
    return list(Alert.objects.filter(claimed_by=token, status=AlertStatus.PENDING).values_list("id", flat=True))


def _unsubscribe_url(volunteer: VolunteerProfile) -> str:
    token = preference_for(volunteer).token
    return settings.SITE_URL + reverse("matching:unsubscribe", args=[token])


def _alert_email(user, subject: str, lines: list[str], unsubscribe_url: str, dedupe_key: str) -> None:
    body = "\n\n".join(lines)
    footer = _("To stop these alerts, open: %(url)s") % {"url": unsubscribe_url}
    queue_email(to=user.email, subject=subject, body_text=f"{body}\n\n--\n{footer}\n", dedupe_key=dedupe_key)


def deliver_alert(alert_id: int) -> bool:
    """Send one claimed immediate alert: in-app and e-mail, once (the e-mail has a dedupe key)."""
    with transaction.atomic():
        alert = Alert.objects.select_related("volunteer__user", "opportunity__organization").filter(pk=alert_id).first()
        if alert is None or alert.status != AlertStatus.PENDING:
            return False
        preference = preference_for(alert.volunteer)
        if preference.frequency == Frequency.OFF or not alert.volunteer.user.is_active:
            Alert.objects.filter(pk=alert_id).update(status=AlertStatus.SKIPPED, lease_until=None)
            return False
        user = alert.volunteer.user
        opportunity = alert.opportunity
        with translation.override(user.preferred_language or "ar"):
            url = reverse("opportunities:public_detail", args=[opportunity.pk])
            title = _("A new opportunity fits you: %(title)s") % {"title": opportunity.title}
            body = _("%(organization)s published an opportunity that fits your profile.") % {"organization": opportunity.organization.name}
            notify(user=user, kind="matching.alert", title=title, body=body, url=url, email=False)
            if user.email:
                _alert_email(user, title, [body, settings.SITE_URL + url], _unsubscribe_url(alert.volunteer), f"alert:{alert.pk}")
        Alert.objects.filter(pk=alert_id).update(status=AlertStatus.SENT, sent_at=timezone.now(), lease_until=None)
    return True


def deliver_alerts(*, worker: str = "worker", max_batches: int | None = None) -> int:
    """Claim batches of immediate alerts and send them until none is left. Returns alerts sent."""
    sent = batches = 0
    while max_batches is None or batches < max_batches:
        ids = claim_alerts(worker=worker)
        if not ids:
            break
        batches += 1
        for alert_id in ids:
            try:
                sent += deliver_alert(alert_id)
            except Exception:  # leave it leased: the sweeper offers it again after the lease
                logger.exception("delivering alert %s failed", alert_id)
    return sent


def sweep_alerts() -> int:
    """Wake workers for immediate alerts a dead worker left (lease expired) or nobody took."""
    from . import tasks

    now = timezone.now()
    stale = Alert.objects.filter(
        Q(lease_until__lt=now) | Q(lease_until__isnull=True, created_at__lt=now - LEASE),
        status=AlertStatus.PENDING,
        frequency=Frequency.IMMEDIATE,
        attempts__lt=MAX_ATTEMPTS,
    ).count()
    wake_ups = min(WAKE_UPS_MAX, (stale + BATCH - 1) // BATCH)
    for _n in range(wake_ups):
        tasks.deliver_alerts.enqueue()
    return stale


def period_of(frequency: str, now=None) -> str:
    day = timezone.localdate(now or timezone.now())
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def send_digests(*, frequency: str, worker: str = "digests", dry_run: bool = False, now=None) -> int:
    """One e-mail per volunteer grouping their waiting alerts of this frequency. Returns e-mails."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(frequency)
    period = period_of(frequency, now)
    volunteer_ids = list(
        Alert.objects.filter(status=AlertStatus.PENDING, frequency=frequency).order_by().values_list("volunteer_id", flat=True).distinct()
    )
    if dry_run:
        return len(volunteer_ids)
    sent = 0
    for volunteer_id in volunteer_ids:
        ids = claim_alerts(worker=worker, limit=1000, frequency=frequency, volunteer_id=volunteer_id)
        if ids:
            sent += _send_digest(volunteer_id, ids, frequency, period)
    return sent


def _send_digest(volunteer_id: int, alert_ids: list[int], frequency: str, period: str) -> int:
    with transaction.atomic():
        volunteer = VolunteerProfile.objects.select_related("user").get(pk=volunteer_id)
        alerts = list(Alert.objects.filter(pk__in=alert_ids).select_related("opportunity__organization").order_by("created_at", "id"))
        user = volunteer.user
        if preference_for(volunteer).frequency == Frequency.OFF or not user.is_active:
            Alert.objects.filter(pk__in=alert_ids).update(status=AlertStatus.SKIPPED, lease_until=None)
            return 0
        with translation.override(user.preferred_language or "ar"):
            count = len(alerts)
            title = ngettext(
                "%(counter)s new opportunity fits you.", "%(counter)s new opportunities fit you.", count
            ) % {"counter": count}
            lines = [
                f"{alert.opportunity.title} — {alert.opportunity.organization.name}\n"
                f"{settings.SITE_URL}{reverse('opportunities:public_detail', args=[alert.opportunity_id])}"
                for alert in alerts
            ]
            email = None
            if user.email:
                body = "\n\n".join(lines)
                footer = _("To stop these alerts, open: %(url)s") % {"url": _unsubscribe_url(volunteer)}
                email = queue_email(
                    to=user.email, subject=title, body_text=f"{body}\n\n--\n{footer}\n", dedupe_key=f"digest:{volunteer_id}:{frequency}:{period}"
                )
                if email is None:
                    # This period's digest went out already: keep these alerts for the next one.
                    Alert.objects.filter(pk__in=alert_ids).update(lease_until=None, claimed_by="")
                    return 0
            notify(user=user, kind="matching.digest", title=title, body="\n".join(a.opportunity.title for a in alerts),
                   url=reverse("matching:recommendations"), email=False)
        Alert.objects.filter(pk__in=alert_ids).update(status=AlertStatus.SENT, sent_at=timezone.now(), lease_until=None)
    return 1
