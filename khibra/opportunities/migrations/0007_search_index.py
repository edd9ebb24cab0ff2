"""The database side of the public search (see search.py), one per database engine.

PostgreSQL: a tsvector generated from the folded text columns, weighted title A, fields and
qualifications B, description C, in three configurations (arabic and english stem, simple keeps
the words as typed), with a GIN index. SQLite: an FTS5 table with the folded columns and their
stemmed copies (search.reindex writes both). Django's models know neither, so the DDL is here.
"""

from django.db import migrations

from khibra.core.migration_sql import on_vendor

DOCUMENT = "opportunities_opportunitysearchdocument"
FTS_TABLE = "opportunities_search_fts"


def _vector(column: str, weight: str) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({column}, '')), '{weight}')"
        for config in ("arabic", "english", "simple")
    )


POSTGRES_FORWARD = [
    f"ALTER TABLE {DOCUMENT} ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    + " || ".join([_vector("title", "A"), _vector("qualifications", "B"), _vector("details", "C")])
    + ") STORED",
    f"CREATE INDEX opportunity_search_document_gin ON {DOCUMENT} USING gin (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS opportunity_search_document_gin",
    f"ALTER TABLE {DOCUMENT} DROP COLUMN IF EXISTS document",
]
SQLITE_FORWARD = [
    # remove_diacritics only folds Latin letters; Arabic is folded in Python before it gets here.
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "title, qualifications, details, title_stems, qualifications_stems, details_stems, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]
SQLITE_BACKWARD = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0006_search_document")]

    operations = [
        migrations.RunPython(
            on_vendor({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            on_vendor({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
