"""Read-only views of a volunteer's standing: policies accepted and what to do next."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from khibra.accounts.models import Policy, PolicyAcceptance, PolicyKind
from khibra.accounts.selectors import current_policy

from .models import GuardianConsent, IdentityStatus, VolunteerProfile


@dataclass(frozen=True)
class PolicyStatus:
    policy: Policy | None
    accepted_current: PolicyAcceptance | None = None
    # The latest acceptance of an older version, when the current one is not accepted yet.
    accepted_previous: PolicyAcceptance | None = None


def policy_status(user, kind: str) -> PolicyStatus:
    policy = current_policy(kind)
    if policy is None or user is None or not user.is_authenticated:
        return PolicyStatus(policy=policy)
    acceptances = (
        PolicyAcceptance.objects.filter(user=user, policy__kind=kind, withdrawn_at__isnull=True)
        .select_related("policy")
        .order_by("-policy__version")
    )
    current = next((a for a in acceptances if a.policy_id == policy.pk), None)
    previous = None if current else next((a for a in acceptances if a.policy.version < policy.version), None)
    return PolicyStatus(policy=policy, accepted_current=current, accepted_previous=previous)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    url: str = ""


@dataclass
class ProfileStanding:
    charter: PolicyStatus
    privacy: PolicyStatus
    guardian_consent: GuardianConsent | None
    is_minor: bool
    checklist: list[Step] = field(default_factory=list)

    @property
    def steps_left(self) -> int:
        return sum(1 for step in self.checklist if not step.done)


def profile_standing(profile: VolunteerProfile) -> ProfileStanding:
    """Everything the profile page shows about consents, identity and the next steps."""
    charter = policy_status(profile.user, PolicyKind.CHARTER)
    privacy = policy_status(profile.user, PolicyKind.PRIVACY)
    consent = GuardianConsent.objects.filter(profile=profile).first()
    minor = profile.is_minor()
    complete = bool(profile.city_id and (profile.profession_id or profile.specialty) and profile.hours_per_week)

    checklist = [
        Step(
            "profile",
            _("Complete your profile: city, profession and the hours you can give."),
            complete,
            reverse("volunteers:profile_edit"),
        ),
        Step(
            "charter",
            _("Accept the new version of the volunteer ethics charter.")
            if charter.accepted_previous
            else _("Read and accept the volunteer ethics charter."),
            charter.accepted_current is not None,
            reverse("volunteers:charter"),
        ),
        Step(
            "privacy",
            _("Agree to the privacy notice."),
            privacy.accepted_current is not None,
            reverse("volunteers:privacy"),
        ),
        Step(
            "qualifications",
            _("Add your degrees, certificates and licenses."),
            profile.qualifications.exists(),
            reverse("volunteers:profile") + "#qualifications",
        ),
        Step(
            "birth_date",
            _("Add your date of birth."),
            profile.birth_date is not None,
            reverse("volunteers:profile_edit"),
        ),
    ]
    if minor:
        checklist.append(
            Step(
                "guardian",
                _("Ask a parent or guardian to give their consent."),
                consent is not None,
                reverse("volunteers:guardian"),
            )
        )
    checklist.append(
        Step(
            "identity",
            _("Verify your identity with your national ID or iqama number."),
            profile.identity_status in (IdentityStatus.PENDING, IdentityStatus.VERIFIED),
            reverse("volunteers:identity"),
        )
    )
    return ProfileStanding(
        charter=charter, privacy=privacy, guardian_consent=consent, is_minor=minor, checklist=checklist
    )


def profile_model() -> type[VolunteerProfile]:
    """What makes a user a volunteer, for the navigation facts of the layers below
    (organizations.hooks.volunteer_profile_model)."""
    return VolunteerProfile


def notice_phone(user) -> str | None:
    """core.channels.phone_of: the profile's mobile number once verified by a one-time code; None
    without a profile, a number or its verification."""
    profile = VolunteerProfile.objects.filter(user=user).only("phone", "phone_verified_at").first()
    if profile is None or not profile.phone or profile.phone_verified_at is None:
        return None
    return profile.phone
