"""Importing an organization's existing volunteers from XLSX or CSV.

Two steps: `preview_file` reads and checks every row without writing anything; `import_rows`
(after the manager confirms) creates accounts or links existing ones, all in one transaction.
A file is rejected whole, with nothing written, when its type is wrong (judged by content, not
by name), it is too big or too long, a required column is missing, or any row has an error and
the manager did not choose to import only the valid rows.
"""

import csv
from dataclasses import dataclass, field as dc_field
import io

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_lazy, ngettext

from khibra.accounts.models import User
from khibra.accounts.validators import validate_person_name
from khibra.core import audit
from khibra.core.arabic import normalize
from khibra.core.mail import queue_email
from khibra.core.notify import notify
from khibra.organizations.access import require_manager
from khibra.organizations.models import Organization
from khibra.reference.models import City, Field, Profession
from khibra.volunteers.services import save_profile
from khibra.volunteers.validators import normalize_saudi_mobile

from ..models import ImportedVolunteer, VolunteerImport

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
XLSX_MAGIC = b"PK\x03\x04"

# The columns, their Arabic headers (as in the template) and the other spellings accepted.
COLUMNS = {
    "name": (gettext_lazy("Full name"), "الاسم الكامل", ("الاسم", "الاسم الكامل", "name", "full name")),
    "email": (gettext_lazy("E-mail"), "البريد الإلكتروني", ("البريد الإلكتروني", "البريد", "الايميل", "email", "e-mail")),
    "phone": (gettext_lazy("Mobile number"), "رقم الجوال", ("رقم الجوال", "الجوال", "الهاتف", "phone", "mobile", "mobile number")),
    "city": (gettext_lazy("City"), "المدينة", ("المدينة", "city")),
    "profession": (gettext_lazy("Profession"), "المهنة", ("المهنة", "profession")),
    "fields": (gettext_lazy("Fields"), "المجالات", ("المجالات", "المجال", "fields", "field")),
}
REQUIRED = ("name", "email", "phone", "city")
TEMPLATE_HEADERS = [arabic for _label, arabic, _aliases in COLUMNS.values()]
_HEADER_KEYS = {normalize(alias): key for key, (_l, _a, aliases) in COLUMNS.items() for alias in aliases}
_LIST_SEPARATORS = (",", "،", "؛", ";", "\n")


class FileRejected(ValidationError):
    """The whole file is refused; the message says why."""


@dataclass
class Row:
    number: int  # the spreadsheet's row number, header = 1
    cells: dict[str, str]
    name: str = ""
    email: str = ""
    phone: str = ""
    city: City | None = None
    profession: Profession | None = None
    fields: list[Field] = dc_field(default_factory=list)
    errors: list[str] = dc_field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    filename: str
    table: list[list[str]]  # header + rows as read, to sign into the confirm form
    rows: list[Row]

    @property
    def valid_rows(self) -> list[Row]:
        return [row for row in self.rows if row.is_valid]

    @property
    def error_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.is_valid]


# --- reading the file ----------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed as a number in a spreadsheet
    return " ".join(str(value).split())


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any reader failure means the file is not a workbook we can read
        raise FileRejected(_("The file could not be read as an Excel workbook (XLSX)."), code="bad_type") from None
    try:
        sheet = workbook.worksheets[0]
        table = []
        for values in sheet.iter_rows(values_only=True):
            table.append([_cell(value) for value in values])
            if len(table) > MAX_ROWS + 1:
                break
        return table
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data:
        raise FileRejected(_("Upload an Excel workbook (XLSX) or a CSV file."), code="bad_type")
    for encoding in ("utf-8-sig", "cp1256"):  # cp1256: CSV saved by Arabic Excel on Windows
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(_("Save the CSV file as UTF-8 and upload it again."), code="bad_encoding")
    # Only the delimiter is guessed: spreadsheet programs always quote the Excel way, and the
    # sniffer's guess of the quoting misreads cells such as '"0' (doublequote judged off).
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    table = []
    try:
        for values in csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter):
            table.append([_cell(value) for value in values])
            if len(table) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise FileRejected(_("The CSV file is malformed."), code="bad_csv") from None
    return table


