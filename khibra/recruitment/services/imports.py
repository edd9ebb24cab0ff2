"""Inviting an organization's existing volunteers from an XLSX or CSV file.

Two steps: `preview_file` reads and checks every row without writing anything; `import_rows`
(after the manager confirms) sends each address an invitation, all in one transaction. The import
creates no account and links nobody: a person is linked to the organization only when they accept
the invitation while logged in to their own account (`accept_invitation`). The organization is
told the same thing for every address, so it never learns who already has an account.

A file is rejected whole, with nothing written, when its type is wrong (judged by content, not
by name), it is too big (as sent or as expanded) or too long, a required column is missing, or
any row has an error and the manager did not choose to import only the valid rows. Only
verified organizations import, and the invitations per file and per day are capped.
"""

import csv
from dataclasses import dataclass, field as dc_field
import datetime as dt
import hashlib
import io
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_lazy, ngettext

from khibra.accounts.validators import validate_person_name
from khibra.core import audit
from khibra.core.arabic import normalize
from khibra.core.mail import queue_email
from khibra.core.text import validate_visible_text
from khibra.organizations.access import require_manager
from khibra.organizations.models import Organization

from ..models import ImportedVolunteer, VolunteerImport
from .spreadsheets import MAX_BYTES, MAX_ROWS, FileRejected, read_table

__all__ = ["MAX_BYTES", "MAX_ROWS", "FileRejected", "read_table"]

PAGE_SIZE = 50  # rows shown on one page of the preview
NAME_MAX, EMAIL_MAX = 150, 254  # as ImportedVolunteer stores them

# The columns, their Arabic headers (as in the template) and the other spellings accepted. The
# invitation needs a name (to greet the person) and an address; anything else in the file is
# ignored: the person fills in their own profile if they accept.
COLUMNS = {
    "name": (gettext_lazy("Full name"), "الاسم الكامل", ("الاسم", "الاسم الكامل", "name", "full name")),
    "email": (gettext_lazy("E-mail"), "البريد الإلكتروني", ("البريد الإلكتروني", "البريد", "الايميل", "email", "e-mail")),
}
REQUIRED = ("name", "email")
TEMPLATE_HEADERS = [arabic for _label, arabic, _aliases in COLUMNS.values()]
_HEADER_KEYS = {normalize(alias): key for key, (_l, _a, aliases) in COLUMNS.items() for alias in aliases}


@dataclass
class Row:
    number: int  # the spreadsheet's row number, header = 1
    cells: dict[str, str]
    name: str = ""
    email: str = ""
    errors: list[str] = dc_field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    filename: str
    table: list[list[str]]  # the template's header + each row's name and address, to sign into the confirm form
    rows: list[Row]

    @property
    def valid_rows(self) -> list[Row]:
        return [row for row in self.rows if row.is_valid]

    @property
    def error_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // PAGE_SIZE))

    def page(self, number: int) -> list[Row]:
        number = min(max(1, number), self.pages)
        return self.rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]


def require_verified(organization: Organization) -> None:
    """Only a verified organization may invite people it has on file."""
    if not organization.is_verified:
        raise PermissionDenied(_("Only verified organizations can import volunteers."))


# --- checking the rows ---------------------------------------------------------------------------


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
    """Every row checked; each row carries its own errors. Writes nothing."""
    positions = _columns(table[0])
    seen_emails: dict[str, int] = {}
    rows = []
    for offset, values in enumerate(table[1:], start=2):
        cells = {key: (values[index] if index < len(values) else "") for key, index in positions.items()}
        row = Row(number=offset, cells=cells)
        _check_row(row, seen_emails)
        rows.append(row)
    return rows


def _check_row(row: Row, seen_emails: dict[str, int]) -> None:
    cells = row.cells
    row.name = cells.get("name", "")
    if not row.name:
        row.errors.append(_("The name is missing."))
    else:
        for check in (validate_person_name, validate_visible_text, MaxLengthValidator(NAME_MAX)):
            try:
                check(row.name)
            except ValidationError as error:
                row.errors.extend(error.messages)
    row.email = cells.get("email", "").lower()
    if not row.email:
        row.errors.append(_("The e-mail address is missing."))
        return
    try:
        MaxLengthValidator(EMAIL_MAX)(row.email)
        validate_email(row.email)
    except ValidationError:
        row.errors.append(_("The e-mail address is not valid."))
        return
    if row.email in seen_emails:
        row.errors.append(_("This e-mail address is already in row %(row)s of the file.") % {"row": seen_emails[row.email]})
    else:
        seen_emails[row.email] = row.number


def compact_table(table: list[list[str]]) -> list[list[str]]:
    """Only what the invitation uses (name, address), under the template's header: what the
    confirm form carries back, so other columns of the file never travel further."""
    positions = _columns(table[0])
    return [TEMPLATE_HEADERS] + [
        [values[positions[key]] if positions[key] < len(values) else "" for key in COLUMNS] for values in table[1:]
    ]


def preview_file(*, organization: Organization, by, data: bytes, filename: str) -> Preview:
    """Read and check the file; raises FileRejected for a file refused whole. Writes nothing."""
    require_manager(organization, by)
    require_verified(organization)
    table = compact_table(read_table(data))
    return Preview(filename=filename[:200], table=table, rows=check_table(table))


def preview_table(*, organization: Organization, by, table: list[list[str]], filename: str) -> Preview:
    """The preview again from a table already read (another page of it). Writes nothing."""
    require_manager(organization, by)
    require_verified(organization)
    return Preview(filename=filename[:200], table=table, rows=check_table(table))


