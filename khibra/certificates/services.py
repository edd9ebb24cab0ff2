"""Issuing and revoking certificates, thanking and crediting volunteers, the portfolio switch.

`on_engagement_closed` is called by khibra.engagements when an engagement ends; everything else
is called by this app's views (and tests) with the acting user.
"""

from decimal import Decimal
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.agreements.selectors import agreement_gate, require_agreement_accepted
from khibra.core import audit
from khibra.engagements.models import Engagement, EngagementStatus, WorkItemKind, WorkItemStatus
from khibra.organizations.access import active_membership, is_staff

from .models import CODE_ALPHABET, CODE_LENGTH, Certificate, CertificateKind, Credit, Portfolio, Thanks

CLOSED_STATUSES = (EngagementStatus.COMPLETED, EngagementStatus.NOT_COMPLETED, EngagementStatus.WITHDRAWN)


def approved_hours(engagement: Engagement) -> Decimal:
    """The engagement's approved hours, as khibra.hours counts them (imported here, not at the
    top: the hours app imports engagements, which calls this app when an engagement closes)."""
    from khibra.hours.selectors import approved_hours as hours_of

    return Decimal(hours_of(engagement) or 0)


def verified_hours(profile) -> Decimal:
    """All the volunteer's approved hours, for the portfolio."""
    from khibra.hours.selectors import volunteer_totals

    return Decimal(volunteer_totals(profile)["hours"] or 0)


def final_deliverable_accepted(engagement: Engagement) -> bool:
    """The engagement has its final deliverable(s) and every one of them is accepted."""
    deliverables = engagement.work_items.filter(kind=WorkItemKind.DELIVERABLE)
    return deliverables.exists() and not deliverables.exclude(status=WorkItemStatus.ACCEPTED).exists()


def eligible_kinds(engagement: Engagement, hours: Decimal) -> list[str]:
    """Which certificates a closed engagement earns. Both state the approved hours, so neither
    goes out without them, nor before the volunteer accepted the current agreement.

    Participation: the engagement was completed, with approved hours (> 0).
    Achievement: the final deliverable was accepted, with approved hours (> 0).
    """
    if engagement.status not in CLOSED_STATUSES or hours <= 0:
        return []
    if not agreement_gate(user=engagement.volunteer.user, opportunity=engagement.opportunity).is_open:
        return []
    kinds = []
    if engagement.status == EngagementStatus.COMPLETED:
        kinds.append(CertificateKind.PARTICIPATION)
    if final_deliverable_accepted(engagement):
        kinds.append(CertificateKind.ACHIEVEMENT)
    return kinds


def _refusal(engagement: Engagement, kind: str, hours: Decimal) -> ValidationError:
    """Why `kind` is not earned, in words, with a stable code."""
    if engagement.status not in CLOSED_STATUSES:
        return ValidationError(_("Certificates are issued once the engagement is closed."), code="not_closed")
    if hours <= 0:
        return ValidationError(
            _("A certificate states the volunteer's approved hours: approve their hours first."), code="no_approved_hours"
        )
    try:
        require_agreement_accepted(user=engagement.volunteer.user, opportunity=engagement.opportunity, by_volunteer=False)
    except ValidationError as error:
        return error
    if kind == CertificateKind.ACHIEVEMENT:
        return ValidationError(
            _("A certificate of achievement needs the accepted final deliverable."), code="deliverable_not_accepted"
        )
    return ValidationError(_("A certificate of participation needs a completed engagement."), code="not_completed")


def _tell_volunteer(certificate: Certificate) -> None:
    from khibra.recruitment.services.applications import tell

    def render():
        title = _("Your certificate is ready: “%(title)s”") % {"title": certificate.opportunity_title}
        if certificate.kind == CertificateKind.ACHIEVEMENT:
            body = _("%(organization)s issued you a certificate of achievement. Download it or share its verification link.")
        else:
            body = _("%(organization)s issued you a certificate of participation. Download it or share its verification link.")
        body = body % {"organization": certificate.organization_name}
        return title, body

    tell(
        certificate.volunteer.user,
        kind="certificate.issued",
        render=render,
        url=lambda: reverse("certificates:mine"),
        dedupe_key=f"certificate.issued:{certificate.pk}",
    )


def _issue(*, engagement: Engagement, kind: str, by, hours: Decimal) -> tuple[Certificate, bool]:
    """(certificate, created). Returns the existing certificate of this kind if there is one."""
    existing = Certificate.objects.filter(engagement=engagement, kind=kind).first()
    if existing is not None:
        return existing, False
    opportunity = engagement.opportunity
    organization = opportunity.organization
    certificate = Certificate(
        kind=kind,
        engagement=engagement,
        volunteer=engagement.volunteer,
        organization=organization,
        volunteer_name=engagement.volunteer.user.full_name,
        opportunity_title=opportunity.title,
        organization_name_ar=organization.name_ar,
        organization_name_en=organization.name_en,
        organization_logo=organization.logo.name,
        signatory_name=organization.signatory_name,
        signatory_title=organization.signatory_title,
        signature=organization.signature.name,
        hours=hours,
        started_on=engagement.started_on,
        ended_on=engagement.ended_on,
        issued_at=timezone.now(),
        issued_by=by if getattr(by, "is_authenticated", False) else None,
    )
    certificate.full_clean()
    try:
        # A savepoint: two closings racing each other end with one certificate, not an error.
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return Certificate.objects.get(engagement=engagement, kind=kind), False
    audit.record(
        actor=by, verb="certificate.issued", target=certificate, organization=organization,
        engagement=engagement.pk, kind=kind, hours=str(hours),
    )
    _tell_volunteer(certificate)
    return certificate, True


