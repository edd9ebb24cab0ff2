"""PostgreSQL: the search document also carries its opportunity's nature (remote, in person or
both). The nature filter keeps about a third of the opportunities, so no index helps it; on the
document it is checked on the rows the word index found, and the search still ranks and pages
on the document alone instead of joining every match to its opportunity first.
"""

from django.db import migrations

from khibra.core.migration_sql import on_vendor

DOCUMENT = "opportunities_opportunitysearchdocument"
OPPORTUNITY = "opportunities_opportunity"
ORGANIZATION = "organizations_organization"
FIELDS = "opportunities_opportunity_fields"

STATE = f"""CREATE OR REPLACE FUNCTION opportunity_search_document_state() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT o.status = 'published' AND g.verification_status = 'verified', o.published_at{{columns}}
          INTO NEW.public, NEW.published_at{{targets}}
          FROM {OPPORTUNITY} o JOIN {ORGANIZATION} g ON g.id = o.organization_id
         WHERE o.id = NEW.opportunity_id;
        NEW.public := coalesce(NEW.public, false);
        NEW.field_ids := coalesce((SELECT array_agg(field_id ORDER BY field_id) FROM {FIELDS}
                                    WHERE opportunity_id = NEW.opportunity_id), '{{}}');{{nature}}
        RETURN NEW;
    END $$"""


def _trigger(columns: list[str]) -> list[str]:
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
    return [
        f"DROP TRIGGER IF EXISTS opportunity_search_document_touch ON {OPPORTUNITY}",
        f"""CREATE TRIGGER opportunity_search_document_touch AFTER UPDATE OF {", ".join(columns)}
            ON {OPPORTUNITY} FOR EACH ROW WHEN ({changed})
            EXECUTE FUNCTION opportunity_search_document_touch()""",
    ]


POSTGRES_FORWARD = [
    f"ALTER TABLE {DOCUMENT} ADD COLUMN nature varchar(20) NOT NULL DEFAULT ''",
    STATE.replace("{columns}", ", o.nature").replace("{targets}", ", NEW.nature").replace(
        "{nature}", "\n        NEW.nature := coalesce(NEW.nature, '');"
    ),
    *_trigger(["status", "published_at", "organization_id", "nature"]),
    f"UPDATE {DOCUMENT} SET public = public",
    f"ANALYZE {DOCUMENT}",
]
POSTGRES_BACKWARD = [
    *_trigger(["status", "published_at", "organization_id"]),
    STATE.replace("{columns}", "").replace("{targets}", "").replace("{nature}", ""),
    f"ALTER TABLE {DOCUMENT} DROP COLUMN IF EXISTS nature",
]


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0012_search_field_ids")]

    operations = [
        migrations.RunPython(on_vendor({"postgresql": POSTGRES_FORWARD}), on_vendor({"postgresql": POSTGRES_BACKWARD})),
    ]
