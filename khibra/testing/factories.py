"""factory_boy factories with Arabic sample data, shared by every app's tests."""

import datetime as dt

from django.utils import timezone
import factory

from khibra.accounts.models import User
from khibra.organizations.models import Membership, Organization
from khibra.reference.models import City, Field, Profession
from khibra.volunteers.models import VolunteerProfile

ARABIC_NAMES = ["سارة العتيبي", "محمد القحطاني", "نورة الشهري", "عبدالله الغامدي", "ريم الدوسري", "فهد الحربي"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.sa")
    full_name = factory.Sequence(lambda n: ARABIC_NAMES[n % len(ARABIC_NAMES)])
    password = factory.PostGenerationMethodCall("set_password", "كلمة-مرور-قوية-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def city(code: str = "riyadh") -> City:
    return City.objects.get(code=code)


def field(code: str = "finance-accounting") -> Field:
    return Field.objects.get(code=code)


def profession(code: str = "chartered-accountant") -> Profession:
    return Profession.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.NONPROFIT
    name_ar = factory.Sequence(lambda n: f"جمعية الخير رقم {n}")
    name_en = factory.Sequence(lambda n: f"Al-Khair Association {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    registration_number = factory.Sequence(lambda n: f"{1000 + n}")
    city = factory.LazyFunction(lambda: city("jeddah"))
    contact_email = factory.Sequence(lambda n: f"contact{n}@org.example.sa")
    description = "جمعية خيرية تخدم المجتمع المحلي."
    verification_status = Organization.Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.ADMIN


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    user = factory.SubFactory(UserFactory)
    city = factory.LazyFunction(lambda: city("riyadh"))
    phone = "0501234567"
    headline = "محاسب قانوني بخبرة عشر سنوات"
    years_of_experience = 10
    hours_per_week = 5


# --- volunteers -------------------------------------------------------------------------------


def national_id(body: str = "100000000") -> str:
    """A valid national ID (body starts with 1) or iqama number (2): nine digits + the Luhn check digit."""
    from khibra.volunteers.verification import id_checksum_ok

    for check in "0123456789":
        if id_checksum_ok(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always fits")


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.Qualification"

    profile = factory.SubFactory(VolunteerProfileFactory)
    kind = "degree"
    title = "بكالوريوس المحاسبة"
    institution = "جامعة الملك سعود"
    year = 2012


# --- programs ---------------------------------------------------------------------------------

READY_PROGRAM_NAME = "برنامج التطوع الاحترافي"


def make_program_ready(program, *, answer: str = "yes"):
    """Answer the eight readiness criteria (step 5) `answer` ("yes": the program is ready)."""
    from khibra.programs.models import ReadinessAssessment, ReadinessItem
    from khibra.programs.readiness import CRITERIA

    assessment, _created = ReadinessAssessment.objects.get_or_create(program=program)
    assessment.items.all().delete()
    ReadinessItem.objects.bulk_create(ReadinessItem(assessment=assessment, criterion=c.code, answer=answer) for c in CRITERIA)
    return program


def program_of(organization: Organization, *, ready: bool = True, name: str = READY_PROGRAM_NAME):
    """The organization's program called `name`, created when missing (with its nine plan steps
    and an empty needs assessment, as programs.services.create_program does); `ready`: its
    readiness check answered "yes" throughout. Factory-made opportunities join it by default."""
    from khibra.programs.models import ActionPlanStep, NeedsAssessment, Program

    program = Program.objects.filter(organization=organization, name=name).first()
    if program is None:
        today = timezone.localdate()
        program = Program.objects.create(
            organization=organization,
            name=name,
            goal="سد احتياجات الجمعية بخبرات المتطوعين المحترفين.",
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=365),
        )
        ActionPlanStep.objects.bulk_create(ActionPlanStep(program=program, step=number) for number in range(1, 10))
        NeedsAssessment.objects.create(program=program)
        if ready:
            make_program_ready(program)
    return program


# --- opportunities ----------------------------------------------------------------------------


class OpportunityFactory(factory.django.DjangoModelFactory):
    """The guide's example (Table 3): a Python website developer, 20 days × 5 hours, remote.

    A complete draft in the organization's ready program (`program_of`): fields and two tasks are
    added; only the service model (step 3) is left to choose. `OpportunityFactory(tasks=[])` or `fields=[]` leave them out.
    """

    class Meta:
        model = "opportunities.Opportunity"
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    # Every opportunity belongs to a program: by default the organization's ready one (program_of).
    program = factory.LazyAttribute(lambda o: program_of(o.organization))
    title = "مطور موقع إلكتروني بلغة بايثون"
    description = "برمجة موقع الجمعية بلغة بايثون بأقسام يتصفحها الزائر ويتفاعل معها."
    deliverables = "موقع إلكتروني مختبر وجاهز للإطلاق."
    responsibilities = "اجتماع أسبوعي مع أصحاب المصلحة وتقرير أسبوعي."
    requirements = "خبرة في برمجة المواقع بلغة بايثون ثلاث سنوات فأكثر."
    min_years_experience = 3
    nature = "remote"
    duration_days = 20
    hours_per_day = 5
    hours_per_week = 25
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=34))

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):
        if create:
            obj.fields.set(extracted if extracted is not None else [field("digital-infrastructure")])

    @factory.post_generation
    def tasks(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [("تسليم تصور أولي للموقع", 5), ("تسليم واجهة الموقع", 10)]
        for title, day in extracted:
            obj.tasks.create(title=title, due_on=obj.starts_on + dt.timedelta(days=day))


# --- matching ---------------------------------------------------------------------------------


def charter_policy():
    """The volunteer ethics charter in force (version 1), created when missing."""
    from khibra.accounts.models import Policy, PolicyKind

    policy, _created = Policy.objects.get_or_create(
        kind=PolicyKind.CHARTER,
        version=1,
        defaults={"title_ar": "ميثاق أخلاقيات التطوع", "title_en": "Volunteer ethics charter", "body_ar": "نص الميثاق.", "body_en": "The charter."},
    )
    return policy


def matching_volunteer(
    *,
    fields=("finance-accounting",),
    profession_code: str | None = "chartered-accountant",
    city_code: str = "riyadh",
    languages=("ar",),
    charter: bool = True,
    **values,
) -> VolunteerProfile:
    """A volunteer who passes the hard filters of matching: charter accepted, speaks Arabic,
    10 hours a week, works in person or remotely; term keys refreshed."""
    from khibra.accounts.services import accept_policy
    from khibra.matching.index import refresh_volunteer
    from khibra.reference.models import Language

    values.setdefault("hours_per_week", 10)
    values.setdefault("years_of_experience", 5)
    values.setdefault("work_mode", "both")
    profile = VolunteerProfileFactory(
        city=city(city_code), profession=profession(profession_code) if profession_code else None, **values
    )
    profile.fields.set([field(code) for code in fields])
    profile.languages.set(Language.objects.filter(code__in=languages))
    if charter:
        charter_policy()
        accept_policy(user=profile.user, kind="charter")
    refresh_volunteer(profile)
    return profile


def matching_opportunity(*, by=None, **values):
    """An opportunity published through the service (a manager of its organization publishes)."""
    from khibra.opportunities.services import publish_opportunity

    values.setdefault("service_model", "skills_based")
    values.setdefault("hours_per_week", 5)
    values.setdefault("hours_per_day", 1)
    if "organization" not in values:
        values["organization"] = OrganizationFactory()
    if by is None:
        by = MembershipFactory(organization=values["organization"], role=Membership.Role.ADMIN).user
    from khibra.matching.index import refresh_opportunity

    opportunity = OpportunityFactory(created_by=by, **values)
    opportunity = publish_opportunity(opportunity=opportunity, by=by)
    refresh_opportunity(opportunity)  # what the fan-out task does after the commit
    return opportunity


# --- recruitment (selection) ------------------------------------------------------------------


def language(code: str = "ar"):
    from khibra.reference.models import Language

    return Language.objects.get(code=code)


def ready_volunteer(profile: VolunteerProfile | None = None, *, languages=("ar",)) -> VolunteerProfile:
    """A volunteer who may apply: the ethics charter accepted and Arabic among their languages."""
    from khibra.accounts.services import accept_policy

    profile = profile or VolunteerProfileFactory()
    profile.languages.set([language(code) for code in languages])
    accept_policy(user=profile.user, kind="charter")
    return profile


class ScreeningQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "recruitment.ScreeningQuestion"

    opportunity = factory.SubFactory(OpportunityFactory)
    text = "ما أبرز مشروع برمجي أنجزته بلغة بايثون؟"
    required = True
    order = factory.Sequence(lambda n: n)


def published_opportunity(organization: Organization, **overrides):
    """An OpportunityFactory opportunity, published (status and time set directly)."""
    values = {"status": "published", "published_at": timezone.now(), "seats": 2, **overrides}
    return OpportunityFactory(organization=organization, **values)


# --- agreements ---------------------------------------------------------------------------------


def accept_agreement(engagement):
    """The engagement's volunteer accepts the current version of its agreement, which opens the
    work (hours, submissions, completion, certificates). The ethics charter is accepted first when
    needed, and a first version is generated for engagements made without one. Returns the
    acceptance (None for service models that need no agreement)."""
    from khibra.accounts.selectors import has_accepted_current
    from khibra.accounts.services import accept_policy
    from khibra.agreements import services as agreement_services
    from khibra.agreements.selectors import agreement_gate, current_agreement

    user = engagement.volunteer.user
    opportunity = engagement.opportunity
    if not agreement_gate(user=user, opportunity=opportunity).required:
        return None
    agreement = current_agreement(opportunity) or agreement_services._next_version(opportunity, by=None)
    if not has_accepted_current(user, "charter"):
        charter_policy()
        accept_policy(user=user, kind="charter")
    return agreement_services.accept_volunteer_agreement(agreement=agreement, volunteer=user)


def approved_hours(engagement, *, by, hours: str = "3", date: dt.date | None = None):
    """Hours the volunteer logs on the engagement (its agreement accepted) and `by` (a reviewer of
    the organization) approves. Returns the approved entry."""
    from decimal import Decimal

    from khibra.hours import services as hour_services

    entry = hour_services.log_hours(
        engagement=engagement, by=engagement.volunteer.user, date=date or timezone.localdate(), hours=Decimal(hours)
    )
    return hour_services.approve_hours(entry=entry, by=by)


def signed_partnership(*, organization: Organization, partner: Organization, opportunity, starts_on=None, ends_on=None):
    """A partnership agreement for `opportunity` that the non-profit and the provider both accepted
    (through the services: annex A generated, proposed, accepted by each party). A provider's
    team may take on the opportunity under it."""
    from khibra.agreements import services as agreement_services
    from khibra.agreements.selectors import current_agreement

    today = timezone.localdate()
    manager = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    coordinator = MembershipFactory(organization=partner, role=Membership.Role.ADMIN).user
    if current_agreement(opportunity) is None:
        agreement_services._next_version(opportunity, by=manager)
    agreement = agreement_services.create_partner_agreement(
        organization=organization, partner=partner, opportunity=opportunity, by=manager,
        impact_preamble="أن يستفيد المجتمع من خبرات موظفي الشريك.", volunteers_count=3,
        starts_on=starts_on or today - dt.timedelta(days=7), ends_on=ends_on or today + dt.timedelta(days=90),
        partner_obligations="ترشيح فريق من الموظفين وتفريغهم ساعات أسبوعية.",
        communication_channels="البريد الإلكتروني", communication_frequency="اجتماع أسبوعي",
        deliverables_follow_up="مراجعة كل مرحلة مع المشرف.",
    )
    agreement_services.propose_partner_agreement(agreement=agreement, by=manager)
    agreement_services.accept_partner_agreement(agreement=agreement, by=manager)
    return agreement_services.accept_partner_agreement(agreement=agreement, by=coordinator)