# --- confirming ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    volunteer_import: VolunteerImport
    invited: int
    skipped: int


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_caps(organization: Organization, count: int) -> None:
    per_file, per_day = settings.IMPORT_INVITATIONS_PER_FILE, settings.IMPORT_INVITATIONS_PER_DAY
    if count > per_file:
        raise FileRejected(
            ngettext(
                "One file may send at most %(counter)s invitation. Split it into smaller files.",
                "One file may send at most %(counter)s invitations. Split it into smaller files.",
                per_file,
            )
            % {"counter": per_file},
            code="too_many_invitations",
        )
    since = timezone.now() - dt.timedelta(days=1)
    sent = ImportedVolunteer.objects.filter(organization=organization, invited_at__gte=since).count()
    if sent + count > per_day:
        raise FileRejected(
            ngettext(
                "Your organization may send at most %(counter)s invitation a day. Try the rest tomorrow.",
                "Your organization may send at most %(counter)s invitations a day. Try the rest tomorrow.",
                per_day,
            )
            % {"counter": per_day},
            code="daily_limit",
        )


def _never_invited(item: ImportedVolunteer) -> bool:
    return item.token_hash is None and item.accepted_at is None and item.declined_at is None


@transaction.atomic
def import_rows(
    *, organization: Organization, by, table: list[list[str]], filename: str, valid_only: bool = False
) -> ImportResult:
    """Invite each address of the file to join the organization's volunteers. An address this
    organization has already invited is skipped, so importing the same file again changes
    nothing. Whether an address has an account is neither looked up nor reported."""
    require_manager(organization, by)
    require_verified(organization)
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
    known = {
        item.email: item
        for item in ImportedVolunteer.objects.select_for_update().filter(
            organization=organization, email__in=[row.email for row in good]
        )
    }
    # Rows written before invitations existed have no token: they are invited now, once.
    to_invite = [row for row in good if row.email not in known or _never_invited(known[row.email])]
    _check_caps(organization, len(to_invite))
    record = VolunteerImport.objects.create(
        organization=organization, created_by=by, filename=filename[:200], rows_total=len(rows)
    )
    now = timezone.now()
    for row in to_invite:
        token = secrets.token_urlsafe(32)
        invitation = known.get(row.email) or ImportedVolunteer(organization=organization, email=row.email)
        invitation.volunteer_import, invitation.name = record, row.name
        invitation.token_hash, invitation.invited_at = _hash(token), now
        invitation.full_clean()
        invitation.save()
        _send_invitation(invitation, token)
    record.invited_count, record.skipped_count = len(to_invite), len(rows) - len(to_invite)
    record.save(update_fields=["invited_count", "skipped_count", "updated_at"])
    audit.record(
        actor=by,
        verb="volunteer_import.confirmed",
        target=record,
        organization=organization,
        rows=len(rows),
        invited=record.invited_count,
        skipped=record.skipped_count,
    )
    return ImportResult(record, record.invited_count, record.skipped_count)


def invitation_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('recruitment:import_invitation', args=[token])}"


def _send_invitation(invitation: ImportedVolunteer, token: str) -> None:
    organization = invitation.organization
    with translation.override("ar"):
        subject = _("%(organization)s invites you to join its volunteers on Khibra") % {"organization": organization.name}
        body = _(
            "Hello %(name)s,\n\n"
            "%(organization)s invites you to join its volunteers on Khibra, the professional volunteering platform. "
            "Nothing has been created or linked in your name: if you agree, open the link below, log in or create your "
            "account, and accept. If you do not, you can decline there or simply ignore this e-mail.\n\n"
            "%(link)s\n\n"
            "The invitation is valid for %(days)s days.\n"
        ) % {
            "name": invitation.name,
            "organization": organization.name,
            "link": invitation_url(token),
            "days": settings.IMPORT_INVITATION_VALID_DAYS,
        }
    queue_email(
        to=invitation.email,
        subject=subject,
        body_text=body,
        dedupe_key=f"import-invite:{organization.pk}:{invitation.email}:{invitation.invited_at:%Y%m%d%H%M%S}",
    )


# --- the person's answer --------------------------------------------------------------------------


def invitation_for_token(token: str) -> ImportedVolunteer | None:
    """The open invitation behind a link, or None when the link is unknown, used or expired."""
    invitation = (
        ImportedVolunteer.objects.select_related("organization").filter(token_hash=_hash(token or "")).first()
    )
    if invitation is None or invitation.accepted_at or invitation.declined_at or invitation.invited_at is None:
        return None
    if invitation.invited_at < timezone.now() - dt.timedelta(days=settings.IMPORT_INVITATION_VALID_DAYS):
        return None
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user) -> ImportedVolunteer:
    """The person, logged in to their own account, joins the organization's volunteers."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation is no longer valid."), code="invalid_invitation")
    if (user.email or "").lower() != invitation.email:
        raise ValidationError(
            _("This invitation was sent to a different e-mail address. Log in with that address to accept it."),
            code="email_mismatch",
        )
    invitation = ImportedVolunteer.objects.select_for_update().get(pk=invitation.pk)
    already = ImportedVolunteer.objects.filter(organization=invitation.organization, user=user).exclude(pk=invitation.pk)
    now = timezone.now()
    if not already.exists():
        invitation.user = user
    invitation.accepted_at, invitation.token_hash = now, None
    invitation.save(update_fields=["user", "accepted_at", "token_hash", "updated_at"])
    audit.record(actor=user, verb="volunteer_import.accepted", target=invitation, organization=invitation.organization)
    return invitation


@transaction.atomic
def decline_invitation(*, token: str) -> None:
    """Whoever holds the link may decline: the name is forgotten and the link stops working."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation is no longer valid."), code="invalid_invitation")
    ImportedVolunteer.objects.filter(pk=invitation.pk).update(
        declined_at=timezone.now(), token_hash=None, name="", updated_at=timezone.now()
    )


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
