"""Importing an organization's volunteers: reading XLSX and CSV (Arabic headers, BOM), per-row
errors, files rejected whole with nothing written, invitations only (no account, no link without
the person's acceptance, nothing revealed about who has an account), caps, re-import idempotent,
and the pages' access matrix."""

import datetime as dt
import io

from allauth.account.models import EmailAddress
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
import pytest

from khibra.accounts.models import User
from khibra.core.models import AuditEvent, Notification, OutboundEmail
from khibra.organizations.models import Organization
from khibra.recruitment.models import ImportedVolunteer, VolunteerImport
from khibra.recruitment.services import imports
from khibra.recruitment.services.imports import FileRejected
from khibra.testing.factories import UserFactory, VolunteerProfileFactory
from khibra.volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db

HEADER = ["الاسم الكامل", "البريد الإلكتروني", "رقم الجوال", "المدينة", "المهنة", "المجالات"]
ROWS = [
    ["نورة الشهري", "Noura@Example.sa", "٠٥٥١٢٣٤٥٦٧", "جدة", "محاسب قانوني", "المالية والمحاسبة، الحوكمة"],
    ["Ahmed Khan", "ahmed@example.sa", "+966 50 111 2233", "Riyadh", "", ""],
]


def csv_bytes(rows, header=HEADER, bom=True) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def nothing_written() -> bool:
    return (
        not VolunteerImport.objects.exists()
        and not ImportedVolunteer.objects.exists()
        and not User.objects.filter(email__in=["noura@example.sa", "ahmed@example.sa"]).exists()
    )


# --- reading and checking ----------------------------------------------------------------------------


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_it_reads_csv_and_xlsx_with_arabic_headers(org_a, admin_a, make):
    preview = imports.preview_file(organization=org_a, by=admin_a, data=make(ROWS), filename="متطوعون")
    assert [row.errors for row in preview.rows] == [[], []]
    noura, ahmed = preview.rows
    assert noura.email == "noura@example.sa" and noura.name == "نورة الشهري"
    assert ahmed.email == "ahmed@example.sa"
    # Only the name and the address travel on: the other columns of the file are dropped.
    assert preview.table == [imports.TEMPLATE_HEADERS, ["نورة الشهري", "Noura@Example.sa"], ["Ahmed Khan", "ahmed@example.sa"]]
    assert nothing_written()


def test_csv_without_bom_and_english_headers_and_semicolons(org_a, admin_a):
    data = "name;email;mobile;city\nريم;reem@example.sa;0501234567;الرياض\n".encode()
    preview = imports.preview_file(organization=org_a, by=admin_a, data=data, filename="x.csv")
    assert preview.rows[0].is_valid


def test_each_row_gets_its_own_errors(org_a, admin_a):
    rows = [
        ["", "bad-address", "", "", "", ""],
        ["سارة 2", "sara@example.sa", "", "", "", ""],
        ["سارة", "SARA@example.sa", "", "", "", ""],
        ["نورة\u202eيرهشلا", "n@example.sa", "", "", "", ""],
        ["ن" * 151, "long@example.sa", "", "", "", ""],
    ]
    preview = imports.preview_file(organization=org_a, by=admin_a, data=csv_bytes(rows), filename="x.csv")
    first, second, third, override, too_long = preview.rows
    assert len(first.errors) == 2  # name, e-mail
    assert len(second.errors) == 1  # digits in a name
    assert len(third.errors) == 1 and "3" in third.errors[0]  # the same address as row 3
    assert len(override.errors) == 1 and len(too_long.errors) == 1
    assert [row.number for row in preview.rows] == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "bad_type"),
        (b"PK\x03\x04 not really a workbook", "bad_type"),
        (b"a" * (2 * 1024 * 1024 + 1), "too_big"),
        ("الاسم الكامل,رقم الجوال\nنورة,0551234567\n".encode(), "missing_columns"),
    ],
)
def test_bad_files_are_rejected_whole(org_a, admin_a, data, code):
    with pytest.raises(FileRejected) as error:
        imports.preview_file(organization=org_a, by=admin_a, data=data, filename="x")
    assert error.value.code == code
    assert nothing_written()


def test_too_many_rows_are_rejected(org_a, admin_a):
    rows = [["نورة", f"n{i}@example.sa", "0551234567", "جدة", "", ""] for i in range(imports.MAX_ROWS + 1)]
    with pytest.raises(FileRejected) as error:
        imports.preview_file(organization=org_a, by=admin_a, data=csv_bytes(rows), filename="x.csv")
    assert error.value.code == "too_many_rows"


