"""The audit log as CSV/XLSX through the exports registry: the page's filters, the page's access rules."""

import csv
import io
import json

from django.urls import reverse
import pytest

from khibra.core import audit
from khibra.core.models import AuditEvent
from khibra.exports import services as export_services


@pytest.fixture(autouse=True)
def _scratch_exports(settings, tmp_path):
    settings.EXPORTS_ROOT = tmp_path / "exports"


@pytest.fixture
def events(org_a, org_b, admin_a, admin_b):
    return [
        audit.record(actor=admin_a, verb="hours.approved", target=org_a, organization=org_a, hours="2"),
        audit.record(actor=admin_a, verb="certificate.revoked", target=org_a, organization=org_a, reason="=cmd"),
        audit.record(actor=admin_b, verb="hours.approved", target=org_b, organization=org_b),
    ]


def _download(client, *, kind, params=None, organization=""):
    data = {"kind": kind, "format": "csv", "params": json.dumps(params or {}), "organization": organization}
    return client.post(reverse("exports:new"), data)


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_an_admin_downloads_their_filtered_log(client, admin_a, org_a, events):
    client.force_login(admin_a)
    response = client.post(
        "/en" + reverse("exports:new"),
        {"kind": "audit_log", "format": "csv", "params": json.dumps({"verb": "certificate.revoked"}), "organization": org_a.slug},
    )
    assert response.status_code == 200
    header, *rows = _rows(response)
    assert header[:4] == ["When", "Who", "E-mail", "Action"]
    assert [row[4] for row in rows] == ["certificate.revoked"]
    assert rows[0][3] == "Certificate revoked"
    assert rows[0][7] == "reason: =cmd"
    export = AuditEvent.objects.filter(verb="export.direct").get()
    assert export.organization == org_a and export.data["kind"] == "audit_log"


@pytest.mark.parametrize("persona, status", [("manager_a", 403), ("supervisor_a", 403), ("admin_b", 404), ("volunteer", 404)])
def test_only_the_organizations_admins_download_its_log(client, request, org_a, events, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert _download(client, kind="audit_log", organization=org_a.slug).status_code == status


def test_staff_download_the_platform_log_for_one_organization(client, staff, org_b, events):
    client.force_login(staff)
    response = _download(client, kind="platform_audit_log", params={"organization": org_b.slug})
    assert response.status_code == 200
    _header, *rows = _rows(response)
    assert len(rows) == 1


def test_nobody_else_downloads_the_platform_log(client, admin_a, events):
    client.force_login(admin_a)
    assert _download(client, kind="platform_audit_log").status_code == 404


@pytest.mark.parametrize("params", [{"from": "yesterday"}, {"organization": "no-such-org"}, {"unknown": "1"}])
def test_bad_export_filters_are_refused(client, staff, events, params):
    client.force_login(staff)
    assert _download(client, kind="platform_audit_log", params=params).status_code == 400


def test_the_page_hands_its_filters_to_the_buttons(client, admin_a, org_a, events):
    client.force_login(admin_a)
    response = client.get(reverse("auditlog:organization", args=[org_a.slug]), {"verb": "hours.approved", "date_from": "2026-01-01"})
    assert response.context["export_params"] == {"verb": "hours.approved", "from": "2026-01-01"}
    assert b'id="export-audit_log-csv"' in response.content


def test_a_background_build_writes_the_same_rows(admin_a, org_a, events, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_services.request_export(kind="audit_log", params={}, format="csv", by=admin_a, organization=org_a, language="en")
    export.refresh_from_db()
    assert export.is_ready
    with export.file.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    # The two events of A, plus the export request itself (recorded before the file is built).
    assert sorted(row[4] for row in rows[1:]) == ["certificate.revoked", "export.requested", "hours.approved"]
