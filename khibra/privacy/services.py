"""Personal data under the Saudi PDPL: erasure and retention here; consents and staff access logging
in consents.py.

Erasure anonymises rather than deletes: hours, engagements and certificates stay (linked to the
anonymised profile) so organizations' totals and the sector figures do not change.
"""

from collections.abc import Callable
from dataclasses import dataclass
import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import DateTimeField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy as _

from khibra.accounts.models import PolicyAcceptance, User
from khibra.core import audit
from khibra.core.mail import queue_email

# Consents and the records of who saw or took personal data are in consents.py, imported here for
# the callers of the privacy services.
from . import hooks, traces
from .consents import (  # noqa: F401
    alerts_unsubscribed,
    give_consent,
    log_personal_data_access,
    record_export,
    record_notice_consent,
    source_of,
    withdraw_consent,
)
from .models import Consent, Erasure, ErasureReason, InactivityWarning
from .selectors import erasure_blockers

# What an anonymised account is called wherever its name was shown or frozen (certificates).
ERASED_NAME = "حساب محذوف · Erased account"
ERASED_EMAIL_DOMAIN = "erased.invalid"


# --- erasure ----------------------------------------------------------------------------------------


@transaction.atomic
def erase_account(*, user: User, by: User | None = None, reason: str = ErasureReason.REQUEST, now=None) -> bool:
    """Anonymise the account and what identifies the person; keep the facts organizations and
    the sector count (hours, engagements, certificates). Idempotent: False when already done.

    Raises ValidationError (with erasure_blockers' messages) for a sole organization admin.
    """
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from khibra.core.models import Notification
    from khibra.organizations.models import Membership
    from khibra.providers.models import ProviderMember
    from khibra.volunteers.models import VolunteerProfile

    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if Erasure.objects.filter(user=user).exists():
        return False
    blockers = erasure_blockers(user)
    if blockers:
        raise ValidationError(blockers, code="erasure_blocked")
    old_email, old_name = user.email, user.full_name

    user.email = f"erased-{user.pk}-{secrets.token_hex(6)}@{ERASED_EMAIL_DOMAIN}"
    user.full_name = ERASED_NAME
    user.is_active = False
    # A new (unusable) password also changes the session hash, which ends every open session.
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])
    EmailAddress.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=old_email).delete()

    hooks.account_erased(user=user, now=now)
    Consent.objects.active().filter(user=user).update(withdrawn_at=now)
    PolicyAcceptance.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    Notification.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).update(is_active=False)
    ProviderMember.objects.filter(user=user).update(share_with_nonprofits=False, department="", job_title="")

    _anonymise_profile(user, now)
    traces.erase_by_registry(user=user, profile=VolunteerProfile.objects.filter(user=user).first())
    traces.erase_traces(user=user, old_email=old_email, old_name=old_name, erased_name=ERASED_NAME)

    Erasure.objects.create(user=user, reason=reason, erased_at=now)
    audit.record(actor=by, verb="privacy.account_erased", target=user, reason=reason)
    return True


def _anonymise_profile(user: User, now) -> None:
    from khibra.certificates.models import Certificate, Portfolio, Thanks
    from khibra.evaluation.models import VolunteerSurvey
    from khibra.matching.models import Alert, AlertPreference, VolunteerTerm
    from khibra.recruitment.models import PENDING_STATUSES, Application, ApplicationStatus
    from khibra.training.models import CourseCompletion
    from khibra.volunteers.models import GuardianConsent, IdentityStatus, Qualification, VolunteerProfile

    profile = VolunteerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        return
    # Applications still waiting are withdrawn; every application loses the person's own words.
    Application.objects.filter(volunteer=profile, status__in=PENDING_STATUSES).update(
        status=ApplicationStatus.WITHDRAWN, updated_at=now
    )
    Application.objects.filter(volunteer=profile).update(motivation="", answers={}, withdrawn_reason="")

    VolunteerProfile.objects.filter(pk=profile.pk).update(
        city=None,
        phone="",
        phone_verified_at=None,
        gender="",
        birth_date=None,
        headline="",
        bio="",
        specialty="",
        hours_per_week=0,
        available_days=0,
        available_times=0,
        cv_url="",
        portfolio_url="",
        linkedin_url="",
        national_id="",
        identity_note="",
        identity_status=IdentityStatus.UNVERIFIED,
        updated_at=now,
    )
    profile.skills.clear()
    profile.languages.clear()
    profile.work_cities.clear()
    Qualification.objects.filter(profile=profile).delete()
    GuardianConsent.objects.filter(profile=profile).delete()
    VolunteerTerm.objects.filter(profile=profile).delete()
    Alert.objects.filter(volunteer=profile).delete()
    AlertPreference.objects.filter(volunteer=profile).delete()
    Portfolio.objects.filter(volunteer=profile).delete()
    Thanks.objects.filter(volunteer=profile).update(shown_publicly=False)
    # Certificates stay valid and counted; the name frozen on them goes.
    Certificate.objects.filter(volunteer=profile).update(volunteer_name=ERASED_NAME)
    VolunteerSurvey.objects.filter(volunteer=profile).update(recommend_reason="", suggestions="", custom_answers=[])
    CourseCompletion.objects.filter(volunteer=profile).update(evidence_url="", note="")


