"""Reads of a person's own data: the full export (JSON and readable) and their consents.

Every section is gathered by one query filtered on the person (their user or their volunteer
profile), so the export can hold nothing of anybody else.
"""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy as _

from khibra.accounts.models import User

from .models import OPTIONAL_PURPOSES, Consent, Purpose

# --- the sections of the export --------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One kind of data: which model, which fields (paths like "opportunity__title") and how to
    find the person's rows. `by_profile` sections are filtered on the volunteer profile."""

    key: str
    title: Promise
    model: str  # "app_label.Model"
    fields: tuple[str, ...]
    owner: str  # the lookup that ties a row to the person, e.g. "user" or "volunteer"
    by_profile: bool = False
    single: bool = False

    def model_class(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model)

    def rows(self, user: User, profile) -> models.QuerySet:
        owner = profile if self.by_profile else user
        model = self.model_class()
        if owner is None:
            return model.objects.none()
        paths = {path.rsplit("__", 1)[0] for path in self.fields if "__" in path}
        related = sorted(paths | _plain_relations(model, self.fields))
        return model.objects.filter(**{self.owner: owner.pk}).select_related(*related).order_by("pk")


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
        ("email", "full_name", "preferred_language", "date_joined", "last_login", "is_active"),
        "pk",
        single=True,
    ),
    Section("email_addresses", _("E-mail addresses"), "account.EmailAddress", ("email", "verified", "primary"), "user"),
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
            "city", "phone", "gender", "birth_date", "headline", "bio", "profession", "specialty",
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
)


def _resolve(obj, path: str):
    """(model field, value) at the end of a path such as "opportunity__organization__name_ar"."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None, None
    field = obj._meta.get_field(last)
    if field.many_to_many:
        return field, [str(item) for item in getattr(obj, last).all().order_by("pk")]
    return field, getattr(obj, last)


def _label(model, path: str) -> str:
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    field = model._meta.get_field(last)
    if path != last and field.name in ("title", "name", "name_ar", "title_ar", "version", "kind"):
        # "title" alone says little: name it after what it belongs to ("opportunity").
        return str(model._meta.verbose_name)
    return str(field.verbose_name)


def _json(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _display(field, value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return "، ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(str(item) for item in value.values())
    choices = dict(field.flatchoices) if field is not None and field.choices else None
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _profile_of(user: User):
    from khibra.volunteers.models import VolunteerProfile

    return VolunteerProfile.objects.filter(user=user).first()


def export_personal_data(user: User) -> dict:
    """Everything the platform holds about `user` that they may see, as JSON-ready data."""
    profile = _profile_of(user)
    data: dict = {"format": "khibra-personal-data/1", "generated_at": timezone.now().isoformat()}
    for section in SECTIONS:
        rows = section.rows(user, profile)
        records = [{path: _json(_resolve(row, path)[1]) for path in section.fields} for row in rows]
        data[section.key] = (records[0] if records else None) if section.single else records
    return data


@dataclass(frozen=True)
class ReadableSection:
    key: str
    title: str
    labels: list[str]
    records: list[list[str]]  # one list of values per row, in the order of `labels`
    single: bool

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """(label, value) of a one-row section, for a definition list."""
        return list(zip(self.labels, self.records[0], strict=True)) if self.records else []


def readable_personal_data(user: User) -> list[ReadableSection]:
    """The same data for people: labels in the active language, choices and dates spelled out."""
    profile = _profile_of(user)
    sections = []
    for section in SECTIONS:
        model = section.model_class()
        records = []
        for row in section.rows(user, profile):
            records.append([_display(*_resolve(row, path)) for path in section.fields])
        labels = [_label(model, path) for path in section.fields]
        sections.append(ReadableSection(section.key, str(section.title), labels, records, section.single))
    return sections


# --- consents -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurposeStatus:
    purpose: str
    label: str
    optional: bool
    current: Consent | None
    history: list[Consent]

    @property
    def is_given(self) -> bool:
        return self.current is not None


def consent_overview(user: User) -> list[PurposeStatus]:
    """Each purpose with the live consent (if any) and the full history, newest first."""
    rows = list(Consent.objects.filter(user=user).select_related("policy").order_by("-given_at", "-pk"))
    overview = []
    for purpose in Purpose:
        history = [row for row in rows if row.purpose == purpose]
        current = next((row for row in history if row.withdrawn_at is None), None)
        optional = purpose in OPTIONAL_PURPOSES
        overview.append(PurposeStatus(purpose.value, str(purpose.label), optional, current, history))
    return overview


def has_consent(user: User, purpose: str) -> bool:
    return Consent.objects.active().filter(user=user, purpose=purpose).exists()


# --- erasure ---------------------------------------------------------------------------------------


def erasure_blockers(user: User) -> list[str]:
    """Why the account cannot be anonymised now (empty when it can)."""
    from khibra.organizations.models import Membership

    blockers = []
    if user.is_staff or user.is_superuser:
        blockers.append(gettext("Platform staff accounts are closed by an administrator, not from this page."))
    admin_of = Membership.objects.active().filter(user=user, role=Membership.Role.ADMIN).select_related("organization")
    for membership in admin_of.order_by("organization__name_ar"):
        others = (
            Membership.objects.active()
            .filter(organization=membership.organization, role=Membership.Role.ADMIN, user__is_active=True)
            .exclude(user=user)
        )
        if not others.exists():
            blockers.append(
                gettext("You are the only admin of %(organization)s. Make another member an admin first.")
                % {"organization": membership.organization.name}
            )
    return blockers
