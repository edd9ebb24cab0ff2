"""Every API operation ("METHOD path" under /api/v1) → who may call it with a personal token.
Path parameters default to the world objects in PARAMS (all owned by organization A, provider P
or the volunteer persona); anonymous callers send no Authorization header. Bodies are valid, so
a refusal is the access check's and not the schema's (a 422 would hide it)."""

import datetime as dt

from django.utils import timezone

from .matrix import (
    ANY_USER,
    ORG_A_ADMIN,
    ORG_A_MANAGERS,
    ORG_A_STAFF,
    OTHER_VOLUNTEER,
    PROVIDER_P,
    PUBLIC,
    STAFF_ONLY,
    VOLUNTEER,
    VOLUNTEERS,
    op,
)

PREFIX = "/api/v1"

# Path parameter → the world object it names, unless the entry says otherwise.
PARAMS = {
    "organization_id": "org_a",
    "program_id": "program",
    "need_id": "need",
    "opportunity_id": "opportunity",
    "volunteer_id": "other_profile",
    "application_id": "other_application",  # the other volunteer's, still pending
    "engagement_id": "engagement",
    "item_id": "work_item",
    "entry_id": "hours",
    "code": "certificate",
    "certificate_id": "certificate",
    "course_id": "org_course",
    "completion_id": "org_completion",
    "member_id": "provider_member",
    "participation_id": "participation",
    "export_id": "export",
    "team_id": "team",
    "assignment_id": "assignment",
    "token_id": "api_token",
    "key_id": "api_key",
    "agreement_id": "partner_agreement",
    "proposal_id": "proposal",
    "lesson_id": "carried_lesson",
    "evidence_id": "evidence",
}

ENGAGEMENT_PEOPLE = VOLUNTEER | ORG_A_STAFF  # the volunteer, A's managers, the opportunity's supervisor
ORG_SIDE = ORG_A_STAFF
HOUR_REVIEWERS = ORG_A_STAFF
P = {"organization_id": "provider_p"}


def _today() -> str:
    return timezone.localdate().isoformat()


def _week() -> str:
    today = timezone.localdate()
    return (today - dt.timedelta(days=(today.weekday() + 1) % 7)).isoformat()