# --- retention -----------------------------------------------------------------------------------


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter month)."""
    import calendar

    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class RetentionRule:
    """One kind of data, how long it is kept and what happens then. The privacy page renders
    this table, so what it promises and what the job does are the same thing."""

    code: str
    data: Promise
    action: Promise
    setting: str  # the settings name holding the period
    unit: str  # "months" or "days"
    find: Callable[[dt.datetime], models.QuerySet]
    apply: Callable[[models.QuerySet, dt.datetime], tuple[int, int]]  # (done, skipped)
    listed: bool = True  # shown on the privacy page

    @property
    def period(self) -> int:
        return int(getattr(settings, self.setting))

    def cutoff(self, now: dt.datetime) -> dt.datetime:
        if self.unit == "months":
            return months_before(now, self.period)
        return now - dt.timedelta(days=self.period)


def _closed_applications(now):
    from khibra.recruitment.models import Application, ApplicationStatus

    cutoff = months_before(now, settings.PRIVACY_CLOSED_APPLICATION_MONTHS)
    has_text = ~Q(motivation="") | ~Q(pass_note="") | ~Q(withdrawn_reason="") | ~Q(answers={})
    return (
        Application.objects.filter(status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN])
        .annotate(closed_at=Coalesce("decided_at", "updated_at"))
        .filter(has_text, closed_at__lt=cutoff)
    )


def _clear_applications(found, now) -> tuple[int, int]:
    from khibra.recruitment.models import Application, Interview

    ids = list(found.values_list("pk", flat=True))
    Interview.objects.filter(application_id__in=ids).update(notes="")
    done = Application.objects.filter(pk__in=ids).update(motivation="", answers={}, pass_note="", withdrawn_reason="")
    return done, 0


def _refused_identities(now):
    from khibra.volunteers.models import IdentityStatus, VolunteerProfile

    cutoff = months_before(now, settings.PRIVACY_REFUSED_IDENTITY_MONTHS)
    return VolunteerProfile.objects.filter(
        identity_status=IdentityStatus.REJECTED, identity_checked_at__lt=cutoff
    ).exclude(national_id="", identity_note="")


def _clear_identities(found, now) -> tuple[int, int]:
    return found.update(national_id="", identity_note=""), 0


def _read_notifications(now):
    from khibra.core.models import Notification

    return Notification.objects.filter(read_at__lt=months_before(now, settings.PRIVACY_READ_NOTIFICATION_MONTHS))


def _sent_emails(now):
    from khibra.core.models import OutboundEmail

    cutoff = now - dt.timedelta(days=settings.PRIVACY_SENT_EMAIL_DAYS)
    return OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT, sent_at__lt=cutoff)


def _sent_phone_notices(now):
    from khibra.core.models import OutboundMessage

    cutoff = now - dt.timedelta(days=settings.PRIVACY_SENT_MESSAGE_DAYS)
    return OutboundMessage.objects.filter(status__in=["sent", "failed"], updated_at__lt=cutoff)


def _delete(found, now) -> tuple[int, int]:
    deleted, _per_model = found.delete()
    return deleted, 0


def _with_last_seen(queryset):
    """Users with `last_seen`: the latest of joining, signing in and what the apps above report
    through `hooks.last_activity` (using an API token)."""
    signed_in = Coalesce("last_login", "date_joined")
    elsewhere = [
        Coalesce(Subquery(activity, output_field=DateTimeField()), "date_joined")
        for activity in hooks.last_activity()
    ]
    if not elsewhere:
        return queryset.annotate(last_seen=signed_in)
    return queryset.annotate(last_seen=Greatest(signed_in, *elsewhere, output_field=DateTimeField()))


def _erasable_users():
    return User.objects.filter(is_active=True, is_staff=False, is_superuser=False).exclude(
        Exists(Erasure.objects.filter(user=OuterRef("pk")))
    )


def _to_warn(now):
    months = settings.PRIVACY_INACTIVE_ACCOUNT_MONTHS
    warn_from = months_before(now, months) + dt.timedelta(days=settings.PRIVACY_INACTIVE_WARNING_DAYS)
    warned = InactivityWarning.objects.filter(user=OuterRef("pk"), last_seen_at=OuterRef("last_seen"))
    return _with_last_seen(_erasable_users()).filter(last_seen__lt=warn_from).exclude(Exists(warned)).order_by("pk")


def _warn(found, now) -> tuple[int, int]:
    done = 0
    for user in found:
        with transaction.atomic():
            _warning, created = InactivityWarning.objects.get_or_create(
                user=user, last_seen_at=user.last_seen, defaults={"warned_at": now}
            )
            if not created:
                continue
            erase_on = now + dt.timedelta(days=settings.PRIVACY_INACTIVE_WARNING_DAYS)
            with translation.override(user.preferred_language or "ar"):
                subject = gettext("Your Khibra account will be anonymised")
                body = gettext(
                    "You have not signed in to Khibra for a long time. Under our retention rules your account "
                    "will be anonymised on %(date)s: your name, contact details and profile are removed, and your "
                    "approved hours stay only in the organizations' totals.\n\n"
                    "To keep your account, sign in before then: %(url)s"
                ) % {"date": erase_on.date().isoformat(), "url": settings.SITE_URL + reverse("account_login")}
            queue_email(
                to=user.email,
                subject=subject,
                body_text=body,
                dedupe_key=f"privacy-inactive:{user.pk}:{int(user.last_seen.timestamp())}",
            )
            done += 1
    return done, 0


def _inactive_accounts(now):
    cutoff = months_before(now, settings.PRIVACY_INACTIVE_ACCOUNT_MONTHS)
    warned_long_ago = InactivityWarning.objects.filter(
        user=OuterRef("pk"),
        last_seen_at=OuterRef("last_seen"),
        warned_at__lte=now - dt.timedelta(days=settings.PRIVACY_INACTIVE_WARNING_DAYS),
    )
    users = _with_last_seen(_erasable_users()).filter(last_seen__lt=cutoff)
    return users.filter(Exists(warned_long_ago)).order_by("pk")


def _erase_inactive(found, now) -> tuple[int, int]:
    done = skipped = 0
    for user in found:
        try:
            done += erase_account(user=user, reason=ErasureReason.INACTIVE, now=now)
        except ValidationError:
            skipped += 1  # a sole organization admin: their organization needs them first
    return done, skipped


RETENTION_RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        "closed_applications",
        _("Applications that were not selected or were withdrawn"),
        _(
            "What the applicant wrote (motivation, answers) and the organization's notes are cleared; "
            "the status stays for the counts."
        ),
        "PRIVACY_CLOSED_APPLICATION_MONTHS",
        "months",
        _closed_applications,
        _clear_applications,
    ),
    RetentionRule(
        "refused_identities",
        _("ID numbers of identity checks that were not accepted"),
        _("The ID number and the review note are cleared."),
        "PRIVACY_REFUSED_IDENTITY_MONTHS",
        "months",
        _refused_identities,
        _clear_identities,
    ),
    RetentionRule(
        "read_notifications",
        _("Notifications you have read"),
        _("Deleted."),
        "PRIVACY_READ_NOTIFICATION_MONTHS",
        "months",
        _read_notifications,
        _delete,
    ),
    RetentionRule(
        "sent_emails",
        _("E-mails the platform sent you"),
        _("Deleted from the outbox (the copy in your mailbox is yours)."),
        "PRIVACY_SENT_EMAIL_DAYS",
        "days",
        _sent_emails,
        _delete,
    ),
    RetentionRule(
        "sent_phone_notices",
        _("SMS and WhatsApp notices the platform sent you"),
        _("Deleted from the phone outbox (with the number they went to)."),
        "PRIVACY_SENT_MESSAGE_DAYS",
        "days",
        _sent_phone_notices,
        _delete,
    ),
    RetentionRule(
        "inactive_warnings",
        _("Accounts about to reach the inactivity limit"),
        _("A warning e-mail, once."),
        "PRIVACY_INACTIVE_ACCOUNT_MONTHS",
        "months",
        _to_warn,
        _warn,
        listed=False,
    ),
    RetentionRule(
        "inactive_accounts",
        _("Accounts with no sign-in"),
        _(
            "The account is anonymised as on a request for erasure, after a warning e-mail; "
            "approved hours and certificates stay in the totals."
        ),
        "PRIVACY_INACTIVE_ACCOUNT_MONTHS",
        "months",
        _inactive_accounts,
        _erase_inactive,
    ),
)


@dataclass(frozen=True)
class RuleOutcome:
    code: str
    found: int
    done: int = 0
    skipped: int = 0


def apply_retention(*, now=None, dry_run: bool = False) -> list[RuleOutcome]:
    """Apply every retention rule once. Idempotent: a rule finds only what still needs doing.
    With `dry_run`, count what each rule would touch and change nothing."""
    now = now or timezone.now()
    outcomes = []
    for rule in RETENTION_RULES:
        found = rule.find(now)
        count = found.count()
        if dry_run or count == 0:
            outcomes.append(RuleOutcome(rule.code, count))
            continue
        with transaction.atomic():
            done, skipped = rule.apply(found, now)
        outcomes.append(RuleOutcome(rule.code, count, done, skipped))
    return outcomes


def retention_table() -> list[RetentionRule]:
    return [rule for rule in RETENTION_RULES if rule.listed]

