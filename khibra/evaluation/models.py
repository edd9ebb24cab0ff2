"""Step 8 (evaluation) and step 9 (learn, adapt, repeat): surveys, two-way reviews, misconduct
reports, the program evaluation on five axes, lessons learned and relationships."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel

RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


def _rating(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, choices=RATING_CHOICES)


def _rating_range(prefix: str, fields: list[str]) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__gte": 1, f"{f}__lte": 5}), name=f"{prefix}_{f}_1_5")
        for f in fields
    ]


class SurveyKind(models.TextChoices):
    COMPLETION = "completion", _("At the end of an engagement")
    YEARLY = "yearly", _("Yearly")


SURVEY_RATINGS = ["satisfaction", "organization_quality", "training", "recommend"]


class QuestionSet(models.IntegerChoices):
    """Which wording a survey was answered with. Answers given before the guide's wording (1) keep
    their ratings: the second question then asked about the host organization rather than how the
    opportunities were organized, so reports say how many answers predate the change."""

    EARLIER = 1, _("Earlier wording")
    GUIDE = 2, _("The guide's questions")


class ExhaustionPoint(models.TextChoices):
    """The guide asks at what level volunteers feel exhausted."""

    NEVER = "never", _("I did not feel exhausted")
    OVER_5 = "over_5", _("Beyond about 5 hours a week")
    OVER_10 = "over_10", _("Beyond about 10 hours a week")
    OVER_20 = "over_20", _("Beyond about 20 hours a week")
    DEADLINES = "deadlines", _("Near the delivery dates, when the work piles up")
    CLASHES = "clashes", _("When it clashed with my job or family obligations")


class VolunteerSurvey(TimeStampedModel):
    """One invitation to the volunteer survey and, once answered, its answers (answered once).

    The guide's five questions: satisfaction with the opportunity (or, yearly, the year's
    opportunities), how well they were organized, whether the training prepared the volunteer,
    whether they would recommend it (with a short reason), and suggestions; plus the guide's
    question on when volunteers feel exhausted, and the organization's own questions
    (`custom_answers`: the question's text as asked, its kind and the answer)."""

    Kind = SurveyKind
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, related_name="surveys", verbose_name=_("volunteer"))
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="volunteer_surveys", verbose_name=_("organization"))
    program = models.ForeignKey("programs.Program", models.PROTECT, null=True, blank=True, related_name="volunteer_surveys", verbose_name=_("program"))
    engagement = models.ForeignKey("engagements.Engagement", models.PROTECT, null=True, blank=True, related_name="surveys", verbose_name=_("engagement"))
    kind = models.CharField(_("kind"), max_length=12, choices=SurveyKind, default=SurveyKind.COMPLETION)
    year = models.PositiveSmallIntegerField(_("year"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    question_set = models.PositiveSmallIntegerField(_("wording"), choices=QuestionSet, default=QuestionSet.GUIDE)
    satisfaction = _rating(_("How satisfied are you with the professional volunteering opportunity?"))
    organization_quality = _rating(_("How well was the volunteering organized?"))
    training = _rating(_("Did the training you received prepare you well to take part?"))
    recommend = _rating(_("Would you recommend these opportunities to others?"))
    recommend_reason = models.CharField(_("Briefly, why?"), max_length=500, blank=True)
    suggestions = models.TextField(_("What do you suggest to improve the next opportunities?"), max_length=3000, blank=True)
    exhaustion = models.CharField(_("At what point did you start to feel exhausted?"), max_length=12, choices=ExhaustionPoint, blank=True)
    custom_answers = models.JSONField(_("answers to the organization's questions"), default=list, blank=True)

    class Meta:
        verbose_name = _("volunteer survey")
        verbose_name_plural = _("volunteer surveys")
        ordering = ["-created_at"]
        constraints = [
            # One completion survey per engagement, one yearly survey per volunteer, organization and year.
            models.UniqueConstraint(
                fields=["volunteer", "engagement"], condition=Q(kind="completion"), name="survey_once_per_engagement"
            ),
            models.UniqueConstraint(
                fields=["volunteer", "organization", "year"], condition=Q(kind="yearly"), name="survey_yearly_once"
            ),
            # An answered survey has every rating.
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | Q(satisfaction__isnull=False, organization_quality__isnull=False, training__isnull=False, recommend__isnull=False),
                name="survey_answered_complete",
            ),
            *_rating_range("survey", SURVEY_RATINGS),
        ]
        indexes = [models.Index(fields=["program", "answered_at"], name="survey_program_answered")]


VOLUNTEER_REVIEW_RATINGS = ["quality", "timeliness", "communication"]
ORGANIZATION_REVIEW_RATINGS = ["scope_clarity", "support", "responsiveness"]


class VolunteerReview(TimeStampedModel):
    """The organization rates a volunteer of a closed engagement (feeds matching)."""

    engagement = models.OneToOneField("engagements.Engagement", models.PROTECT, related_name="volunteer_review", verbose_name=_("engagement"))
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, related_name="reviews_received", verbose_name=_("volunteer"))
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="volunteer_reviews", verbose_name=_("organization"))
    quality = models.PositiveSmallIntegerField(_("quality of work"), choices=RATING_CHOICES)
    timeliness = models.PositiveSmallIntegerField(_("timeliness"), choices=RATING_CHOICES)
    communication = models.PositiveSmallIntegerField(_("communication"), choices=RATING_CHOICES)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("volunteer review")
        verbose_name_plural = _("volunteer reviews")
        constraints = _rating_range("volunteer_review", VOLUNTEER_REVIEW_RATINGS)

    def average(self) -> float:
        return (self.quality + self.timeliness + self.communication) / 3


