"""Step 4: the volunteer agreement (the opportunity description is the agreement) and the
partnership agreement between a non-profit and a provider. Both are versioned and accepted in
the product; an accepted version never changes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


class VolunteerAgreement(TimeStampedModel):
    """A frozen version of the agreement generated from an opportunity.

    `content` holds every section in both languages as generated, so what a volunteer accepted
    can be shown and printed exactly, whatever happens to the opportunity afterwards.
    """

    opportunity = models.ForeignKey(
        "opportunities.Opportunity", models.PROTECT, related_name="agreements", verbose_name=_("opportunity")
    )
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("fingerprint"), max_length=64)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("volunteer agreement")
        verbose_name_plural = _("volunteer agreements")
        ordering = ["opportunity", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "version"], name="volunteer_agreement_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="volunteer_agreement_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} v{self.version}"


class AgreementAcceptance(models.Model):
    """A volunteer's acceptance of one version: who, when, which version and from where."""

    agreement = models.ForeignKey(VolunteerAgreement, models.PROTECT, related_name="acceptances", verbose_name=_("agreement"))
    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="agreement_acceptances", verbose_name=_("volunteer"))
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agreement acceptance")
        verbose_name_plural = _("agreement acceptances")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "volunteer"], name="agreement_accepted_once"),
        ]


class PartnerAgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Sent to the partner")
    SIGNED = "signed", _("Accepted by both parties")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PartnerAgreement(TimeStampedModel):
    """A partnership between a non-profit and a volunteer provider, with the guide's structure.

    Annex A is the volunteer agreement of `opportunity`.
    """

    Status = PartnerAgreementStatus
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="partner_agreements", verbose_name=_("non-profit")
    )
    partner = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="partner_agreements_as_provider", verbose_name=_("partner")
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", models.PROTECT, related_name="partner_agreements", verbose_name=_("opportunity (annex A)")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=PartnerAgreementStatus, default=PartnerAgreementStatus.DRAFT)

    # Preamble and service details.
    impact_preamble = models.TextField(_("the impact we seek together"), max_length=3000)
    volunteers_count = models.PositiveSmallIntegerField(_("number of volunteers"), default=1)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    partner_obligations = models.TextField(_("the partner's obligations"), max_length=3000)
    # The non-profit's commitments.
    resources = models.TextField(_("resources the organization provides"), max_length=2000, blank=True)
    tools = models.TextField(_("tools the organization provides"), max_length=2000, blank=True)
    incentives = models.TextField(_("incentives for the volunteers"), max_length=2000, blank=True)
    # Administrative terms.
    communication_channels = models.CharField(_("communication channels"), max_length=300)
    communication_frequency = models.CharField(_("communication frequency"), max_length=200)
    deliverables_follow_up = models.TextField(_("follow-up of deliverables"), max_length=2000)
    outputs_ownership = models.TextField(_("ownership of outputs"), max_length=2000, blank=True)
    dispute_resolution = models.TextField(_("settling disagreements"), max_length=2000, blank=True)
    termination_notice_days = models.PositiveSmallIntegerField(_("notice for termination (days)"), default=30)

    content = models.JSONField(_("content as accepted"), null=True, blank=True)
    organization_accepted_at = models.DateTimeField(_("accepted by the organization at"), null=True, blank=True)
    organization_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    partner_accepted_at = models.DateTimeField(_("accepted by the partner at"), null=True, blank=True)
    partner_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("partner agreement")
        verbose_name_plural = _("partner agreements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="partner_agreement_period_order"),
            models.CheckConstraint(condition=~Q(organization=F("partner")), name="partner_agreement_two_parties"),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(organization_accepted_at__isnull=False, partner_accepted_at__isnull=False),
                name="partner_agreement_signed_by_both",
            ),
            models.CheckConstraint(condition=Q(volunteers_count__gte=1), name="partner_agreement_volunteers_positive"),
        ]


class ShortlistKind(models.TextChoices):
    COMPANIES = "companies", _("Candidate companies (5 to 10)")
    JOB_TITLES = "job_titles", _("Job titles that can meet the need (3 to 6)")


class ShortlistEntry(TimeStampedModel):
    """The guide's shortlists for an opportunity: candidate companies or suitable job titles."""

    Kind = ShortlistKind
    opportunity = models.ForeignKey("opportunities.Opportunity", models.CASCADE, related_name="shortlist", verbose_name=_("opportunity"))
    kind = models.CharField(_("list"), max_length=12, choices=ShortlistKind)
    name = models.CharField(_("name"), max_length=200)
    provider = models.ForeignKey(
        "organizations.Organization", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("provider on Khibra")
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["opportunity", "kind", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "kind", "name"], name="shortlist_entry_unique"),
        ]