@pytest.mark.parametrize("persona", ["supervisor_a", "admin_b", "volunteer", "staff"])
def test_only_admins_and_managers_import(request, org_a, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        imports.preview_file(organization=org_a, by=user, data=csv_bytes(ROWS), filename="x.csv")
    with pytest.raises(PermissionDenied):
        imports.import_rows(organization=org_a, by=user, table=imports.read_table(csv_bytes(ROWS)), filename="x.csv")
    assert nothing_written()


# --- confirming ------------------------------------------------------------------------------------


def invitation_link(address: str) -> str:
    body = OutboundEmail.objects.get(to=address).body_text
    return next(line for line in body.splitlines() if "/volunteer-invitations/" in line).split("://", 1)[1].split("/", 1)[1]


def test_the_import_only_sends_invitations(org_a, manager_a):
    users = User.objects.count()
    result = imports.import_rows(organization=org_a, by=manager_a, table=imports.read_table(xlsx_bytes(ROWS)), filename="v.xlsx")
    assert (result.invited, result.skipped) == (2, 0)
    assert User.objects.count() == users and not EmailAddress.objects.filter(email__iexact="noura@example.sa").exists()
    assert not VolunteerProfile.objects.filter(user__email__iexact="noura@example.sa").exists()
    invitation = ImportedVolunteer.objects.get(organization=org_a, email="noura@example.sa")
    assert invitation.user is None and invitation.accepted_at is None and invitation.token_hash
    assert "/volunteer-invitations/" in OutboundEmail.objects.get(to="noura@example.sa").body_text
    assert AuditEvent.objects.filter(verb="volunteer_import.confirmed", organization=org_a).exists()


def test_existing_accounts_are_neither_linked_nor_told_apart(org_a, admin_a):
    existing = VolunteerProfileFactory(user=UserFactory(email="Noura@EXAMPLE.sa", full_name="نورة"), phone="0500000000")
    result = imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS)), filename="v.csv")
    # The same count and the same invitation for the address with an account and the one without.
    assert (result.invited, result.skipped) == (2, 0)
    assert not ImportedVolunteer.objects.filter(user__isnull=False).exists()
    assert not Notification.objects.filter(user=existing.user).exists()
    noura, ahmed = (OutboundEmail.objects.get(to=address) for address in ("noura@example.sa", "ahmed@example.sa"))
    assert noura.subject == ahmed.subject
    assert noura.body_text.replace("نورة الشهري", "X").split("/volunteer-invitations/")[0] == ahmed.body_text.replace(
        "Ahmed Khan", "X"
    ).split("/volunteer-invitations/")[0]
    record = VolunteerImport.objects.get()
    assert (record.invited_count, record.skipped_count) == (2, 0)


def test_accepting_links_the_persons_own_account(client, org_a, admin_a):
    imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS[:1])), filename="v.csv")
    path = "/" + invitation_link("noura@example.sa")
    assert client.get(path).status_code == 200
    # Not logged in: accepting asks to log in first; nothing is linked.
    response = client.post(path, {"answer": "accept"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not ImportedVolunteer.objects.filter(user__isnull=False).exists()
    # Someone else's account cannot accept it.
    other = UserFactory(email="other@example.sa")
    client.force_login(other)
    assert client.post(path, {"answer": "accept"}).status_code == 400
    noura = UserFactory(email="noura@example.sa")
    client.force_login(noura)
    assert client.post(path, {"answer": "accept"}).status_code == 302
    invitation = ImportedVolunteer.objects.get()
    assert invitation.user == noura and invitation.accepted_at is not None
    assert client.get(path).status_code == 404  # the link works once


def test_declining_forgets_the_name_and_closes_the_link(client, org_a, admin_a):
    imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS[:1])), filename="v.csv")
    path = "/" + invitation_link("noura@example.sa")
    assert client.post(path, {"answer": "decline"}).status_code == 302
    invitation = ImportedVolunteer.objects.get()
    assert invitation.declined_at and invitation.name == "" and invitation.user is None
    assert client.get(path).status_code == 404
    # Importing the address again does not invite the person again.
    result = imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS[:1])), filename="v.csv")
    assert (result.invited, result.skipped) == (0, 1)


def test_an_expired_invitation_cannot_be_accepted(client, org_a, admin_a, settings):
    imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS[:1])), filename="v.csv")
    path = "/" + invitation_link("noura@example.sa")
    ImportedVolunteer.objects.update(invited_at=timezone.now() - dt.timedelta(days=settings.IMPORT_INVITATION_VALID_DAYS + 1))
    client.force_login(UserFactory(email="noura@example.sa"))
    assert client.post(path, {"answer": "accept"}).status_code == 404
    assert not ImportedVolunteer.objects.filter(user__isnull=False).exists()


