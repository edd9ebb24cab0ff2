"""The reconciliation page and the manual-upload file (platform staff only), the resend action,
and the open figures page and download (public)."""

import csv
import io
import json

from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent
from khibra.national import figures, services
from khibra.national.models import HourRecord, RecordStatus

from .conftest import approve, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(engagement, manager_a):
    verify(engagement.volunteer)
    approve(engagement, manager_a, days_ago=1)
    approve(engagement, manager_a, days_ago=2)
    HourRecord.objects.filter(pk=HourRecord.objects.order_by("pk").last().pk).update(
        status=RecordStatus.REJECTED, reason_code="unknown_person", reason="رقم الهوية غير معروف"
    )
    return list(HourRecord.objects.order_by("pk"))


@pytest.mark.parametrize("persona", ["volunteer", "admin_a", "manager_a", "plain_user"])
def test_the_reconciliation_does_not_exist_for_anybody_but_staff(client, records, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("national:reconciliation")).status_code == 404
    assert client.get(reverse("national:export_hours", args=["csv"])).status_code == 404
    assert client.post(reverse("national:resend", args=[records[1].pk])).status_code == 404
    assert HourRecord.objects.get(pk=records[1].pk).status == RecordStatus.REJECTED


def test_staff_see_where_the_hours_stand_and_filter_them(client, records, staff):
    client.force_login(staff)
    page = client.get(reverse("national:reconciliation")).content.decode()
    assert 'id="count-pending"' in page and f'id="record-{records[0].pk}"' in page and "رقم الهوية غير معروف" in page
    assert f'id="resend-{records[1].pk}"' in page and f'id="resend-{records[0].pk}"' not in page
    rejected = client.get(reverse("national:reconciliation"), {"status": "rejected"}).content.decode()
    assert f'id="record-{records[1].pk}"' in rejected and f'id="record-{records[0].pk}"' not in rejected
    # A status that does not exist shows them all.
    assert client.get(reverse("national:reconciliation"), {"status": "<script>"}).status_code == 200


def test_staff_resend_a_rejected_entry_with_a_new_key_and_an_audit_row(client, records, staff):
    client.force_login(staff)
    response = client.post(reverse("national:resend", args=[records[1].pk]))
    assert response.status_code == 302
    record = HourRecord.objects.get(pk=records[1].pk)
    assert record.status == RecordStatus.PENDING and record.revision == 1 and record.idempotency_key.endswith(":1")
    assert AuditEvent.objects.filter(verb="national.hours_resent", target_id=str(record.pk)).exists()
    # An entry waiting is not resent: a translated message, nothing changed.
    response = client.post(reverse("national:resend", args=[records[0].pk]), follow=True)
    assert "Only rejected" in response.content.decode() or "المرفوضة" in response.content.decode()
    assert HourRecord.objects.get(pk=records[0].pk).revision == 0
    assert client.post(reverse("national:resend", args=[999999])).status_code == 404


def test_the_manual_upload_file_carries_the_keys(client, records, staff, engagement):
    client.force_login(staff)
    response = client.get(reverse("national:export_hours", args=["csv"]), {"status": "pending"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert [row["idempotency_key"] for row in rows] == [records[0].idempotency_key]
    assert rows[0]["national_id"] == engagement.volunteer.national_id
    data = json.loads(client.get(reverse("national:export_hours", args=["json"]), {"status": "rejected"}).content)
    assert [row["idempotency_key"] for row in data["entries"]] == [records[1].idempotency_key]
    assert client.get(reverse("national:export_hours", args=["xml"])).status_code == 404


def test_the_open_figures_page_and_download_are_public(client, records):
    page = client.get(reverse("national:figures"))
    assert page.status_code == 200 and 'id="figures-none"' in page.content.decode()
    assert client.get(reverse("national:open_data", args=["json"])).status_code == 404
    figures.refresh()
    page = client.get(reverse("national:figures")).content.decode()
    assert 'id="open-fields"' in page and 'id="download-csv"' in page
    data = json.loads(client.get(reverse("national:open_data", args=["json"])).content)
    assert {"volunteers", "hours", "opportunities", "demand_and_supply", "min_group", "computed_at"} <= set(data)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("national:open_data", args=["csv"])).content.decode().lstrip("\ufeff"))
        )
    )
    assert rows and set(rows[0]) == set(figures.CSV_COLUMNS)
    # Nothing personal: no name, no national ID, no e-mail in the open data.
    text = json.dumps(data, ensure_ascii=False)
    for record in records:
        assert record.entry.volunteer.national_id not in text
        assert record.entry.volunteer.user.email not in text


def test_the_reconciliation_page_reads_a_fixed_number_of_queries(
    client, records, staff, engagement, manager_a, django_assert_max_num_queries
):
    for n in range(3, 13):
        approve(engagement, manager_a, days_ago=n, hours="1")
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("national:reconciliation")).status_code == 200
    services.queue_entries()
