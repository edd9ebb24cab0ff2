"""My exports, the download buttons' endpoint and the download view."""

import io

from django.urls import reverse
import openpyxl
import pytest

from khibra.exports import services
from khibra.exports.models import Export

from .conftest import many_hours

NEW = "exports:new"


@pytest.fixture
def built(org_a, manager_a, engagement):
    many_hours(engagement, 30)
    export = services.request_export(kind="hours", params={}, format="xlsx", by=manager_a, organization=org_a, language="en")
    services.build_export(export_id=export.pk, worker="w1")
    export.refresh_from_db()
    return export


def test_a_small_table_downloads_at_once(client, org_a, manager_a, engagement):
    many_hours(engagement, 12)
    client.force_login(manager_a)
    response = client.post("/en/exports/new/", {"kind": "hours", "format": "xlsx", "organization": org_a.slug, "params": "{}"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 13 and rows[0][0] == "Date"
    assert not Export.objects.exists()


def test_a_small_csv_streams_with_a_bom(client, org_a, manager_a, engagement):
    many_hours(engagement, 3)
    client.force_login(manager_a)
    response = client.post("/en/exports/new/", {"kind": "hours", "format": "csv", "organization": org_a.slug})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffDate,") and len(body.splitlines()) == 4


def test_a_large_table_goes_to_the_background(client, org_a, manager_a, engagement, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "DIRECT_LIMIT", 10)
    many_hours(engagement, 11)
    client.force_login(manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(NEW), {"kind": "hours", "format": "xlsx", "organization": org_a.slug, "params": '{"status": "submitted"}'})
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#export-{export.pk}")
    assert (export.status, export.total, export.params, export.language) == ("done", 11, {"status": "submitted"}, "ar")


def test_bad_input_is_answered_without_a_write(client, org_a, manager_a):
    client.force_login(manager_a)
    for data in (
        {"kind": "hours", "format": "pdf", "organization": org_a.slug},
        {"kind": "nope", "format": "xlsx", "organization": org_a.slug},
        {"kind": "hours", "format": "xlsx", "organization": org_a.slug, "params": "{not json"},
        {"kind": "hours", "format": "xlsx", "organization": org_a.slug, "params": '{"status": "lost"}', "background": "on"},
    ):
        response = client.post("/en/exports/new/", data)
        assert response.status_code == 400
        assert b'id="export-request-errors"' in response.content
    assert not Export.objects.exists()


def test_org_b_manager_cannot_export_org_a_tables(client, org_a, manager_b):
    client.force_login(manager_b)
    response = client.post(reverse(NEW), {"kind": "hours", "format": "xlsx", "organization": org_a.slug})
    assert response.status_code == 404
    assert not Export.objects.exists()


def test_my_exports_lists_and_polls_pending_ones(client, org_a, manager_a, built, engagement, django_assert_max_num_queries):
    pending = services.request_export(kind="hours", params={}, format="csv", by=manager_a, organization=org_a)
    client.force_login(manager_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("exports:list"))
    html = response.content.decode()
    assert f'id="export-download-{built.pk}"' in html
    assert f'id="export-progress-{pending.pk}"' in html and 'hx-trigger="every 2s"' in html
    row = client.get(reverse("exports:row", args=[pending.pk]), headers={"HX-Request": "true"})
    assert row.status_code == 200 and row.content.decode().lstrip().startswith(f'<tr id="export-{pending.pk}"')
    services.build_export(export_id=pending.pk, worker="w1")
    row = client.get(reverse("exports:row", args=[pending.pk]))
    assert "hx-trigger" not in row.content.decode() and f'id="export-download-{pending.pk}"' in row.content.decode()


def test_only_the_requester_and_staff_download(client, built, manager_b, admin_a, staff):
    url = reverse("exports:download", args=[built.pk])
    for outsider in (manager_b, admin_a):  # admin_a may export too, but this file is manager_a's
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(reverse("exports:row", args=[built.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_a_manager_who_left_cannot_download_any_more(client, built, manager_a):
    manager_a.memberships.update(is_active=False)
    client.force_login(manager_a)
    assert client.get(reverse("exports:download", args=[built.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, built):
    assert client.get(reverse("exports:download", args=[built.pk])).status_code == 302


def test_the_buttons_include_renders_a_form(rf, org_a):
    from django.template.loader import render_to_string

    html = render_to_string("exports/_buttons.html", {"kind": "hours", "params": {"status": "approved"}, "organization_slug": org_a.slug})
    assert 'id="export-hours-xlsx"' in html and 'id="export-hours-csv"' in html
    assert "&quot;status&quot;: &quot;approved&quot;" in html
