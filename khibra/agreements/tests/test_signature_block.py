"""Every agreement PDF ends with its signature block: who accepted, when (both calendars), the
version and the fingerprint of the exact text. A volunteer's copy names them alone; the
organization's copy names everyone who accepted that version."""

import shutil
import subprocess

from django.urls import reverse
import pytest

from khibra.agreements import documents, services

from .conftest import partner_terms
from .test_pdf import RESULTS, pdf_text

pytestmark = pytest.mark.django_db


def last_page_png(data: bytes, name: str, tmp_path) -> None:
    """The last page (where the block is), drawn for a person to look at."""
    if shutil.which("pdftoppm") is None or shutil.which("pdfinfo") is None:
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(source)], capture_output=True, check=True, text=True).stdout
    pages = info.split("Pages:")[1].split()[0]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", pages, "-l", pages, "-singlefile", str(source), str(RESULTS / name)],
        check=True,
    )


@pytest.fixture
def accepted(charter_volunteer, agreement):
    return services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)


def test_the_volunteers_copy_ends_with_their_acceptance(accepted, agreement, charter_volunteer, tmp_path):
    for language, hijri, title in (("ar", "هـ", "التوقيعات"), ("en", "AH", "Signatures")):
        data, _name = documents.volunteer_pdf(agreement, language, volunteer=charter_volunteer)
        text = pdf_text(data, tmp_path)
        block = text[text.rindex(title) :]
        assert charter_volunteer.full_name in block
        assert hijri in block  # the moment in both calendars
        assert agreement.content_hash[:32] in block.replace("\n", "")
        last_page_png(data, f"volunteer-agreement-signed-{language}", tmp_path)


def test_an_unsigned_copy_says_so(agreement, charter_volunteer, tmp_path):
    data, _name = documents.volunteer_pdf(agreement, "en", volunteer=charter_volunteer)
    text = pdf_text(data, tmp_path)
    assert "Not accepted yet" in text and charter_volunteer.full_name in text


def test_a_reader_sees_no_other_volunteers_acceptance(
    client, accepted, agreement, other_volunteer, opportunity, tmp_path
):
    # The opportunity is public: any logged-in volunteer may read its agreement, never who signed it.
    client.force_login(other_volunteer)
    response = client.get(reverse("agreements:pdf", args=[agreement.pk]), {"lang": "en"})
    if response.status_code == 404:
        pytest.skip("the opportunity of this fixture is not public")
    text = pdf_text(response.content, tmp_path)
    assert accepted.volunteer.full_name not in text


def test_the_organizations_copy_names_everyone_who_accepted(
    client, accepted, agreement, manager_a, org_a, opportunity, tmp_path
):
    client.force_login(manager_a)
    response = client.get(reverse("agreements:opportunity_pdf", args=[org_a.slug, opportunity.pk]), {"lang": "ar"})
    assert response.status_code == 200
    assert accepted.volunteer.full_name in pdf_text(response.content, tmp_path)


def test_the_partner_agreement_ends_with_both_parties(
    org_a, partner, opportunity, agreement, manager_a, partner_admin, tmp_path
):
    partnership = services.create_partner_agreement(
        organization=org_a, partner=partner, opportunity=opportunity, by=manager_a, **partner_terms()
    )
    services.propose_partner_agreement(agreement=partnership, by=manager_a)
    services.accept_partner_agreement(agreement=partnership, by=manager_a)
    services.accept_partner_agreement(agreement=partnership, by=partner_admin)
    partnership.refresh_from_db()
    data, _name = documents.partner_pdf(partnership, "ar")
    text = pdf_text(data, tmp_path)
    block = text[text.index("التوقيعات") :]
    assert manager_a.full_name in block and partner_admin.full_name in block and partner.name_ar in block
    with open(RESULTS / "partner-agreement-signed-ar.pdf", "wb") as out:
        out.write(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "2",
            "-l",
            "2",
            "-singlefile",
            str(RESULTS / "partner-agreement-signed-ar.pdf"),
            str(RESULTS / "partner-agreement-signed-ar"),
        ],
        check=False,
    )


def test_the_organizations_logo_heads_its_agreement(accepted, agreement, charter_volunteer, org_a, settings, tmp_path):
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    image = BytesIO()
    Image.new("RGB", (120, 60), (15, 107, 79)).save(image, "PNG")
    org_a.logo.save("logo.png", ContentFile(image.getvalue()), save=True)
    agreement.opportunity.organization.refresh_from_db()
    data, _name = documents.volunteer_pdf(agreement, "ar", volunteer=charter_volunteer)
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages (poppler-utils) is not installed")
    source = tmp_path / "logo.pdf"
    source.write_bytes(data)
    listing = subprocess.run(["pdfimages", "-list", str(source)], capture_output=True, check=True, text=True).stdout
    assert sum(1 for line in listing.splitlines()[2:] if line.split()[2:3] == ["image"]) == 1
