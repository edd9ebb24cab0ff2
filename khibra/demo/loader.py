"""Build the demo world through the same services the product uses.

Idempotent: every person is keyed on their e-mail address and every organization on its type and
registration number; whatever exists already is left exactly as it is. The only direct writes are
the ones no service owns: creating the user row with the shared demo password, and the verified
allauth e-mail address that lets the person log in.
"""

from dataclasses import dataclass, field
import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from khibra.accounts import services as account_services
from khibra.accounts.models import User
from khibra.organizations import services as organization_services
from khibra.organizations.models import Membership, Organization
from khibra.reference.models import City, Field, Language, Profession
from khibra.volunteers import services as volunteer_services
from khibra.volunteers.models import DayPart, IdentityStatus, VolunteerProfile, Weekday

from . import data, evaluation, journeys, places, programs, providers, teams, training

DAYS = {
    "sun": Weekday.SUNDAY,
    "mon": Weekday.MONDAY,
    "tue": Weekday.TUESDAY,
    "wed": Weekday.WEDNESDAY,
    "thu": Weekday.THURSDAY,
    "fri": Weekday.FRIDAY,
    "sat": Weekday.SATURDAY,
}
TIMES = {"morning": DayPart.MORNING, "afternoon": DayPart.AFTERNOON, "evening": DayPart.EVENING}
ROLE_LABELS = {
    Membership.Role.ADMIN: "Organization admin",
    Membership.Role.VOLUNTEER_MANAGER: "Volunteer manager",
    Membership.Role.SUPERVISOR: "Supervisor",
    Membership.Role.COORDINATOR: "Provider coordinator",
}
MINOR_AGE_YEARS = 16.5


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str


@dataclass
class DemoReport:
    users: int = 0
    organizations: int = 0
    memberships: int = 0
    volunteers: int = 0
    programs: int = 0
    opportunities: int = 0
    logins: list[DemoLogin] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.users or self.organizations or self.memberships or self.volunteers or self.programs or self.opportunities
        )


class _Reference:
    """Reference rows by code, loaded once."""

    def __init__(self):
        self.cities = {row.code: row for row in City.objects.all()}
        self.fields = {row.code: row for row in Field.objects.all()}
        self.languages = {row.code: row for row in Language.objects.all()}
        self.professions = {row.code: row for row in Profession.objects.all()}


