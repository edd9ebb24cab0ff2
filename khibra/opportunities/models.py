"""Professional opportunities (step 2, Table 3), their tasks, templates and service model (step 3)."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel
from khibra.programs.models import ExecutionMode
from khibra.volunteers.models import Level


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready to publish")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Nature(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote")
    BOTH = "both", _("In person and remote")


class ServiceModel(models.TextChoices):
    """Table 4: the seven common ways professional volunteering is delivered."""

    TEAM_PROJECT = "team_project", _("Team project")
    HACKATHON = "hackathon", _("Hackathon")
    BOARD_SERVICE = "board_service", _("Board or committee service")
    COACHING = "coaching", _("Coaching and mentoring")
    SECONDMENT = "secondment", _("Sabbatical or full-time secondment")
    FREE_COMMERCIAL = "free_commercial", _("Free commercial services")
    SKILLS_BASED = "skills_based", _("Skills-based volunteering")


class MarketingChannel(models.TextChoices):
    PROFESSIONAL_NETWORKS = "professional_networks", _("Professional networks")
    COMPANY_PROGRAMS = "company_programs", _("Companies with pro bono programs")
    UNIVERSITIES = "universities", _("Universities")
    PROFESSIONAL_BODIES = "professional_bodies", _("Professional associations and bodies")
    SEMINARS = "seminars", _("Seminars and conferences")
    MEDIA = "media", _("Media and social media")
    JOB_FAIRS = "job_fairs", _("Job fairs")
    RETIREES = "retirees", _("Retirees' gatherings")
    REFERRALS = "referrals", _("Referrals by current volunteers")
    MESSAGING_GROUPS = "messaging_groups", _("Professional WhatsApp and Telegram groups")


class GenderRestriction(models.TextChoices):
    ANY = "", _("Open to all")
    FEMALE = "female", _("Women only")
    MALE = "male", _("Men only")


class ExperienceRule(models.TextChoices):
    """Whether the minimum years of experience rule out those below it or only rank them lower."""

    REQUIRED = "required", _("Required: only volunteers with these years are suggested")
    PREFERRED = "preferred", _("Preferred: volunteers with fewer years rank lower")


class BeneficiaryCategory(models.TextChoices):
    """Who benefits from the work (the national guide's impact categories)."""

    INDIVIDUALS = "individuals", _("Individuals")
    NONPROFITS = "nonprofits", _("Non-profit organizations")
    GOVERNMENT = "government", _("Government bodies")
    ENVIRONMENT = "environment", _("The natural environment")


MAX_BENEFICIARIES = 10_000_000  # opportunity_beneficiaries_range, engagement_beneficiaries_range


class OpportunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OpportunityStatus.PUBLISHED)

    def public(self):
        """What anyone may see: published, of a verified organization."""
        return self.published().filter(organization__verification_status="verified")

    def for_organization(self, organization):
        return self.filter(organization=organization)

    def taking_applications(self, today: dt.date | None = None):
        """Public listings that take applications today: a seat left, the application deadline
        (the start date when none is set) and the end date not passed. The one definition of an
        "open" listing: search, recommendations, alerts and applying all read it."""
        return self.public().filter(seats_filled__lt=F("seats")).filter(before_deadline(today))

    def past_deadline(self, today: dt.date | None = None):
        """Published listings whose application deadline or end date has passed (to close)."""
        today = today or timezone.localdate()
        return self.published().filter(Q(apply_by__lt=today) | Q(apply_by__isnull=True, starts_on__lt=today) | Q(ends_on__lt=today))


