"""Sign-up, the caller's volunteer profile and the ethics charter (see khibra/api/__init__.py).

Sign-up validates with the web's allauth form and sends the same verification e-mail; the profile
is validated with the web's ProfileForm and saved by the same services, in one transaction."""

import datetime as dt
from typing import Annotated

from allauth.account import signals
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from khibra.accounts import services as account_services
from khibra.accounts.forms import SignupForm
from khibra.accounts.models import PolicyKind
from khibra.api.auth import require_personal
from khibra.api.errors import ERRORS, ApiError, ErrorOut
from khibra.api.forms import form_error, validated
from khibra.api.schemas import Ref, display, resolver
from khibra.volunteers import access, selectors, services
from khibra.volunteers.forms import ProfileForm, add_service_errors
from khibra.volunteers.levels import derive_level
from khibra.volunteers.models import DayPart, Gender, Level, VolunteerProfile, Weekday, WorkMode

router = Router(tags=["volunteers"])

MAX_ID = 2**31 - 1
# An id in a list: bounded so that no value can overflow a database integer.
ListId = Annotated[int, Field(ge=1, le=MAX_ID)]


# --- sign-up ---------------------------------------------------------------------------------------


class SignupIn(Schema):
    full_name: str = Field(..., max_length=150)
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=4096)
    accept_privacy: bool = Field(..., description="Consent to the processing of personal data (the privacy notice).")


class SignupOut(Schema):
    email: str
    detail: str


# The form asks for the password twice; the API once. Its errors are told under `password`.
_SIGNUP_FIELD_NAMES = {"password1": "password", "password2": "password"}


def _signup_error(form: SignupForm) -> ApiError:
    error = form_error(form)
    fields: dict[str, list[str]] = {}
    for name, messages in error.fields.items():
        target = fields.setdefault(_SIGNUP_FIELD_NAMES.get(name, name), [])
        target.extend(message for message in messages if message not in target)
    error.fields = fields
    return error


@router.post(
    "/volunteers/",
    auth=None,
    response={202: SignupOut, **ERRORS},
    summary="Sign up (an account, then the confirmation e-mail)",
    description=(
        "The answer is the same whether or not the address already has an account, so that nobody "
        "learns who is registered: a new address gets the confirmation e-mail, a registered one an "
        "e-mail saying that somebody tried to sign up with it."
    ),
)
def sign_up(request, payload: SignupIn):
    # The web's sign-up page is limited the same way (ACCOUNT_RATE_LIMITS["signup"]).
    if not ratelimit.consume(request, action="signup"):
        raise ApiError(429, "rate_limited", _("Too many requests. Wait a little and try again."))
    form = SignupForm(
        data={
            "full_name": payload.full_name,
            "email": payload.email,
            "password1": payload.password,
            "password2": payload.password,
            "accept_privacy": payload.accept_privacy,
        }
    )
    if not form.is_valid():
        raise _signup_error(form)
    email = form.cleaned_data["email"]
    if form.account_already_exists:  # ACCOUNT_PREVENT_ENUMERATION: valid, but nothing is created
        account_services.answer_signup_for_taken_email(request=request, email=email, password=payload.password)
    else:
        with transaction.atomic():
            user = form.save(request)  # the user, the EmailAddress row and the privacy consent
            # What allauth's complete_signup does next: the signal, then the confirmation e-mail.
            signals.user_signed_up.send(sender=user.__class__, request=request, user=user)
            address = EmailAddress.objects.get(user=user, email__iexact=user.email)
            send_verification_email_to_address(request, address, signup=True)
    return Status(
        202,
        {
            "email": email,
            "detail": _("We sent an e-mail to this address. Follow it to confirm the address, then ask for a token."),
        },
    )


# --- the caller's profile --------------------------------------------------------------------------


def _level(profile: VolunteerProfile) -> tuple[str, list]:
    """The derived level and its reasons, worked out once per profile read."""
    if not hasattr(profile, "_api_level"):
        profile._api_level = derive_level(profile)
    return profile._api_level


class ProfileOut(Schema):
    # Read from the model: each plain field by its name, the rest through the resolvers.

    id: int
    full_name: str
    email: str
    city: Ref | None
    phone: str
    gender: str = Field(..., description="female, male or empty (not said).")
    birth_date: dt.date | None
    headline: str
    bio: str
    profession: Ref | None
    specialty: str
    years_of_experience: int
    fields: list[Ref]
    skills: list[str]
    languages: list[Ref]
    hours_per_week: int
    available_days: list[int] = Field(..., description="Weekday values: 1 Sunday, 2 Monday, 4, 8, 16, 32, 64 Saturday.")
    available_times: list[int] = Field(..., description="Day parts: 1 morning, 2 afternoon, 4 evening.")
    work_mode: str
    work_cities: list[Ref]
    cv_url: str
    portfolio_url: str
    linkedin_url: str
    level: str
    level_display: str
    level_reasons: list[str]
    charter_accepted: bool
    identity_status: str
    identity_status_display: str
    blockers: list[str] = Field(..., description="What stops the volunteer from starting an engagement yet.")
    updated_at: dt.datetime

    resolve_full_name = resolver("full_name", lambda profile, _context: profile.user.full_name)
    resolve_email = resolver("email", lambda profile, _context: profile.user.email)
    resolve_skills = resolver(
        "skills", lambda profile, _context: [str(skill.name) for skill in profile.skills.order_by("name_ar")]
    )
    resolve_available_days = resolver("available_days", lambda profile, _context: profile.day_values)
    resolve_available_times = resolver("available_times", lambda profile, _context: profile.time_values)
    resolve_level = resolver("level", lambda profile, _context: _level(profile)[0])
    resolve_level_display = resolver("level_display", lambda profile, _context: str(Level(_level(profile)[0]).label))
    resolve_level_reasons = resolver(
        "level_reasons", lambda profile, _context: [str(reason) for reason in _level(profile)[1]]
    )
    resolve_charter_accepted = resolver(
        "charter_accepted",
        lambda profile, _context: selectors.policy_status(profile.user, PolicyKind.CHARTER).accepted_current is not None,
    )
    resolve_identity_status_display = display("identity_status")
    resolve_blockers = resolver(
        "blockers", lambda profile, _context: [str(blocker) for blocker in services.engagement_blockers(profile)]
    )