class Loader:
    def __init__(self, *, password: str):
        self.hashed_password = make_password(password)  # hashed once: one password for every account
        self.report = DemoReport()
        self.ref = _Reference()
        self.staff: User | None = None

    # --- people ----------------------------------------------------------------------------------

    def user(self, person: data.Person, *, is_staff: bool = False, is_superuser: bool = False) -> User:
        address = person.email.lower()
        user = User.objects.filter(email__iexact=address).first()
        if user is None:
            user = User(
                email=address,
                full_name=person.name,
                preferred_language=person.language,
                is_staff=is_staff or is_superuser,
                is_superuser=is_superuser,
                password=self.hashed_password,
            )
            user.full_clean()
            user.save()
            # Signing up includes the personal-data consent; the demo people did the same.
            account_services.accept_privacy(user=user)
            self.report.users += 1
        if not EmailAddress.objects.filter(user=user, email__iexact=address).exists():
            EmailAddress.objects.create(user=user, email=address, verified=True, primary=True)
        return user

    def login(self, role: str, user: User) -> None:
        self.report.logins.append(DemoLogin(role=role, email=user.email))

    # --- organizations ---------------------------------------------------------------------------

    def organization(self, spec: data.DemoOrganization) -> Organization:
        admin = self.user(spec.admin)
        organization = Organization.objects.filter(kind=spec.kind, registration_number=spec.registration_number).first()
        if organization is None:
            organization = organization_services.register_organization(
                by=admin,
                kind=spec.kind,
                name_ar=spec.name_ar,
                name_en=spec.name_en,
                registration_number=spec.registration_number,
                city=self.ref.cities[spec.city],
                fields=[self.ref.fields[code] for code in spec.fields],
                description=spec.description,
                contact_email=spec.contact_email,
                contact_phone=spec.contact_phone,
            )
            if spec.verified:
                organization = organization_services.verify_organization(organization=organization, by=self.staff)
            self.report.organizations += 1
        label = "" if spec.verified else " (pending verification)"
        self.login(f"{ROLE_LABELS[Membership.Role.ADMIN]} — {spec.name_en}{label}", admin)

        for role, person in spec.members:
            member = self.user(person)
            if not Membership.objects.filter(organization=organization, user=member).exists():
                organization_services.add_member(organization=organization, user=member, role=role, by=admin)
                self.report.memberships += 1
            self.login(f"{ROLE_LABELS[role]} — {spec.name_en}", member)
        return organization

    # --- volunteers ------------------------------------------------------------------------------

    def volunteer(self, spec: data.DemoVolunteer, index: int) -> VolunteerProfile:
        user = self.user(data.Person(spec.email, spec.name, spec.language))
        profile = VolunteerProfile.objects.filter(user=user).first()
        if profile is not None:
            return profile

        profile = volunteer_services.save_profile(
            user=user,
            city=self.ref.cities[spec.city],
            phone=f"05{index % 10}{7000000 + index * 1373:07d}",
            gender=spec.gender,
            birth_date=self._birth_date(spec, index),
            headline=spec.headline,
            bio=spec.bio,
            profession=self.ref.professions[spec.profession] if spec.profession else None,
            specialty=spec.specialty,
            years_of_experience=spec.years,
            fields=[self.ref.fields[code] for code in spec.fields],
            skills=list(spec.skills),
            languages=[self.ref.languages[code] for code in spec.languages],
            hours_per_week=spec.hours,
            available_days=[DAYS[day] for day in spec.days.split()],
            available_times=[TIMES[time] for time in spec.times.split()],
            work_mode=spec.work_mode,
            work_cities=[self.ref.cities[code] for code in spec.work_cities],
            portfolio_url=spec.portfolio_url,
        )
        for qualification in spec.qualifications:
            volunteer_services.add_qualification(
                profile=profile,
                kind=qualification.kind,
                title=qualification.title,
                institution=qualification.institution,
                year=qualification.year,
            )
        if spec.charter:
            volunteer_services.accept_charter(user=user)
        if spec.guardian:
            volunteer_services.record_guardian_consent(
                profile=profile,
                guardian_name=spec.guardian.name,
                relationship=spec.guardian.relationship,
                guardian_phone=spec.guardian.phone,
                by=user,
            )
        if spec.identity:
            national_id, outcome = spec.identity
            profile = volunteer_services.submit_identity(profile=profile, national_id=national_id, by=user)
            if outcome == "verified" and profile.identity_status == IdentityStatus.PENDING:
                profile = volunteer_services.review_identity(profile=profile, by=self.staff, approve=True)
        self.report.volunteers += 1
        return profile

    @staticmethod
    def _birth_date(spec: data.DemoVolunteer, index: int) -> dt.date:
        if spec.birth_year is None:  # the minor stays a minor whenever the demo is loaded
            return timezone.localdate() - dt.timedelta(days=round(365.25 * MINOR_AGE_YEARS))
        return dt.date(spec.birth_year, index % 12 + 1, index * 7 % 28 + 1)

    # --- the whole world -------------------------------------------------------------------------

    def run(self) -> DemoReport:
        superuser = self.user(data.SUPERUSER, is_superuser=True)
        self.login("Platform staff — superuser (admin site)", superuser)
        self.staff = self.user(data.STAFF, is_staff=True)
        self.login("Platform staff — verification", self.staff)

        for spec in data.ORGANIZATIONS:
            self.organization(spec)

        volunteers = {}
        for index, spec in enumerate(data.VOLUNTEERS, start=1):
            self.volunteer(spec, index)
            volunteers[spec.local] = spec
        for role, local in data.FEATURED_VOLUNTEERS:
            spec = volunteers[local]
            self.report.logins.append(DemoLogin(role=role, email=spec.email))
        programs.load(self.report)
        # Each area adds its part of the demo world on top of the programs (order matters:
        # providers apply members before training requires a course; values read the hours).
        for part in DEMO_PARTS:
            part.load(self.report)
        return self.report


DEMO_PARTS = (places, providers, teams, training, evaluation, journeys)


def load(*, password: str = data.DEMO_PASSWORD) -> DemoReport:
    """Create whatever part of the demo world is missing, in one transaction."""
    with transaction.atomic():
        return Loader(password=password).run()


__all__ = ["DemoLogin", "DemoReport", "load"]
