"""The program's documents for the board: one PDF each, in Arabic (RTL) and English, with the
title exactly as text (pdftotext), for the members of the organization only."""

import shutil
import subprocess

from django.urls import reverse
import pytest

from khibra.evaluation.documents import DOCUMENTS

pytestmark = pytest.mark.django_db

TITLES = {
    "ar": {"action-plan": "خطة العمل", "needs-assessment": "تقييم الاحتياج", "recruitment-plan": "خطة الاستقطاب",
           "readiness": "تقييم الجاهزية", "evaluation-report": "تقرير تقييم البرنامج"},
    "en": {"action-plan": "Action plan", "needs-assessment": "Needs assessment", "recruitment-plan": "Recruitment plan",
           "readiness": "Readiness assessment", "evaluation-report": "Program evaluation report"},
}
# pdftotext wraps runs of a different direction in invisible embedding marks (LRE, RLE, PDF…).
EMBEDDING_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


def text_of(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode()
    output = output.translate(EMBEDDING_MARKS)
    return [line.strip() for line in output.splitlines() if line.strip()]


@needs_pdftotext
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_each_board_document_has_its_title(client, program, opportunity, manager_a, kind, language, tmp_path):
    client.force_login(manager_a)
    response = client.get(reverse("programs:board_document", args=[program.organization.slug, program.pk, kind]), {"lang": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    lines = text_of(response.content, tmp_path)
    assert TITLES[language][kind] in lines  # the title, alone on its line, exactly
    assert "برنامج التطوع الاحترافي" in " ".join(lines)


def test_the_program_page_links_each_board_document(client, program, manager_a):
    client.force_login(manager_a)
    body = client.get(reverse("programs:detail", args=[program.organization.slug, program.pk])).content.decode()
    for kind in DOCUMENTS:
        assert reverse("programs:board_document", args=[program.organization.slug, program.pk, kind]) in body


def test_other_organizations_get_no_board_document(client, program, manager_b, volunteer):
    url = reverse("programs:board_document", args=[program.organization.slug, program.pk, "evaluation-report"])
    client.force_login(manager_b)
    assert client.get(url).status_code == 404
    client.force_login(volunteer)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the log-in page


def test_an_unknown_document_is_not_found(client, program, manager_a):
    client.force_login(manager_a)
    assert client.get(reverse("programs:board_document", args=[program.organization.slug, program.pk, "minutes"])).status_code == 404
