"""Forms fed arbitrary GET/POST data: `is_valid()` answers True or False, never fails; what a
valid form gives the service is either saved or refused with a ValidationError."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from hypothesis import example, given, strategies as st
import pytest

from khibra.core.forms import DigitsDecimalField, DigitsIntegerField
from khibra.engagements.models import Engagement
from khibra.hours import services as hours
from khibra.hours.forms import HourEntryForm
from khibra.hours.models import HourEntry
from khibra.opportunities import search
from khibra.opportunities.forms import SearchForm
from khibra.organizations.forms import OrganizationForm
from khibra.organizations.models import Organization
from khibra.recruitment.services import applications
from khibra.recruitment.tests.selection_fixtures import apply_to
from khibra.reference.models import City, Field
from khibra.testing.factories import accept_agreement, published_opportunity, ready_volunteer

from .strategies import digit_sets, in_digits, text

pytestmark = pytest.mark.django_db


def form_data(names, values=text):
    """A GET/POST body: some of the form's names (and a stray one), each with one or more values."""
    keys = st.sampled_from([*names, "page", "csrfmiddlewaretoken", "x" * 300])
    return st.dictionaries(keys, st.lists(values, min_size=1, max_size=3), max_size=len(names) + 1).map(_querydict)


def _querydict(values: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, items in values.items():
        query.setlist(key, items)
    return query


# --- single fields -------------------------------------------------------------------------------


@given(text)
@example("١٢")
@example("9" * 5000)  # beyond int()'s digit limit
@example("1e3")
@example("٣٫٥")
def test_digits_integer_field_gives_an_int_or_a_validation_error(value):
    try:
        result = DigitsIntegerField(required=False).clean(value)
    except ValidationError:
        pass
    else:
        assert result is None or isinstance(result, int)


@given(st.integers(min_value=-(10**6), max_value=10**6), digit_sets)
def test_digits_integer_field_reads_any_digit_set(number, digits):
    assert DigitsIntegerField().clean(in_digits(str(number), digits)) == number


@given(text)
@example("NaN")
@example("Infinity")
@example("-sNaN")
@example("1e999999999")
@example("٢٫٥")
@example("2,5")
def test_digits_decimal_field_gives_a_decimal_or_a_validation_error(value):
    field = DigitsDecimalField(required=False, max_digits=4, decimal_places=2, min_value=0.25, max_value=24)
    try:
        result = field.clean(value)
    except ValidationError:
        pass
    else:
        assert result is None or (isinstance(result, Decimal) and Decimal("0.25") <= result <= 24)


@given(st.integers(min_value=1, max_value=2400), digit_sets, st.sampled_from(["٫", ".", ","]))
def test_digits_decimal_field_reads_any_digit_set_and_decimal_mark(hundredths, digits, mark):
    value = Decimal(hundredths) / 100
    whole, fraction = divmod(hundredths, 100)
    typed = in_digits(str(whole), digits) + mark + in_digits(f"{fraction:02d}", digits)
    field = DigitsDecimalField(max_digits=4, decimal_places=2, min_value=0.25, max_value=24)
    if value < Decimal("0.25"):
        with pytest.raises(ValidationError):
            field.clean(typed)
    else:
        assert field.clean(typed) == value


# --- the public search form ----------------------------------------------------------------------

SEARCH_NAMES = ["q", "field", "region", "city", "nature", "duration", "hours", "level", "organization", "english", "sort"]
search_values = st.one_of(
    text,
    st.sampled_from(["riyadh", "jeddah", "remote", "short", "long", "10", "40", "newest", "relevance", "on", "true", "0"]),
)


@pytest.fixture
def search_world(org_a, org_b):
    published_opportunity(org_a)
    published_opportunity(org_b, title="مستشار مالي لجمعية البر")
    return {
        "fields": list(Field.objects.active().order_by("sort_order", "name_ar")),
        "cities": list(City.objects.active().select_related("region").order_by("sort_order", "name_ar")),
        "organizations": list(Organization.objects.verified().order_by("name_ar")),
        "public": set(search.Opportunity.objects.public().values_list("pk", flat=True)),
    }


@given(data=form_data(SEARCH_NAMES, search_values), page=st.one_of(text, st.integers()))
@example(data=_querydict({"hours": ["١٠"], "city": ["riyadh", "jeddah"]}), page="-1")
@example(data=_querydict({"q": ["\x00"], "sort": ["newest"]}), page="99999999999999999999")
def test_the_search_form_and_page_take_any_query_string(search_world, data, page):
    form = SearchForm(
        data, fields=search_world["fields"], cities=search_world["cities"], organizations=search_world["organizations"]
    )
    assert form.is_valid() in (True, False)
    result = search.search_opportunities(**form.filters(), page=page)
    assert {opportunity.pk for opportunity in result.object_list} <= search_world["public"]


# --- the hours form and the service behind it ----------------------------------------------------

HOURS_NAMES = ["date", "hours", "task", "note", "confirm_over_plan"]
hours_values = st.one_of(
    text,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)).map(dt.date.isoformat),
    st.decimals(min_value=-30, max_value=30, places=2).map(str),
    st.sampled_from(["on", "1447-09-15", "١٤٤٧-٠٩-١٥ هـ", "٢٫٥", "24", "0.25", "1"]),
)


