"""A 10,000-row hour-entry export: requested, built by the task, downloaded, opened with openpyxl."""

import io

from django.urls import reverse
import openpyxl
import pytest

from khibra.exports import services
from khibra.exports.models import Export
from khibra.exports.writers import BOM

from .conftest import many_hours

ROWS = 10_000
HEADERS = {
    "ar": ["التاريخ", "المتطوع", "الفرصة", "الساعات", "الحالة", "المجال", "مستوى التطوع"],
    "en": ["Date", "Volunteer", "Opportunity", "Hours", "Status", "Field", "Volunteering level"],
}


def _request(manager, org, *, format="xlsx", language="ar", params=None, capture):
    with capture(execute=True):
        return services.request_export(kind="hours", params=params or {}, format=format, by=manager, organization=org, language=language)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_it_builds_10000_rows_in_the_background_and_downloads_as_xlsx(
    client, org_a, manager_a, engagement, django_capture_on_commit_callbacks, language
):
    many_hours(engagement, ROWS, approved_by=manager_a)
    export = _request(manager_a, org_a, language=language, capture=django_capture_on_commit_callbacks)

    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    assert (export.progress, export.total, export.attempts) == (ROWS, ROWS, 1)
    assert export.lease_owner == "" and export.lease_until is None

    client.force_login(manager_a)
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == services.CONTENT_TYPES["xlsx"]
    assert "no-store" in response["Cache-Control"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == ROWS + 1
    assert list(rows[0]) == HEADERS[language]
    statuses = {row[4] for row in rows[1:]}
    assert statuses == ({"معتمدة", "بانتظار الاعتماد"} if language == "ar" else {"Approved", "Awaiting approval"})
    assert sum(row[3] for row in rows[1:]) == pytest.approx(1.5 * ROWS)


def test_it_writes_csv_with_a_bom(client, org_a, manager_a, engagement, django_capture_on_commit_callbacks):
    many_hours(engagement, 2500)
    export = _request(manager_a, org_a, format="csv", language="en", capture=django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    client.force_login(manager_a)
    response = client.get(reverse("exports:download", args=[export.pk]))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    lines = body[1:].splitlines()
    assert lines[0] == ",".join(HEADERS["en"])
    assert len(lines) == 2501
    assert lines[1].split(",")[3] == "1.5"


def test_progress_is_written_every_500_rows(org_a, manager_a, engagement, monkeypatch):
    many_hours(engagement, 1200)
    export = services.request_export(kind="hours", params={}, format="csv", by=manager_a, organization=org_a, language="en")
    seen = []
    heartbeat = services._heartbeat

    def spy(export_id, worker, **values):
        heartbeat(export_id, worker, **values)
        seen.append(Export.objects.values_list("progress", "total").get(pk=export_id))

    monkeypatch.setattr(services, "_heartbeat", spy)
    assert services.build_export(export_id=export.pk, worker="w1")
    assert seen == [(0, 1200), (500, 1200), (1000, 1200)]


def test_a_filter_narrows_the_rows(org_a, manager_a, engagement, django_capture_on_commit_callbacks):
    many_hours(engagement, 30, approved_by=manager_a)
    export = _request(manager_a, org_a, params={"status": "approved"}, capture=django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert (export.status, export.total) == ("done", 10)


def test_the_export_of_org_a_holds_none_of_org_b_hours(org_a, manager_a, engagement, engagement_b, manager_b, django_capture_on_commit_callbacks):
    many_hours(engagement, 5)
    many_hours(engagement_b, 7)
    export = _request(manager_a, org_a, capture=django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.total == 5


def test_with_a_replica_the_rows_are_read_there_and_the_export_row_on_the_primary(
    org_a, manager_a, engagement, django_capture_on_commit_callbacks, settings, monkeypatch
):
    from django.db import connections

    from khibra.core.replicas import ReplicaRouter

    many_hours(engagement, 20)
    settings.REPLICA_DATABASE = "replica"
    connections["replica"] = connections["default"]  # the test database's own connection (core's router tests)
    decisions = []
    real = ReplicaRouter.db_for_read
    monkeypatch.setattr(
        ReplicaRouter,
        "db_for_read",
        lambda self, model, **hints: (
            decisions.append((model._meta.db_table, alias := real(self, model, **hints))) or alias
        ),
    )
    try:
        export = _request(manager_a, org_a, format="csv", language="en", capture=django_capture_on_commit_callbacks)
    finally:
        del connections["replica"]
    export.refresh_from_db()
    assert export.status == Export.Status.DONE and export.total == 20
    assert ("hours_hourentry", "replica") in decisions
    assert all(alias is None for table, alias in decisions if table == "exports_export")