def _locked_engagement(engagement: Engagement) -> Engagement:
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("opportunity__organization", "volunteer__user")
        .get(pk=engagement.pk)
    )


@transaction.atomic
def on_engagement_closed(*, engagement: Engagement, by) -> list[Certificate]:
    """Issue the certificates a closed engagement earns (see `eligible_kinds`). Idempotent: a
    second call returns the same certificates and notifies nobody again. The caller (closing the
    engagement) has already checked that `by` may close it."""
    engagement = _locked_engagement(engagement)
    hours = approved_hours(engagement)
    return [_issue(engagement=engagement, kind=kind, by=by, hours=hours)[0] for kind in eligible_kinds(engagement, hours)]


def _require_manager_or_staff(organization, user) -> None:
    if is_staff(user):
        return
    membership = active_membership(organization, user)
    if membership is None or not membership.can_manage:
        raise PermissionDenied(_("Only the organization's admin or volunteer manager can do this."))


@transaction.atomic
def issue_certificate(*, engagement: Engagement, kind: str, by) -> Certificate:
    """Issue one certificate by hand (an admin or volunteer manager of the organization, or staff),
    for example after hours were approved late. Same rules as at closing; idempotent."""
    engagement = _locked_engagement(engagement)
    _require_manager_or_staff(engagement.opportunity.organization, by)
    if kind not in CertificateKind.values:
        raise ValidationError(_("Unknown kind of certificate."), code="kind")
    hours = approved_hours(engagement)
    if kind not in eligible_kinds(engagement, hours):
        raise _refusal(engagement, kind, hours)
    return _issue(engagement=engagement, kind=kind, by=by, hours=hours)[0]


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a certificate (issued by mistake, or misconduct). It stays on record and its public
    page says it is revoked."""
    certificate = Certificate.objects.select_for_update().select_related("organization").get(pk=certificate.pk)
    _require_manager_or_staff(certificate.organization, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")}, code="reason")
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is already revoked."), code="revoked")
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = reason[:1000]
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    audit.record(actor=by, verb="certificate.revoked", target=certificate, organization=certificate.organization, reason=reason)
    return certificate


_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def normalize_code(text: str) -> str:
    """What a person typed, as stored: no spaces or dashes, upper case."""
    return re.sub(r"[\s\-]+", "", text or "").upper()


def verify(code: str) -> Certificate | None:
    """The certificate with this code (valid or revoked), or None."""
    code = normalize_code(code)
    if not _CODE_RE.match(code):
        return None
    return Certificate.objects.select_related("organization").filter(code=code).first()


def _require_recogniser(engagement: Engagement, by) -> None:
    """Thanks and credit come from the organization: its admins, volunteer managers, or the
    opportunity's supervisor."""
    opportunity = engagement.opportunity
    membership = active_membership(opportunity.organization, by)
    if membership is None or not (membership.can_manage or opportunity.supervisor_id == by.pk):
        raise PermissionDenied(_("Only the organization's managers or the supervisor can do this."))


@transaction.atomic
def thank_volunteer(*, engagement: Engagement, by, message: str) -> Thanks:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user").get(pk=engagement.pk)
    _require_recogniser(engagement, by)
    thanks = Thanks(
        engagement=engagement,
        volunteer=engagement.volunteer,
        organization=engagement.opportunity.organization,
        message=(message or "").strip(),
        created_by=by,
    )
    thanks.full_clean()
    thanks.save()
    audit.record(actor=by, verb="thanks.given", target=thanks, organization=thanks.organization, engagement=engagement.pk)
    from khibra.recruitment.services.applications import tell

    tell(
        engagement.volunteer.user,
        kind="thanks.given",
        render=lambda: (
            _("%(organization)s thanked you") % {"organization": thanks.organization.name},
            _("Read the message, and choose whether to show it on your public portfolio."),
        ),
        url=lambda: reverse("certificates:portfolio"),
    )
    return thanks


@transaction.atomic
def set_thanks_public(*, thanks: Thanks, by, shown: bool) -> Thanks:
    """Only the volunteer decides whether a thank-you is shown publicly."""
    if thanks.volunteer.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Only the volunteer can choose this."))
    thanks.shown_publicly = shown
    thanks.save(update_fields=["shown_publicly", "updated_at"])
    audit.record(actor=by, verb="thanks.shown" if shown else "thanks.hidden", target=thanks)
    return thanks


@transaction.atomic
def credit_volunteer(*, engagement: Engagement, by, text: str) -> Credit:
    """Record (or change) the line that credits the volunteer on the delivered work."""
    engagement = Engagement.objects.select_related("opportunity__organization").get(pk=engagement.pk)
    _require_recogniser(engagement, by)
    credit = Credit.objects.filter(engagement=engagement).first() or Credit(engagement=engagement)
    credit.text = (text or "").strip()
    credit.created_by = by
    credit.full_clean()
    credit.save()
    audit.record(actor=by, verb="credit.recorded", target=credit, organization=engagement.opportunity.organization, text=credit.text)
    return credit


def portfolio_of(profile) -> Portfolio:
    portfolio, _created = Portfolio.objects.get_or_create(volunteer=profile)
    return portfolio


@transaction.atomic
def set_portfolio_public(*, profile, by, public: bool) -> Portfolio:
    if profile.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Only the volunteer can choose this."))
    portfolio = portfolio_of(profile)
    portfolio.is_public = public
    portfolio.save(update_fields=["is_public", "updated_at"])
    audit.record(actor=by, verb="portfolio.public" if public else "portfolio.private", target=portfolio)
    return portfolio
