"""Reading an uploaded XLSX or CSV file into rows of text, bounded by what it expands to.

A 2 MB XLSX can hold a cell that decompresses to hundreds of megabytes, so the compressed size
says little. Before openpyxl sees a workbook, every ZIP member's declared uncompressed size and
their total are checked (Python's zipfile never returns more than a member declares, and fails
on a member that lies); then the first sheet is streamed (read-only mode) with limits on rows,
columns, the length of one cell and the text read in all. Anything past a limit refuses the file.
"""

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024  # the upload as sent
MAX_ROWS = 500  # rows of people in one file
MAX_SCANNED_ROWS = 2 * MAX_ROWS  # rows read in all, blank ones included
MAX_COLUMNS = 20
MAX_CELL_CHARS = 500
MAX_TEXT_CHARS = 1024 * 1024  # all cells together
MAX_ZIP_MEMBERS = 100
MAX_MEMBER_BYTES = 8 * 1024 * 1024  # one part of the workbook, uncompressed
MAX_EXPANDED_BYTES = 16 * 1024 * 1024  # the whole workbook, uncompressed
XLSX_MAGIC = b"PK\x03\x04"


class FileRejected(ValidationError):
    """The whole file is refused; the message says why."""


def _too_big() -> FileRejected:
    return FileRejected(
        _("The file holds more data than an import may (it expands to too much). Split it into smaller files."),
        code="too_big_expanded",
    )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed as a number in a spreadsheet
    return " ".join(str(value).split())


class _Budget:
    """Counts what is read; refuses the file at the first limit crossed."""

    def __init__(self) -> None:
        self.rows = 0
        self.chars = 0

    def row(self, values) -> list[str]:
        self.rows += 1
        if self.rows > MAX_SCANNED_ROWS:
            raise FileRejected(
                _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS}, code="too_many_rows"
            )
        cells = []
        for value in values:
            text = _cell(value)
            if len(text) > MAX_CELL_CHARS:
                raise FileRejected(
                    _("A cell of the file is longer than %(max)s characters.") % {"max": MAX_CELL_CHARS}, code="cell_too_long"
                )
            self.chars += len(text)
            if self.chars > MAX_TEXT_CHARS:
                raise _too_big()
            cells.append(text)
        return cells


def check_zip(data: bytes) -> None:
    """Refuse a workbook whose parts declare more than the limits, without decompressing any."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise FileRejected(_("The file could not be read as an Excel workbook (XLSX)."), code="bad_type") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise _too_big()
    total = 0
    for member in members:
        if member.file_size > MAX_MEMBER_BYTES:
            raise _too_big()
        total += member.file_size
        if total > MAX_EXPANDED_BYTES:
            raise _too_big()


def _trimmed(cells: list[str]) -> list[str]:
    """A sheet's row without the empty cells read-only mode pads it with up to max_col."""
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any reader failure means the file is not a workbook we can read
        raise FileRejected(_("The file could not be read as an Excel workbook (XLSX)."), code="bad_type") from None
    budget = _Budget()
    try:
        sheet = workbook.worksheets[0]
        return [_trimmed(budget.row(values)) for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)]
    except FileRejected:
        raise
    except Exception:  # noqa: BLE001 — a broken sheet (or a part that lies about its size)
        raise FileRejected(_("The file could not be read as an Excel workbook (XLSX)."), code="bad_type") from None
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
    budget = _Budget()
    try:
        return [budget.row(values[:MAX_COLUMNS]) for values in csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)]
    except csv.Error:
        raise FileRejected(_("The CSV file is malformed."), code="bad_csv") from None


def read_table(data: bytes) -> list[list[str]]:
    """The file's non-blank rows as text, judged by content: a ZIP signature is XLSX, anything else CSV."""
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
