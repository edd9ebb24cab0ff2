"""The opportunity form catches real mistakes with a message on the right field, reads Arabic-Indic
digits and Hijri dates, and writes nothing when something is wrong."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
import pytest

from khibra.opportunities.forms import OpportunityForm, task_formset, validate_design
from khibra.opportunities.models import Opportunity, OpportunityTask
from khibra.testing.factories import city, field

pytestmark = pytest.mark.django_db

# 1448-07-01 AH is 10 December 2026; 1448-08-15 AH is 23 January 2027.
HIJRI_START = dt.date(2026, 12, 10)


def form_data(**overrides) -> dict:
    data = {
        "title": "مطور موقع إلكتروني بلغة بايثون",
        "description": "برمجة موقع الجمعية بلغة بايثون.",
        "deliverables": "موقع مختبر وجاهز للإطلاق.",
        "responsibilities": "اجتماع أسبوعي وتقرير أسبوعي.",
        "fields": [str(field("digital-infrastructure").pk)],
        "level": "professional",
        "requirements": "خبرة ثلاث سنوات في بايثون.",
        "min_years_experience": "3",
        "execution_mode": "individual",
        "team_size": "1",
        "seats": "1",
        "gender": "",
        "nature": "remote",
        "duration_days": "20",
        "hours_per_day": "5",
        "hours_per_week": "25",
        "starts_on": "1448-07-01",
        "ends_on": "1448-08-15",
        "marketing_channels": ["messaging_groups", "company_programs"],
        "tasks-TOTAL_FORMS": "3",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "30",
        "tasks-0-title": "تسليم تصور أولي للموقع",
        "tasks-0-due_on": "1448-07-12",
        "tasks-1-title": "تسليم واجهة الموقع",
        "tasks-1-due_on": "1448-07-17",
        "tasks-2-title": "",
        "tasks-2-due_on": "",
    }
    data.update(overrides)
    return data


def bind(organization, data):
    form = OpportunityForm(data, organization=organization)
    formset = task_formset(data)
    return form, formset, validate_design(form, formset)


def test_the_guides_example_is_valid(org_a):
    form, formset, valid = bind(org_a, form_data())
    assert valid, (form.errors, formset.errors)
    assert form.cleaned_data["starts_on"] == HIJRI_START
    assert [task.title for task in formset.tasks()] == ["تسليم تصور أولي للموقع", "تسليم واجهة الموقع"]


def test_arabic_indic_digits_and_decimal_mark_are_read(org_a):
    form, formset, valid = bind(
        org_a,
        form_data(
            duration_days="٢٠", hours_per_day="٧٫٥", hours_per_week="٣٠", seats="٢", min_years_experience="٣",
            starts_on="١٤٤٨-٠٧-٠١", **{"tasks-0-due_on": "١٢/٠٧/١٤٤٨"},
        ),
    )
    assert valid, (form.errors, formset.errors)
    assert form.cleaned_data["duration_days"] == 20
    assert form.cleaned_data["hours_per_day"] == Decimal("7.5")
    assert form.cleaned_data["seats"] == 2
    assert formset.tasks()[0].due_on == dt.date(2026, 12, 21)


def test_a_decimal_comma_is_read_as_the_hours_form_reads_it(org_a):
    form, formset, valid = bind(org_a, form_data(hours_per_day="7,5", hours_per_week="2,5"))
    assert valid, (form.errors, formset.errors)
    assert form.cleaned_data["hours_per_day"] == Decimal("7.5")
    assert form.cleaned_data["hours_per_week"] == Decimal("2.5")


def test_gregorian_dates_work_too(org_a):
    form, formset, valid = bind(
        org_a, form_data(starts_on="2026-12-10", ends_on="2027-01-23", **{"tasks-0-due_on": "2026-12-21", "tasks-1-due_on": "2027-01-01"})
    )
    assert valid, (form.errors, formset.errors)


@pytest.mark.parametrize(
    "overrides, field_name",
    [
        ({"ends_on": "1448-06-20"}, "ends_on"),
        ({"seats": "0"}, "seats"),
        ({"age_min": "40", "age_max": "25"}, "age_max"),
        ({"execution_mode": "team", "team_size": "1"}, "team_size"),
        ({"english_allowed": "on", "english_supervisor": ""}, "english_supervisor"),
        ({"nature": "remote", "venue": "مقر الجمعية"}, "venue"),
        ({"nature": "in_person"}, "city"),
        ({"hours_per_day": "0"}, "hours_per_day"),
        ({"hours_per_day": "25"}, "hours_per_day"),
        ({"hours_per_week": "0"}, "hours_per_week"),
        ({"hours_per_day": "2", "hours_per_week": "20"}, "hours_per_week"),
        ({"duration_days": "٩٠"}, "duration_days"),
        ({"starts_on": "1448-13-01"}, "starts_on"),
        ({"title": ""}, "title"),
        ({"fields": "other", "other_field": ""}, "other_field"),
    ],
)
def test_each_mistake_gets_a_message_on_its_field(org_a, overrides, field_name):
    if overrides.get("fields") == "other":
        overrides = {**overrides, "fields": [str(field("other").pk)]}
    form, _formset, valid = bind(org_a, form_data(**overrides))
    assert not valid
    assert field_name in form.errors


def test_the_supervisor_must_be_an_active_member(org_a, supervisor_a, admin_b):
    form, _formset, valid = bind(org_a, form_data(supervisor=str(admin_b.pk)))
    assert not valid and "supervisor" in form.errors
    form, formset, valid = bind(org_a, form_data(supervisor=str(supervisor_a.pk)))
    assert valid, form.errors
    assert form.cleaned_data["supervisor"] == supervisor_a


def test_in_person_work_with_a_city_is_valid(org_a):
    _form, _formset, valid = bind(org_a, form_data(nature="both", city=str(city("jeddah").pk), nature_notes="الاجتماع الأول في المقر"))
    assert valid


@pytest.mark.parametrize(
    "task_date, message_field",
    [("1448-06-29", "due_on"), ("1448-08-20", "due_on")],
    ids=["before-the-start", "after-the-end"],
)
def test_a_task_outside_the_dates_is_flagged_on_its_row(org_a, task_date, message_field):
    _form, formset, valid = bind(org_a, form_data(**{"tasks-1-due_on": task_date}))
    assert not valid
    assert message_field in formset.forms[1].errors
    assert not formset.forms[0].errors


def test_a_task_listed_twice_is_flagged(org_a):
    _form, formset, valid = bind(org_a, form_data(**{"tasks-1-title": "تسليم تصور أولي للموقع"}))
    assert not valid
    assert "title" in formset.forms[1].errors


def test_a_task_without_a_date_is_flagged(org_a):
    _form, formset, valid = bind(org_a, form_data(**{"tasks-1-due_on": ""}))
    assert not valid
    assert "due_on" in formset.forms[1].errors


def test_tasks_typed_out_of_order_are_accepted_and_sorted(org_a, admin_a, client):
    client.force_login(admin_a)
    data = form_data(**{"tasks-0-due_on": "1448-07-17", "tasks-1-due_on": "1448-07-12"})
    response = client.post(reverse("opportunities:create", args=[org_a.slug]), data)
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert list(opportunity.tasks.values_list("title", flat=True)) == ["تسليم واجهة الموقع", "تسليم تصور أولي للموقع"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"hours_per_week": "50"},
        {"tasks-1-due_on": "1448-09-01"},
        {"nature": "remote", "venue": "فندق"},
        {"ends_on": "1448-06-01"},
    ],
)
def test_nothing_is_written_when_the_form_is_wrong(org_a, admin_a, client, overrides):
    client.force_login(admin_a)
    response = client.post(reverse("opportunities:create", args=[org_a.slug]), form_data(**overrides))
    assert response.status_code == 400
    assert 'id="opportunity-form-errors"' in response.content.decode()
    assert not Opportunity.objects.exists()
    assert not OpportunityTask.objects.exists()


def test_a_failed_edit_leaves_the_opportunity_as_it_was(draft, admin_a, client):
    client.force_login(admin_a)
    url = reverse("opportunities:edit", args=[draft.organization.slug, draft.pk])
    response = client.post(url, form_data(title="عنوان جديد", hours_per_day="30"))
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.title == "مطور موقع إلكتروني بلغة بايثون"
    assert draft.tasks.count() == 2
