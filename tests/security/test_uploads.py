"""Uploads are judged by their content (khibra.core.uploads): a fake image, an SVG with a script, a
polyglot, an oversized file or a decompression bomb is refused or neutralised; a real image is
re-encoded without its metadata and stored under a random name. Every upload field of the product
goes through these checks."""

from io import BytesIO
from pathlib import Path
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
import pytest

from khibra.core import uploads
from khibra.organizations.forms import LogoField

ROOT = Path(__file__).resolve().parents[2]
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png(size=(40, 30), exif: bool = False, mode="RGB") -> bytes:
    image = Image.new(mode, size, "teal")
    out = BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"  # Make
        data[0x8825] = {2: (24.0, 42.0, 0.0)}  # GPS: somebody's home
        image.save(out, format="PNG", exif=data, pnginfo=_text_chunk())
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (50, 50), "orange")
    data = Image.Exif()
    data[0x010F] = "Camera maker"
    data[0x8825] = {2: (24.0, 42.0, 0.0)}
    out = BytesIO()
    image.save(out, format="JPEG", exif=data)
    return out.getvalue()


def _text_chunk():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret note")
    return info


def upload(name: str, content: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refused(file, rule) -> str:
    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(file, rule)
    return error.value.code


# --- refused -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", [uploads.LOGO, uploads.SIGNATURE, uploads.WORK_FILE])
def test_html_named_png_is_refused(rule):
    assert refused(upload("photo.png", HTML, "image/png"), rule) == "file_type"


@pytest.mark.parametrize("rule", [uploads.LOGO, uploads.SIGNATURE, uploads.WORK_FILE])
@pytest.mark.parametrize("name", ["logo.svg", "logo.png", "logo.pdf"])
def test_svg_is_refused_everywhere_whatever_its_name(rule, name):
    assert refused(upload(name, SVG, "image/svg+xml"), rule) == "file_type"
    # A UTF-8 mark or white space in front changes nothing.
    assert refused(upload(name, b"\xef\xbb\xbf \n" + SVG.split(b"?>", 1)[1], "image/svg+xml"), rule) == "file_type"


def test_a_fake_jpeg_with_only_the_magic_bytes_is_refused():
    assert refused(upload("x.jpg", b"\xff\xd8\xff\xe0" + HTML), uploads.WORK_FILE) == "file_type"


def test_the_extension_must_agree_with_the_content():
    assert refused(upload("report.pdf", png()), uploads.WORK_FILE) == "extension_mismatch"
    assert refused(upload("photo.png", b"%PDF-1.7\n%%EOF\n"), uploads.WORK_FILE) == "extension_mismatch"
    assert refused(upload("script.html", b"%PDF-1.7\n%%EOF\n"), uploads.WORK_FILE) == "extension_mismatch"
    assert refused(upload("no-extension", b"%PDF-1.7\n%%EOF\n"), uploads.WORK_FILE) == "extension_mismatch"


def test_an_oversized_file_is_refused_before_it_is_read():
    big = upload("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    assert refused(big, uploads.WORK_FILE) == "too_big"
    assert refused(upload("logo.png", png() + b"0" * (2 * 1024 * 1024)), uploads.LOGO) == "too_big"


def test_a_decompression_bomb_is_refused_from_its_header():
    # 9000 × 9000 white pixels compress to a few hundred kilobytes but would take 240 MB decoded.
    bomb = Image.new("1", (9000, 9000), 1)
    out = BytesIO()
    bomb.save(out, format="PNG", optimize=True)
    assert len(out.getvalue()) < 10 * 1024 * 1024
    assert refused(upload("bomb.png", out.getvalue()), uploads.WORK_FILE) == "too_large"


def test_plain_text_and_executables_are_not_work_files():
    assert refused(upload("notes.csv", "الاسم,البريد\n".encode()), uploads.WORK_FILE) == "file_type"
    assert refused(upload("setup.exe", b"MZ\x90\x00\x03\x00"), uploads.WORK_FILE) == "file_type"


# --- neutralised --------------------------------------------------------------------------------


def test_a_png_html_polyglot_loses_everything_after_the_image():
    polyglot = png() + HTML + b"PK\x03\x04 a zip archive too"

    stored = uploads.clean_upload(upload("photo.png", polyglot), uploads.WORK_FILE)

    content = stored.read()
    assert b"<script" not in content and b"PK\x03\x04" not in content
    assert Image.open(BytesIO(content)).size == (40, 30)


def test_a_real_png_is_re_encoded_without_its_metadata_under_a_random_name():
    original = png(exif=True)
    assert b"secret note" in original and b"Camera maker" in original

    stored = uploads.clean_upload(upload("بيتي.png", original, "image/png"), uploads.WORK_FILE)

    content = stored.read()
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"secret note" not in content and b"Camera maker" not in content
    image = Image.open(BytesIO(content))
    assert not image.getexif() and "Comment" not in image.info
    assert re.fullmatch(r"[0-9a-f]{32}\.png", stored.name)


def test_a_photo_loses_its_gps_position():
    stored = uploads.clean_upload(upload("photo.JPG", jpeg_with_gps(), "image/jpeg"), uploads.WORK_FILE)

    content = stored.read()
    assert content.startswith(b"\xff\xd8\xff")
    assert not Image.open(BytesIO(content)).getexif()
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", stored.name)


def test_a_logo_becomes_a_png_whatever_it_was():
    stored = uploads.clean_upload(upload("logo.jpeg", jpeg_with_gps()), uploads.LOGO)
    assert stored.name.endswith(".png") and stored.read().startswith(b"\x89PNG")


def test_documents_are_kept_as_they_are_under_a_random_name():
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"

    stored = uploads.clean_upload(upload("تقرير نهائي.PDF", pdf), uploads.WORK_FILE)

    assert stored.read() == pdf
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)


def test_office_files_keep_their_own_extension():
    assert uploads.clean_upload(upload("plan.docx", b"PK\x03\x04rest"), uploads.WORK_FILE).name.endswith(".docx")
    assert uploads.clean_upload(upload("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), uploads.WORK_FILE).name.endswith(".xls")


# --- wired into every upload field ------------------------------------------------------------


def test_the_logo_field_uses_the_shared_checks():
    field = LogoField(required=False)
    with pytest.raises(forms.ValidationError) as error:
        field.clean(upload("logo.png", SVG, "image/png"))
    assert error.value.code == "not_image"
    assert field.clean(upload("logo.png", png(exif=True))).name.endswith(".png")


def test_the_admin_logo_field_uses_the_shared_checks():
    from django.contrib import admin

    from khibra.organizations.models import Organization

    form_class = admin.site._registry[Organization].get_form(request=None, obj=None, fields=["logo"])
    assert isinstance(form_class.base_fields["logo"], LogoField)


@pytest.mark.django_db
def test_work_submissions_use_the_shared_checks(monkeypatch):
    from khibra.engagements import services

    with pytest.raises(ValidationError) as error:
        services.sniff_upload(upload("report.pdf", HTML))
    assert error.value.error_dict["file"][0].code == "file_type"
    assert services.sniff_upload(upload("photo.png", png(exif=True))).read().startswith(b"\x89PNG")


def test_every_upload_field_in_the_product_is_known_here():
    # A new FileField/ImageField must be wired to khibra.core.uploads and added to this list.
    known = {
        "khibra/engagements/models.py": "engagements.services.sniff_upload (WORK_FILE)",
        "khibra/engagements/forms.py": "engagements.services.sniff_upload (WORK_FILE)",
        "khibra/organizations/models.py": "organizations.forms.LogoField (LOGO), SignatureField (SIGNATURE), also in the admin",
        "khibra/organizations/forms.py": "LogoField, SignatureField (SIGNATURE)",
        # The organization's logo and signature copied at issue time: files checked when uploaded.
        "khibra/certificates/models.py": "copies of organizations.Organization.logo and .signature",
        "khibra/evaluation/models.py": "evaluation.services.evidence: sniff_upload (WORK_FILE), served by an access-checked view",
        "khibra/evaluation/forms.py": "evaluation evidence (WORK_FILE)",
        # Built by the platform itself, never uploaded.
        "khibra/exports/models.py": "generated export files",
        # Read in memory by its parser (XLSX or CSV, by content) and never stored or served.
        "khibra/recruitment/forms/outreach.py": "volunteers import",
    }
    found = set()
    for path in (ROOT / "khibra").rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        if re.search(r"\b(?:models|forms)\.(?:File|Image)Field\(|class \w+\((?:forms\.)?(?:File|Image)Field\)", path.read_text(encoding="utf-8")):
            found.add(str(path.relative_to(ROOT)))
    assert found <= set(known), sorted(found - set(known))