def read_table(data: bytes) -> list[list[str]]:
    """The file's rows as text, judged by content: a ZIP signature is XLSX, anything else CSV."""
    if len(data) > MAX_BYTES:
        raise FileRejected(_("The file is larger than 2 MB. Split it into smaller files."), code="too_big")
    if not data.strip():
        raise FileRejected(_("The file is empty."), code="empty")
    table = _read_xlsx(data) if data.startswith(XLSX_MAGIC) else _read_csv(data)
    table = [row for row in table if any(row)]
    if not table:
        raise FileRejected(_("The file is empty."), code="empty")
    if len(table) - 1 > MAX_ROWS:
        raise FileRejected(
            _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS}, code="too_many_rows"
        )
    return table


# --- checking the rows ---------------------------------------------------------------------------


def _lookup(model) -> dict[str, object]:
    index: dict[str, object] = {}
    for item in model.objects.active():
        for key in (item.code, item.name_ar, item.name_en):
            if key:
                index.setdefault(normalize(key), item)
    return index


def _columns(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _HEADER_KEYS.get(normalize(title))
        if key and key not in positions:
            positions[key] = index
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        names = "، ".join(COLUMNS[key][1] for key in missing) if (translation.get_language() or "ar").startswith("ar") else ", ".join(
            str(COLUMNS[key][0]) for key in missing
        )
        raise FileRejected(
            ngettext(
                "%(counter)s required column is missing: %(columns)s. Start from the template file.",
                "%(counter)s required columns are missing: %(columns)s. Start from the template file.",
                len(missing),
            )
            % {"counter": len(missing), "columns": names},
            code="missing_columns",
        )
    return positions


def check_table(table: list[list[str]]) -> list[Row]:
    """Every row checked; each row carries its own errors. Reads reference data, writes nothing."""
    positions = _columns(table[0])
    cities, professions, fields = _lookup(City), _lookup(Profession), _lookup(Field)
    seen_emails: dict[str, int] = {}
    rows = []
    for offset, values in enumerate(table[1:], start=2):
        cells = {key: (values[index] if index < len(values) else "") for key, index in positions.items()}
        row = Row(number=offset, cells=cells)
        _check_row(row, cities, professions, fields, seen_emails)
        rows.append(row)
    return rows


def _check_row(row: Row, cities, professions, fields, seen_emails: dict[str, int]) -> None:
    cells = row.cells
    row.name = cells.get("name", "")
    if not row.name:
        row.errors.append(_("The name is missing."))
    else:
        try:
            validate_person_name(row.name)
        except ValidationError as error:
            row.errors.extend(error.messages)
    row.email = cells.get("email", "").lower()
    if not row.email:
        row.errors.append(_("The e-mail address is missing."))
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(_("The e-mail address is not valid."))
        else:
            if row.email in seen_emails:
                row.errors.append(
                    _("This e-mail address is already in row %(row)s of the file.") % {"row": seen_emails[row.email]}
                )
            else:
                seen_emails[row.email] = row.number
    if not cells.get("phone"):
        row.errors.append(_("The mobile number is missing."))
    else:
        try:
            row.phone = normalize_saudi_mobile(cells["phone"])
        except ValidationError as error:
            row.errors.extend(error.messages)
    city = cells.get("city", "")
    if not city:
        row.errors.append(_("The city is missing."))
    else:
        row.city = cities.get(normalize(city))
        if row.city is None:
            row.errors.append(_("Unknown city “%(city)s”.") % {"city": city})
    profession = cells.get("profession", "")
    if profession:
        row.profession = professions.get(normalize(profession))
        if row.profession is None:
            row.errors.append(_("Unknown profession “%(profession)s”.") % {"profession": profession})
    text = cells.get("fields", "")
    for separator in _LIST_SEPARATORS[1:]:
        text = text.replace(separator, _LIST_SEPARATORS[0])
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        found = fields.get(normalize(name))
        if found is None:
            row.errors.append(_("Unknown field “%(field)s”.") % {"field": name})
        elif found not in row.fields:
            row.fields.append(found)


def preview_file(*, organization: Organization, by, data: bytes, filename: str) -> Preview:
    """Read and check the file; raises FileRejected for a file refused whole. Writes nothing."""
    require_manager(organization, by)
    table = read_table(data)
    return Preview(filename=filename[:200], table=table, rows=check_table(table))


# --- confirming ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    volunteer_import: VolunteerImport
    created: int
    linked: int
    skipped: int


@transaction.atomic
def import_rows(
    *, organization: Organization, by, table: list[list[str]], filename: str, valid_only: bool = False
) -> ImportResult:
    """Create an account (no password, an invitation to claim it) for each new person, link
    existing accounts, and record them as the organization's volunteers. Rows already imported
    by this organization are skipped, so importing the same file again changes nothing."""
    require_manager(organization, by)
    rows = check_table(table)
    bad = [row for row in rows if not row.is_valid]
    if bad and not valid_only:
        raise FileRejected(
            ngettext(
                "%(counter)s row has errors. Correct the file, or choose to import only the valid rows.",
                "%(counter)s rows have errors. Correct the file, or choose to import only the valid rows.",
                len(bad),
            )
            % {"counter": len(bad)},
            code="row_errors",
        )
    good = [row for row in rows if row.is_valid]
    if not good:
        raise FileRejected(_("No row of the file can be imported."), code="no_valid_rows")
    record = VolunteerImport.objects.create(
        organization=organization, created_by=by, filename=filename[:200], rows_total=len(rows)
    )
    # One query, case-insensitive: an address stored as Sara@x.sa matches sara@x.sa.
    existing_users = {
        user.email_key: user
        for user in User.objects.annotate(email_key=Lower("email")).filter(email_key__in=[row.email for row in good])
    }
    already = set(
        ImportedVolunteer.objects.filter(organization=organization, user__in=existing_users.values()).values_list("user_id", flat=True)
    )
    created = linked = 0
    skipped = len(bad)
    now = timezone.now()
    for row in good:
        user = existing_users.get(row.email)
        if user is not None and user.pk in already:
            skipped += 1
            continue
        if user is None:
            user = _create_account(row)
            ImportedVolunteer.objects.create(
                organization=organization, user=user, volunteer_import=record, account_created=True, invited_at=now
            )
            _send_invitation(user, organization)
            created += 1
        else:
            ImportedVolunteer.objects.create(organization=organization, user=user, volunteer_import=record)
            _tell_linked(user, organization)
            linked += 1
        already.add(user.pk)
    record.created_count, record.linked_count, record.skipped_count = created, linked, skipped
    record.save(update_fields=["created_count", "linked_count", "skipped_count", "updated_at"])
    audit.record(
        actor=by,
        verb="volunteer_import.confirmed",
        target=record,
        organization=organization,
        rows=len(rows),
        created=created,
        linked=linked,
        skipped=skipped,
    )
    return ImportResult(record, created, linked, skipped)


def _create_account(row: Row) -> User:
    user = User(email=row.email, full_name=row.name, preferred_language="ar")
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    # The only way into this account is the link e-mailed to this address (there is no password),
    # so whoever claims it has proved they read that mailbox.
    EmailAddress.objects.create(user=user, email=row.email, verified=True, primary=True)
    save_profile(user=user, city=row.city, phone=row.phone, profession=row.profession, fields=row.fields)
    return user


def claim_url(user: User) -> str:
    """allauth's password-reset link: setting a password claims the account."""
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    return f"{settings.SITE_URL}{path}"


def _send_invitation(user: User, organization: Organization) -> None:
    with translation.override(user.preferred_language or "ar"):
        subject = _("%(organization)s invites you to Khibra") % {"organization": organization.name}
        body = _(
            "Hello %(name)s,\n\n"
            "%(organization)s has added you to Khibra, the professional volunteering platform, as one of its volunteers. "
            "An account is ready for you: choose a password with the link below to claim it.\n\n"
            "%(link)s\n\n"
            "The link works for a few days. If it has expired, use “Forgot your password?” on the log-in page "
            "with this e-mail address.\n"
        ) % {"name": user.full_name, "organization": organization.name, "link": claim_url(user)}
    queue_email(to=user.email, subject=subject, body_text=body, dedupe_key=f"import-invite:{organization.pk}:{user.pk}")


def _tell_linked(user: User, organization: Organization) -> None:
    with translation.override(user.preferred_language or "ar"):
        title = _("%(organization)s added you to its volunteers") % {"organization": organization.name}
        body = _("%(organization)s imported its volunteers' list into Khibra and your account was linked to it.") % {
            "organization": organization.name
        }
    notify(user=user, kind="recruitment.imported", title=title, body=body, url=reverse("core:dashboard"))


# --- the template file ---------------------------------------------------------------------------


def template_csv() -> bytes:
    """The headers in Arabic, with a UTF-8 BOM so spreadsheet programs read them."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(TEMPLATE_HEADERS)
    return "\ufeff".encode() + buffer.getvalue().encode()


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "المتطوعون"
    sheet.sheet_view.rightToLeft = True
    sheet.append(TEMPLATE_HEADERS)
    for letter in "ABCDEF":
        sheet.column_dimensions[letter].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