def before_deadline(today: dt.date | None = None) -> Q:
    """The application deadline (or, without one, the start date) and the end date are today or later."""
    today = today or timezone.localdate()
    deadline = Q(apply_by__gte=today) | Q(apply_by__isnull=True, starts_on__gte=today) | Q(apply_by__isnull=True, starts_on__isnull=True)
    return deadline & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class Opportunity(TimeStampedModel):
    Status = OpportunityStatus
    Nature = Nature
    ServiceModel = ServiceModel

    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="opportunities", verbose_name=_("organization")
    )
    # Every opportunity belongs to a program (its readiness check gates publishing).
    program = models.ForeignKey("programs.Program", models.PROTECT, related_name="opportunities", verbose_name=_("program"))
    need = models.ForeignKey(
        "programs.Need", models.SET_NULL, null=True, blank=True, related_name="opportunities", verbose_name=_("need")
    )
    template = models.ForeignKey(
        "opportunities.OpportunityTemplate", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("started from template")
    )
    status = models.CharField(_("status"), max_length=10, choices=OpportunityStatus, default=OpportunityStatus.DRAFT)

    # What the work is.
    title = models.CharField(_("title"), max_length=200, help_text=_("Name the role, e.g. 'Python web developer', not the project."))
    # A draft may be saved half-written; publishing checks that these are filled (selectors.missing_for_publish).
    description = models.TextField(_("description"), max_length=6000, blank=True)
    deliverables = models.TextField(
        _("final deliverables"), max_length=4000, blank=True, help_text=_("The opportunity ends when these are delivered.")
    )
    responsibilities = models.TextField(_("responsibilities"), max_length=4000, blank=True, help_text=_("e.g. a weekly meeting and a weekly report."))
    fields = models.ManyToManyField("reference.Field", related_name="opportunities", blank=True, verbose_name=_("fields"))
    other_field = models.CharField(_("other field"), max_length=120, blank=True)
    level = models.CharField(_("volunteering level"), max_length=15, choices=Level, default=Level.PROFESSIONAL)
    # Who benefits; empty on opportunities designed before it was asked.
    beneficiary_category = models.CharField(_("beneficiaries"), max_length=12, choices=BeneficiaryCategory, blank=True)
    beneficiaries_expected = models.PositiveIntegerField(
        _("expected number of beneficiaries"), null=True, blank=True, help_text=_("For individuals: how many people the work should reach.")
    )

    # Who can do it.
    requirements = models.TextField(_("qualifications and requirements"), max_length=4000, blank=True)
    min_years_experience = models.PositiveSmallIntegerField(_("minimum years of experience"), default=0)
    # db_default too: bulk loads (bench/data.py's COPY) that name their columns get the rule as well.
    experience_rule = models.CharField(
        _("the minimum years are"), max_length=10, choices=ExperienceRule, default=ExperienceRule.REQUIRED,
        db_default=ExperienceRule.REQUIRED,
    )
    required_professions = models.ManyToManyField(
        "reference.Profession", related_name="opportunities", blank=True, verbose_name=_("suitable professions")
    )
    execution_mode = models.CharField(_("individual or team"), max_length=12, choices=ExecutionMode, default=ExecutionMode.INDIVIDUAL)
    team_size = models.PositiveSmallIntegerField(_("team size"), default=1)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    # Kept by one conditional UPDATE (filled < seats) when an application is accepted: never over.
    seats_filled = models.PositiveSmallIntegerField(_("seats filled"), default=0)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    gender = models.CharField(_("open to"), max_length=6, choices=GenderRestriction, default=GenderRestriction.ANY, blank=True)
    english_allowed = models.BooleanField(_("English-speaking volunteers may apply"), default=False)
    english_supervisor = models.CharField(_("English-speaking supervisor"), max_length=150, blank=True)

    # Where and how.
    nature = models.CharField(_("nature"), max_length=10, choices=Nature, default=Nature.REMOTE)
    nature_notes = models.CharField(_("when presence is needed"), max_length=500, blank=True)
    city = models.ForeignKey("reference.City", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("city"))
    venue = models.CharField(_("venue"), max_length=200, blank=True, help_text=_("e.g. the head office, a hotel hall."))

    # How long.
    duration_days = models.PositiveSmallIntegerField(_("number of days"), default=1)
    hours_per_day = models.DecimalField(_("hours per day"), max_digits=4, decimal_places=1, default=Decimal("1"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=Decimal("1"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    apply_by = models.DateField(
        _("applications close on"), null=True, blank=True, help_text=_("Leave empty to take applications until the start date.")
    )

    # Supervision, recruiting and what the volunteer gains.
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="supervised_opportunities", verbose_name=_("supervisor")
    )
    supervisor_contact = models.CharField(_("supervisor contact"), max_length=150, blank=True)
    marketing_channels = models.JSONField(_("marketing channels"), default=list, blank=True)
    benefits = models.TextField(_("benefits for the volunteer"), max_length=2000, blank=True)
    required_training = models.TextField(_("required training"), max_length=2000, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)

    # Step 3: how the work is delivered, and why.
    service_model = models.CharField(_("service model"), max_length=20, choices=ServiceModel, blank=True)
    service_model_reasoning = models.TextField(_("why this model"), max_length=3000, blank=True)
    service_model_chosen_at = models.DateTimeField(_("chosen at"), null=True, blank=True)
    service_model_chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    # Publishing.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Publishing before the program is ready: an admin other than the one publishing decides, with a reason.
    readiness_override_reason = models.TextField(_("reason for publishing before readiness"), max_length=2000, blank=True)
    readiness_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("readiness override by")
    )
    readiness_override_at = models.DateTimeField(_("readiness override at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1, seats__lte=500), name="opportunity_seats_range"),
            models.CheckConstraint(condition=Q(seats_filled__lte=F("seats")), name="opportunity_seats_not_overfilled"),
            models.CheckConstraint(condition=Q(duration_days__gte=1, duration_days__lte=730), name="opportunity_days_range"),
            models.CheckConstraint(condition=Q(hours_per_day__gt=0, hours_per_day__lte=24), name="opportunity_hours_per_day_range"),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0, hours_per_week__lte=80), name="opportunity_hours_per_week_range"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="opportunity_period_order",
            ),
            models.CheckConstraint(
                condition=Q(execution_mode="individual", team_size=1) | Q(execution_mode="team", team_size__gte=2),
                name="opportunity_team_size",
            ),
            models.CheckConstraint(
                condition=Q(english_allowed=False) | ~Q(english_supervisor=""), name="opportunity_english_needs_supervisor"
            ),
            models.CheckConstraint(
                condition=~Q(nature="remote") | Q(venue=""), name="opportunity_remote_has_no_venue"
            ),
            models.CheckConstraint(
                condition=Q(apply_by__isnull=True) | Q(ends_on__isnull=True) | Q(apply_by__lte=F("ends_on")),
                name="opportunity_apply_by_before_end",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_max__gte=F("age_min")),
                name="opportunity_age_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="opportunity_published_has_time"
            ),
            # A count of beneficiaries only means something for individuals.
            models.CheckConstraint(
                condition=Q(beneficiaries_expected__isnull=True)
                | Q(beneficiary_category="individuals", beneficiaries_expected__gte=1, beneficiaries_expected__lte=MAX_BENEFICIARIES),
                name="opportunity_beneficiaries_range",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="opportunity_org_status"),
            # Newest first, carrying the columns the recommendations filter on (hours, seats,
            # nature, city, organization, English) so that walking it down to the newest
            # fitting opportunities never reads the table (an index-only scan): 100 → 12 ms for a
            # volunteer whose few weekly hours skip most of the 60,000 published opportunities.
            # On PostgreSQL it also includes the columns of the open-listing test (deadline,
            # start and end dates) and of the hard limits (experience, age, gender): without
            # them the walk read the table row by row again: 170 → 13–34 ms (busy machine).
            models.Index(
                fields=[
                    "-published_at", "-id", "hours_per_week", "seats_filled", "seats", "nature", "city",
                    "organization", "english_allowed",
                ],
                include=[
                    "apply_by", "starts_on", "ends_on", "experience_rule", "min_years_experience", "age_min", "age_max",
                    "gender",
                ],
                name="opportunity_published_recent",
                condition=Q(status="published"),
            ),
            # The filters of the public search (search.py): only published rows are ever searched.
            models.Index(fields=["nature", "-published_at"], name="opportunity_public_nature", condition=Q(status="published")),
            models.Index(fields=["level", "-published_at"], name="opportunity_public_level", condition=Q(status="published")),
            models.Index(fields=["duration_days"], name="opportunity_public_days", condition=Q(status="published")),
            models.Index(fields=["hours_per_week"], name="opportunity_public_hours", condition=Q(status="published")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def total_hours(self) -> Decimal:
        return self.duration_days * self.hours_per_day

    @property
    def applications_close_on(self) -> dt.date | None:
        """The last day to apply: the deadline set, else the start date."""
        return self.apply_by or self.starts_on

    @property
    def is_full(self) -> bool:
        return self.seats_filled >= self.seats

    def is_past_deadline(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        closes = self.applications_close_on
        return bool((closes and closes < today) or (self.ends_on and self.ends_on < today))

    @property
    def listing_state(self) -> str:
        """"open", "full" or "closed", for the badge a listing shows (closed wins over full)."""
        if self.status != OpportunityStatus.PUBLISHED or self.is_past_deadline():
            return "closed"
        return "full" if self.is_full else "open"


class OpportunityTask(TimeStampedModel):
    """A task with its delivery date; tasks are kept in chronological order."""

    opportunity = models.ForeignKey(Opportunity, models.CASCADE, related_name="tasks", verbose_name=_("opportunity"))
    title = models.CharField(_("task"), max_length=200)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    due_on = models.DateField(_("delivery date"))

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["opportunity", "due_on", "pk"]


class OpportunityTemplate(TimeStampedModel):
    """A professional opportunity ready to copy and adapt. Bilingual; staff add more."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ar = models.CharField(_("summary (Arabic)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300)
    description_ar = models.TextField(_("description (Arabic)"))
    description_en = models.TextField(_("description (English)"))
    deliverables_ar = models.TextField(_("deliverables (Arabic)"))
    deliverables_en = models.TextField(_("deliverables (English)"))
    responsibilities_ar = models.TextField(_("responsibilities (Arabic)"), blank=True)
    responsibilities_en = models.TextField(_("responsibilities (English)"), blank=True)
    requirements_ar = models.TextField(_("requirements (Arabic)"), blank=True)
    requirements_en = models.TextField(_("requirements (English)"), blank=True)
    # [{"title_ar": …, "title_en": …, "day": 5}, …]: day = days after the start the task is due.
    tasks = models.JSONField(_("tasks"), default=list, blank=True)
    fields = models.ManyToManyField("reference.Field", related_name="+", blank=True, verbose_name=_("fields"))
    professions = models.ManyToManyField("reference.Profession", related_name="+", blank=True, verbose_name=_("professions"))
    min_years_experience = models.PositiveSmallIntegerField(_("minimum years of experience"), default=0)
    execution_mode = models.CharField(_("individual or team"), max_length=12, choices=ExecutionMode, default=ExecutionMode.INDIVIDUAL)
    team_size = models.PositiveSmallIntegerField(_("team size"), default=1)
    nature = models.CharField(_("nature"), max_length=10, choices=Nature, default=Nature.REMOTE)
    duration_days = models.PositiveSmallIntegerField(_("number of days"), default=10)
    hours_per_day = models.DecimalField(_("hours per day"), max_digits=4, decimal_places=1, default=Decimal("2"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=Decimal("5"))
    service_model = models.CharField(_("usual service model"), max_length=20, choices=ServiceModel, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("opportunity template")
        verbose_name_plural = _("opportunity templates")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(execution_mode="individual", team_size=1) | Q(execution_mode="team", team_size__gte=2),
                name="template_team_size",
            ),
        ]

    def __str__(self) -> str:
        return self.title_ar


class OpportunitySearchDocument(models.Model):
    """The searchable text of one opportunity, normalised in Python (core.arabic) by search.reindex().

    Three weights: the title; fields and qualifications; the description with deliverables and
    responsibilities. The database indexes these columns itself: on PostgreSQL a generated,
    weighted tsvector column with a GIN index; on SQLite an FTS5 table with a stemmed shadow copy.
    Both are created by vendor-guarded migrations (0007), so the model does not declare them.
    """

    opportunity = models.OneToOneField(
        Opportunity, models.CASCADE, primary_key=True, related_name="search_document", verbose_name=_("opportunity")
    )
    title = models.TextField(_("title"), blank=True)
    qualifications = models.TextField(_("fields and qualifications"), blank=True)
    details = models.TextField(_("description"), blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    UNSENT = "unsent", _("Not sent yet")
    PROPOSED = "proposed", _("Waiting for the beneficiary")
    ADOPTED = "adopted", _("Adopted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProposalQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ProposalStatus.PROPOSED)


class OpportunityProposal(TimeStampedModel):
    """An opportunity a provider (company, government body, university) offers to do for a
    registered beneficiary organization. Providers never publish in their own name: the
    beneficiary adopts the proposal as a draft in one of its programs, or declines it."""

    Status = ProposalStatus
    provider = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="proposals_made", verbose_name=_("provider")
    )
    # Empty only on an unsent proposal (kept from an opportunity the provider had designed itself).
    beneficiary = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="proposals_received",
        verbose_name=_("beneficiary organization"),
    )
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus, default=ProposalStatus.PROPOSED)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=6000)
    deliverables = models.TextField(_("final deliverables"), max_length=4000, blank=True)
    requirements = models.TextField(_("qualifications and requirements"), max_length=4000, blank=True)
    fields = models.ManyToManyField("reference.Field", related_name="+", blank=True, verbose_name=_("fields"))
    seats = models.PositiveSmallIntegerField(_("volunteers offered"), default=1)
    nature = models.CharField(_("nature"), max_length=10, choices=Nature, default=Nature.REMOTE)
    duration_days = models.PositiveSmallIntegerField(_("number of days"), default=10)
    hours_per_day = models.DecimalField(_("hours per day"), max_digits=4, decimal_places=1, default=Decimal("2"))
    message = models.TextField(_("message to the organization"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # The decision of the beneficiary.
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=1000, blank=True)
    opportunity = models.OneToOneField(
        Opportunity, models.SET_NULL, null=True, blank=True, related_name="proposal", verbose_name=_("adopted as")
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity proposal")
        verbose_name_plural = _("opportunity proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1, seats__lte=500), name="proposal_seats_range"),
            models.CheckConstraint(condition=Q(duration_days__gte=1, duration_days__lte=730), name="proposal_days_range"),
            models.CheckConstraint(condition=Q(hours_per_day__gt=0, hours_per_day__lte=24), name="proposal_hours_per_day_range"),
            models.CheckConstraint(condition=Q(status="unsent") | Q(beneficiary__isnull=False), name="proposal_sent_has_beneficiary"),
            models.CheckConstraint(condition=~Q(status="adopted") | Q(opportunity__isnull=False), name="proposal_adopted_has_opportunity"),
        ]
        indexes = [models.Index(fields=["beneficiary", "status"], name="proposal_beneficiary_status")]

    def __str__(self) -> str:
        return self.title
