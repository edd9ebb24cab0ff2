"""Suggested volunteers for an opportunity, invitations to apply, and recommendations for the caller
(see khibra/api/__init__.py). Same ranking, services and access rules as the matching pages."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import member_object
from khibra.api.auth import require_personal
from khibra.api.errors import ERRORS
from khibra.api.schemas import Ref, ref
from khibra.matching import invitations, misses, ranking, selectors
from khibra.matching.access import get_own_profile
from khibra.matching.models import Invitation
from khibra.opportunities.access import get_opportunity_for_manager
from khibra.volunteers.models import Level, VolunteerProfile

router = Router(tags=["matching"])


class LimitQuery(Schema):
    limit: int = Field(20, ge=1, le=50, description="How many, best first (at most 50).")


# --- suggestions for an opportunity ----------------------------------------------------------------


class MatchedVolunteer(Schema):
    id: int
    full_name: str
    level: str
    level_display: str
    city: Ref | None
    profession: Ref | None
    years_of_experience: int


class MatchOut(Schema):
    volunteer: MatchedVolunteer
    score: float = Field(..., description="Out of 100.")
    reasons: list[str]
    parts: dict[str, float] = Field(..., description="The points of each part of the score (relevance, profession, …); GET /matching/scale/ gives each part's most.")
    shortfalls: list[str] = Field(..., description="What kept the score from being higher, in words.")
    invited: bool


@router.get(
    "/opportunities/{opportunity_id}/matches/",
    response={200: list[MatchOut], **ERRORS},
    summary="Volunteers who fit an opportunity, best first",
)
def list_matches(request, opportunity_id: int, query: Query[LimitQuery]):
    _organization, _membership, opportunity = member_object(
        request, get_opportunity_for_manager, opportunity_id, scope="opportunities:read"
    )
    suggested = ranking.suggest_volunteers(opportunity=opportunity, limit=query.limit)
    invited = set(
        Invitation.objects.filter(opportunity=opportunity, volunteer__in=[s.volunteer for s in suggested]).values_list(
            "volunteer_id", flat=True
        )
    )
    return [
        {
            "volunteer": {
                "id": s.volunteer.pk,
                "full_name": s.volunteer.user.full_name,
                "level": s.volunteer.level,
                "level_display": str(Level(s.volunteer.level).label),
                "city": ref(s.volunteer.city),
                "profession": ref(s.volunteer.profession),
                "years_of_experience": s.volunteer.years_of_experience,
            },
            "score": float(s.score),
            "reasons": [str(reason) for reason in s.reasons],
            "parts": {name: float(value) for name, value in s.parts.items()},
            "shortfalls": [str(text) for text in s.shortfalls],
            "invited": s.volunteer.pk in invited,
        }
        for s in suggested
    ]


class NearMissOut(Schema):
    limit: str = Field(..., description="The one condition these volunteers miss: hours, work_mode, city, language, experience, age, gender or courses.")
    count: int
    text: str


@router.get(
    "/opportunities/{opportunity_id}/near-misses/",
    response={200: list[NearMissOut], **ERRORS},
    summary="Volunteers related to an opportunity who miss exactly one condition, grouped by it",
)
def list_near_misses(request, opportunity_id: int):
    _organization, _membership, opportunity = member_object(
        request, get_opportunity_for_manager, opportunity_id, scope="opportunities:read"
    )
    if not selectors.is_open(opportunity):
        return []
    return [{"limit": miss.limit, "count": miss.count, "text": str(miss.text)} for miss in misses.near_misses(opportunity)]


class ScalePartOut(Schema):
    name: str
    label: str
    most: float


class ScaleOut(Schema):
    out_of: float
    floor: float = Field(..., description="Nobody scoring below this is suggested or recommended.")
    parts: list[ScalePartOut]


@router.get("/matching/scale/", response={200: ScaleOut, **ERRORS}, summary="The parts of a match score and their most points")
def scale(request):
    labels = ranking.part_labels()
    return {
        "out_of": sum(ranking.WEIGHTS.values()),
        "floor": ranking.SUGGEST_FLOOR,
        "parts": [{"name": name, "label": str(labels[name]), "most": most} for name, most in ranking.WEIGHTS.items()],
    }


class InviteToApplyOut(Schema):
    id: int
    opportunity_id: int
    volunteer_id: int
    created_at: dt.datetime


@router.post(
    "/opportunities/{opportunity_id}/matches/{volunteer_id}/invite/",
    response={201: InviteToApplyOut, **ERRORS},
    summary="Invite a suggested volunteer to apply",
)
def invite(request, opportunity_id: int, volunteer_id: int):
    _organization, _membership, opportunity = member_object(
        request, get_opportunity_for_manager, opportunity_id, scope="opportunities:write"
    )
    volunteer = get_object_or_404(VolunteerProfile.objects.select_related("user"), pk=volunteer_id)
    invitation = invitations.invite_to_apply(opportunity=opportunity, volunteer=volunteer, by=request.user)
    return Status(
        201,
        {
            "id": invitation.pk,
            "opportunity_id": invitation.opportunity_id,
            "volunteer_id": invitation.volunteer_id,
            "created_at": invitation.created_at,
        },
    )


# --- recommendations for the caller ----------------------------------------------------------------


class RecommendedOpportunity(Schema):
    id: int
    title: str
    organization: Ref
    city: Ref | None
    nature: str
    nature_display: str
    level: str
    hours_per_week: float
    min_years_experience: int
    starts_on: dt.date | None
    ends_on: dt.date | None
    seats_left: int
    urgent: bool


class RecommendationOut(Schema):
    opportunity: RecommendedOpportunity
    score: float = Field(..., description="Out of 100.")
    reasons: list[str]
    parts: dict[str, float]
    shortfalls: list[str]


@router.get(
    "/me/recommendations/",
    response={200: list[RecommendationOut], **ERRORS},
    summary="Open opportunities that fit your profile, best first",
)
def list_recommendations(request, query: Query[LimitQuery]):
    require_personal(request)
    profile = get_own_profile(request.user)
    recommended = ranking.recommend_opportunities(volunteer=profile, limit=query.limit)
    return [
        {
            "opportunity": {
                "id": r.opportunity.pk,
                "title": r.opportunity.title,
                "organization": ref(r.opportunity.organization),
                "city": ref(r.opportunity.city),
                "nature": r.opportunity.nature,
                "nature_display": str(r.opportunity.get_nature_display()),
                "level": r.opportunity.level,
                "hours_per_week": float(r.opportunity.hours_per_week),
                "min_years_experience": r.opportunity.min_years_experience,
                "starts_on": r.opportunity.starts_on,
                "ends_on": r.opportunity.ends_on,
                "seats_left": max(r.opportunity.seats - r.opportunity.seats_filled, 0),
                "urgent": r.opportunity.urgent,
            },
            "score": float(r.score),
            "reasons": [str(reason) for reason in r.reasons],
            "parts": {name: float(value) for name, value in r.parts.items()},
            "shortfalls": [str(text) for text in r.shortfalls],
        }
        for r in recommended
    ]


class WhyEmptyOut(Schema):
    empty: bool
    reasons: list[str] = Field(..., description="When nothing is recommended: why, and what would change it.")


@router.get(
    "/me/recommendations/why-empty/",
    response={200: WhyEmptyOut, **ERRORS},
    summary="Why no opportunity is recommended to you, and what would change it",
)
def why_empty(request):
    require_personal(request)
    profile = get_own_profile(request.user)
    if ranking.recommend_opportunities(volunteer=profile, limit=1):
        return {"empty": False, "reasons": []}
    return {"empty": True, "reasons": [str(reason) for reason in misses.why_no_recommendations(profile)]}