class ProfilePatch(Schema):
    """Only the keys sent change; the others keep their current values."""

    full_name: str | None = Field(None, max_length=150)
    city: int | None = Field(None, ge=1, le=MAX_ID)
    phone: str | None = Field(None, max_length=20)
    gender: Gender | None = Field(None, description="female, male, or null for not said.")
    birth_date: dt.date | None = None
    headline: str | None = Field(None, max_length=160)
    bio: str | None = Field(None, max_length=3000)
    profession: int | None = Field(None, ge=1, le=MAX_ID)
    specialty: str | None = Field(None, max_length=150)
    years_of_experience: int | None = Field(None, ge=0, le=1000)
    fields: list[ListId] | None = Field(None, max_length=100)
    skills: list[Annotated[str, Field(max_length=200)]] | None = Field(None, max_length=100)
    languages: list[ListId] | None = Field(None, max_length=100)
    hours_per_week: int | None = Field(None, ge=0, le=1000)
    available_days: list[Weekday] | None = Field(None, max_length=7)
    available_times: list[DayPart] | None = Field(None, max_length=3)
    work_mode: WorkMode | None = None
    work_cities: list[ListId] | None = Field(None, max_length=100)
    cv_url: str | None = Field(None, max_length=200)
    portfolio_url: str | None = Field(None, max_length=200)
    linkedin_url: str | None = Field(None, max_length=200)


def _profile_out(profile: VolunteerProfile) -> ProfileOut:
    return ProfileOut.from_orm(profile)


def _own_profile(request) -> VolunteerProfile:
    require_personal(request)
    profile = access.own_profile(request.user)
    if profile is None:
        raise ApiError(
            404, "no_profile", _("You have no volunteer profile yet. Create it with PATCH /api/v1/me/profile/.")
        )
    return profile


@router.get("/me/profile/", response={200: ProfileOut, **ERRORS}, summary="Your volunteer profile")
def get_profile(request):
    return _profile_out(_own_profile(request))


def _bound_data(user, profile: VolunteerProfile | None, changes: dict) -> dict:
    """What the web's form would show now (or its defaults for a first save), with the changes over it."""
    data = {name: field.initial for name, field in ProfileForm.base_fields.items() if field.initial is not None}
    if profile is not None:
        data.update(ProfileForm.initial_from(profile))
    data["full_name"] = user.full_name
    for name, value in changes.items():
        if name == "skills":
            value = ", ".join(value or [])
        elif name in ("available_days", "available_times"):
            value = [int(item) for item in value or []]
        elif name in ("fields", "languages", "work_cities"):
            value = value or []
        elif name in ("gender", "work_mode"):
            value = str(value.value if hasattr(value, "value") else value) if value is not None else ""
        elif value is None:
            value = ""
        data[name] = value
    # A date goes to DualDateField as a date: an ISO string is never re-read as a Hijri date.
    return {name: ("" if value is None else value) for name, value in data.items()}


@router.patch(
    "/me/profile/",
    response={200: ProfileOut, **ERRORS},
    summary="Change your volunteer profile (created on the first call)",
)
def update_profile(request, payload: ProfilePatch):
    require_personal(request)
    user = request.user
    profile = access.own_profile(user)
    form = ProfileForm(data=_bound_data(user, profile, payload.dict(exclude_unset=True)), user=user, profile=profile)
    validated(form)
    try:
        with transaction.atomic():
            services.update_full_name(user=user, full_name=form.cleaned_data["full_name"])
            services.save_profile(user=user, **form.service_arguments())
    except ValidationError as error:
        user.refresh_from_db(fields=["full_name"])
        add_service_errors(form, error)
        raise form_error(form) from None
    return _profile_out(access.own_profile(user))


# --- the ethics charter ----------------------------------------------------------------------------


class CharterAcceptIn(Schema):
    version: int | None = Field(
        None, ge=1, le=MAX_ID, description="The version you read; refused (409) when a newer one is in force."
    )


class CharterAcceptanceOut(Schema):
    accepted: bool
    version: int
    title: str
    accepted_at: dt.datetime


@router.post(
    "/me/charter/accept/",
    response={200: CharterAcceptanceOut, 409: ErrorOut, **ERRORS},
    summary="Accept the volunteer ethics charter in force",
)
def accept_charter(request, payload: CharterAcceptIn | None = None):
    require_personal(request)
    policy = account_services.current_policy(PolicyKind.CHARTER)
    if policy is None:
        raise Http404
    if payload is not None and payload.version is not None and payload.version != policy.version:
        raise ApiError(
            409, "conflict", _("This text has changed since you opened the page. Please read the current version.")
        )
    acceptance = services.accept_charter(user=request.user, request=request)
    return {"accepted": True, "version": policy.version, "title": str(policy.title), "accepted_at": acceptance.accepted_at}
