"""A small known world for the dashboards, every figure of which the tests can work out by hand.

Organization A (non-profit): a running and an ended program; opportunities o1 (published,
professional, finance, 2 of 2 seats filled 6 days after publishing), o2 (closed, skilled, digital,
1 of 2 seats), o3 (draft), o4 (completed, general, individuals, 1 of 1 seat filled 3 days after
publishing); engagements: v1 completed on o1, v2 completed on o4 (30 beneficiaries), v3 withdrawn
on o2, v4 active on o1. Organization B: ob1 (published, professional, finance, 3 open seats) with
v5 completed. Provider P (company): v1 (paid participation on e1) and v4 (participation on the
active e4) are verified members. Provider Q (university): v5.

Approved hours (this month = M0): v1 10 h professional in M0 (tagged P, chartered accountant:
market rate 450), v2 5 h in M-1, v3 3 h in M-2, v5 7 h in M0 for B (tagged Q, no market rate);
one 20 h entry only submitted (never counts). National value 150 every year.

Engagements and hours are written directly, as the evaluation tests do: the engagements and hours
apps own the way there and test it; here only the figures matter.
"""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from django.utils import timezone
import pytest

from khibra.engagements.models import Engagement
from khibra.evaluation.models import HourlyValue, MarketRate
from khibra.hours.models import HourEntry
from khibra.programs import services as programs
from khibra.programs.models import Need
from khibra.providers.models import Participation, ProviderMember
from khibra.recruitment.models import Application
from khibra.testing.factories import (
    MembershipFactory,
    OpportunityFactory,
    OrganizationFactory,
    VolunteerProfileFactory,
    city,
    field,
    profession,
    program_of,
)

D = Decimal


def month_start(today: dt.date, back: int) -> dt.date:
    year, month = today.year, today.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


@dataclass
class World:
    org_a: object
    org_b: object
    provider_p: object
    provider_q: object
    coordinator_p: object
    coordinator_q: object
    volunteers: list
    opportunities: dict
    engagements: dict
    today: dt.date


def _volunteer(*, level, gender, age, city_code, fields, profession_code=None):
    today = timezone.localdate()
    birth = None if age is None else today.replace(year=today.year - age) - dt.timedelta(days=10)
    profile = VolunteerProfileFactory(
        gender=gender, birth_date=birth, city=city(city_code) if city_code else None,
        profession=profession(profession_code) if profession_code else None,
    )
    profile.fields.set([field(code) for code in fields])
    type(profile).objects.filter(pk=profile.pk).update(level=level)  # stored, normally derived by update_level()
    profile.refresh_from_db()
    return profile


def _accepted(opportunity, profile, decided_at):
    return Application.objects.create(
        opportunity=opportunity, volunteer=profile, status="accepted", motivation="خبرتي مناسبة لهذه الفرصة.",
        first_response_at=decided_at, decided_at=decided_at,
    )


def _engagement(opportunity, profile, status, *, reached=None):
    today = timezone.localdate()
    return Engagement.objects.create(
        opportunity=opportunity, volunteer=profile, status=status, started_on=today - dt.timedelta(days=60),
        ended_on=None if status == "active" else today - dt.timedelta(days=1), beneficiaries_reached=reached,
    )


def hours(engagement, amount, day, *, provider=None, status="approved"):
    opportunity = engagement.opportunity
    reviewed = status == "approved"
    return HourEntry.objects.create(
        engagement=engagement, date=day, hours=D(amount), status=status, submitted_by=engagement.volunteer.user,
        volunteer=engagement.volunteer, opportunity=opportunity, organization=opportunity.organization, level=opportunity.level,
        field_id=opportunity.fields.values_list("pk", flat=True).first(), city=opportunity.city, provider=provider,
        program=opportunity.program, reviewed_by=opportunity.created_by if reviewed else None,
        reviewed_at=timezone.now() if reviewed else None,
    )


def _member(provider, profile, by):
    return ProviderMember.objects.create(
        provider=provider, user=profile.user, status="verified", how="invitation", verified_by=by, verified_at=timezone.now()
    )


