"""Every named web URL → who may reach it. Objects come from world.py: everything id-bearing
belongs to organization A, provider P or the volunteer persona, so the roles of organization B,
the other volunteer and outsiders prove that guessing an id gets them nothing (IDOR)."""

from .matrix import (
    ANY_USER,
    NOBODY,
    ORG_A_ADMIN,
    ORG_A_MANAGERS,
    ORG_A_STAFF,
    PROVIDER_P,
    PUBLIC,
    STAFF_ONLY,
    VOLUNTEER,
    VOLUNTEERS,
    Lit,
    action,
    form,
    page,
)

A = {"org_slug": "org_a"}
P = {"slug": "provider_p"}
OPP = {"org_slug": "org_a", "pk": "opportunity"}
PROG = {"org_slug": "org_a", "pk": "program"}
NEED = {"org_slug": "org_a", "pk": "program", "need_pk": "need"}
ENG = {"pk": "engagement"}
TEAM = {"pk": "team"}

# Who works on the volunteer's engagement: the volunteer, A's admins and managers, and the
# opportunity's supervisor (supervisor_a).
ENGAGEMENT_PEOPLE = VOLUNTEER | ORG_A_STAFF
ORG_SIDE = ORG_A_STAFF  # managers and the opportunity's supervisor
# An opportunity's people who review hours: A's managers and the opportunity's supervisor.
HOUR_REVIEWERS = ORG_A_STAFF

