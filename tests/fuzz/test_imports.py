"""The volunteers import takes any file: random bytes, encodings, BOMs, delimiters, formula-like
and huge cells. The contract (recruitment/services/imports.py): a file is read into rows each with
its own errors, or refused whole with FileRejected; confirming invites every valid row or writes
nothing, and never creates an account."""

import csv
import io

from django.db import transaction
from hypothesis import event, example, given, strategies as st
from openpyxl import Workbook
import pytest

from khibra.accounts.models import User
from khibra.core.models import AuditEvent
from khibra.recruitment.models import ImportedVolunteer, VolunteerImport
from khibra.recruitment.services import imports
from khibra.recruitment.services.imports import FileRejected

from .strategies import digit_sets, in_digits, text

pytestmark = pytest.mark.django_db

HEADER = list(imports.TEMPLATE_HEADERS)
FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"y\")", "\t=1", "\r=1"]

names = st.one_of(st.sampled_from(["نورة الشهري", "Ahmed Khan", "عبدالله بن سعيد", "سارة"]), st.sampled_from(FORMULAS), text)
emails = st.one_of(
    st.integers(min_value=1, max_value=10**6).map(lambda n: f"person{n}@example.sa"),
    st.sampled_from(FORMULAS + ["not-an-email", "a@b", "NOURA@Example.SA"]),
    text,
)
mobiles = st.builds(
    lambda body, digits: in_digits("05" + body, digits), st.text("0123456789", min_size=8, max_size=8), digit_sets
)
phones = st.one_of(mobiles, st.sampled_from(FORMULAS), text)
cities = st.one_of(st.sampled_from(["الرياض", "Riyadh", "jeddah", "جدة", "الدمام"]), st.sampled_from(FORMULAS), text)
professions = st.one_of(st.just(""), st.sampled_from(["محاسب قانوني", "chartered-accountant"]), text)
fields = st.one_of(st.just(""), st.sampled_from(["المالية والمحاسبة، الحوكمة", "finance-accounting"]), text)
good_row = st.tuples(
    st.sampled_from(["نورة الشهري", "Ahmed Khan", "عبدالله بن سعيد"]),
    st.integers(min_value=1, max_value=10**6).map(lambda n: f"person{n}@example.sa"),
    mobiles,
    st.sampled_from(["الرياض", "Riyadh", "jeddah"]),
    st.sampled_from(["", "محاسب قانوني"]),
    st.sampled_from(["", "المالية والمحاسبة"]),
)
any_row = st.tuples(names, emails, phones, cities, professions, fields)
rows = st.lists(st.one_of(good_row, any_row).map(list), max_size=8)


def as_csv(table, *, delimiter=",", bom=True, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(table)
    return ("\ufeff" if bom else "").encode(encoding, errors="replace") + buffer.getvalue().encode(encoding, errors="replace")


def as_xlsx(table) -> bytes:
    workbook = Workbook()
    for row in table:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def written() -> tuple[int, ...]:
    return (
        User.objects.count(),
        VolunteerImport.objects.count(),
        ImportedVolunteer.objects.count(),
        AuditEvent.objects.filter(verb="volunteer_import.confirmed").count(),
    )


# --- reading -------------------------------------------------------------------------------------


@given(st.binary(max_size=2000))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"PK\x03\x04garbage")
@example(b"\x00\x01\x02")
@example(b"\xff\xfe" + "الاسم".encode("utf-16-le"))
@example(b'"unclosed,quote\n')
@example(("a" * 200_000).encode())  # one field over csv's field size limit
@example(b"\n\n\n,,,\n;;;\n")
def test_any_bytes_are_a_table_or_a_rejected_file(data):
    try:
        table = imports.read_table(data)
    except FileRejected as error:
        assert error.messages and error.code
    else:
        assert table and all(any(row) for row in table)
        assert all(isinstance(cell, str) for row in table for cell in row)


def cleaned(table):
    """A table as read_table gives it back: whitespace runs folded, blank rows left out."""
    table = [[" ".join(cell.split()) for cell in row] for row in table]
    return [row for row in table if any(row)]


@given(body=rows, delimiter=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(["utf-8-bom", "utf-8", "cp1256"]))
@example(  # the sniffer judged doublequote off and read '"0' as two cells
    body=[["نورة الشهري", "person1@example.sa", "=cmd|' /C calc'!A0", "الرياض", '"0\n', ""]], delimiter=",", encoding="utf-8-bom"
)
def test_a_written_csv_is_read_back_as_written_or_refused(body, delimiter, encoding):
    """A CSV in any of the delimiters and encodings spreadsheet programs write reads back cell for
    cell; when the delimiter is misjudged, the columns are missing and the file is refused whole,
    rather than importing shifted cells."""
    table = [HEADER, *body]
    if encoding == "cp1256":
        table = [[cell.encode("cp1256", errors="replace").decode("cp1256") for cell in row] for row in table]
    data = as_csv(table, delimiter=delimiter, bom=encoding == "utf-8-bom", encoding=encoding.removesuffix("-bom"))
    try:
        read = imports.read_table(data)
    except FileRejected as error:
        assert error.code in {"bad_csv", "bad_encoding", "bad_type"}, error.code  # bad_type: a NUL byte
        return
    if read != cleaned(table):
        with pytest.raises(FileRejected):
            imports.check_table(read)


@given(rows)
def test_a_workbook_is_read_back_with_the_cells_as_text(body):
    table = [HEADER, *body]
    try:
        data = as_xlsx(table)
    except Exception:  # noqa: BLE001 — openpyxl refuses control characters; such a workbook cannot exist
        return
    read = imports.read_table(data)
    assert read[0] == HEADER
    assert len(read) <= len(table)


# --- checking and confirming ---------------------------------------------------------------------


@given(body=rows, header=st.one_of(st.just(HEADER), st.permutations(HEADER), st.lists(text, max_size=7)))
def test_any_table_is_checked_row_by_row_or_refused_for_its_columns(body, header):
    table = [list(header), *body]
    try:
        checked = imports.check_table(table)
    except FileRejected as error:
        assert error.code == "missing_columns"
        return
    assert [row.number for row in checked] == list(range(2, len(body) + 2))
    for row in checked:
        assert row.is_valid or all(isinstance(message, str) and message for message in row.errors)
        if row.is_valid:
            assert row.name and row.email
            assert not row.name.startswith(("=", "@"))


@given(body=rows, valid_only=st.booleans(), bom=st.booleans())
@example(body=[["=cmd|' /C calc'!A0", "evil@example.sa", "0512345678", "الرياض", "", ""]], valid_only=False, bom=True)
def test_confirming_writes_every_valid_row_or_nothing(org_a, manager_a, body, valid_only, bom):
    organization = org_a
    data = as_csv([HEADER, *body], bom=bom)
    try:
        preview = imports.preview_file(organization=organization, by=manager_a, data=data, filename="volunteers.csv")
    except FileRejected:
        return
    before = written()
    try:
        with transaction.atomic():
            result = imports.import_rows(
                organization=organization, by=manager_a, table=preview.table, filename=preview.filename, valid_only=valid_only
            )
    except FileRejected as error:
        assert written() == before, "a refused file wrote something"
        assert error.code in {"row_errors", "no_valid_rows"}
        assert error.code != "row_errors" or (preview.error_rows and not valid_only)
        return
    event("imported")
    assert result.invited + result.skipped == len(preview.rows)
    assert written()[1] == before[1] + 1
    # The import only invites: it never creates an account.
    assert written()[0] == before[0] and written()[2] == before[2] + result.invited