@pytest.fixture
def world(org_a, org_b, manager_a, manager_b) -> World:
    today = timezone.localdate()
    now = timezone.now()
    for year in (today.year - 1, today.year):
        HourlyValue.objects.update_or_create(field=None, year=year, defaults={"value_sar": D("150")})
        MarketRate.objects.create(profession=profession("chartered-accountant"), year=year, value_sar=D("450"))
    programs.create_program(
        organization=org_a, by=manager_a, name="برنامج جار", goal="هدف البرنامج.",
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=100),
    )
    running = org_a.programs.get()
    programs.create_program(
        organization=org_a, by=manager_a, name="برنامج منته", goal="هدف البرنامج.", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30),
    )
    finance, digital = field("finance-accounting"), field("digital-infrastructure")
    Need.objects.create(program=running, title="أتمتة الأرشيف", field=digital, volunteers_needed=4, status="accepted")

    v1 = _volunteer(level="professional", gender="male", age=40, city_code="riyadh", fields=["finance-accounting"],
                    profession_code="chartered-accountant")
    v2 = _volunteer(level="general", gender="female", age=20, city_code="jeddah", fields=["digital-infrastructure"])
    v3 = _volunteer(level="skilled", gender="female", age=30, city_code="jeddah", fields=["finance-accounting", "digital-infrastructure"])
    v4 = _volunteer(level="general", gender="", age=None, city_code=None, fields=[])
    v5 = _volunteer(level="professional", gender="male", age=50, city_code="riyadh", fields=["finance-accounting"])

    def opportunity(organization, status, *, published_days_ago=None, **values):
        published = now - dt.timedelta(days=published_days_ago) if published_days_ago is not None else None
        # Org A's opportunities belong to its running program (the program counts are asserted).
        values.setdefault("program", running if organization == org_a else program_of(organization))
        return OpportunityFactory(organization=organization, status=status, published_at=published, created_by=manager_a, **values)

    o1 = opportunity(org_a, "published", published_days_ago=10, seats=2, seats_filled=2, level="professional", fields=[finance])
    o2 = opportunity(org_a, "closed", published_days_ago=20, seats=2, seats_filled=1, level="skilled", fields=[digital])
    o3 = opportunity(org_a, "draft", seats=1, level="general", fields=[digital])
    o4 = opportunity(org_a, "completed", published_days_ago=30, seats=1, seats_filled=1, level="general", fields=[digital],
                     beneficiary_category="individuals", beneficiaries_expected=40)
    ob1 = opportunity(org_b, "published", published_days_ago=5, seats=3, seats_filled=0, level="professional", fields=[finance])

    _accepted(o1, v1, o1.published_at + dt.timedelta(days=4))
    _accepted(o1, v4, o1.published_at + dt.timedelta(days=6))
    _accepted(o2, v3, o2.published_at + dt.timedelta(days=1))
    _accepted(o4, v2, o4.published_at + dt.timedelta(days=3))

    e1 = _engagement(o1, v1, "completed")
    e2 = _engagement(o4, v2, "completed", reached=30)
    e3 = _engagement(o2, v3, "withdrawn")
    e4 = _engagement(o1, v4, "active")
    e5 = _engagement(ob1, v5, "completed")

    provider_p = OrganizationFactory(kind="company", slug="madar-dash")
    provider_q = OrganizationFactory(kind="university", slug="sarat-dash")
    coordinator_p = MembershipFactory(organization=provider_p, role="coordinator").user
    coordinator_q = MembershipFactory(organization=provider_q, role="coordinator").user
    m1, m4 = _member(provider_p, v1, coordinator_p), _member(provider_p, v4, coordinator_p)
    m5 = _member(provider_q, v5, coordinator_q)
    Participation.objects.create(member=m1, engagement=e1, status="approved", paid_time=True, decided_at=now)
    Participation.objects.create(member=m4, engagement=e4, status="approved", decided_at=now)
    Participation.objects.create(member=m5, engagement=e5, status="approved", decided_at=now)
    OrganizationFactory(verification_status="pending", verified_at=None)  # the verification queue

    hours(e1, "10", month_start(today, 0), provider=provider_p)
    hours(e2, "5", month_start(today, 1))
    hours(e3, "3", month_start(today, 2))
    hours(e5, "7", month_start(today, 0), provider=provider_q)
    hours(e4, "20", month_start(today, 0), provider=provider_p, status="submitted")

    return World(
        org_a=org_a, org_b=org_b, provider_p=provider_p, provider_q=provider_q, coordinator_p=coordinator_p,
        coordinator_q=coordinator_q, volunteers=[v1, v2, v3, v4, v5],
        opportunities={"o1": o1, "o2": o2, "o3": o3, "o4": o4, "ob1": ob1},
        engagements={"e1": e1, "e2": e2, "e3": e3, "e4": e4, "e5": e5}, today=today,
    )