def test_invitations_are_capped_per_file_and_per_day(org_a, admin_a, settings):
    settings.IMPORT_INVITATIONS_PER_FILE = 1
    with pytest.raises(FileRejected) as error:
        imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS)), filename="v.csv")
    assert error.value.code == "too_many_invitations"
    settings.IMPORT_INVITATIONS_PER_FILE, settings.IMPORT_INVITATIONS_PER_DAY = 10, 3
    imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS)), filename="v.csv")
    more = [["ريم", "reem@example.sa"], ["هند", "hind@example.sa"]]
    with pytest.raises(FileRejected) as error:
        imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(more)), filename="w.csv")
    assert error.value.code == "daily_limit"
    assert ImportedVolunteer.objects.count() == 2 and OutboundEmail.objects.count() == 2


def test_an_unverified_organization_cannot_import(client, org_a, admin_a):
    org_a.verification_status = Organization.Status.PENDING
    org_a.save()
    with pytest.raises(PermissionDenied):
        imports.preview_file(organization=org_a, by=admin_a, data=csv_bytes(ROWS), filename="x.csv")
    with pytest.raises(PermissionDenied):
        imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS)), filename="x.csv")
    client.force_login(admin_a)
    url = reverse("recruitment:import_volunteers", args=[org_a.slug])
    page = client.get(url).content.decode()
    assert 'id="import-not-verified"' in page and 'id="import-form"' not in page
    assert client.post(url, upload(csv_bytes(ROWS), "v.csv")).status_code == 403
    assert nothing_written()


def test_importing_the_same_file_again_changes_nothing(org_a, admin_a):
    table = imports.read_table(csv_bytes(ROWS))
    imports.import_rows(organization=org_a, by=admin_a, table=table, filename="v.csv")
    emails = OutboundEmail.objects.count()
    result = imports.import_rows(organization=org_a, by=admin_a, table=table, filename="v.csv")
    assert (result.invited, result.skipped) == (0, 2)
    assert OutboundEmail.objects.count() == emails
    assert ImportedVolunteer.objects.count() == 2


def test_another_organization_invites_the_same_people_separately(org_a, org_b, admin_a, admin_b):
    table = imports.read_table(csv_bytes(ROWS))
    imports.import_rows(organization=org_a, by=admin_a, table=table, filename="v.csv")
    result = imports.import_rows(organization=org_b, by=admin_b, table=table, filename="v.csv")
    assert result.invited == 2
    assert ImportedVolunteer.objects.filter(organization=org_b).count() == 2


def test_a_row_error_rejects_the_file_unless_the_valid_rows_are_chosen(org_a, admin_a):
    table = imports.read_table(csv_bytes([*ROWS, ["", "x", "1", "?", "", ""]]))
    with pytest.raises(FileRejected) as error:
        imports.import_rows(organization=org_a, by=admin_a, table=table, filename="v.csv")
    assert error.value.code == "row_errors"
    assert nothing_written()
    result = imports.import_rows(organization=org_a, by=admin_a, table=table, filename="v.csv", valid_only=True)
    assert (result.invited, result.skipped) == (2, 1)


def test_a_failure_half_way_writes_nothing(org_a, admin_a, monkeypatch):
    calls = []

    def failing(invitation, token):
        calls.append(invitation)
        if len(calls) == 2:
            raise RuntimeError("mail transport down")

    monkeypatch.setattr(imports, "_send_invitation", failing)
    with pytest.raises(RuntimeError):
        imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS)), filename="v.csv")
    assert nothing_written()


