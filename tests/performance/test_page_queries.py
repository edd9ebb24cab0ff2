"""The three pages a million volunteers lean on — the public list of opportunities, the public page
of one opportunity and the organization's dashboard — run at most ten SQL queries each, and the
same number whether they show two rows or many: in Arabic and in English, for anonymous visitors,
volunteers and the organization's own staff.

Each test counts the queries of one whole request (session and user included), with few rows and
then with many, and the counts must be equal.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.core.models import Notification
from khibra.engagements.models import Engagement, WeeklyReport, WorkItem
from khibra.evaluation.models import HourlyValue, MarketRate, OrganizationReview, VolunteerSurvey
from khibra.hours.models import HourEntry
from khibra.opportunities import services as opportunities
from khibra.programs import services as programs
from khibra.recruitment.models import Application
from khibra.testing.factories import (
    OpportunityFactory,
    VolunteerProfileFactory,
    city,
    field,
    profession,
    program_of,
)
from khibra.training.models import Course, OpportunityCourse

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
LANGUAGES = ["ar", "en"]


def in_language(url: str, language: str) -> str:
    """Arabic is the default (no prefix); English pages live under /en/. Reverse every address
    before the first English request: that request leaves English active."""
    return url if language == "ar" else "/en" + url


def count_queries(client, url: str, data: dict | None = None, **headers) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data or {}, **headers)
    assert response.status_code == 200, (url, response.status_code)
    queries = len(context.captured_queries)
    assert queries <= MAX_QUERIES, "\n".join(query["sql"][:200] for query in context.captured_queries)
    return queries


def publish(organization, by, **values):
    """A published opportunity, through the services (they index it for the search)."""
    starts_on = timezone.localdate() + dt.timedelta(days=7)
    values = {
        "description": "مراجعة القوائم المالية للجمعية.",
        "deliverables": "تقرير نهائي.",
        "fields": [field("finance-accounting")],
        "starts_on": starts_on,
        "ends_on": starts_on + dt.timedelta(days=40),
        "duration_days": 10,
        "hours_per_day": 2,
        "hours_per_week": 6,
        "nature": "in_person",
        "city": city("riyadh"),
        **values,
    }
    tasks = [{"title": f"تسليم المرحلة {n}", "due_on": starts_on + dt.timedelta(days=n)} for n in range(1, values.pop("tasks", 1) + 1)]
    values.setdefault("program", program_of(organization))  # a ready program: publishing needs one
    opportunity = opportunities.create_opportunity(organization=organization, by=by, tasks=tasks, **values)
    opportunity = opportunities.choose_service_model(opportunity=opportunity, model="skills_based", reasoning="يناسب متطوعًا واحدًا.", by=by)
    return opportunities.publish_opportunity(opportunity=opportunity, by=by)


@pytest.fixture
def signed_in_volunteer(client, volunteer):
    Notification.objects.create(user=volunteer, kind="test", title="فرصة جديدة تناسبك")
    client.force_login(volunteer)
    return volunteer


# --- the public list ------------------------------------------------------------------------------

SEARCHES = {
    "browse": {},
    "words": {"q": "محاسب"},
    "filters": {"q": "محاسب", "field": "finance-accounting", "region": "riyadh", "nature": "in_person", "hours": "10", "sort": "newest"},
    "organization": {"organization": "orphans-jeddah", "level": "professional", "duration": "medium"},
}


def _publish_many(org_a, admin_a, org_b, admin_b, count: int):
    for number in range(count):
        organization, by = (org_a, admin_a) if number % 2 else (org_b, admin_b)
        publish(organization, by, title=f"محاسب قانوني {number}", level="professional")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("who", ["anonymous", "volunteer"])
def test_the_list_costs_the_same_queries_for_two_or_fourteen_results(
    request, client, org_a, admin_a, org_b, admin_b, language, search, who
):
    if who == "volunteer":
        request.getfixturevalue("signed_in_volunteer")
    url = in_language(reverse("opportunities:search"), language)
    _publish_many(org_a, admin_a, org_b, admin_b, 2)
    few = count_queries(client, url, SEARCHES[search])
    _publish_many(org_a, admin_a, org_b, admin_b, 12)
    many = count_queries(client, url, SEARCHES[search])
    assert few == many


def test_the_results_fragment_reads_neither_the_navigation_nor_the_organizations(
    client, org_a, admin_a, org_b, admin_b, signed_in_volunteer
):
    ours = publish(org_a, admin_a, title="محاسب قانوني")
    theirs = publish(org_b, admin_b, title="محاسب قانوني")
    url = reverse("opportunities:search")
    page = count_queries(client, url, {"q": "محاسب"})
    fragment = count_queries(client, url, {"q": "محاسب"}, HTTP_HX_REQUEST="true")
    assert fragment == page - 2  # the header's query on the user row, the form's organization list
    # The organization filter still works: the one organization asked for is checked, not listed.
    filtered = client.get(url, {"q": "محاسب", "organization": org_b.slug}, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="result-{theirs.pk}"' in filtered and f'id="result-{ours.pk}"' not in filtered


# --- the public page of an opportunity -------------------------------------------------------------


def _require_courses(opportunity, count: int):
    for number in range(count):
        course = Course.objects.create(title_ar=f"دورة {number}", field=field("finance-accounting"), duration_hours=Decimal("2"))
        OpportunityCourse.objects.create(opportunity=opportunity, course=course)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", ["anonymous", "volunteer", "manager"])
def test_the_public_page_costs_the_same_queries_with_few_or_many_tasks_fields_and_courses(
    request, client, org_a, admin_a, manager_a, language, who
):
    if who == "volunteer":
        request.getfixturevalue("signed_in_volunteer")
    elif who == "manager":
        client.force_login(manager_a)
    small = publish(org_a, admin_a, title="محاسب", tasks=1)
    _require_courses(small, 1)
    large = publish(
        org_a, admin_a, title="محاسب", tasks=15,
        fields=[field("finance-accounting"), field("digital-infrastructure"), field("other")], other_field="الحوكمة",
    )
    _require_courses(large, 6)
    small_url, large_url = (in_language(reverse("opportunities:public_detail", args=[o.pk]), language) for o in (small, large))
    few = count_queries(client, small_url)
    many = count_queries(client, large_url)
    assert few == many


# --- the organization's dashboard -------------------------------------------------------------------


def _rates():
    """Every kind of rate the valuation can apply: a national default, a field's own national
    value, market rates by profession and by field."""
    year = timezone.localdate().year
    HourlyValue.objects.update_or_create(field=None, year=year, defaults={"value_sar": Decimal("150")})
    HourlyValue.objects.update_or_create(field=field("finance-accounting"), year=year, defaults={"value_sar": Decimal("180")})
    MarketRate.objects.create(profession=profession("chartered-accountant"), year=year, value_sar=Decimal("450"))
    MarketRate.objects.create(field=field("digital-infrastructure"), year=year, value_sar=Decimal("300"))


def _activity(organization, by, count: int):
    """`count` opportunities of every status, each with volunteers at every stage: an active
    engagement with reports, tasks and hours (approved and pending), a completed one with its
    survey and review, a withdrawn one; and a program."""
    today = timezone.localdate()
    now = timezone.now()
    programs.create_program(
        organization=organization, by=by, name=f"برنامج {Engagement.objects.count()}", goal="هدف البرنامج.",
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=300),
    )
    for number in range(count):
        status = ("published", "closed", "completed", "draft")[number % 4]
        published = None if status == "draft" else now - dt.timedelta(days=40)
        opportunity = OpportunityFactory(
            organization=organization, status=status, published_at=published, created_by=by, seats=3, seats_filled=3 if published else 0,
            level=("professional", "skilled", "general")[number % 3], beneficiary_category="individuals", beneficiaries_expected=20,
            fields=[field(("finance-accounting", "digital-infrastructure")[number % 2])],
        )
        if status == "draft":
            continue
        for outcome in ("active", "completed", "withdrawn"):
            profile = VolunteerProfileFactory(profession=profession("chartered-accountant"))
            application = Application.objects.create(
                opportunity=opportunity, volunteer=profile, status="accepted", motivation="خبرتي مناسبة لهذه الفرصة.",
                first_response_at=published + dt.timedelta(days=2), decided_at=published + dt.timedelta(days=3),
            )
            engagement = Engagement.objects.create(
                opportunity=opportunity, volunteer=profile, application=application, status=outcome,
                started_on=today - dt.timedelta(days=35), weekly_hours=Decimal("5"),
                ended_on=None if outcome == "active" else today - dt.timedelta(days=1),
                beneficiaries_reached=12 if outcome == "completed" else None,
            )
            WorkItem.objects.create(engagement=engagement, kind="task", title="تحليل المتطلبات", due_on=today - dt.timedelta(days=2))
            WeeklyReport.objects.create(
                engagement=engagement, week_start=today - dt.timedelta(days=(today.weekday() + 1) % 7 + 14),
                done="أنجزت المطلوب.", hours_spent=Decimal("4"), author=profile.user,
            )
            for status_of_hours, day in (("approved", 10), ("approved", 40), ("submitted", 3)):
                approved = status_of_hours == "approved"
                HourEntry.objects.create(
                    engagement=engagement, date=today - dt.timedelta(days=day), hours=Decimal("3.5"), status=status_of_hours,
                    submitted_by=profile.user, volunteer=profile, opportunity=opportunity, organization=organization,
                    level=opportunity.level, field=opportunity.fields.first(), reviewed_by=by if approved else None,
                    reviewed_at=now if approved else None,
                )
            if outcome == "completed":
                VolunteerSurvey.objects.create(
                    volunteer=profile, organization=organization, engagement=engagement, year=today.year, answered_at=now,
                    satisfaction=5, organization_quality=4, training=4, recommend=5,
                )
                OrganizationReview.objects.create(
                    engagement=engagement, organization=organization, volunteer=profile, scope_clarity=4, support=5, responsiveness=4,
                )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_costs_the_same_queries_for_a_small_or_a_busy_organization(client, org_a, admin_a, language):
    _rates()
    client.force_login(admin_a)
    url = in_language(reverse("dashboards:organization", args=[org_a.slug]), language)
    empty = count_queries(client, url)
    _activity(org_a, admin_a, 2)
    few = count_queries(client, url)
    _activity(org_a, admin_a, 12)
    many = count_queries(client, url)
    assert empty <= few == many


def test_the_dashboard_of_a_member_who_also_volunteers_reads_the_navigation_with_access(client, org_a, admin_a):
    VolunteerProfileFactory(user=admin_a)
    Notification.objects.create(user=admin_a, kind="test", title="إشعار")
    client.force_login(admin_a)
    page = client.get(reverse("dashboards:organization", args=[org_a.slug])).content.decode()
    assert 'id="nav-my-applications"' in page
    assert 'id="notification-count"' in page
    assert page.count(reverse("organizations:detail", args=[org_a.slug])) >= 2  # the header's link and the back link


def test_the_busy_dashboard_gives_the_figures_of_plain_aggregates(org_a, admin_a, org_b, admin_b):
    """The figures read in few queries equal those of one aggregate per figure (the way they were
    read before), on an organization with activity of every kind next to another one."""
    from django.db.models import Avg, Count, F, Max, Q, Sum

    from khibra.dashboards import selectors
    from khibra.engagements.selectors import care_board
    from khibra.evaluation.selectors import beneficiaries, organization_rating
    from khibra.opportunities.models import Opportunity
    from khibra.programs.models import Program

    _rates()
    _activity(org_a, admin_a, 9)
    _activity(org_b, admin_b, 3)
    today = timezone.localdate()
    d = selectors.organization_dashboard(org_a, today=today)

    programs = Program.objects.filter(organization=org_a).aggregate(
        upcoming=Count("pk", filter=Q(starts_on__gt=today)),
        running=Count("pk", filter=Q(starts_on__lte=today, ends_on__gte=today)),
        ended=Count("pk", filter=Q(ends_on__lt=today)),
    )
    assert {row.key: row.count for row in d.programs} == programs
    opportunities = Opportunity.objects.filter(organization=org_a)
    statuses = dict(opportunities.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n"))
    assert {row.key: row.count for row in d.opportunities if row.count} == statuses
    filled = (
        opportunities.filter(published_at__isnull=False, seats_filled__gte=F("seats"))
        .annotate(filled_at=Max("applications__decided_at", filter=Q(applications__status="accepted")))
        .filter(filled_at__isnull=False)
    )
    seats = opportunities.filter(status__in=selectors.OFFERED).aggregate(offered=Sum("seats"), filled=Sum("seats_filled"))
    engagements = Engagement.objects.filter(opportunity__organization=org_a).aggregate(
        closed=Count("pk", filter=Q(status__in=("completed", "not_completed", "withdrawn"))),
        completed=Count("pk", filter=Q(status="completed")),
    )
    r = d.recruitment
    assert r.filled_opportunities == filled.count() > 0
    assert (r.seats_offered, r.seats_filled) == (seats["offered"], seats["filled"])
    assert (r.engagements_closed, r.engagements_completed) == (engagements["closed"], engagements["completed"])
    assert d.beneficiaries == beneficiaries(Engagement.objects.filter(opportunity__organization=org_a))
    surveys = VolunteerSurvey.objects.filter(organization=org_a, answered_at__isnull=False).aggregate(
        count=Count("pk"), satisfaction=Avg("satisfaction")
    )
    assert d.surveys.count == surveys["count"] and d.surveys.averages["satisfaction"] == round(surveys["satisfaction"], 1)
    assert d.surveys.reviews == organization_rating(org_a) is not None
    board = care_board(org_a, today=today)
    assert (d.care.active, d.care.at_risk, d.care.high) == (
        len(board), sum(1 for row in board if row.level != "low"), sum(1 for row in board if row.level == "high")
    )
    assert d.valuation.market_rates and d.valuation.national_rates
    assert {rate.field for rate in d.valuation.national_rates} == {None, field("finance-accounting")}
