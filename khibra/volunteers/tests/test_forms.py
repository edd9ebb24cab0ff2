import datetime as dt

from django.urls import reverse
import pytest

from khibra.accounts.models import User
from khibra.core.dates import from_hijri
from khibra.core.models import AuditEvent
from khibra.reference.models import Skill
from khibra.testing.factories import city, field, profession
from khibra.volunteers.forms import IdentityReviewForm, ProfileForm, QualificationForm
from khibra.volunteers.models import DayPart, VolunteerProfile, Weekday


def profile_data(**changes) -> dict:
    data = {
        "full_name": "سارة بنت عبدالله العتيبي",
        "city": city("riyadh").pk,
        "phone": "0501234567",
        "gender": "female",
        "birth_date": "1990-05-20",
        "headline": "محاسبة قانونية",
        "bio": "أعمل في المراجعة منذ عشر سنوات.",
        "profession": profession().pk,
        "specialty": "الزكاة والضريبة",
        "years_of_experience": "10",
        "fields": [field().pk, field("governance").pk],
        "skills": "المراجعة المالية، إعداد الميزانيات, Excel",
        "hours_per_week": "6",
        "available_days": [Weekday.SUNDAY, Weekday.TUESDAY],
        "available_times": [DayPart.EVENING],
        "work_mode": "remote",
        "cv_url": "https://example.sa/cv.pdf",
        "portfolio_url": "",
        "linkedin_url": "linkedin.com/in/sara",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def save(client, user, **changes):
    client.force_login(user)
    return client.post(reverse("volunteers:profile_edit"), profile_data(**changes))


def nothing_written(user) -> bool:
    return (
        not VolunteerProfile.objects.filter(user=user).exists()
        and not Skill.objects.exists()
        and not AuditEvent.objects.exists()
    )


# --- the profile form through the page ------------------------------------------------------


def test_a_new_volunteer_saves_a_profile_and_lands_on_the_profile_page(client, plain_user):
    response = save(client, plain_user)
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:profile")
    profile = VolunteerProfile.objects.get(user=plain_user)
    plain_user.refresh_from_db()
    assert plain_user.full_name == "سارة بنت عبدالله العتيبي"
    assert profile.birth_date == dt.date(1990, 5, 20)
    assert profile.years_of_experience == 10
    assert profile.skills.count() == 3
    assert profile.available_days == Weekday.SUNDAY | Weekday.TUESDAY
    assert profile.work_mode == "remote"
    assert profile.linkedin_url == "https://linkedin.com/in/sara"
    response = client.get(reverse("volunteers:profile"))
    assert 'id="step-charter-link"' in response.content.decode()


def test_the_edit_page_has_the_form_and_its_sections(client, plain_user):
    client.force_login(plain_user)
    content = client.get(reverse("volunteers:profile_edit")).content.decode()
    for element_id in [
        "profile-form",
        "section-personal",
        "section-professional",
        "section-availability",
        "section-links",
        "profile-save",
    ]:
        assert f'id="{element_id}"' in content
    assert 'dir="ltr"' in content


def test_the_edit_page_shows_the_saved_values(client, plain_user):
    save(client, plain_user)
    form = client.get(reverse("volunteers:profile_edit")).context["form"]
    assert form.initial["available_days"] == [Weekday.SUNDAY, Weekday.TUESDAY]
    assert "Excel" in form.initial["skills"]


def test_arabic_indic_digits_are_read_in_hours_years_and_phone(client, plain_user):
    response = save(client, plain_user, hours_per_week="١٢", years_of_experience="٧", phone="٠٥٥ ١٢٣ ٤٥٦٧")
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(user=plain_user)
    assert (profile.hours_per_week, profile.years_of_experience, profile.phone) == (12, 7, "0551234567")


@pytest.mark.parametrize(
    "phone", ["+966551234567", "00966551234567", "966 55 123 4567", "055-123-4567", "+٩٦٦٥٥١٢٣٤٥٦٧"]
)
def test_saudi_mobile_numbers_are_accepted_in_every_usual_form(client, plain_user, phone):
    assert save(client, plain_user, phone=phone).status_code == 302
    assert VolunteerProfile.objects.get(user=plain_user).phone == "0551234567"


def test_a_hijri_birth_date_is_accepted(client, plain_user):
    assert save(client, plain_user, birth_date="١٤١٠-١٠-٢٥").status_code == 302
    assert VolunteerProfile.objects.get(user=plain_user).birth_date == from_hijri(1410, 10, 25)


def test_a_hijri_birth_date_with_the_hijri_mark_is_accepted(client, plain_user):
    assert save(client, plain_user, birth_date="25/10/1410 هـ").status_code == 302
    assert VolunteerProfile.objects.get(user=plain_user).birth_date == from_hijri(1410, 10, 25)


@pytest.mark.parametrize(
    "name",
    ["عبدالرحمن آل سعود", "José María Ñúñez", "Zoë O'Brien-Smith", "Кирилл Петров", "李小龍", "ميّ الـعـلي"],
)
def test_names_in_any_script_are_accepted(client, plain_user, name):
    assert save(client, plain_user, full_name=name).status_code == 302
    plain_user.refresh_from_db()
    assert plain_user.full_name == " ".join(name.split())


@pytest.mark.parametrize(
    ("changes", "field_name"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "ن" * 151}, "full_name"),
        ({"full_name": "12345"}, "full_name"),
        ({"full_name": "<script>"}, "full_name"),
        ({"city": ""}, "city"),
        ({"city": "999999"}, "city"),
        ({"phone": "0123456789"}, "phone"),
        ({"phone": "05123"}, "phone"),
        ({"phone": "رقمي"}, "phone"),
        ({"gender": "other"}, "gender"),
        ({"birth_date": "1445-13-01"}, "birth_date"),
        ({"birth_date": "1445-01-30"}, "birth_date"),  # Muharram 1445 has 29 days
        ({"birth_date": "1300-01-01"}, "birth_date"),
        ({"birth_date": "3000-01-01"}, "birth_date"),
        ({"birth_date": "أمس"}, "birth_date"),
        ({"headline": "ع" * 161}, "headline"),
        ({"bio": "ع" * 3001}, "bio"),
        ({"specialty": "ع" * 151}, "specialty"),
        ({"profession": "abc"}, "profession"),
        ({"years_of_experience": "71"}, "years_of_experience"),
        ({"years_of_experience": "-1"}, "years_of_experience"),
        ({"years_of_experience": "عشر"}, "years_of_experience"),
        ({"hours_per_week": "81"}, "hours_per_week"),
        ({"hours_per_week": "٩٠"}, "hours_per_week"),
        ({"hours_per_week": "2.5"}, "hours_per_week"),
        ({"available_days": ["128"]}, "available_days"),
        ({"available_times": ["x"]}, "available_times"),
        ({"work_mode": "sometimes"}, "work_mode"),
        ({"work_mode": ""}, "work_mode"),
        ({"fields": ["999999"]}, "fields"),
        ({"skills": "، ".join(f"مهارة {n}" for n in range(31))}, "skills"),
        ({"skills": "م" * 101}, "skills"),
        ({"cv_url": "ليس رابطا"}, "cv_url"),
        ({"linkedin_url": "https://" + "a" * 200 + ".sa"}, "linkedin_url"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(client, plain_user, changes, field_name):
    original_name = plain_user.full_name
    response = save(client, plain_user, **changes)
    assert response.status_code == 200
    assert field_name in response.context["form"].errors
    assert 'id="profile-form-errors"' in response.content.decode()
    assert nothing_written(plain_user)
    assert User.objects.get(pk=plain_user.pk).full_name == original_name


def test_an_empty_form_is_refused(client, plain_user):
    client.force_login(plain_user)
    response = client.post(reverse("volunteers:profile_edit"), {})
    assert response.status_code == 200  # an empty POST shows the form again
    assert nothing_written(plain_user)


def test_a_bad_update_leaves_the_saved_profile_as_it_was(client, volunteer):
    before = VolunteerProfile.objects.get(user=volunteer)
    response = save(client, volunteer, hours_per_week="99", full_name="اسم جديد")
    assert response.status_code == 200
    after = VolunteerProfile.objects.get(user=volunteer)
    assert after.hours_per_week == before.hours_per_week
    assert User.objects.get(pk=volunteer.pk).full_name == volunteer.full_name


def test_a_service_error_is_shown_on_the_form_and_rolls_back_the_name(client, plain_user, monkeypatch):
    from django.core.exceptions import ValidationError

    from khibra.volunteers import services

    def refuse(**kwargs):
        raise ValidationError({"phone": "refused", "elsewhere": "refused too"})

    monkeypatch.setattr(services, "save_profile", refuse)
    response = save(client, plain_user, full_name="اسم آخر تمامًا")
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert response.context["form"].non_field_errors()
    assert User.objects.get(pk=plain_user.pk).full_name != "اسم آخر تمامًا"


# --- the smaller forms ----------------------------------------------------------------------


def test_the_profile_form_reads_arabic_indic_digits(db, plain_user):
    form = ProfileForm(profile_data(hours_per_week="٨٠", years_of_experience="٧٠"), user=plain_user)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["hours_per_week"], form.cleaned_data["years_of_experience"]) == (80, 70)
    assert form.cleaned_data["skills"] == ["المراجعة المالية", "إعداد الميزانيات", "Excel"]


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        ({"kind": "degree", "title": "بكالوريوس نظم المعلومات", "year": "٢٠١٠"}, True),
        ({"kind": "certificate", "title": "PMP®", "institution": "PMI"}, True),
        ({"kind": "degree", "title": "   "}, False),
        ({"kind": "degree", "title": "ع" * 201}, False),
        ({"kind": "degree", "title": "x", "institution": "ع" * 201}, False),
        ({"kind": "degree", "title": "x", "year": "1949"}, False),
        ({"kind": "degree", "title": "x", "year": "3000"}, False),
        ({"kind": "degree", "title": "x", "year": "عام"}, False),
        ({"kind": "phd", "title": "x"}, False),
        ({}, False),
    ],
)
def test_the_qualification_form(data, valid):
    assert QualificationForm(data).is_valid() is valid


def test_the_review_form_needs_a_note_to_reject():
    assert IdentityReviewForm({"decision": "approve"}).is_valid()
    assert not IdentityReviewForm({"decision": "reject", "note": ""}).is_valid()
    assert IdentityReviewForm({"decision": "reject", "note": "الصورة غير واضحة"}).is_valid()
    assert not IdentityReviewForm({"decision": "maybe"}).is_valid()
