"""The sections of the personal-data export, as data: which model, which fields, and how each row
is tied to the person. registry.py lists what is left out, and why."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khibra.accounts.models import User

# --- the sections of the export --------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One kind of data: which model, which fields (paths like "opportunity__title") and how to
    find the person's rows. `by_profile` sections are filtered on the volunteer profile;
    `by_email` ones (no link to the account, e.g. the outbox) on the account's address."""

    key: str
    title: Promise
    model: str  # "app_label.Model"
    fields: tuple[str, ...]
    owner: str  # the lookup that ties a row to the person, e.g. "user" or "volunteer"
    by_profile: bool = False
    single: bool = False
    by_email: bool = False

    def model_class(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model)

    def rows(self, user: User, profile) -> models.QuerySet:
        owner = profile if self.by_profile else user
        model = self.model_class()
        if owner is None or (self.by_email and not user.email):
            return model.objects.none()
        paths = {path.rsplit("__", 1)[0] for path in self.fields if "__" in path}
        related = sorted(paths | _plain_relations(model, self.fields))
        condition = {f"{self.owner}__iexact": user.email} if self.by_email else {self.owner: owner.pk}
        return model.objects.filter(**condition).select_related(*related).order_by("pk")


def _plain_relations(model, fields) -> set[str]:
    found = set()
    for name in fields:
        if "__" in name:
            continue
        field = model._meta.get_field(name)
        if field.is_relation and not field.many_to_many:
            found.add(name)
    return found