@pytest.fixture
def engagement(org_a, supervisor_a, manager_a, volunteer):
    opportunity = published_opportunity(org_a, supervisor=supervisor_a, hours_per_week=Decimal("5"))
    engagement = applications.accept_application(
        application=apply_to(opportunity, ready_volunteer(volunteer.volunteer_profile)), by=manager_a
    )
    accept_agreement(engagement)  # hours open once the agreement is accepted
    Engagement.objects.filter(pk=engagement.pk).update(started_on=timezone.localdate() - dt.timedelta(days=400))
    engagement.refresh_from_db()
    return engagement


@given(data=form_data(HOURS_NAMES, hours_values))
@example(data=_querydict({"date": ["1447-09-15"], "hours": ["٢٫٥"], "note": ["\u200f"]}))
@example(data=_querydict({"date": ["2026-02-30"], "hours": ["NaN"], "task": ["999999999999999999999"]}))
def test_the_hours_form_takes_any_post_and_the_service_saves_or_refuses(engagement, data):
    form = HourEntryForm(data, engagement=engagement)
    if not form.is_valid():
        return
    before = HourEntry.objects.count()
    try:
        with transaction.atomic():
            entry = hours.log_hours(engagement=engagement, by=engagement.volunteer.user, **form.service_values())
    except ValidationError as error:
        assert error.messages
        assert HourEntry.objects.count() == before
    else:
        assert entry.hours == form.cleaned_data["hours"]
        assert HourEntry.objects.count() == before + 1


# --- the organization form (registration number, phone, names) -----------------------------------

ORGANIZATION_NAMES = [
    "kind", "name_ar", "name_en", "registration_number", "city", "fields", "description", "contact_email",
    "contact_phone", "website",
]
organization_values = st.one_of(
    text,
    st.sampled_from(["nonprofit", "company", "جمعية", "١٢٣٤٥", "+966 11 234 5678", "https://x.sa", "a@b.sa"]),
)


@given(data=form_data(ORGANIZATION_NAMES, organization_values))
@example(data=_querydict({"registration_number": ["١٢٣\n"], "contact_phone": ["+٩٦٦١١٢٣٤٥٦٧٨"], "name_ar": ["ـ"]}))
def test_the_organization_form_takes_any_post(db, data):
    form = OrganizationForm(data)
    if form.is_valid():
        assert form.cleaned_data["registration_number"].isascii()
        assert form.cleaned_data["registration_number"].isdigit()


@given(
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    hundredths=st.integers(min_value=25, max_value=2400),
    calendar=st.sampled_from(["gregorian", "hijri"]),
    digits=digit_sets,
    confirm=st.booleans(),
)
def test_well_typed_hours_are_saved_or_refused_with_a_reason(engagement, day, hundredths, calendar, digits, confirm):
    from khibra.core.dates import to_hijri

    date = to_hijri(day).isoformat() + " هـ" if calendar == "hijri" else day.isoformat()
    amount = str(Decimal(hundredths) / 100)
    data = {"date": in_digits(date, digits), "hours": in_digits(amount, digits), "confirm_over_plan": "on" if confirm else ""}
    form = HourEntryForm(data, engagement=engagement)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == day and form.cleaned_data["hours"] == Decimal(amount)
    before = HourEntry.objects.count()
    try:
        with transaction.atomic():
            hours.log_hours(engagement=engagement, by=engagement.volunteer.user, **form.service_values())
    except ValidationError as error:
        assert error.messages
        assert HourEntry.objects.count() == before
    else:
        assert HourEntry.objects.count() == before + 1