class OrganizationReview(TimeStampedModel):
    """The volunteer rates the organization; shown to others only as an anonymous aggregate."""

    engagement = models.OneToOneField("engagements.Engagement", models.PROTECT, related_name="organization_review", verbose_name=_("engagement"))
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="reviews_received", verbose_name=_("organization"))
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, related_name="organization_reviews", verbose_name=_("volunteer"))
    scope_clarity = models.PositiveSmallIntegerField(_("clarity of scope"), choices=RATING_CHOICES)
    support = models.PositiveSmallIntegerField(_("support"), choices=RATING_CHOICES)
    responsiveness = models.PositiveSmallIntegerField(_("responsiveness"), choices=RATING_CHOICES)

    class Meta:
        verbose_name = _("organization review")
        verbose_name_plural = _("organization reviews")
        constraints = _rating_range("organization_review", ORGANIZATION_REVIEW_RATINGS)


class ReportReason(models.TextChoices):
    HARASSMENT = "harassment", _("Harassment or abuse")
    DISHONESTY = "dishonesty", _("Dishonesty or fraud")
    CONFIDENTIALITY = "confidentiality", _("Breach of confidentiality")
    NO_SHOW = "no_show", _("Repeatedly not showing up")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Reviewed")


class MisconductReport(TimeStampedModel):
    """A report about a volunteer or an organization, read only by platform staff."""

    Reason = ReportReason
    Status = ReportStatus
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reported by"))
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("volunteer"))
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organization"))
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason)
    details = models.TextField(_("details"), max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus, default=ReportStatus.OPEN)
    resolution = models.TextField(_("what was done"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("misconduct report")
        verbose_name_plural = _("misconduct reports")
        ordering = ["-created_at"]
        constraints = [
            # Exactly one subject: a volunteer or an organization.
            models.CheckConstraint(
                condition=Q(volunteer__isnull=False, organization__isnull=True) | Q(volunteer__isnull=True, organization__isnull=False),
                name="misconduct_one_subject",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="misconduct_queue")]


class StakeholderRole(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership")
    DEPARTMENT = "department", _("A department")


STAKEHOLDER_RATINGS = ["goals_met", "work_quality", "coordination", "continue_program"]


class StakeholderResponse(TimeStampedModel):
    """The internal stakeholder survey: a member of the organization rates the program once."""

    Role = StakeholderRole
    program = models.ForeignKey("programs.Program", models.CASCADE, related_name="stakeholder_responses", verbose_name=_("program"))
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("respondent"))
    role = models.CharField(_("your role"), max_length=12, choices=StakeholderRole)
    department = models.CharField(_("department"), max_length=120, blank=True)
    goals_met = models.PositiveSmallIntegerField(_("The volunteers' work met the goals we set."), choices=RATING_CHOICES)
    work_quality = models.PositiveSmallIntegerField(_("The quality of the delivered work was good."), choices=RATING_CHOICES)
    coordination = models.PositiveSmallIntegerField(_("Coordination with the volunteers went smoothly."), choices=RATING_CHOICES)
    continue_program = models.PositiveSmallIntegerField(_("I want the program to continue."), choices=RATING_CHOICES)
    comments = models.TextField(_("comments"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("stakeholder response")
        verbose_name_plural = _("stakeholder responses")
        constraints = [
            models.UniqueConstraint(fields=["program", "respondent"], name="stakeholder_once_per_program"),
            *_rating_range("stakeholder", STAKEHOLDER_RATINGS),
        ]


class HourlyValue(models.Model):
    """The economic value of one volunteer hour, per field and year (no field: the national default)."""

    field = models.ForeignKey("reference.Field", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("field"))
    year = models.PositiveSmallIntegerField(_("year"))
    value_sar = models.DecimalField(_("value of one hour (SAR)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("hourly value")
        verbose_name_plural = _("hourly values")
        constraints = [
            models.UniqueConstraint(fields=["field", "year"], condition=Q(field__isnull=False), name="hourly_value_field_year"),
            # NULLs are distinct in a unique index, so the default row needs its own.
            models.UniqueConstraint(fields=["year"], condition=Q(field__isnull=True), name="hourly_value_default_year"),
            models.CheckConstraint(condition=Q(value_sar__gte=0), name="hourly_value_not_negative"),
        ]


MIN_RATE_YEAR, MAX_RATE_YEAR = 2000, 2100


class MarketRate(models.Model):
    """What an hour of professional work costs on the market, per profession and/or field and
    year. Professional hours are valued at it (selectors.value_hours): the rate for the
    volunteer's profession in the entry's field, else for the profession, else for the field,
    else the national value of an hour."""

    field = models.ForeignKey("reference.Field", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("field"))
    profession = models.ForeignKey(
        "reference.Profession", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("profession")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value_sar = models.DecimalField(_("market value of one hour (SAR)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("market rate")
        verbose_name_plural = _("market rates")
        ordering = ["-year", "profession", "field"]
        constraints = [
            models.CheckConstraint(condition=Q(field__isnull=False) | Q(profession__isnull=False), name="market_rate_field_or_profession"),
            # NULLs are distinct in a unique index: one constraint per shape of the key.
            models.UniqueConstraint(
                fields=["field", "profession", "year"], condition=Q(field__isnull=False, profession__isnull=False),
                name="market_rate_field_profession_year",
            ),
            models.UniqueConstraint(fields=["field", "year"], condition=Q(profession__isnull=True), name="market_rate_field_year"),
            models.UniqueConstraint(fields=["profession", "year"], condition=Q(field__isnull=True), name="market_rate_profession_year"),
            models.CheckConstraint(condition=Q(value_sar__gt=0, value_sar__lte=100000), name="market_rate_value_range"),
            models.CheckConstraint(condition=Q(year__gte=MIN_RATE_YEAR, year__lte=MAX_RATE_YEAR), name="market_rate_year_range"),
        ]
        indexes = [models.Index(fields=["year"], name="market_rate_year")]

    def __str__(self) -> str:
        subject = " · ".join(str(x.name) for x in (self.profession, self.field) if x is not None)
        return f"{subject} {self.year}: {self.value_sar}"


class ProgramEvaluation(TimeStampedModel):
    """Step 8: what the organization writes about the program; the figures come from the data."""

    program = models.OneToOneField("programs.Program", models.CASCADE, related_name="evaluation", verbose_name=_("program"))
    goal_summary = models.TextField(_("How far were the goals achieved?"), max_length=4000, blank=True)
    helped = models.TextField(_("What helped reach them?"), max_length=4000, blank=True)
    blocked = models.TextField(_("What stood in the way?"), max_length=4000, blank=True)
    staff_hours = models.DecimalField(_("staff hours invested"), max_digits=9, decimal_places=1, default=0)
    successes = models.TextField(_("successes"), max_length=4000, blank=True)
    challenges = models.TextField(_("challenges"), max_length=4000, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("program evaluation")
        verbose_name_plural = _("program evaluations")
        constraints = [models.CheckConstraint(condition=Q(staff_hours__gte=0), name="evaluation_staff_hours_not_negative")]


class ProgramLessons(TimeStampedModel):
    """Step 9: lessons learned, and whether the impact page is public."""

    program = models.OneToOneField("programs.Program", models.CASCADE, related_name="lessons", verbose_name=_("program"))
    what_worked = models.TextField(_("What worked well?"), max_length=4000, blank=True)
    challenges_overcome = models.TextField(_("Which challenges did you overcome, and how?"), max_length=4000, blank=True)
    challenges_open = models.TextField(_("Which challenges remain?"), max_length=4000, blank=True)
    impact_examples = models.TextField(_("Examples of impact"), max_length=4000, blank=True)
    advice = models.TextField(_("Advice for the next cycle"), max_length=4000, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    public_impact = models.BooleanField(_("public impact page"), default=False)

    class Meta:
        verbose_name = _("lessons learned")
        verbose_name_plural = _("lessons learned")


class ContactKind(models.TextChoices):
    NEXT_CYCLE = "next_cycle", _("Invitation to the next cycle")
    EVENT = "event", _("Invitation to an event")


class RelationshipContact(TimeStampedModel):
    """A recorded contact with a past volunteer or partner (step 9's relationships list)."""

    Kind = ContactKind
    organization = models.ForeignKey("organizations.Organization", models.CASCADE, related_name="relationship_contacts")
    program = models.ForeignKey("programs.Program", models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=ContactKind)
    event_title = models.CharField(_("event"), max_length=200, blank=True)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("relationship contact")
        verbose_name_plural = _("relationship contacts")
        indexes = [models.Index(fields=["organization", "user", "-created_at"], name="contact_org_user_recent")]


class CustomQuestionKind(models.TextChoices):
    TEXT = "text", _("A written answer")
    SCALE = "scale", _("A rating from 1 to 5")


MAX_CUSTOM_QUESTIONS = 5
MAX_CUSTOM_ANSWER = 1000


class SurveyQuestion(TimeStampedModel):
    """A question an organization adds to its volunteer surveys, after the guide's questions."""

    Kind = CustomQuestionKind
    organization = models.ForeignKey("organizations.Organization", models.CASCADE, related_name="survey_questions", verbose_name=_("organization"))
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer"), max_length=6, choices=CustomQuestionKind, default=CustomQuestionKind.TEXT)
    active = models.BooleanField(_("asked"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["organization", "created_at", "pk"]
        indexes = [models.Index(fields=["organization", "active"], name="survey_question_org_active")]

    def __str__(self) -> str:
        return self.text


class EvidenceKind(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group")
    THIRD_PARTY = "third_party", _("Third-party evaluation")


def evidence_path(instance, filename: str) -> str:
    return f"evaluation/evidence/{filename}"  # the name is already random (core.uploads)


class EvaluationEvidence(TimeStampedModel):
    """Step 8's other sources of data besides surveys: a focus group (who took part, what came out)
    or a formal evaluation by a third party (who evaluated, the findings), with its file."""

    Kind = EvidenceKind
    program = models.ForeignKey("programs.Program", models.CASCADE, related_name="evaluation_evidence", verbose_name=_("program"))
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind)
    held_on = models.DateField(_("date"))
    participants = models.CharField(_("who took part"), max_length=500, blank=True)
    evaluator = models.CharField(_("evaluator"), max_length=200, blank=True)
    findings = models.TextField(_("findings"), max_length=6000)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("evaluation evidence")
        verbose_name_plural = _("evaluation evidence")
        ordering = ["program", "-held_on", "-pk"]
        constraints = [
            # A focus group names who took part; a third-party evaluation names the evaluator.
            models.CheckConstraint(
                condition=(Q(kind="focus_group") & ~Q(participants="")) | (Q(kind="third_party") & ~Q(evaluator="")),
                name="evidence_names_its_people",
            ),
            models.CheckConstraint(condition=~Q(findings=""), name="evidence_has_findings"),
        ]


class LessonSection(models.TextChoices):
    WORKED = "what_worked", _("What worked well")
    OVERCOME = "challenges_overcome", _("Challenges overcome")
    OPEN = "challenges_open", _("Challenges that remain")
    ADVICE = "advice", _("Advice for the next cycle")


class CarriedLesson(TimeStampedModel):
    """One lesson of the previous cycle, brought into the next one (step 9: plan again), which the
    manager marks as applied or not."""

    Section = LessonSection
    program = models.ForeignKey("programs.Program", models.CASCADE, related_name="carried_lessons", verbose_name=_("program"))
    section = models.CharField(_("section"), max_length=20, choices=LessonSection)
    text = models.TextField(_("lesson"), max_length=4000)
    applied = models.BooleanField(_("applied"), null=True, blank=True)  # None: not decided yet
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson carried over")
        verbose_name_plural = _("lessons carried over")
        ordering = ["program", "pk"]
