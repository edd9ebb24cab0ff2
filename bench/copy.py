"""Bulk loading for the bench data set: PostgreSQL COPY with every column a model needs.

Django's defaults live in Python, not in the database, so a COPY must name every NOT NULL
column; `copy_rows` fills the ones the caller leaves out from the model's field defaults.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone


def _defaults(model, given: list[str]) -> dict[str, object]:
    now = timezone.now()
    values: dict[str, object] = {}
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = ""
        values[field.column] = field.get_db_prep_save(value, connection) if value is not None else None
    return values


def copy_rows(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows (tuples in `columns` order, database column names) into the model's table."""
    defaults = _defaults(model, columns)
    names = [*columns, *defaults]
    tail = tuple(_adapt(value) for value in defaults.values())
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"COPY {table} ({', '.join(connection.ops.quote_name(n) for n in names)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *tail))
            count += 1
    return count


def _adapt(value):
    # JSON defaults ([] or {}) come back from get_db_prep_save as adapter objects psycopg's COPY
    # cannot write; their dumped text is what the column wants.
    dumps = getattr(value, "dumps", None)
    if dumps is not None and hasattr(value, "obj"):
        return dumps(value.obj)
    return value


def set_sequence(model) -> None:
    """After COPY with explicit ids, move the id sequence past them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
            [table],
        )


def max_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return cursor.fetchone()[0]
