"""PostgreSQL: the search document also carries its opportunity's field ids, with a GIN index over
public documents, so a search with a field filter intersects two indexes (the words' and the
field's) instead of checking every opportunity of a large field against the words one by one
(«استشارة» in a field of 15,000 opportunities: 54 → a few ms of index work). The column is
bigint[], which the `intarray` extension's integer[] operators never capture, so the default GIN
operator class serves `@>` with or without that extension.

The document's trigger (0010) computes the ids; a trigger on the opportunity-field table touches
the document when a field is added or removed.
"""

from django.db import migrations

from khibra.core.migration_sql import on_vendor

DOCUMENT = "opportunities_opportunitysearchdocument"
OPPORTUNITY = "opportunities_opportunity"
ORGANIZATION = "organizations_organization"
FIELDS = "opportunities_opportunity_fields"

STATE = f"""CREATE OR REPLACE FUNCTION opportunity_search_document_state() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT o.status = 'published' AND g.verification_status = 'verified', o.published_at
          INTO NEW.public, NEW.published_at
          FROM {OPPORTUNITY} o JOIN {ORGANIZATION} g ON g.id = o.organization_id
         WHERE o.id = NEW.opportunity_id;
        NEW.public := coalesce(NEW.public, false);
        {{fields}}
        RETURN NEW;
    END $$"""
WITH_FIELDS = (
    f"NEW.field_ids := coalesce((SELECT array_agg(field_id ORDER BY field_id) FROM {FIELDS}"
    " WHERE opportunity_id = NEW.opportunity_id), '{}');"
)

POSTGRES_FORWARD = [
    f"ALTER TABLE {DOCUMENT} ADD COLUMN field_ids bigint[] NOT NULL DEFAULT '{{}}'",
    STATE.replace("{fields}", WITH_FIELDS),
    f"""CREATE FUNCTION opportunity_search_document_touch_fields() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {DOCUMENT} SET public = public
         WHERE opportunity_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.opportunity_id ELSE NEW.opportunity_id END;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER opportunity_search_document_touch_fields AFTER INSERT OR UPDATE OR DELETE ON {FIELDS}
        FOR EACH ROW EXECUTE FUNCTION opportunity_search_document_touch_fields()""",
    f"UPDATE {DOCUMENT} SET public = public",
    f"CREATE INDEX opportunity_search_fields_gin ON {DOCUMENT} USING gin (field_ids) WHERE public",
    f"ANALYZE {DOCUMENT}",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS opportunity_search_fields_gin",
    f"DROP TRIGGER IF EXISTS opportunity_search_document_touch_fields ON {FIELDS}",
    "DROP FUNCTION IF EXISTS opportunity_search_document_touch_fields()",
    STATE.replace("{fields}", ""),
    f"ALTER TABLE {DOCUMENT} DROP COLUMN IF EXISTS field_ids",
]


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0011_published_recent_covering")]

    operations = [
        migrations.RunPython(on_vendor({"postgresql": POSTGRES_FORWARD}), on_vendor({"postgresql": POSTGRES_BACKWARD})),
    ]
