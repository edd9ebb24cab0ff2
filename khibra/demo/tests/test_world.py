"""`manage.py load_demo`: a realistic Arabic demo world, built through the services, loadable twice."""

from io import StringIO

from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory
from django.urls import reverse
import pytest

from khibra.accounts.models import PolicyAcceptance, PolicyKind, User
from khibra.agreements.models import VolunteerAgreement
from khibra.core.models import AuditEvent, OutboundEmail
from khibra.demo import data, loader
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership, Organization
from khibra.programs.models import Program
from khibra.reference.models import Skill
from khibra.volunteers.models import GuardianConsent, IdentityStatus, Level, Qualification, VolunteerProfile
from khibra.volunteers.verification import validate_saudi_id

pytestmark = pytest.mark.django_db

COUNTED = (
    User, EmailAddress, Organization, Membership, VolunteerProfile, Qualification, Skill, PolicyAcceptance,
    GuardianConsent, AuditEvent, OutboundEmail, Program, Opportunity, VolunteerAgreement,
)


def _load(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo(db):
    _load(quiet=True)


def test_it_loads_verified_nonprofits_in_different_cities(demo):
    nonprofits = Organization.objects.verified().nonprofits()
    assert nonprofits.count() >= 3
    assert nonprofits.values("city").distinct().count() >= 3
    assert nonprofits.filter(city__code="jeddah", name_ar__contains="الأيتام").exists()


def test_it_loads_a_verified_company_and_university(demo):
    providers = Organization.objects.verified().providers()
    assert providers.filter(kind=Organization.Kind.COMPANY).exists()
    assert providers.filter(kind=Organization.Kind.UNIVERSITY).exists()


def test_it_leaves_one_organization_waiting_for_verification(demo):
    assert Organization.objects.filter(verification_status=Organization.Status.PENDING).count() >= 1


def test_every_organization_has_the_staff_its_kind_needs(demo):
    for organization in Organization.objects.verified():
        roles = set(Membership.objects.active().filter(organization=organization).values_list("role", flat=True))
        if organization.kind == Organization.Kind.NONPROFIT:
            assert {Membership.Role.ADMIN, Membership.Role.VOLUNTEER_MANAGER, Membership.Role.SUPERVISOR} <= roles
        else:
            assert {Membership.Role.ADMIN, Membership.Role.COORDINATOR} <= roles


def test_it_creates_platform_staff_and_a_superuser(demo):
    assert User.objects.filter(is_superuser=True, is_staff=True).exists()
    assert User.objects.filter(is_staff=True, is_superuser=False).exists()


def test_it_loads_forty_varied_volunteers(demo):
    profiles = VolunteerProfile.objects.all()
    assert profiles.count() >= 40
    assert profiles.exclude(profession=None).values("profession").distinct().count() >= 25
    assert profiles.values("city").distinct().count() >= 10
    assert profiles.values("years_of_experience").distinct().count() >= 10
    assert Qualification.objects.values("profile").distinct().count() >= 30
    assert profiles.filter(languages__code="en").distinct().count() >= 10
    assert profiles.exclude(available_days=0).count() == profiles.count()
    levels = dict(profiles.values_list("level").annotate(n=Count("pk")))
    assert levels.keys() == {Level.GENERAL, Level.SKILLED, Level.PROFESSIONAL}


def test_some_identities_are_verified_and_some_wait_for_review(demo):
    verified = VolunteerProfile.objects.filter(identity_status=IdentityStatus.VERIFIED)
    assert verified.count() >= 1
    assert VolunteerProfile.objects.filter(identity_status=IdentityStatus.PENDING).count() >= 1
    assert all(profile.identity_checked_by and profile.identity_checked_by.is_staff for profile in verified)


def test_most_volunteers_accepted_the_charter_and_everyone_the_privacy_notice(demo):
    volunteers = VolunteerProfile.objects.count()
    charter = PolicyAcceptance.objects.filter(policy__kind=PolicyKind.CHARTER).count()
    assert volunteers / 2 < charter < volunteers
    privacy = PolicyAcceptance.objects.filter(policy__kind=PolicyKind.PRIVACY).values("user").distinct().count()
    assert privacy == User.objects.count()


def test_the_minor_has_a_guardians_consent(demo):
    consent = GuardianConsent.objects.select_related("profile").get()
    assert consent.profile.is_minor()


def test_demo_identity_numbers_pass_the_saudi_id_check():
    numbers = [spec.identity[0] for spec in data.VOLUNTEERS if spec.identity]
    assert len(numbers) >= 4
    assert {number[0] for number in numbers} == {"1", "2"}
    for number in numbers:
        assert validate_saudi_id(number) == number


def test_each_nonprofit_runs_a_program_with_published_opportunities(demo):
    from khibra.programs.steps import step_states

    # One program each, and Osar's finished first cycle of its governance program with the next one.
    assert Program.objects.order_by().values("organization").distinct().count() == 3
    assert Program.objects.count() == 5
    assert Opportunity.objects.public().count() >= 5
    assert Opportunity.objects.filter(status=Opportunity.Status.DRAFT).exists()
    orphan_care = Program.objects.get(organization__city__code="jeddah")
    assert [state.status for state in step_states(orphan_care)[:5]] == ["done"] * 5


def test_running_it_twice_changes_nothing(demo):
    before = _counts()
    output = _load()
    assert _counts() == before
    assert "nothing to do" in output


def test_it_leaves_an_existing_account_as_it_was(db):
    existing = User.objects.create_user(
        email="rayan.alosaimi@khibra.example", password="another-password-1", full_name="اسم آخر"
    )
    _load(quiet=True)
    existing.refresh_from_db()
    assert existing.full_name == "اسم آخر"
    assert existing.check_password("another-password-1")
    assert existing.volunteer_profile.headline  # the missing parts were still added


def test_every_demo_login_can_authenticate(db):
    report = loader.load()
    assert len(report.logins) >= 20
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="127.0.0.1")
    for login in report.logins:
        user = authenticate(request, email=login.email, password=data.DEMO_PASSWORD)
        assert user is not None, login.email
        assert EmailAddress.objects.filter(user=user, email=login.email, verified=True, primary=True).exists()


def test_a_demo_volunteer_logs_in_through_the_login_page(demo, client):
    response = client.post(
        reverse("account_login"), {"login": "sara.alotaibi@khibra.example", "password": data.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="sara.alotaibi@khibra.example").pk


def test_it_prints_the_demo_logins_and_the_password(db):
    output = _load()
    assert data.DEMO_PASSWORD in output
    for address in ("admin@khibra.example", "staff@khibra.example", "rabee.admin@khibra.example",
                    "rabee.manager@khibra.example", "rabee.supervisor@khibra.example",
                    "madar.coordinator@khibra.example", "sarat.coordinator@khibra.example",
                    "waha.admin@khibra.example", "sara.alotaibi@khibra.example"):
        assert address in output


def test_quiet_prints_nothing(db):
    assert _load(quiet=True) == ""


def test_it_refuses_to_run_on_a_production_site_unless_forced(db, settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError):
        _load(quiet=True)
    assert not User.objects.exists()
    _load(quiet=True, force=True)
    assert VolunteerProfile.objects.count() == len(data.VOLUNTEERS)
