"""Writing rows as XLSX (openpyxl write-only: constant memory) or CSV (UTF-8 with a BOM so
spreadsheet programs read Arabic). Rows come from a kind's generator; nothing is held in memory."""

from collections.abc import Callable, Iterable, Iterator
import csv
import datetime as dt
from decimal import Decimal
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int], None]


def safe_text(value: str) -> str:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xlsx_value(value):
    if value is None or isinstance(value, (int, float, Decimal, dt.date)):
        return value
    return safe_text(str(value))


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (int, float)):
        return str(value)
    return safe_text(str(value))


def _counted(rows: Iterable[tuple], on_progress: Progress | None, every: int) -> Iterator[tuple]:
    written = 0
    for row in rows:
        yield row
        written += 1
        if on_progress and written % every == 0:
            on_progress(written)


def write_xlsx(target, *, title: str, headers: list[str], rows: Iterable[tuple], right_to_left: bool,
               on_progress: Progress | None = None, every: int = 500) -> int:
    """Write a workbook to `target` (a path or a binary file) and return the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=safe_text(title)[:31] or "Sheet")
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.append(headers)
    written = 0
    for row in _counted(rows, on_progress, every):
        sheet.append([xlsx_value(value) for value in row])
        written += 1
    workbook.save(target)
    return written


def write_csv(target, *, headers: list[str], rows: Iterable[tuple], on_progress: Progress | None = None, every: int = 500) -> int:
    """Write CSV to a binary file; return the number of data rows."""
    text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
    try:
        text.write(BOM)
        writer = csv.writer(text)
        writer.writerow(headers)
        written = 0
        for row in _counted(rows, on_progress, every):
            writer.writerow([csv_value(value) for value in row])
            written += 1
        text.flush()
    finally:
        text.detach()  # leave the binary file open for the caller
    return written


def stream_csv(*, headers: list[str], rows: Iterable[tuple]) -> Iterator[bytes]:
    """CSV as bytes, a few hundred rows at a time, for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(headers)
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_value(value) for value in row])
        if count % 200 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