SECTIONS: tuple[Section, ...] = (
    Section(
        "account",
        _("Account"),
        "accounts.User",
        ("email", "full_name", "preferred_language", "emails_on_volunteer_work", "date_joined", "last_login", "is_active"),
        "pk",
        single=True,
    ),
    Section("email_addresses", _("E-mail addresses"), "account.EmailAddress", ("email", "verified", "primary"), "user"),
    Section(
        "national_sign_on",
        _("National single sign-on"),
        "socialaccount.SocialAccount",
        ("provider", "uid", "date_joined", "last_login", "extra_data"),
        "user",
    ),
    Section(
        "policy_acceptances",
        _("Policies accepted"),
        "accounts.PolicyAcceptance",
        ("policy__kind", "policy__version", "accepted_at", "ip_address", "user_agent", "withdrawn_at"),
        "user",
    ),
    Section(
        "consents",
        _("Consents"),
        "privacy.Consent",
        ("purpose", "policy__version", "source", "given_at", "withdrawn_at"),
        "user",
    ),
    Section(
        "volunteer_profile",
        _("Volunteer profile"),
        "volunteers.VolunteerProfile",
        (
            "city", "phone", "phone_verified_at", "gender", "birth_date", "headline", "bio", "profession", "specialty",
            "years_of_experience", "fields", "skills", "languages", "hours_per_week", "available_days",
            "available_times", "work_mode", "work_cities", "cv_url", "portfolio_url", "linkedin_url", "level",
            "identity_status", "national_id", "identity_checked_at",
        ),
        "user",
        single=True,
    ),
    Section(
        "guardian_consent",
        _("Guardian's consent"),
        "volunteers.GuardianConsent",
        ("guardian_name", "relationship", "guardian_phone", "guardian_email", "consented_at"),
        "profile",
        by_profile=True,
        single=True,
    ),
    Section(
        "qualifications",
        _("Qualifications"),
        "volunteers.Qualification",
        ("kind", "title", "institution", "year"),
        "profile",
        by_profile=True,
    ),
    Section(
        "applications",
        _("Applications"),
        "recruitment.Application",
        (
            "opportunity__title", "opportunity__organization__name_ar", "status", "motivation", "answers",
            "availability_confirmed", "created_at", "decided_at", "withdrawn_reason",
        ),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "interviews",
        _("Interviews"),
        "recruitment.Interview",
        ("application__opportunity__title", "scheduled_at", "mode", "location", "meeting_link"),
        "application__volunteer",
        by_profile=True,
    ),
    Section(
        "engagements",
        _("Engagements"),
        "engagements.Engagement",
        (
            "opportunity__title", "opportunity__organization__name_ar", "status", "started_on", "ended_on",
            "planned_end_on", "weekly_hours", "withdrawal_reason", "withdrawal_note",
        ),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "hours",
        _("Volunteer hours"),
        "hours.HourEntry",
        (
            "opportunity__title", "organization__name_ar", "date", "hours", "status", "note", "return_reason",
            "reviewed_at",
        ),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "weekly_reports",
        _("Weekly reports"),
        "engagements.WeeklyReport",
        ("engagement__opportunity__title", "week_start", "done", "next", "blockers", "hours_spent"),
        "author",
    ),
    Section(
        "submissions",
        _("Work handed in"),
        "engagements.Submission",
        ("item__title", "link", "file_name", "note", "created_at"),
        "submitted_by",
    ),
    Section(
        "comments",
        _("Comments"),
        "engagements.Comment",
        ("engagement__opportunity__title", "body", "created_at"),
        "author",
    ),
    Section(
        "certificates",
        _("Certificates"),
        "certificates.Certificate",
        (
            "kind", "code", "volunteer_name", "opportunity_title", "organization_name_ar", "hours", "issued_at",
            "revoked_at",
        ),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "thanks",
        _("Thanks received"),
        "certificates.Thanks",
        ("organization__name_ar", "message", "shown_publicly", "created_at"),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "portfolio",
        _("Portfolio"),
        "certificates.Portfolio",
        ("slug", "is_public"),
        "volunteer",
        by_profile=True,
        single=True,
    ),
    # The ratings an organization gave; its note stays internal, as on the pages.
    Section(
        "reviews_received",
        _("Ratings from organizations"),
        "evaluation.VolunteerReview",
        ("organization__name_ar", "quality", "timeliness", "communication", "created_at"),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "organization_reviews",
        _("Ratings I gave organizations"),
        "evaluation.OrganizationReview",
        ("organization__name_ar", "scope_clarity", "support", "responsiveness", "created_at"),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "surveys",
        _("Surveys"),
        "evaluation.VolunteerSurvey",
        (
            "organization__name_ar", "kind", "year", "answered_at", "satisfaction", "organization_quality",
            "training", "recommend", "recommend_reason", "suggestions", "exhaustion", "custom_answers",
        ),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "stakeholder_responses",
        _("Program surveys I answered"),
        "evaluation.StakeholderResponse",
        ("program__name", "role", "department", "comments", "created_at"),
        "respondent",
    ),
    Section(
        "reports_filed",
        _("Reports I filed"),
        "evaluation.MisconductReport",
        ("reason", "details", "status", "created_at"),
        "reporter",
    ),
    Section(
        "course_completions",
        _("Courses completed"),
        "training.CourseCompletion",
        ("course__title_ar", "completed_on", "status", "evidence_url", "note"),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "agreement_acceptances",
        _("Agreements accepted"),
        "agreements.AgreementAcceptance",
        ("agreement__opportunity__title", "accepted_at", "ip_address", "user_agent"),
        "volunteer",
    ),
    Section("ideas", _("Ideas proposed"), "ideas.Idea", ("title", "description", "status", "created_at"), "proposer"),
    Section("idea_supports", _("Ideas supported"), "ideas.IdeaSupport", ("idea__title", "created_at"), "user"),
    Section(
        "notifications",
        _("Notifications"),
        "core.Notification",
        ("kind", "title", "body", "url", "created_at", "read_at"),
        "user",
    ),
    Section(
        "alert_preference",
        _("Alert preferences"),
        "matching.AlertPreference",
        ("frequency", "nature", "fields", "cities"),
        "volunteer",
        by_profile=True,
        single=True,
    ),
    Section(
        "alerts",
        _("Opportunity alerts"),
        "matching.Alert",
        ("opportunity__title", "status", "created_at", "sent_at"),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "invitations_to_apply",
        _("Invitations to apply"),
        "matching.Invitation",
        ("opportunity__title", "created_at"),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "share_links",
        _("My share links"),
        "recruitment.ShareLink",
        ("opportunity__title", "channel", "visits"),
        "referred_by",
    ),
    Section(
        "organization_memberships",
        _("Organization memberships"),
        "organizations.Membership",
        ("organization__name_ar", "role", "is_active", "created_at"),
        "user",
    ),
    Section(
        "provider_memberships",
        _("Employer programs"),
        "providers.ProviderMember",
        ("provider__name_ar", "status", "how", "department", "job_title", "share_with_nonprofits", "verified_at"),
        "user",
    ),
    Section(
        "team_memberships",
        _("Teams"),
        "teams.TeamMember",
        ("team__name", "role", "status", "joined_at"),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "imported_by",
        _("Organizations that imported me"),
        "recruitment.ImportedVolunteer",
        ("organization__name_ar", "created_at"),
        "user",
    ),
    # Never the secret or its hash: only what identifies the token to its owner.
    Section(
        "api_tokens",
        _("API tokens"),
        "api.ApiToken",
        ("name", "prefix", "created_at", "last_used_at", "revoked_at"),
        "user",
    ),
    Section(
        "engagement_issues",
        _("Issues I raised"),
        "engagements.Issue",
        ("engagement__opportunity__title", "what", "resolution", "created_at", "resolved_at"),
        "raised_by",
    ),
    Section(
        "engagement_amendments",
        _("Changes to engagements I made"),
        "engagements.Amendment",
        ("engagement__opportunity__title", "old_end_on", "new_end_on", "old_weekly_hours", "new_weekly_hours", "reason", "created_at"),
        "by",
    ),
    Section(
        "relationship_contacts",
        _("Contacts from organizations"),
        "evaluation.RelationshipContact",
        ("organization__name_ar", "kind", "event_title", "event_date", "created_at"),
        "user",
    ),
    Section(
        "reports_about_me",
        _("Conduct reports about me"),
        "evaluation.MisconductReport",
        ("reason", "status", "created_at", "reviewed_at"),
        "volunteer",
        by_profile=True,
    ),
    # The match index derived from the profile: the terms it is searched by and its entries.
    Section("match_terms", _("Matching terms"), "matching.VolunteerTerm", ("key", "weight"), "profile", by_profile=True),
    Section(
        "match_entries",
        _("Matching entries"),
        "matching.MatchEntry",
        ("key", "score", "hours", "speaks_ar", "speaks_en"),
        "volunteer",
        by_profile=True,
    ),
    Section(
        "emails_sent_to_me",
        _("E-mails sent to me"),
        "core.OutboundEmail",
        ("to", "subject", "body_text", "status", "created_at", "sent_at"),
        "to",
        by_email=True,
    ),
    Section(
        "phone_notices_sent_to_me",
        _("SMS and WhatsApp notices sent to me"),
        "core.OutboundMessage",
        ("channel", "to", "body", "status", "created_at", "sent_at"),
        "user",
    ),
    Section("notice_preferences", _("Notice settings"), "core.NoticePreference", ("group", "email", "sms", "whatsapp"), "user"),
    Section("quiet_hours", _("Quiet hours"), "core.QuietHours", ("starts", "ends"), "user", single=True),
    Section(
        "my_audit_events",
        _("My actions in the audit trail"),
        "core.AuditEvent",
        ("verb", "target_type", "target_id", "organization__name_ar", "created_at"),
        "actor",
    ),
    Section(
        "inactivity_warnings",
        _("Inactivity warnings"),
        "privacy.InactivityWarning",
        ("last_seen_at", "warned_at"),
        "user",
    ),
)


