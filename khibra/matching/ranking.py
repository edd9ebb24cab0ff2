"""Ranking volunteers and opportunities, both ways, with a 0–100 fit explained in words. Reads only.

Ranking runs in the database in two steps whose work does not grow with the data: a shortlist
(volunteers: the best match entries of the opportunity's fields, its professions and the
professions that fit its fields; opportunities: the newest that pass the limits), then every hard
limit (limits.py, the one definition of "fits") and every part of the score on the shortlist
only. Weekly hours are scored, not filtered (down to limits.HOURS_FLOOR). Nobody below
`SUGGEST_FLOOR` is listed. Reasons and shortfalls are put into words for the top rows only
(explain.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from types import SimpleNamespace

from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Cast
from django.db.models.lookups import IsNull

from khibra.engagements.models import Engagement, EngagementStatus
from khibra.evaluation.models import VolunteerReview
from khibra.evaluation.selectors import volunteer_rating
from khibra.opportunities.models import Nature, Opportunity
from khibra.recruitment.models import Application
from khibra.volunteers.models import IdentityStatus, VolunteerProfile

from . import entries, explain
from .limits import HOURS_FLOOR, is_eligible, opportunity_limits
from .models import MatchEntry, OpportunityTerm, ProfessionFit, VolunteerTerm
from .selectors import (
    FieldLink,
    OpportunityFieldLink,
    ProfessionLink,
    WorkCityLink,
    fitting_professions,
    fitting_volunteers,
    is_open,
    opportunity_links,
    opportunity_texts,
    term_weights,
    volunteer_texts,
)

# --- weights and rules: the parts of a 0–100 fit --------------------------------------------------

WEIGHTS = {
    "relevance": 30.0,  # requirement and task text against the profile's text and synonyms
    "profession": 20.0,  # the profession asked for (or one that fits the opportunity's fields)
    "experience": 15.0,  # the minimum met, and years beyond it
    "hours": 10.0,  # the weekly hours offered against those asked
    "fields": 10.0,  # fields ticked on the profile that the opportunity has
    "city": 5.0,  # the same city (remote work: everybody)
    "verification": 3.0,
    "track_record": 5.0,
    "load": 2.0,
}
SUGGEST_FLOOR = 40.0  # below this fit nobody is listed as "suggested"
RELEVANCE_CAP = 9  # term weight (three synonym groups) that earns the whole relevance part
FITTING_PROFESSION_SHARE = 0.7  # of the profession part, for a profession that fits a field
EXPERIENCE_BEYOND_CAP = 5  # years beyond the minimum that still count
TRACK_RECORD_CAP = 3
RATING_SHARE = 2.0  # of the track-record part, earned by organizations' ratings (1–5)
PASS_PENALTY = 3.0  # points a part loses for each pass on a similar opportunity
SHORTLIST = 200
PER_KEY = 150

PASS_REASON_PARTS = {"skills": "relevance", "experience": "experience", "availability": "hours", "location": "city"}
PENALISED_PARTS = ("relevance", "experience", "hours", "city")


@dataclass
class Suggestion:
    volunteer: VolunteerProfile
    score: float
    parts: dict[str, float]
    reasons: list[str] = dc_field(default_factory=list)
    shortfalls: list[str] = dc_field(default_factory=list)


@dataclass
class Recommendation:
    opportunity: Opportunity
    score: float
    parts: dict[str, float]
    reasons: list[str] = dc_field(default_factory=list)
    shortfalls: list[str] = dc_field(default_factory=list)


def part_labels() -> dict[str, str]:
    return explain.part_labels()


VOLUNTEER_FACTS = (
    "pk", "city_id", "profession_id", "years_of_experience", "hours_per_week", "identity_status", "gender",
)
OPPORTUNITY_FACTS = ("pk", "city_id", "nature", "min_years_experience", "hours_per_week")


# --- points: plain arithmetic on facts ----------------------------------------------------------------


def experience_points(years: int, min_years: int) -> float:
    """The minimum met earns two thirds; each year beyond it (up to five) a share of the rest.
    Without a minimum, years count up to fifteen. Below a preferred minimum: in proportion."""
    weight = WEIGHTS["experience"]
    if not min_years:
        return min(years, 15) * weight / 15
    if years >= min_years:
        return weight * 2 / 3 + min(years - min_years, EXPERIENCE_BEYOND_CAP) * weight / 3 / EXPERIENCE_BEYOND_CAP
    return years * weight * 2 / 3 / min_years / 2


def hours_points(offered: float, asked: float) -> float:
    return WEIGHTS["hours"] if offered >= asked else WEIGHTS["hours"] * offered / asked


def _track_record_points(completed: int, rating: float) -> float:
    share = WEIGHTS["track_record"] - RATING_SHARE
    return min(completed, TRACK_RECORD_CAP) * share / TRACK_RECORD_CAP + ((rating - 1) * RATING_SHARE / 4 if rating > 0 else 0.0)


def _load_points(active: int) -> float:
    return WEIGHTS["load"] if active == 0 else WEIGHTS["load"] / 2 if active == 1 else 0.0


def _settle(row: SimpleNamespace, points: dict[str, float], passes: dict[str, int]) -> None:
    for part in PENALISED_PARTS:
        setattr(row, f"m_pass_{part}", passes.get(part, 0))
        points[part] = max(points[part] - passes.get(part, 0) * PASS_PENALTY, 0.0)
    for name, value in points.items():
        setattr(row, f"p_{name}", value)
    row.m_score = sum(points.values())


def _grouped(queryset: QuerySet, key: str, value) -> dict:
    return dict(queryset.order_by().values(key).annotate(v=value).values_list(key, "v"))


def _parts_of(row) -> dict[str, float]:
    return {name: round(float(getattr(row, f"p_{name}") or 0), 1) for name in WEIGHTS}


def _best(scored: list[SimpleNamespace], queryset: QuerySet, limit: int) -> list:
    """The `limit` best rows at or above the floor as whole objects, best first (ties: lower id)."""
    kept = [row for row in scored if row.m_score >= SUGGEST_FLOOR]
    best = sorted(kept, key=lambda row: (-row.m_score, row.pk))[:limit]
    objects = queryset.in_bulk([row.pk for row in best])
    rows = []
    for row in best:
        instance = objects.get(row.pk)
        if instance is None:
            continue
        for name, value in vars(row).items():
            if name.startswith(("m_", "p_")):
                setattr(instance, name, value)
        rows.append(instance)
    return rows


# --- for an opportunity: suggested volunteers -----------------------------------------------------------


def _volunteer_passes(ids: list[int], opportunity: Opportunity, field_ids: list[int]) -> dict[int, dict[str, int]]:
    passes = Application.objects.filter(volunteer_id__in=ids, pass_reason__in=list(PASS_REASON_PARTS))
    if field_ids:
        passes = passes.filter(
            Exists(OpportunityFieldLink.objects.filter(opportunity_id=OuterRef("opportunity_id"), field_id__in=field_ids))
        )
    else:
        passes = passes.filter(opportunity=opportunity)
    passed: dict[int, dict[str, int]] = {}
    for volunteer_id, code in passes.values_list("volunteer_id", "pass_reason"):
        counts = passed.setdefault(volunteer_id, {})
        part = PASS_REASON_PARTS[code]
        counts[part] = counts.get(part, 0) + 1
    return passed


def _track_facts(ids: list[int]) -> tuple[dict, dict]:
    engagements = {
        (volunteer_id, status): n
        for volunteer_id, status, n in Engagement.objects.filter(
            volunteer_id__in=ids, status__in=[EngagementStatus.COMPLETED, EngagementStatus.ACTIVE]
        )
        .order_by()
        .values("volunteer_id", "status")
        .annotate(n=Count("*"))
        .values_list("volunteer_id", "status", "n")
    }
    ratings = _grouped(
        VolunteerReview.objects.filter(volunteer_id__in=ids),
        "volunteer_id",
        Avg(Cast(F("quality") + F("timeliness") + F("communication"), FloatField()) / 3),
    )
    return engagements, ratings


def _volunteer_parts(candidates: list[SimpleNamespace], opportunity: Opportunity, keys: list[str], links) -> None:
    """Every part of the score of each shortlisted volunteer (≤ SHORTLIST rows; one grouped read
    per fact), set on the rows as m_* (facts) and p_* (points) with m_score their sum."""
    field_ids, profession_ids = links
    fitting = set(fitting_professions(field_ids))
    ids = [row.pk for row in candidates]
    hours = float(opportunity.hours_per_week)
    shared_fields = (
        _grouped(FieldLink.objects.filter(volunteerprofile_id__in=ids, field_id__in=field_ids), "volunteerprofile_id", Count("*"))
        if field_ids
        else {}
    )
    terms = _grouped(VolunteerTerm.objects.filter(profile_id__in=ids, key__in=keys), "profile_id", Sum("weight")) if keys else {}
    engagements, ratings = _track_facts(ids)
    local = set()
    if opportunity.city_id:
        local = {row.pk for row in candidates if row.city_id == opportunity.city_id}
        local |= set(
            WorkCityLink.objects.filter(volunteerprofile_id__in=ids, city_id=opportunity.city_id).values_list("volunteerprofile_id", flat=True)
        )
    passed = _volunteer_passes(ids, opportunity, field_ids)
    for row in candidates:
        row.m_fields = shared_fields.get(row.pk, 0)
        row.m_terms = terms.get(row.pk) or 0
        row.m_completed = engagements.get((row.pk, EngagementStatus.COMPLETED), 0)
        row.m_active = engagements.get((row.pk, EngagementStatus.ACTIVE), 0)
        row.m_rating = ratings.get(row.pk) or 0.0
        row.m_local = row.pk in local
        row.m_asked_profession = row.profession_id in profession_ids
        row.m_fitting_profession = not row.m_asked_profession and row.profession_id in fitting
        row.m_hours, row.m_asked_hours = float(row.hours_per_week), hours
        row.m_years, row.m_min_years = row.years_of_experience, opportunity.min_years_experience
        row.m_remote = opportunity.nature == Nature.REMOTE
        points = {
            "relevance": min(row.m_terms, RELEVANCE_CAP) * WEIGHTS["relevance"] / RELEVANCE_CAP,
            "profession": WEIGHTS["profession"]
            if row.m_asked_profession
            else WEIGHTS["profession"] * FITTING_PROFESSION_SHARE if row.m_fitting_profession else 0.0,
            "experience": experience_points(row.years_of_experience, opportunity.min_years_experience),
            "hours": hours_points(row.m_hours, hours),
            "fields": min(row.m_fields, len(field_ids)) * WEIGHTS["fields"] / len(field_ids) if field_ids else 0.0,
            "city": WEIGHTS["city"] if row.m_local or row.m_remote else 0.0,
            "verification": WEIGHTS["verification"] if row.identity_status == IdentityStatus.VERIFIED else 0.0,
            "track_record": _track_record_points(row.m_completed, row.m_rating),
            "load": _load_points(row.m_active),
        }
        _settle(row, points, passed.get(row.pk, {}))


def shortlist_volunteers(opportunity: Opportunity, keys: list[str], links=None) -> list[int]:
    """At most SHORTLIST profile ids worth ranking, read best first from the match entries of the
    opportunity's fields, its professions and the professions that fit its fields (in its city
    when the work is in person only): index range scans that stop at PER_KEY rows each. The hard
    limits are checked again exactly on the shortlist; the entries only choose where to look."""
    field_ids, profession_ids = opportunity_links(opportunity, links)
    city_id = opportunity.city_id if opportunity.nature == Nature.IN_PERSON else None
    professions = sorted(set(profession_ids) | set(fitting_professions(field_ids)))
    lookups = [entries.key_for("f", pk, city_id) for pk in field_ids] + [entries.key_for("p", pk, city_id) for pk in professions]
    if not lookups:
        if not keys:
            return []
        by_terms = (
            VolunteerTerm.objects.filter(key__in=keys).values("profile_id").annotate(s=Sum("weight")).order_by("-s", "-profile_id")
        )
        return [row["profile_id"] for row in by_terms[:SHORTLIST]]
    speaks = Q(speaks_ar=True) | Q(speaks_en=True) if opportunity.english_allowed else Q(speaks_ar=True)
    found: dict[int, list[int]] = {}
    for key in lookups:
        rows = (
            MatchEntry.objects.filter(speaks, key=key, hours__gte=float(opportunity.hours_per_week) * HOURS_FLOOR)
            .order_by("-score", "-volunteer_id")
            .values_list("volunteer_id", "score")[:PER_KEY]
        )
        for volunteer_id, score in rows:
            found.setdefault(volunteer_id, [0, score])[0] += 1
    ranked = sorted(found.items(), key=lambda item: (-item[1][0], -item[1][1], -item[0]))
    return [volunteer_id for volunteer_id, _seen in ranked[:SHORTLIST]]


def score_volunteers(opportunity: Opportunity, keys: list[str] | None = None) -> list[SimpleNamespace]:
    """Every shortlisted volunteer who passes the limits, scored (floor not applied)."""
    keys = list(term_weights(opportunity_texts(opportunity))) if keys is None else keys
    links = opportunity_links(opportunity)
    candidates = fitting_volunteers(opportunity, keys=keys, among=shortlist_volunteers(opportunity, keys, links), links=links)
    facts = [SimpleNamespace(**row) for row in candidates.values(*VOLUNTEER_FACTS)]
    _volunteer_parts(facts, opportunity, keys, links)
    return facts


def suggest_volunteers(*, opportunity: Opportunity, limit: int = 20) -> list[Suggestion]:
    """The best-fitting volunteers for an open opportunity, best first, at or above the floor."""
    if not is_open(opportunity):
        return []
    texts = opportunity_texts(opportunity)
    keys = list(term_weights(texts))
    facts = score_volunteers(opportunity, keys)
    rows = _best(facts, VolunteerProfile.objects.select_related("user", "city", "profession"), limit)
    matched = explain.matched_terms(
        VolunteerTerm.objects.filter(profile_id__in=[row.pk for row in rows]), "profile_id", keys, texts=texts
    )
    return [
        Suggestion(
            volunteer=row,
            score=round(row.m_score, 1),
            parts=_parts_of(row),
            reasons=explain.reasons_for_manager(row, matched.get(row.pk, [])),
            shortfalls=explain.shortfalls(row, WEIGHTS),
        )
        for row in rows
    ]


def applicant_fits(opportunity: Opportunity, volunteer_ids) -> dict[int, int]:
    """The 0–100 fit of each of these volunteers (an opportunity's applicants) to the opportunity,
    rounded, as {profile id: fit}: the same parts as suggestions, without the shortlist or the
    limits (they applied already). For the selection board (recruitment.hooks.applicant_fits)."""
    ids = sorted(set(volunteer_ids))
    if not ids:
        return {}
    keys = list(term_weights(opportunity_texts(opportunity)))
    links = opportunity_links(opportunity)
    facts = [SimpleNamespace(**row) for row in VolunteerProfile.objects.filter(pk__in=ids).values(*VOLUNTEER_FACTS)]
    _volunteer_parts(facts, opportunity, keys, links)
    return {row.pk: min(round(row.m_score), 100) for row in facts}


# --- for a volunteer: recommended opportunities ------------------------------------------------------


def fitting_opportunities(volunteer: VolunteerProfile, *, keys: dict[str, int] | None = None) -> QuerySet:
    """Open opportunities whose every limit this volunteer passes and that share a field, the
    profession (asked or fitting a field), or a term with the profile."""
    if not is_eligible(volunteer):
        return Opportunity.objects.none()
    opportunities = open_opportunities(volunteer)
    for condition in opportunity_limits(volunteer).values():
        opportunities = opportunities.filter(condition)
    return opportunities.filter(related_opportunities(volunteer, keys=keys))


def open_opportunities(volunteer: VolunteerProfile) -> QuerySet:
    """Listings taking applications (the opportunities app's one definition: published, before
    their deadline and end date, with a place left) the volunteer has not applied to or joined."""
    return (
        Opportunity.objects.taking_applications()
        .exclude(Exists(Application.objects.filter(volunteer=volunteer, opportunity_id=OuterRef("pk"))))
        .exclude(Exists(Engagement.objects.filter(volunteer=volunteer, opportunity_id=OuterRef("pk"))))
    )


def _has_link(links: QuerySet) -> IsNull:
    """A link row of this opportunity exists: a scalar sub-select (LIMIT 1) on the link table's
    (opportunity, …) index, asked per row the shortlist walks. An IN (or EXISTS, which PostgreSQL
    turns into the same) hashed every link of the volunteer's fields first: 35,000 rows for four
    fields since professions fit fields (ProfessionFit), more than the walk itself."""
    return IsNull(Subquery(links.filter(opportunity_id=OuterRef("pk")).values("opportunity_id")[:1]), False)


def related_opportunities(volunteer: VolunteerProfile, *, keys: dict[str, int] | None = None) -> Q:
    field_ids = list(volunteer.fields.values_list("pk", flat=True))
    if volunteer.profession_id:
        field_ids += list(ProfessionFit.objects.filter(profession_id=volunteer.profession_id).values_list("field_id", flat=True))
    structured = Q()
    if field_ids:
        structured |= Q(_has_link(OpportunityFieldLink.objects.filter(field_id__in=sorted(set(field_ids)))))
    if volunteer.profession_id:
        structured |= Q(_has_link(ProfessionLink.objects.filter(profession_id=volunteer.profession_id)))
    if not structured:
        keys = keys if keys is not None else term_weights(volunteer_texts(volunteer))
        if not keys:
            return Q(pk__in=[])
        structured = Q(pk__in=OpportunityTerm.objects.filter(key__in=list(keys)).values("opportunity_id"))
    return structured


def recommend_opportunities(*, volunteer: VolunteerProfile, limit: int = 20) -> list[Recommendation]:
    """Open opportunities that fit the volunteer, best first, at or above the floor."""
    keys = term_weights(volunteer_texts(volunteer))
    opportunities = fitting_opportunities(volunteer, keys=keys)
    # The shortlist: the newest fitting opportunities, read down the published-date index.
    shortlist = list(opportunities.order_by("-published_at", "-pk").values_list("pk", flat=True)[:SHORTLIST])
    if not shortlist:
        return []
    rows = [SimpleNamespace(**row) for row in Opportunity.objects.filter(pk__in=shortlist).values(*OPPORTUNITY_FACTS)]
    _opportunity_parts(rows, volunteer, shortlist=shortlist, keys=keys)
    rows = _best(rows, Opportunity.objects.select_related("organization", "city"), limit)
    matched = explain.matched_terms(
        OpportunityTerm.objects.filter(opportunity_id__in=[row.pk for row in rows]), "opportunity_id", list(keys), texts=volunteer_texts(volunteer)
    )
    return [
        Recommendation(
            opportunity=row,
            score=round(row.m_score, 1),
            parts=_parts_of(row),
            reasons=explain.reasons_for_volunteer(row, matched.get(row.pk, [])),
            shortfalls=explain.shortfalls(row, WEIGHTS, to_volunteer=True),
        )
        for row in rows
    ]


def _passed_fields(volunteer: VolunteerProfile) -> dict[str, set[int]]:
    passed: dict[str, set[int]] = {part: set() for part in PENALISED_PARTS}
    for code, field_id in Application.objects.filter(volunteer=volunteer).exclude(pass_reason="").values_list(
        "pass_reason", "opportunity__fields"
    ):
        if field_id:
            passed[PASS_REASON_PARTS.get(code, "relevance")].add(field_id)
    return passed


def _opportunity_facts(volunteer: VolunteerProfile, shortlist: list[int], keys: dict[str, int]):
    fields_of: dict[int, list[int]] = {}
    for opportunity_id, field_id in OpportunityFieldLink.objects.filter(opportunity_id__in=shortlist).values_list("opportunity_id", "field_id"):
        fields_of.setdefault(opportunity_id, []).append(field_id)
    terms = (
        _grouped(OpportunityTerm.objects.filter(opportunity_id__in=shortlist, key__in=list(keys)), "opportunity_id", Sum("weight"))
        if keys
        else {}
    )
    asked = set()
    if volunteer.profession_id:
        asked = set(
            ProfessionLink.objects.filter(opportunity_id__in=shortlist, profession_id=volunteer.profession_id).values_list("opportunity_id", flat=True)
        )
    return fields_of, terms, asked


def _opportunity_parts(rows: list[SimpleNamespace], volunteer: VolunteerProfile, *, shortlist: list[int], keys: dict[str, int]) -> None:
    """Every part of the score of each shortlisted opportunity for the volunteer, like `_volunteer_parts`."""
    completed = volunteer.engagements.filter(status=EngagementStatus.COMPLETED).count()
    active = volunteer.engagements.filter(status=EngagementStatus.ACTIVE).count()
    rating = float(volunteer_rating(volunteer)["average"] or 0.0)
    field_ids = set(volunteer.fields.values_list("pk", flat=True))
    fit_fields = (
        set(ProfessionFit.objects.filter(profession_id=volunteer.profession_id).values_list("field_id", flat=True))
        if volunteer.profession_id
        else set()
    )
    city_ids = set(volunteer.work_cities.values_list("pk", flat=True)) | ({volunteer.city_id} if volunteer.city_id else set())
    passed = _passed_fields(volunteer)
    fields_of, terms, asked = _opportunity_facts(volunteer, shortlist, keys)
    constant = {
        "verification": WEIGHTS["verification"] if volunteer.identity_status == IdentityStatus.VERIFIED else 0.0,
        "track_record": _track_record_points(completed, rating),
        "load": _load_points(active),
    }
    for row in rows:
        own_fields = fields_of.get(row.pk, [])
        row.m_fields = sum(1 for field_id in own_fields if field_id in field_ids)
        row.m_terms = terms.get(row.pk) or 0
        row.m_local = row.city_id in city_ids
        row.m_remote = row.nature == Nature.REMOTE
        row.m_completed, row.m_rating, row.m_active = completed, rating, active
        row.m_asked_profession = row.pk in asked
        row.m_fitting_profession = not row.m_asked_profession and any(field_id in fit_fields for field_id in own_fields)
        row.m_hours, row.m_asked_hours = float(volunteer.hours_per_week), float(row.hours_per_week)
        row.m_years, row.m_min_years = volunteer.years_of_experience, row.min_years_experience
        row.identity_status = volunteer.identity_status
        points = {
            "relevance": min(row.m_terms, RELEVANCE_CAP) * WEIGHTS["relevance"] / RELEVANCE_CAP,
            "profession": WEIGHTS["profession"]
            if row.m_asked_profession
            else WEIGHTS["profession"] * FITTING_PROFESSION_SHARE if row.m_fitting_profession else 0.0,
            "experience": experience_points(volunteer.years_of_experience, row.min_years_experience),
            "hours": hours_points(row.m_hours, row.m_asked_hours),
            "fields": row.m_fields * WEIGHTS["fields"] / len(own_fields) if own_fields else 0.0,
            "city": WEIGHTS["city"] if row.m_local or row.m_remote else 0.0,
            **constant,
        }
        _settle(row, points, {part: sum(1 for field_id in own_fields if field_id in passed[part]) for part in PENALISED_PARTS})