WEB = {
    # --- core, API pages -------------------------------------------------------------------
    "core:home": page(PUBLIC),
    "core:dashboard": page(ANY_USER),
    "core:activity_emails": action(ANY_USER),
    "core:waiting_badge": page(ANY_USER),
    "core:date_hint": page(PUBLIC),
    # Uploaded logos are public when they exist (core/tests/test_media.py); a missing file is nobody's.
    "media": page(NOBODY, path=Lit("logos/missing.png")),
    "api:docs": page(PUBLIC),
    "api:api_keys": form(ORG_A_ADMIN, **A),
    "api:revoke_api_key": action(ORG_A_ADMIN, org_slug="org_a", pk="api_key"),
    "api:api_tokens": form(ANY_USER),
    "api:revoke_api_token": action(VOLUNTEER, pk="api_token"),
    # --- accounts (allauth): sign-in and password pages are public ------------------------
    "account_login": page(PUBLIC),
    "account_logout": page(PUBLIC),
    "account_inactive": page(PUBLIC),
    "account_signup": page(PUBLIC),
    "account_reauthenticate": page(ANY_USER),
    "account_email": page(ANY_USER),
    "account_email_verification_sent": page(PUBLIC),
    "account_change_password": page(ANY_USER),
    "account_set_password": page(ANY_USER),
    "account_reset_password": page(PUBLIC),
    "account_confirm_login_code": page(ANY_USER),  # anonymous without a pending code: log in first
    "account_confirm_email": page(PUBLIC, key=Lit("bad-key")),
    "account_reset_password_from_key_done": page(PUBLIC),
    "account_reset_password_from_key": page(PUBLIC, uidb36=Lit("1"), key=Lit("bad-key")),
    "account_reset_password_done": page(PUBLIC),
    # National single sign-on: its pages exist only once NATIONAL_SSO_* are set (not in the matrix).
    "national_sso_login": page(NOBODY),
    "national_sso_callback": page(NOBODY),
    "socialaccount_connections": page(ANY_USER),
    "socialaccount_login_cancelled": page(PUBLIC),
    # An error page answers 401 to everyone; the sign-up form needs a sign-in pending at the provider
    # (tests in khibra/accounts/tests/test_national_sso.py), without one everybody is sent to log in.
    "socialaccount_login_error": page(NOBODY),
    "socialaccount_signup": page(NOBODY),
    # --- programs: A's members read, admins and managers change ----------------------------
    "programs:list": page(ORG_A_STAFF, **A),
    "programs:create": form(ORG_A_MANAGERS, **A),
    "programs:detail": page(ORG_A_STAFF, **PROG),  # supervisor_a supervises its opportunity
    "programs:edit": form(ORG_A_MANAGERS, **PROG),
    "programs:plan_step": form(ORG_A_MANAGERS, step=Lit(1), **PROG),
    "programs:needs": form(ORG_A_STAFF, post=ORG_A_MANAGERS, **PROG),
    "programs:need_add": form(ORG_A_MANAGERS, **PROG),
    "programs:need_submit": form(ORG_A_STAFF, **PROG),
    "programs:needs_reorder": action(ORG_A_MANAGERS, **PROG),
    "programs:needs_complete": action(ORG_A_MANAGERS, **PROG),
    "programs:need_edit": form(ORG_A_MANAGERS, **NEED),
    "programs:need_accept": action(ORG_A_MANAGERS, **NEED),
    "programs:need_merge": action(ORG_A_MANAGERS, **NEED),
    "programs:need_decline": action(ORG_A_MANAGERS, **NEED),
    "programs:need_start_opportunity": action(ORG_A_MANAGERS, **NEED),
    "programs:readiness": form(ORG_A_STAFF, post=ORG_A_MANAGERS, **PROG),
    # Each step's own page for the program (served by the app that owns the step), and the board PDFs.
    "programs:design": page(ORG_A_STAFF, **PROG),
    "programs:service_models": page(ORG_A_STAFF, **PROG),
    "programs:agreements": page(ORG_A_STAFF, **PROG),
    "programs:recruitment": page(ORG_A_STAFF, **PROG),
    "programs:engagements": page(ORG_A_STAFF, **PROG),
    "programs:board_document": page(ORG_A_STAFF, kind=Lit("action-plan"), **PROG),
    # --- opportunities ---------------------------------------------------------------------
    "opportunities:list": page(ORG_A_STAFF, **A),
    "opportunities:create": form(ORG_A_MANAGERS, **A),
    "opportunities:from_need": form(ORG_A_MANAGERS, need_pk="need", **A),
    "opportunities:templates": page(ORG_A_STAFF, **A),
    "opportunities:template_detail": form(ORG_A_STAFF, post=ORG_A_MANAGERS, code="template", **A),
    "opportunities:detail": page(ORG_A_STAFF, **OPP),
    "opportunities:edit": form(ORG_A_MANAGERS, **OPP),
    "opportunities:service_model": form(ORG_A_STAFF, post=ORG_A_MANAGERS, **OPP),
    "opportunities:publish": form(ORG_A_MANAGERS, **OPP),
    # Only an admin approves publishing before readiness (a volunteer manager gets 403).
    "opportunities:override_readiness": action(ORG_A_ADMIN, data={"reason": "حملة رمضان."}, **OPP),
    "opportunities:proposals": page(ORG_A_STAFF, **A),
    "opportunities:propose": form(ORG_A_MANAGERS, **A),
    "opportunities:proposal": page(ORG_A_STAFF, pk="proposal", **A),
    "opportunities:proposal_adopt": action(ORG_A_MANAGERS, pk="proposal", **A),
    "opportunities:proposal_decline": action(ORG_A_MANAGERS, pk="proposal", **A),
    # Sending and withdrawing are the provider's (its coordinator), on its own address.
    "opportunities:proposal_send": action(PROVIDER_P, org_slug="provider_p", pk="proposal"),
    "opportunities:proposal_withdraw": action(PROVIDER_P, org_slug="provider_p", pk="proposal"),
    "opportunities:transition": action(ORG_A_MANAGERS, action=Lit("close"), **OPP),
    "opportunities:search": page(PUBLIC),
    "opportunities:public_detail": page(PUBLIC, pk="opportunity"),
    # --- agreements ------------------------------------------------------------------------
    "agreements:opportunity": page(ORG_A_MANAGERS, **OPP),
    "agreements:generate": action(ORG_A_MANAGERS, **OPP),
    "agreements:opportunity_pdf": page(ORG_A_MANAGERS, **OPP),
    "agreements:statements_pdf": page(ORG_A_MANAGERS, **OPP),
    "agreements:shortlist_add": action(ORG_A_MANAGERS, **OPP),
    "agreements:shortlist_remove": action(ORG_A_MANAGERS, entry_pk="shortlist_entry", **OPP),
    "agreements:partner_list": page(ORG_A_STAFF, **A),
    "agreements:partner_create": form(ORG_A_MANAGERS, **A),
    "agreements:partner_detail": page(ORG_A_STAFF, org_slug="org_a", pk="partner_agreement"),
    "agreements:partner_edit": form(ORG_A_MANAGERS, org_slug="org_a", pk="partner_agreement"),
    "agreements:partner_propose": action(ORG_A_MANAGERS, org_slug="org_a", pk="partner_agreement"),
    "agreements:partner_accept": action(ORG_A_MANAGERS, org_slug="org_a", pk="partner_agreement"),
    "agreements:partner_withdraw": action(ORG_A_MANAGERS, org_slug="org_a", pk="partner_agreement"),
    "agreements:partner_pdf": page(ORG_A_STAFF, org_slug="org_a", pk="partner_agreement"),
    # The opportunity is public: any signed-in user reads its agreement; the selected volunteer accepts.
    "agreements:detail": page(ANY_USER, pk="agreement"),
    "agreements:accept": action(VOLUNTEER, pk="agreement"),  # only the selected volunteer
    "agreements:pdf": page(ANY_USER, pk="agreement"),
    # --- recruitment -----------------------------------------------------------------------
    "recruitment:apply": form(ANY_USER, pk="opportunity"),
    "recruitment:my_applications": page(VOLUNTEERS),
    "recruitment:withdraw": action(VOLUNTEER, pk="application"),
    "recruitment:board": page(ORG_A_STAFF, **OPP),
    "recruitment:decide": action(ORG_A_MANAGERS, org_slug="org_a", pk="other_application", action=Lit("screening")),
    "recruitment:compare": form(ORG_A_STAFF, **OPP),  # empty: back to the board with a message
    "recruitment:bulk": action(ORG_A_MANAGERS, **OPP),
    "recruitment:interview_ics": page(VOLUNTEER | ORG_A_STAFF, pk="interview"),
    "recruitment:plan": form(ORG_A_STAFF, post=ORG_A_MANAGERS, **OPP),
    "recruitment:share": page(PUBLIC, code="share_link"),
    "recruitment:invite": form(ANY_USER, post=VOLUNTEERS, pk="opportunity"),  # only volunteers invite colleagues
    "recruitment:import_volunteers": form(ORG_A_MANAGERS, **A),
    "recruitment:import_confirm": action(ORG_A_MANAGERS, **A),
    "recruitment:import_preview_page": action(ORG_A_MANAGERS, **A),
    # The e-mailed link is the key: anyone holding it reads it; accepting needs an account (and
    # the invited address: other accounts get a 400 with the reason, and nothing is written).
    "recruitment:import_invitation": form(PUBLIC, post=ANY_USER, token="import_invitation"),
    "recruitment:import_template": page(ORG_A_MANAGERS, fmt=Lit("csv"), **A),
    # --- engagements -----------------------------------------------------------------------
    "engagements:mine": page(VOLUNTEERS),
    "engagements:workspace": page(ENGAGEMENT_PEOPLE, **ENG),
    "engagements:start_item": action(VOLUNTEER, item_pk="work_item", **ENG),
    "engagements:submit": action(VOLUNTEER, item_pk="work_item", **ENG),
    "engagements:review": action(ORG_SIDE, item_pk="work_item", **ENG),
    "engagements:task_ics": page(ENGAGEMENT_PEOPLE, item_pk="work_item", **ENG),
    # A missing submission is nobody's; its people get the file (engagements/tests/test_workspace_views.py).
    "engagements:submission_file": page(NOBODY, submission_pk=Lit(999999), **ENG),
    "engagements:report": action(VOLUNTEER, **ENG),
    "engagements:comment": action(ENGAGEMENT_PEOPLE, **ENG),
    "engagements:onboarding": action(ORG_SIDE, item_pk="onboarding_item", **ENG),
    "engagements:check_in": action(ORG_SIDE, **ENG),
    "engagements:issue": action(ENGAGEMENT_PEOPLE, **ENG),
    "engagements:resolve_issue": action(ORG_SIDE, issue_pk="issue", **ENG),
    "engagements:amend": action(ORG_SIDE, **ENG),
    "engagements:close": action(ORG_SIDE, **ENG),
    "engagements:withdraw": action(VOLUNTEER, **ENG),
    "engagements:care": page(ORG_A_MANAGERS, **A),
    # --- hours -----------------------------------------------------------------------------
    "hours:engagement": form(VOLUNTEER | HOUR_REVIEWERS, post=VOLUNTEER, **ENG),  # reviewers read, the volunteer logs
    "hours:edit": form(VOLUNTEER, pk="hours"),
    "hours:delete": action(VOLUNTEER, pk="hours"),
    "hours:queue": page(HOUR_REVIEWERS, **A),
    "hours:engagement_queue": page(HOUR_REVIEWERS, org_slug="org_a", pk="engagement"),
    "hours:review": action(HOUR_REVIEWERS, **A),
    "hours:approve": action(HOUR_REVIEWERS, org_slug="org_a", pk="hours"),
    "hours:return": action(HOUR_REVIEWERS, org_slug="org_a", pk="hours"),
    # --- matching --------------------------------------------------------------------------
    "matching:suggestions": page(ORG_A_MANAGERS, **OPP),
    "matching:invite": action(ORG_A_MANAGERS, profile_pk="other_profile", **OPP),
    "matching:recommendations": page(VOLUNTEERS),
    "matching:alert_preferences": form(VOLUNTEERS),
    "matching:unsubscribe": page(PUBLIC, token="alert_preference"),  # the token is the key
    "matching:notifications": page(ANY_USER),
    "matching:notice_settings": form(ANY_USER),
    "matching:notifications_read": action(ANY_USER),
    # --- ideas -----------------------------------------------------------------------------
    "ideas:list": page(PUBLIC),
    "ideas:new": form(VOLUNTEERS | STAFF_ONLY),
    "ideas:detail": page(PUBLIC, pk="idea"),
    "ideas:support": action(ANY_USER, pk="idea"),
    "ideas:adopt": action(ORG_A_MANAGERS, pk="idea", data=lambda w: {"organization": w.org_a.pk}),
    # --- evaluation ------------------------------------------------------------------------
    "evaluation:survey": form(VOLUNTEER, pk="survey"),
    "evaluation:review_volunteer": form(ORG_A_MANAGERS, **ENG),
    "evaluation:review_organization": form(VOLUNTEER, **ENG),
    # Only people who worked with the volunteer (A's members) or platform staff may report them.
    "evaluation:report_volunteer": form(ORG_A_STAFF | STAFF_ONLY, pk="profile"),
    "evaluation:report_organization": form(ANY_USER, slug="org_a"),
    "evaluation:report_queue": page(STAFF_ONLY),
    "evaluation:report_close": action(STAFF_ONLY, pk="misconduct_report"),
    "evaluation:stakeholder_survey": form(ORG_A_STAFF, **PROG),
    "evaluation:program": form(ORG_A_STAFF, post=ORG_A_MANAGERS, **PROG),
    "evaluation:lessons": form(ORG_A_STAFF, post=ORG_A_MANAGERS, **PROG),
    "evaluation:public_impact_toggle": action(ORG_A_MANAGERS, **PROG),
    "evaluation:plan_again": form(ORG_A_MANAGERS, **PROG),
    "evaluation:relationships": page(ORG_A_MANAGERS, **A),
    "evaluation:relationship_invite": action(ORG_A_MANAGERS, user_pk="past_volunteer", **A),
    "evaluation:impact": page(PUBLIC, pk="program"),
    "evaluation:evidence": form(ORG_A_STAFF, post=ORG_A_MANAGERS, **PROG),
    "evaluation:evidence_file": page(ORG_A_STAFF, evidence_pk="evidence", **PROG),
    "evaluation:evidence_delete": action(ORG_A_MANAGERS, evidence_pk="evidence", **PROG),
    "evaluation:survey_questions": form(ORG_A_MANAGERS, **A),
    "evaluation:survey_question_stop": action(ORG_A_MANAGERS, question_pk="survey_question", **A),
    # The next cycle: only A's managers see it (supervisor_a takes no part in it yet).
    "evaluation:previous_cycle": page(ORG_A_MANAGERS, org_slug="org_a", pk="next_program"),
    "evaluation:lesson_mark": action(ORG_A_MANAGERS, org_slug="org_a", pk="next_program", lesson_pk="carried_lesson"),
    "evaluation:rates": form(STAFF_ONLY),
    "evaluation:rate_delete": action(STAFF_ONLY, pk="market_rate"),
    # --- certificates ----------------------------------------------------------------------
    "certificates:lookup": page(PUBLIC),
    "certificates:verify": page(PUBLIC, code="certificate"),
    "certificates:portfolio_public": page(PUBLIC, slug="portfolio"),
    "certificates:mine": page(VOLUNTEERS),
    "certificates:download": page(VOLUNTEER, pk="certificate", language=Lit("ar")),
    "certificates:portfolio": page(VOLUNTEERS),
    "certificates:portfolio_toggle": action(VOLUNTEERS),
    "certificates:thanks_toggle": action(VOLUNTEER, pk="thanks"),
    "certificates:recognition": form(ORG_A_STAFF, org_slug="org_a", pk="engagement"),
    "certificates:org_download": page(ORG_A_MANAGERS, org_slug="org_a", pk="certificate", language=Lit("ar")),
    "certificates:revoke": action(ORG_A_MANAGERS, org_slug="org_a", pk="certificate"),
    # --- training --------------------------------------------------------------------------
    "training:catalogue": page(PUBLIC),
    "training:mine": page(VOLUNTEERS),
    "training:detail": form(PUBLIC, post=ANY_USER, pk="course"),  # signed-in users declare completion
    "training:manage": page(STAFF_ONLY),
    "training:manage_new": form(STAFF_ONLY),
    "training:manage_edit": form(STAFF_ONLY, pk="course"),
    "training:manage_deactivate": action(STAFF_ONLY, pk="course"),
    "training:manage_confirm": action(STAFF_ONLY, pk="completion"),
    "training:manage_reject": action(STAFF_ONLY, pk="completion"),
    "training:org_courses": page(ORG_A_MANAGERS, **A),
    "training:org_course_new": form(ORG_A_MANAGERS, **A),
    "training:org_course_edit": form(ORG_A_MANAGERS, pk="org_course", **A),
    "training:org_course_deactivate": action(ORG_A_MANAGERS, pk="org_course", **A),
    "training:org_confirm": action(ORG_A_MANAGERS, pk="org_completion", **A),
    "training:org_reject": action(ORG_A_MANAGERS, pk="org_completion", **A),
    "training:opportunity": form(ORG_A_MANAGERS, **OPP),
    "training:opportunity_remove": action(ORG_A_MANAGERS, course_pk="org_course", **OPP),
    # --- providers: P's admin and coordinators; the volunteer's own employer pages -----------
    "providers:overview": page(PROVIDER_P, **P),
    "providers:programs": form(PROVIDER_P, post=NOBODY, **P),  # a new program is the admin's
    "providers:close_program": action(NOBODY, pk="provider_program", **P),  # admin only
    "providers:members": page(PROVIDER_P, **P),
    "providers:member": form(PROVIDER_P, pk="provider_member", **P),
    "providers:member_program": action(PROVIDER_P, pk="provider_member", **P),
    "providers:verify": action(PROVIDER_P, pk="provider_member", **P),
    "providers:decline": action(PROVIDER_P, pk="provider_member", **P),
    "providers:revoke": action(PROVIDER_P, pk="provider_invitation", **P),
    "providers:requests": form(PROVIDER_P, **P),
    "providers:domains": form(PROVIDER_P, post=NOBODY, **P),  # adding a domain is the admin's
    "providers:remove_domain": action(NOBODY, pk="provider_domain", **P),  # admin only
    "providers:participations": page(PROVIDER_P, **P),
    "providers:approve": action(PROVIDER_P, pk="participation", **P),
    "providers:decline_participation": action(PROVIDER_P, pk="participation", **P),
    "providers:nonprofit_suggestions": page(ORG_A_MANAGERS, slug="org_a"),
    "providers:employers": form(ANY_USER),
    "providers:share": action(VOLUNTEER, pk="provider_member"),
    "providers:leave": action(VOLUNTEER, pk="provider_member"),
    "providers:invitation": form(PUBLIC, post=ANY_USER, token="provider_invitation"),  # the token is the key
    # --- exports ---------------------------------------------------------------------------
    "exports:list": page(ANY_USER),
    "exports:new": action(ANY_USER),  # the form checks the kind's own rule (empty → error)
    "exports:row": page(ORG_A_ADMIN | STAFF_ONLY, pk="export"),
    "exports:download": page(ORG_A_ADMIN | STAFF_ONLY, pk="export"),
    # --- teams -----------------------------------------------------------------------------
    "teams:mine": form(ANY_USER),
    "teams:detail": page(VOLUNTEERS, **TEAM),  # the lead and the invited member
    "teams:invite": action(VOLUNTEER, **TEAM),
    "teams:hand_over": action(VOLUNTEER, **TEAM),
    "teams:remove_member": action(VOLUNTEER, member_pk="team_member", **TEAM),
    "teams:accept_invitation": action(VOLUNTEERS, **TEAM),
    "teams:decline_invitation": action(VOLUNTEERS, **TEAM),
    "teams:leave": action(VOLUNTEERS, **TEAM),
    "teams:choose_opportunity": page(VOLUNTEER, **TEAM),
    "teams:apply": form(VOLUNTEER, opportunity_pk="opportunity", **TEAM),
    "teams:withdraw": action(VOLUNTEER, assignment_pk="assignment", **TEAM),
    "teams:opportunity_teams": page(ORG_A_STAFF, slug="org_a", pk="opportunity"),
    "teams:accept": action(ORG_A_MANAGERS, slug="org_a", pk="opportunity", assignment_pk="assignment"),
    "teams:decline": action(ORG_A_MANAGERS, slug="org_a", pk="opportunity", assignment_pk="assignment"),
    "teams:provider_teams": form(PROVIDER_P, **P),
    # --- dashboards ------------------------------------------------------------------------
    "dashboards:organization": page(ORG_A_MANAGERS, slug="org_a"),
    "dashboards:provider": page(PROVIDER_P, **P),
    "dashboards:sector": page(STAFF_ONLY),
    # --- national: the reconciliation of hours (staff); the open figures (anyone) -------------
    "national:reconciliation": page(STAFF_ONLY),
    "national:export_hours": page(STAFF_ONLY, fmt=Lit("csv")),
    "national:resend": action(STAFF_ONLY, pk="hour_record"),
    "national:figures": page(PUBLIC),
    "national:open_data": page(PUBLIC, fmt=Lit("json")),
    "auditlog:platform": page(STAFF_ONLY),
    "auditlog:organization": page(ORG_A_ADMIN, slug="org_a"),
    "privacy:page": page(PUBLIC),
    "privacy:my_data": page(ANY_USER),
    "privacy:export_json": page(ANY_USER),
    "privacy:export_html": page(ANY_USER),
    "privacy:export_pdf": page(ANY_USER),
    "privacy:consents": form(ANY_USER),
    "privacy:erase": form(ANY_USER),
    # --- organizations ---------------------------------------------------------------------
    "organizations:directory": page(PUBLIC),
    "organizations:register": form(ANY_USER),
    "organizations:review_queue": page(STAFF_ONLY),
    "organizations:review": form(STAFF_ONLY, pk="org_a"),
    "organizations:invitation": form(PUBLIC, post=ANY_USER, token="org_invitation"),  # the token is the key
    "organizations:detail": page(PUBLIC, slug="org_a"),
    "organizations:edit": form(ORG_A_ADMIN, slug="org_a"),
    "organizations:members": form(ORG_A_MANAGERS, post=ORG_A_ADMIN, slug="org_a"),
    "organizations:change_role": action(ORG_A_ADMIN, slug="org_a", pk="membership"),
    "organizations:remove_member": action(ORG_A_ADMIN, slug="org_a", pk="membership"),
    "organizations:revoke_invitation": action(ORG_A_ADMIN, slug="org_a", pk="org_invitation"),
    # --- volunteers ------------------------------------------------------------------------
    "volunteers:profile": page(ANY_USER),  # without a profile: the page to create one
    "volunteers:profile_edit": form(ANY_USER),
    "volunteers:qualification_add": action(ANY_USER),  # without a profile: sent to create one
    "volunteers:qualification_delete": action(VOLUNTEER, pk="qualification"),
    "volunteers:identity": form(ANY_USER),  # without a profile: sent to create one
    "volunteers:phone": form(ANY_USER),  # without a profile: sent to create one; codes only to one's own number
    "volunteers:guardian": form(ANY_USER),  # without a profile: sent to create one
    "volunteers:charter": page(PUBLIC),
    "volunteers:charter_accept": action(ANY_USER),
    "volunteers:privacy": page(PUBLIC),
    "volunteers:privacy_accept": action(ANY_USER),
    "volunteers:identity_queue": page(STAFF_ONLY),
    "volunteers:identity_review": form(STAFF_ONLY, pk="other_profile"),
}
