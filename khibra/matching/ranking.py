"""Ranking volunteers and opportunities, both ways, with explained scores. Reads only.

Ranking runs in the database in two steps whose work does not grow with the data: a shortlist
(volunteers: the best match entries of the opportunity's fields and professions; opportunities:
the newest that pass the structured filters), then every hard filter and every part of the score
on the shortlist only, limited in SQL. Reasons are put into words in Python for the top rows only.
The hard filters and the term keys are in `selectors.py`; the rows they read, in `index.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from types import SimpleNamespace

from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _, ngettext

from khibra.engagements.models import Engagement, EngagementStatus
from khibra.evaluation.models import VolunteerReview
from khibra.evaluation.selectors import volunteer_rating
from khibra.opportunities.models import Nature, Opportunity
from khibra.recruitment.models import Application
from khibra.volunteers.models import IdentityStatus, VolunteerProfile, WorkMode

from . import entries
from .models import MatchEntry, OpportunityTerm, VolunteerTerm
from .selectors import (
    HOURS_TOLERANCE,
    FieldLink,
    OpportunityFieldLink,
    ProfessionLink,
    WorkCityLink,
    charter_accepted,
    fitting_volunteers,
    is_open,
    opportunity_links,
    opportunity_texts,
    speaks,
    term_weights,
    volunteer_texts,
)

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
RELEVANCE_CAP = 8  # term weight that earns the whole relevance part
TRACK_RECORD_CAP = 3  # completed engagements that earn the completions share of the track record
RATING_SHARE = 4.0  # of the track-record part, earned by organizations' ratings (1–5) of past work
PASS_PENALTY = 5.0  # points a part loses for each pass on a similar opportunity
SHORTLIST = 200  # rows that get every part of the score
PER_KEY = 150  # match entries read per field or profession of an opportunity

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


def _penalty_codes() -> dict[str, list[str]]:
    codes: dict[str, list[str]] = {part: [] for part in PENALISED_PARTS}
    for code, part in PASS_REASON_PARTS.items():
        codes[part].append(code)
    return codes

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


def _volunteer_passes(ids: list[int], opportunity: Opportunity, field_ids: list[int]) -> dict[int, dict[str, int]]:
    """Passes on similar opportunities (sharing a field; without fields, this one), per part."""
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
    return passed


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
    passed = _volunteer_passes(ids, opportunity, field_ids)

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
    field_ids, profession_ids = opportunity_links(opportunity, links)
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
    links = opportunity_links(opportunity)
    candidates = fitting_volunteers(opportunity, keys=keys, among=shortlist_volunteers(opportunity, keys, links), links=links)
    facts = [SimpleNamespace(**row) for row in candidates.values(*VOLUNTEER_FACTS)]
    _volunteer_parts(facts, opportunity, keys, links)
    rows = _best(facts, VolunteerProfile.objects.select_related("user", "city", "profession"), limit)
    return [
        Suggestion(volunteer=row, score=round(row.m_score, 1), parts=_parts_of(row), reasons=_reasons(row, opportunity.min_years_experience))
        for row in rows
    ]


# --- for a volunteer: recommended opportunities ------------------------------------------------------


def recommend_opportunities(*, volunteer: VolunteerProfile, limit: int = 20) -> list[Recommendation]:
    """Open opportunities that fit the volunteer, best first, with parts and reasons."""
    charter = charter_accepted()
    if charter is None or not VolunteerProfile.objects.filter(charter, pk=volunteer.pk).exists():
        return []
    languages = speaks(volunteer)
    if not languages & {"ar", "en"}:
        return []
    field_ids = list(volunteer.fields.values_list("pk", flat=True))
    city_ids = set(volunteer.work_cities.values_list("pk", flat=True)) | ({volunteer.city_id} if volunteer.city_id else set())
    keys = term_weights(volunteer_texts(volunteer))
    opportunities = _fitting_opportunities(volunteer, languages=languages, field_ids=field_ids, city_ids=city_ids, keys=keys)
    if opportunities is None:
        return []
    # The shortlist: the newest fitting opportunities, read down the published-date index; only
    # they get every part of the score (an open opportunity is seldom older than a few months).
    shortlist = list(opportunities.order_by("-published_at", "-pk").values_list("pk", flat=True)[:SHORTLIST])
    rows = [SimpleNamespace(**row) for row in Opportunity.objects.filter(pk__in=shortlist).values(*OPPORTUNITY_FACTS)]
    _opportunity_parts(rows, volunteer, shortlist=shortlist, field_ids=field_ids, city_ids=city_ids, keys=keys)
    years = volunteer.years_of_experience
    rows = _best(rows, Opportunity.objects.select_related("organization", "city"), limit)
    return [
        Recommendation(opportunity=row, score=round(row.m_score, 1), parts=_parts_of(row), reasons=_reasons(row, row.min_years_experience, years=years))
        for row in rows
    ]


def _fitting_opportunities(
    volunteer: VolunteerProfile, *, languages: set[str], field_ids: list[int], city_ids: set[int], keys: dict[str, int]
) -> QuerySet | None:
    """Open opportunities the volunteer passes every hard filter of and shares a field,
    profession or term with; None when the volunteer has nothing to match on."""
    hours = volunteer.hours_per_week
    opportunities = (
        Opportunity.objects.taking_applications()
        .filter(hours_per_week__lte=hours / HOURS_TOLERANCE)
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
            return None
        structured = Q(pk__in=OpportunityTerm.objects.filter(key__in=list(keys)).values("opportunity_id"))
    return opportunities.filter(structured)


def _passed_fields(volunteer: VolunteerProfile) -> dict[str, set[int]]:
    """Pass reasons: the fields of opportunities this volunteer was passed on, per part."""
    passed: dict[str, set[int]] = {part: set() for part in PENALISED_PARTS}
    for code, field_id in Application.objects.filter(volunteer=volunteer).exclude(pass_reason="").values_list(
        "pass_reason", "opportunity__fields"
    ):
        if field_id:
            passed[PASS_REASON_PARTS.get(code, "relevance")].add(field_id)
    return passed


def _opportunity_parts(
    rows: list[SimpleNamespace],
    volunteer: VolunteerProfile,
    *,
    shortlist: list[int],
    field_ids: list[int],
    city_ids: set[int],
    keys: dict[str, int],
) -> None:
    """Every part of the score of each shortlisted opportunity for the volunteer, set on the rows
    like `_volunteer_parts` does: the facts of the ≤ 200 opportunities, one grouped read each."""
    completed = volunteer.engagements.filter(status=EngagementStatus.COMPLETED).count()
    active = volunteer.engagements.filter(status=EngagementStatus.ACTIVE).count()
    rating = volunteer_rating(volunteer)["average"] or 0.0
    years = volunteer.years_of_experience
    passed = _passed_fields(volunteer)
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
    hours = float(volunteer.hours_per_week)
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