def test_the_templates_have_arabic_headers(client, admin_a, org_a):
    client.force_login(admin_a)
    response = client.get(reverse("recruitment:import_template", args=[org_a.slug, "csv"]))
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").splitlines()[0].split(",") == HEADER[:2]
    response = client.get(reverse("recruitment:import_template", args=[org_a.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADER[:2]
    # The template read back is a valid, empty import file.
    with pytest.raises(FileRejected):
        imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(response.content), filename="t.xlsx")


# --- pages -------------------------------------------------------------------------------------------

PERSONAS = ["anonymous", "volunteer", "admin_a", "manager_a", "supervisor_a", "admin_b", "manager_b", "staff"]
EXPECTED = {
    "anonymous": "login",
    "volunteer": 404,
    "admin_b": 404,
    "manager_b": 404,
    "staff": 404,
    "supervisor_a": 403,
    "admin_a": 200,
    "manager_a": 200,
}


@pytest.fixture
def as_persona(client, request, org_a, org_b):
    def login(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


def upload(data: bytes, name: str) -> dict:
    return {"file": SimpleUploadedFile(name, data)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_import_pages_are_for_admins_and_managers(as_persona, persona, org_a):
    client = as_persona(persona)
    url = reverse("recruitment:import_volunteers", args=[org_a.slug])
    for response in (
        client.get(url),
        client.post(url, upload(csv_bytes(ROWS), "v.csv")),
        client.get(reverse("recruitment:import_template", args=[org_a.slug, "csv"])),
    ):
        expected = EXPECTED[persona]
        if expected == "login":
            assert response.status_code == 302 and reverse("account_login") in response["Location"]
        else:
            assert response.status_code == expected
    if persona in {"admin_a", "manager_a"}:
        assert 'id="import-form"' in client.get(url).content.decode()
    assert nothing_written()


def test_upload_preview_confirm(client, admin_a, org_a):
    client.force_login(admin_a)
    response = client.post(reverse("recruitment:import_volunteers", args=[org_a.slug]), upload(xlsx_bytes(ROWS), "فريقنا.xlsx"))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="import-preview"' in page and 'id="import-confirm"' in page
    assert nothing_written()
    payload = response.context["confirm_form"].initial["payload"]
    response = client.post(reverse("recruitment:import_confirm", args=[org_a.slug]), {"payload": payload})
    assert response.status_code == 302
    assert VolunteerImport.objects.get(organization=org_a).invited_count == 2
    assert 'id="import-history"' in client.get(response["Location"]).content.decode()


def test_a_file_with_row_errors_previews_them_and_confirming_without_the_choice_writes_nothing(client, admin_a, org_a):
    client.force_login(admin_a)
    data = csv_bytes([*ROWS, ["", "x", "1", "?", "", ""]])
    response = client.post(reverse("recruitment:import_volunteers", args=[org_a.slug]), upload(data, "v.csv"))
    assert 'id="import-row-4-errors"' in response.content.decode()
    payload = response.context["confirm_form"].initial["payload"]
    response = client.post(reverse("recruitment:import_confirm", args=[org_a.slug]), {"payload": payload})
    assert response.status_code == 400
    assert nothing_written()
    response = client.post(reverse("recruitment:import_confirm", args=[org_a.slug]), {"payload": payload, "valid_only": "on"})
    assert response.status_code == 302
    assert ImportedVolunteer.objects.count() == 2


def test_a_rejected_upload_shows_the_reason_and_writes_nothing(client, admin_a, org_a):
    client.force_login(admin_a)
    response = client.post(reverse("recruitment:import_volunteers", args=[org_a.slug]), upload(b"\x00\x01binary", "v.csv"))
    assert response.status_code == 400 and 'class="form-errors"' in response.content.decode()
    assert nothing_written()


def test_a_tampered_or_foreign_payload_is_refused(client, admin_a, admin_b, org_a, org_b):
    client.force_login(admin_a)
    response = client.post(reverse("recruitment:import_volunteers", args=[org_a.slug]), upload(csv_bytes(ROWS), "v.csv"))
    payload = response.context["confirm_form"].initial["payload"]
    assert client.post(reverse("recruitment:import_confirm", args=[org_a.slug]), {"payload": payload + "x"}).status_code == 400
    forged = signing.dumps({"filename": "x", "table": [HEADER, ROWS[0]]}, salt="other", compress=True)
    assert client.post(reverse("recruitment:import_confirm", args=[org_a.slug]), {"payload": forged}).status_code == 400
    # Org B's admin cannot use A's preview, in A (404) or in B (bad signature).
    client.force_login(admin_b)
    assert client.post(reverse("recruitment:import_confirm", args=[org_a.slug]), {"payload": payload}).status_code == 404
    assert client.post(reverse("recruitment:import_confirm", args=[org_b.slug]), {"payload": payload}).status_code == 400
    assert nothing_written()


def test_org_b_sees_nothing_of_org_as_imports(client, admin_a, admin_b, org_a):
    imports.import_rows(organization=org_a, by=admin_a, table=imports.read_table(csv_bytes(ROWS)), filename="a-secret.csv")
    client.force_login(admin_b)
    assert client.get(reverse("recruitment:import_volunteers", args=[org_a.slug])).status_code == 404
    own = client.get(reverse("recruitment:import_volunteers", args=[admin_b.memberships.get().organization.slug]))
    assert "a-secret.csv" not in own.content.decode()
