"""Bad input gets a clear error on the right field and writes nothing."""

from io import BytesIO
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
import pytest

from khibra.organizations.forms import InviteForm, OrganizationForm, RejectionForm
from khibra.organizations.models import Membership, Organization
from khibra.testing.factories import city, field

from .conftest import SVG, image_upload

pytestmark = pytest.mark.django_db


def valid_data(**overrides) -> dict:
    data = {
        "kind": "nonprofit",
        "name_ar": "جمعية وعي للتوعية الصحية",
        "name_en": "Waie Health Awareness",
        "registration_number": "5566",
        "city": city("riyadh").pk,
        "fields": [field("marketing").pk, field("governance").pk],
        "description": "نرفع الوعي الصحي في الأحياء.",
        "contact_email": "info@waie.example.sa",
        "contact_phone": "0112345678",
        "website": "https://waie.example.sa",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def form_for(data=None, files=None, **kwargs) -> OrganizationForm:
    return OrganizationForm(data if data is not None else valid_data(), files or {}, **kwargs)


# --- the form on its own -----------------------------------------------------------------------


def test_valid_input_is_accepted():
    form = form_for()
    assert form.is_valid(), form.errors
    assert {item.code for item in form.cleaned_data["fields"]} == {"governance", "marketing"}


def test_empty_input_reports_every_required_field():
    form = form_for({})
    assert not form.is_valid()
    assert set(form.errors) == {"kind", "name_ar", "registration_number", "city", "contact_email"}


@pytest.mark.parametrize(
    "name, value",
    [
        ("name_ar", "ج" * 201),
        ("name_en", "A" * 201),
        ("description", "و" * 4001),
        ("registration_number", "1" * 41),
        ("contact_phone", "0" * 16),
        ("website", "https://example.sa/" + "a" * 200),
    ],
)
def test_too_long_input_is_refused(name, value):
    form = form_for(valid_data(**{name: value}))
    assert not form.is_valid()
    assert name in form.errors


@pytest.mark.parametrize(
    "name, value",
    [
        ("kind", "club"),
        ("city", "الرياض"),
        ("city", "999999"),
        ("fields", ["abc"]),
        ("contact_email", "ليس بريدا"),
        ("website", "javascript:alert(1)"),
        ("registration_number", "CR-12AB"),
        ("contact_phone", "اتصل بنا"),
        ("name_ar", "١٢٣ - ٤٥"),
        ("name_en", "2024"),
    ],
)
def test_input_of_the_wrong_type_is_refused(name, value):
    form = form_for(valid_data(**{name: value}))
    assert not form.is_valid()
    assert name in form.errors


@pytest.mark.parametrize(
    "name",
    ["جَمْعِيَّةُ البِرِّ", "Ithraa Association", "جمعية 'أمل' (فرع جدة)", "Société Al-Amal", "Ассоциация"],
)
def test_names_in_any_script_are_accepted(name):
    form = form_for(valid_data(name_ar=name))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name_ar"] == name


@pytest.mark.parametrize(
    "typed, stored", [("١٢٣٤٥٦", "123456"), ("۱۲۳۴", "1234"), ("  70 12-34 ", "701234"), ("٧٠١٢٣4", "701234")]
)
def test_arabic_indic_digits_in_the_registration_number_are_accepted(typed, stored):
    form = form_for(valid_data(registration_number=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["registration_number"] == stored


def test_arabic_indic_digits_in_the_phone_are_accepted():
    form = form_for(valid_data(contact_phone="+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["contact_phone"] == "+966501234567"


def test_a_duplicate_registration_number_is_refused_even_typed_in_arabic_digits(org_a):
    form = form_for(valid_data(registration_number=org_a.registration_number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))))
    assert not form.is_valid()
    assert form.has_error("registration_number", "duplicate_registration")


def test_the_same_number_is_fine_for_another_kind(org_a):
    form = form_for(valid_data(kind="company", registration_number=org_a.registration_number))
    assert form.is_valid(), form.errors


def test_the_edit_form_has_no_kind_and_keeps_its_own_number(org_a):
    form = form_for(valid_data(registration_number=org_a.registration_number, kind=None), organization=org_a)
    assert "kind" not in form.fields
    assert form.is_valid(), form.errors


def test_the_edit_form_reports_only_what_changed(org_a):
    data = {
        "name_ar": org_a.name_ar,
        "name_en": org_a.name_en,
        "registration_number": org_a.registration_number,
        "city": org_a.city_id,
        "description": "وصف جديد",
        "contact_email": org_a.contact_email,
    }
    form = form_for(data, organization=org_a)
    assert form.is_valid(), form.errors
    assert form.changes() == {"description": "وصف جديد"}


def test_inactive_fields_cannot_be_chosen():
    governance = field("governance")
    governance.is_active = False
    governance.save()
    form = form_for(valid_data(fields=[governance.pk]))
    assert not form.is_valid()
    assert "fields" in form.errors


# --- logo --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "upload, code",
    [
        (SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"), "not_image"),
        (SimpleUploadedFile("logo.png", SVG, content_type="image/png"), "not_image"),
        (SimpleUploadedFile("logo.png", b"GIF89a not really", content_type="image/png"), "not_image"),
        (SimpleUploadedFile("logo.png", b"%PDF-1.4 hello", content_type="image/png"), "not_image"),
        ("gif", "not_image"),
        ("bmp", "not_image"),
        ("wide", "too_large"),
        ("tall", "too_large"),
        ("heavy", "too_big"),
    ],
)
def test_a_bad_logo_is_refused(upload, code):
    if upload == "gif":
        upload = image_upload("logo.gif", format="GIF", mode="P", content_type="image/gif")
    elif upload == "bmp":
        upload = image_upload("logo.png", format="BMP")
    elif upload == "wide":
        upload = image_upload(size=(2001, 10))
    elif upload == "tall":
        upload = image_upload(size=(10, 2001))
    elif upload == "heavy":
        # Noise does not compress: 1000 × 1000 RGB is about 3 MB as PNG.
        image = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
        buffer = BytesIO()
        image.save(buffer, format="PNG", compress_level=0)
        upload = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    form = form_for(files={"logo": upload})
    assert not form.is_valid()
    assert form.has_error("logo", code)


@pytest.mark.parametrize("format, mode", [("PNG", "RGBA"), ("JPEG", "RGB"), ("WEBP", "RGB"), ("PNG", "P")])
def test_a_good_logo_is_re_encoded_as_png(format, mode):
    upload = image_upload(f"شعار.{format.lower()}", format=format, mode=mode, size=(2000, 120))
    form = form_for(files={"logo": upload})
    assert form.is_valid(), form.errors
    logo = form.cleaned_data["logo"]
    assert logo.name.endswith(".png")
    content = logo.read()
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(BytesIO(content)).size == (2000, 120)


def test_data_hidden_after_the_image_is_dropped():
    upload = image_upload()
    hidden = upload.read() + b"<script>alert('x')</script>"
    form = form_for(files={"logo": SimpleUploadedFile("logo.png", hidden, content_type="image/png")})
    assert form.is_valid(), form.errors
    assert b"<script>" not in form.cleaned_data["logo"].read()


# --- through the pages: nothing is written -----------------------------------------------------


def test_an_empty_registration_shows_errors_and_writes_nothing(client, volunteer):
    client.force_login(volunteer)
    response = client.post(reverse("organizations:register"), {"name_ar": ""})
    assert response.status_code == 400
    content = response.content.decode()
    for name in ("kind", "name_ar", "registration_number", "city", "contact_email"):
        assert f'id="id_{name}_error"' in content
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()


def test_a_registration_with_an_svg_logo_writes_nothing(client, volunteer):
    client.force_login(volunteer)
    data = valid_data()
    data["logo"] = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")
    response = client.post(reverse("organizations:register"), data)
    assert response.status_code == 400
    assert 'id="id_logo_error"' in response.content.decode()
    assert not Organization.objects.exists()


def test_a_duplicate_registration_through_the_page_writes_nothing(client, volunteer, org_a):
    client.force_login(volunteer)
    response = client.post(reverse("organizations:register"), valid_data(registration_number=org_a.registration_number))
    assert response.status_code == 400
    assert 'id="id_registration_number_error"' in response.content.decode()
    assert Organization.objects.count() == 1
    assert not Membership.objects.filter(user=volunteer).exists()


def test_a_registration_with_a_logo_stores_a_png(client, volunteer):
    client.force_login(volunteer)
    data = valid_data()
    data["logo"] = image_upload("logo.jpg", format="JPEG", content_type="image/jpeg")
    response = client.post(reverse("organizations:register"), data)
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.logo.name.startswith("logos/") and organization.logo.name.endswith(".png")
    with organization.logo.open("rb") as stored:
        assert stored.read(8) == b"\x89PNG\r\n\x1a\n"


def test_a_bad_edit_changes_nothing(client, org_a, admin_a):
    client.force_login(admin_a)
    before = Organization.objects.filter(pk=org_a.pk).values().get()
    response = client.post(
        reverse("organizations:edit", args=[org_a.slug]),
        {"name_ar": "", "registration_number": "abc", "city": org_a.city_id, "contact_email": "x"},
    )
    assert response.status_code == 400
    assert Organization.objects.filter(pk=org_a.pk).values().get() == before


def test_an_admin_clears_the_logo(client, org_a, admin_a):
    client.force_login(admin_a)
    data = {
        "name_ar": org_a.name_ar,
        "registration_number": org_a.registration_number,
        "city": org_a.city_id,
        "contact_email": org_a.contact_email,
        "logo": image_upload(),
    }
    client.post(reverse("organizations:edit", args=[org_a.slug]), data)
    org_a.refresh_from_db()
    assert org_a.logo
    data.pop("logo")
    client.post(reverse("organizations:edit", args=[org_a.slug]), {**data, "logo-clear": "on"})
    org_a.refresh_from_db()
    assert not org_a.logo


# --- the small forms ---------------------------------------------------------------------------


def test_the_invite_form_wants_a_valid_address_and_a_role_of_the_kind(org_a):
    assert not InviteForm({"email": "", "role": ""}, organization=org_a).is_valid()
    assert InviteForm({"email": "بريد", "role": "manager"}, organization=org_a).has_error("email")
    assert InviteForm({"email": "x@example.sa", "role": "coordinator"}, organization=org_a).has_error("role")
    assert InviteForm({"email": "x@example.sa", "role": "manager"}, organization=org_a).is_valid()


def test_the_rejection_form_wants_a_reason():
    assert RejectionForm({"reason": "   "}).has_error("reason", "required")
    assert RejectionForm({"reason": "س" * 2001}).has_error("reason", "max_length")
    assert RejectionForm({"reason": "الترخيص منتهي."}).is_valid()