API = {
    # --- authentication and keys --------------------------------------------------------------
    "POST /auth/token/": op(PUBLIC, data=lambda w: {"email": w.volunteer.email, "password": "كلمة-مرور-قوية-123"}),
    "GET /auth/tokens/": op(ANY_USER),
    "DELETE /auth/tokens/{token_id}/": op(VOLUNTEER),
    "POST /auth/verify-email/": op(PUBLIC, data={"key": "not-a-key"}),
    "GET /organizations/{organization_id}/api-keys/": op(ORG_A_ADMIN),
    "POST /organizations/{organization_id}/api-keys/": op(ORG_A_ADMIN, data={"name": "مفتاح", "scopes": ["opportunities:read"]}),
    "DELETE /organizations/{organization_id}/api-keys/{key_id}/": op(ORG_A_ADMIN),
    # --- reference data -----------------------------------------------------------------------
    "GET /reference/fields/": op(PUBLIC),
    "GET /reference/cities/": op(PUBLIC),
    "GET /reference/professions/": op(PUBLIC),
    "GET /reference/languages/": op(PUBLIC),
    "GET /reference/skills/": op(PUBLIC),
    # --- volunteers ---------------------------------------------------------------------------
    "POST /volunteers/": op(
        PUBLIC,
        data={"full_name": "سارة", "email": "new.volunteer@example.sa", "password": "كلمة-مرور-قوية-456", "accept_privacy": True},
    ),
    "GET /me/profile/": op(VOLUNTEERS),  # 404 until the user has a profile
    "PATCH /me/profile/": op(ANY_USER),  # creates the profile
    "POST /me/charter/accept/": op(ANY_USER),
    # --- organizations ------------------------------------------------------------------------
    "GET /organizations/": op(PUBLIC),
    "POST /organizations/": op(
        ANY_USER,
        data={"name_ar": "جمعية جديدة", "registration_number": "99887", "city": 1, "contact_email": "c@example.sa", "kind": "nonprofit"},
    ),
    "GET /organizations/{organization_id}/": op(PUBLIC),
    "PATCH /organizations/{organization_id}/": op(ORG_A_ADMIN),
    "GET /me/organizations/": op(ANY_USER),
    "GET /organizations/{organization_id}/members/": op(ORG_A_MANAGERS),
    "POST /organizations/{organization_id}/invitations/": op(ORG_A_ADMIN, data={"email": "x@example.sa", "role": "manager"}),
    "POST /organizations/{organization_id}/verify/": op(STAFF_ONLY),
    "POST /organizations/{organization_id}/reject/": op(STAFF_ONLY, data={"reason": "بيانات ناقصة"}),
    # --- programs -----------------------------------------------------------------------------
    "GET /organizations/{organization_id}/programs/": op(ORG_A_STAFF),
    "POST /organizations/{organization_id}/programs/": op(
        ORG_A_MANAGERS, data=lambda w: {"name": "برنامج", "goal": "هدف", "starts_on": _today(), "ends_on": _today()}
    ),
    "GET /programs/{program_id}/": op(ORG_A_STAFF),
    "PATCH /programs/{program_id}/": op(ORG_A_MANAGERS),
    "GET /programs/{program_id}/needs/": op(ORG_A_STAFF),
    "POST /programs/{program_id}/needs/": op(ORG_A_STAFF, data={"title": "حاجة جديدة"}),
    "PATCH /needs/{need_id}/": op(ORG_A_MANAGERS),
    "POST /needs/{need_id}/accept/": op(ORG_A_MANAGERS),
    "POST /needs/{need_id}/decline/": op(ORG_A_MANAGERS),
    "GET /programs/{program_id}/needs-assessment/": op(ORG_A_STAFF),
    "PUT /programs/{program_id}/needs-assessment/": op(ORG_A_MANAGERS),
    "POST /programs/{program_id}/needs-assessment/complete/": op(ORG_A_MANAGERS),
    "GET /programs/{program_id}/readiness/": op(ORG_A_STAFF),
    "PUT /programs/{program_id}/readiness/": op(ORG_A_MANAGERS, data={"answers": {}}),
    "GET /programs/{program_id}/evaluation/": op(ORG_A_STAFF),
    "GET /programs/{program_id}/lessons/": op(ORG_A_STAFF),
    "PUT /programs/{program_id}/lessons/": op(ORG_A_MANAGERS, data={"what_worked": "التواصل الأسبوعي المنتظم"}),
    "PUT /programs/{program_id}/impact-page/": op(ORG_A_MANAGERS, data={"public": False}),
    "PUT /programs/{program_id}/carried-lessons/{lesson_id}/": op(
        ORG_A_MANAGERS, data={"applied": True, "note": "طبقناه"}, program_id="next_program"
    ),
    "GET /programs/{program_id}/evidence/": op(ORG_A_STAFF),
    "POST /programs/{program_id}/evidence/": op(
        ORG_A_MANAGERS, data=lambda w: {"kind": "focus_group", "held_on": _today(), "participants": "خمسة متطوعين", "findings": "وضوح المهام"}
    ),
    "DELETE /programs/{program_id}/evidence/{evidence_id}/": op(ORG_A_MANAGERS),
    # --- opportunities ------------------------------------------------------------------------
    "GET /opportunities/": op(PUBLIC),
    "GET /opportunities/{opportunity_id}/": op(PUBLIC),
    "PATCH /opportunities/{opportunity_id}/": op(ORG_A_MANAGERS),
    "GET /organizations/{organization_id}/opportunities/": op(ORG_A_STAFF),
    "POST /organizations/{organization_id}/opportunities/": op(ORG_A_MANAGERS, data={"title": "فرصة جديدة"}),
    "POST /needs/{need_id}/opportunity/": op(ORG_A_MANAGERS),
    "GET /opportunities/{opportunity_id}/service-model/": op(ORG_A_STAFF),
    "POST /opportunities/{opportunity_id}/service-model/": op(ORG_A_MANAGERS, data={"model": "skills_based"}),
    "POST /opportunities/{opportunity_id}/publish/": op(ORG_A_MANAGERS),
    "POST /opportunities/{opportunity_id}/readiness-override/": op(ORG_A_ADMIN, data={"reason": "حملة رمضان."}),
    "GET /organizations/{organization_id}/proposals/": op(ORG_A_STAFF),
    "POST /organizations/{organization_id}/proposals/": op(
        PROVIDER_P, data=lambda w: {"beneficiary": w.org_a.pk, "title": "مراجعة", "description": "مراجعة مالية."}, **P
    ),
    "GET /organizations/{organization_id}/proposals/{proposal_id}/": op(ORG_A_STAFF),
    "POST /organizations/{organization_id}/proposals/{proposal_id}/adopt/": op(ORG_A_MANAGERS, data=lambda w: {"program": w.program.pk}),
    "POST /organizations/{organization_id}/proposals/{proposal_id}/decline/": op(ORG_A_MANAGERS, data={"reason": "لا نحتاجه."}),
    "POST /organizations/{organization_id}/proposals/{proposal_id}/send/": op(PROVIDER_P, data=lambda w: {"beneficiary": w.org_a.pk}, **P),
    "POST /organizations/{organization_id}/proposals/{proposal_id}/withdraw/": op(PROVIDER_P, **P),
    "POST /opportunities/{opportunity_id}/ready/": op(ORG_A_MANAGERS),
    "POST /opportunities/{opportunity_id}/draft/": op(ORG_A_MANAGERS),
    "POST /opportunities/{opportunity_id}/close/": op(ORG_A_MANAGERS),
    "POST /opportunities/{opportunity_id}/complete/": op(ORG_A_MANAGERS),
    "POST /opportunities/{opportunity_id}/cancel/": op(ORG_A_MANAGERS),
    # --- matching -----------------------------------------------------------------------------
    "GET /opportunities/{opportunity_id}/matches/": op(ORG_A_MANAGERS),
    "POST /opportunities/{opportunity_id}/matches/{volunteer_id}/invite/": op(ORG_A_MANAGERS),
    "GET /opportunities/{opportunity_id}/near-misses/": op(ORG_A_MANAGERS),
    "GET /matching/scale/": op(ANY_USER),
    "GET /me/recommendations/": op(VOLUNTEERS),
    "GET /me/recommendations/why-empty/": op(VOLUNTEERS),
    # --- recruitment --------------------------------------------------------------------------
    "POST /opportunities/{opportunity_id}/applications/": op(ANY_USER),  # without a profile: 400
    "GET /opportunities/{opportunity_id}/applications/": op(ORG_A_STAFF),
    "GET /me/applications/": op(ANY_USER),
    "POST /applications/{application_id}/withdraw/": op(OTHER_VOLUNTEER),
    "GET /applications/{application_id}/": op(ORG_A_STAFF | OTHER_VOLUNTEER),
    "POST /applications/{application_id}/screen/": op(ORG_A_MANAGERS),
    "POST /applications/{application_id}/accept/": op(ORG_A_MANAGERS),
    "POST /applications/{application_id}/waitlist/": op(ORG_A_MANAGERS),
    "POST /applications/{application_id}/reject/": op(ORG_A_MANAGERS, data={"reason_code": "other"}),
    "POST /applications/{application_id}/interview/": op(
        ORG_A_MANAGERS, data=lambda w: {"date": _today(), "time": "10:00", "mode": "online"}
    ),
    # --- engagements --------------------------------------------------------------------------
    "GET /me/engagements/": op(VOLUNTEERS),
    "GET /organizations/{organization_id}/engagements/": op(ORG_A_STAFF),
    "GET /engagements/{engagement_id}/": op(ENGAGEMENT_PEOPLE),
    "POST /engagements/{engagement_id}/complete/": op(ORG_SIDE),
    "POST /engagements/{engagement_id}/close/": op(ORG_SIDE, data={"outcome": "completed"}),
    "POST /engagements/{engagement_id}/withdraw/": op(VOLUNTEER, data={"category": "other"}),
    "GET /engagements/{engagement_id}/reports/": op(ENGAGEMENT_PEOPLE),
    "POST /engagements/{engagement_id}/reports/": op(VOLUNTEER, data=lambda w: {"week_of": _week(), "done": "أنجزت", "hours_spent": 2}),
    "GET /engagements/{engagement_id}/work-items/": op(ENGAGEMENT_PEOPLE),
    "POST /engagements/{engagement_id}/work-items/{item_id}/start/": op(VOLUNTEER),
    "POST /engagements/{engagement_id}/work-items/{item_id}/submit/": op(VOLUNTEER, data={"link": "https://example.sa/work"}),
    "POST /engagements/{engagement_id}/work-items/{item_id}/review/": op(ORG_SIDE, data={"decision": "accept"}),
    # --- agreements ---------------------------------------------------------------------------
    "GET /engagements/{engagement_id}/agreement/": op(ENGAGEMENT_PEOPLE),
    "POST /engagements/{engagement_id}/agreement/accept/": op(VOLUNTEER, data={"version": 1}),
    "GET /engagements/{engagement_id}/agreement/pdf/": op(ENGAGEMENT_PEOPLE),
    "GET /organizations/{organization_id}/partner-agreements/": op(ORG_A_STAFF),
    "GET /organizations/{organization_id}/partner-agreements/{agreement_id}/": op(ORG_A_STAFF),
    "POST /organizations/{organization_id}/partner-agreements/{agreement_id}/accept/": op(ORG_A_MANAGERS),
    "GET /organizations/{organization_id}/partner-agreements/{agreement_id}/pdf/": op(ORG_A_STAFF),
    # --- hours --------------------------------------------------------------------------------
    "GET /engagements/{engagement_id}/hours/": op(VOLUNTEER | HOUR_REVIEWERS),
    "POST /engagements/{engagement_id}/hours/": op(VOLUNTEER, data=lambda w: {"date": _today(), "hours": 1}),
    "GET /hours/{entry_id}/": op(VOLUNTEER | HOUR_REVIEWERS),
    "PATCH /hours/{entry_id}/": op(VOLUNTEER),
    "DELETE /hours/{entry_id}/": op(VOLUNTEER),
    "POST /hours/{entry_id}/approve/": op(HOUR_REVIEWERS),
    "POST /hours/{entry_id}/return/": op(HOUR_REVIEWERS, data={"reason": "راجع التاريخ"}),
    "GET /organizations/{organization_id}/hours/": op(HOUR_REVIEWERS),
    # --- certificates and reports -------------------------------------------------------------
    "GET /certificates/{code}/": op(PUBLIC),
    "GET /me/certificates/": op(VOLUNTEERS),
    "POST /engagements/{engagement_id}/certificates/": op(ORG_A_MANAGERS, data={"kind": "participation"}),
    "GET /organizations/{organization_id}/certificates/": op(ORG_A_MANAGERS),
    "POST /organizations/{organization_id}/certificates/{certificate_id}/revoke/": op(ORG_A_MANAGERS, data={"reason": "خطأ"}),
    "GET /organizations/{organization_id}/reports/hours/": op(ORG_A_MANAGERS),
    "GET /organizations/{organization_id}/reports/impact/": op(ORG_A_MANAGERS),
    # --- training -----------------------------------------------------------------------------
    "GET /training/courses/": op(PUBLIC),
    "GET /training/courses/{course_id}/": op(PUBLIC),
    "POST /training/courses/{course_id}/completions/": op(VOLUNTEERS, data=lambda w: {"completed_on": _today()}),
    "GET /me/training/": op(VOLUNTEERS),
    "POST /training/completions/{completion_id}/confirm/": op(ORG_A_MANAGERS),
    "POST /training/completions/{completion_id}/reject/": op(ORG_A_MANAGERS),
    "GET /opportunities/{opportunity_id}/required-courses/": op(PUBLIC),
    "POST /opportunities/{opportunity_id}/required-courses/": op(ORG_A_MANAGERS, data=lambda w: {"course_id": w.course.pk}),
    "DELETE /opportunities/{opportunity_id}/required-courses/{course_id}/": op(ORG_A_MANAGERS),
    # --- providers ----------------------------------------------------------------------------
    "GET /organizations/{organization_id}/provider/summary/": op(PROVIDER_P, **P),
    "GET /organizations/{organization_id}/provider/members/": op(PROVIDER_P, **P),
    "POST /organizations/{organization_id}/provider/members/invitations/": op(PROVIDER_P, data={"email": "e@madar.example"}, **P),
    "POST /provider-members/{member_id}/verify/": op(PROVIDER_P),
    "POST /provider-members/{member_id}/decline/": op(PROVIDER_P),
    "GET /organizations/{organization_id}/provider/participations/": op(PROVIDER_P, **P),
    "POST /participations/{participation_id}/approve/": op(PROVIDER_P),
    "POST /participations/{participation_id}/decline/": op(PROVIDER_P),
    "POST /provider-members/{member_id}/suggestions/": op(PROVIDER_P, data=lambda w: {"opportunity_id": w.opportunity.pk}),
    "GET /me/employers/": op(ANY_USER),
    "GET /me/personal-data/": op(ANY_USER),
    "POST /me/employers/{member_id}/share/": op(VOLUNTEER, data={"share": False}),
    # --- exports ------------------------------------------------------------------------------
    "POST /exports/": op(ANY_USER, data={"kind": "my_hours", "format": "csv"}),
    "GET /exports/{export_id}/": op(ORG_A_ADMIN | STAFF_ONLY),
    "GET /exports/{export_id}/download/": op(ORG_A_ADMIN | STAFF_ONLY),
    "GET /me/exports/": op(ANY_USER),
    # --- teams --------------------------------------------------------------------------------
    "GET /me/teams/": op(ANY_USER),
    "POST /teams/": op(VOLUNTEERS, data={"name": "فريق جديد"}),
    "GET /teams/{team_id}/": op(VOLUNTEERS),
    "POST /teams/{team_id}/members/": op(VOLUNTEER, data={"email": "friend@example.sa"}),
    "POST /teams/{team_id}/applications/": op(VOLUNTEER, data=lambda w: {"opportunity_id": w.opportunity.pk}),
    "GET /opportunities/{opportunity_id}/team-applications/": op(ORG_A_STAFF),
    "POST /team-assignments/{assignment_id}/accept/": op(ORG_A_MANAGERS),
    "POST /team-assignments/{assignment_id}/decline/": op(ORG_A_MANAGERS),
    # --- dashboards ---------------------------------------------------------------------------
    "GET /organizations/{organization_id}/dashboard/": op(ORG_A_MANAGERS),
    "GET /organizations/{organization_id}/provider/dashboard/": op(PROVIDER_P, **P),
    "GET /sector/dashboard/": op(STAFF_ONLY),
}

