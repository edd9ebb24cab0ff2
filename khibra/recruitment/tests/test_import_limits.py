"""An import is bounded by what the file expands to, not by its compressed size: a small XLSX
whose parts expand to far more than the limits is refused before any part is decompressed, with
memory staying flat; long cells, wide sheets and many rows are refused while streaming; the
preview shows one page of rows at a time."""

import io
import resource
import struct
import tracemalloc
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
import pytest

from khibra.recruitment.services import imports, spreadsheets
from khibra.recruitment.services.imports import FileRejected

pytestmark = pytest.mark.django_db

HEADER = ["الاسم الكامل", "البريد الإلكتروني"]


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bomb(megabytes: int, zip64: bool = True) -> bytes:
    """A real workbook whose first sheet has one cell of `megabytes` MB of one repeated letter."""
    source = zipfile.ZipFile(io.BytesIO(workbook([])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(item, source.read(item))
                continue
            with archive.open(item.filename, "w", force_zip64=zip64) as part:
                part.write(
                    b'<?xml version="1.0" encoding="UTF-8"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>email</t></is></c></row>'
                    b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
                )
                chunk = b"a" * (1024 * 1024)
                for _ in range(megabytes):
                    part.write(chunk)
                part.write(b"</t></is></c></row></sheetData></worksheet>")
    return out.getvalue()


def test_a_workbook_expanding_past_the_limit_is_refused_with_flat_memory(org_a, admin_a):
    data = bomb(100)
    assert len(data) < imports.MAX_BYTES  # small as sent: the 2 MB limit alone lets it through
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        with pytest.raises(FileRejected) as error:
            imports.preview_file(organization=org_a, by=admin_a, data=data, filename="bomb.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.code == "too_big_expanded"
    assert peak < 10 * 1024 * 1024  # nothing near the 100 MB it expands to was allocated
    # ru_maxrss is in KiB on Linux: the process did not grow by anything like the bomb.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 50 * 1024


def test_a_part_that_lies_about_its_size_is_refused(org_a, admin_a):
    data = bytearray(bomb(20, zip64=False))
    name = b"xl/worksheets/sheet1.xml"
    # Declare 1000 bytes in the local header and the central directory: zipfile then stops
    # there (and the check of the part fails), so the lie buys nothing.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[start + offset : start + offset + 4] = struct.pack("<I", 1000)
            start += 4
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo(name.decode()).file_size == 1000
    tracemalloc.start()
    try:
        with pytest.raises(FileRejected) as error:
            imports.preview_file(organization=org_a, by=admin_a, data=bytes(data), filename="liar.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.code in {"bad_type", "too_big_expanded"}
    assert peak < 10 * 1024 * 1024


def test_a_long_cell_is_refused(org_a, admin_a):
    data = workbook([["ن" * (spreadsheets.MAX_CELL_CHARS + 1), "noura@example.sa"]])
    with pytest.raises(FileRejected) as error:
        imports.preview_file(organization=org_a, by=admin_a, data=data, filename="x.xlsx")
    assert error.value.code == "cell_too_long"


def test_many_blank_rows_are_not_read_forever(org_a, admin_a):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.cell(row=1_000_000, column=1, value="نورة")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileRejected) as error:
        imports.preview_file(organization=org_a, by=admin_a, data=buffer.getvalue(), filename="x.xlsx")
    assert error.value.code == "too_many_rows"


def test_columns_past_the_limit_are_not_read(org_a, admin_a):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["نورة", "noura@example.sa"])
    sheet.cell(row=2, column=16000, value="x" * 400)
    buffer = io.BytesIO()
    book.save(buffer)
    table = imports.read_table(buffer.getvalue())
    assert all(len(row) <= spreadsheets.MAX_COLUMNS for row in table)


def test_the_preview_is_paged(client, admin_a, org_a):
    rows = [[f"متطوع {chr(0x0628 + i % 20)}", f"v{i}@example.sa"] for i in range(imports.PAGE_SIZE + 5)]
    client.force_login(admin_a)
    response = client.post(
        reverse("recruitment:import_volunteers", args=[org_a.slug]), {"file": SimpleUploadedFile("v.xlsx", workbook(rows))}
    )
    page = response.content.decode()
    assert 'id="import-row-2"' in page and f'id="import-row-{imports.PAGE_SIZE + 1}"' in page
    assert f'id="import-row-{imports.PAGE_SIZE + 2}"' not in page and 'id="import-page-2"' in page
    payload = response.context["confirm_form"].initial["payload"]
    response = client.post(reverse("recruitment:import_preview_page", args=[org_a.slug]), {"payload": payload, "page": "2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="import-row-{imports.PAGE_SIZE + 2}"' in page and 'id="import-row-2"' not in page
    # Another organization's admin cannot page A's preview.
    assert client.post(reverse("recruitment:import_preview_page", args=[org_a.slug]), {"payload": payload + "x", "page": "2"}).status_code == 400
