"""PostgreSQL: the search document knows whether its opportunity is public and when it was
published, so a search filters, ranks and pages on the document table alone and reads the
opportunities of one page only (see search.py). Triggers keep the two columns in step with the
opportunity (status, publication, organization) and the organization (verification), whoever
writes them: services, admin, bulk updates. The GIN index covers public documents only.

SQLite searches through its FTS5 table and needs none of this.
"""

from django.db import migrations

from khibra.core.migration_sql import on_vendor

DOCUMENT = "opportunities_opportunitysearchdocument"
OPPORTUNITY = "opportunities_opportunity"
ORGANIZATION = "organizations_organization"

POSTGRES_FORWARD = [
    f"ALTER TABLE {DOCUMENT} ADD COLUMN public boolean NOT NULL DEFAULT false",
    f"ALTER TABLE {DOCUMENT} ADD COLUMN published_at timestamp with time zone",
    # The one place that says what public means for the index: published, by a verified organization.
    f"""CREATE FUNCTION opportunity_search_document_state() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT o.status = 'published' AND g.verification_status = 'verified', o.published_at
          INTO NEW.public, NEW.published_at
          FROM {OPPORTUNITY} o JOIN {ORGANIZATION} g ON g.id = o.organization_id
         WHERE o.id = NEW.opportunity_id;
        NEW.public := coalesce(NEW.public, false);
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER opportunity_search_document_state BEFORE INSERT OR UPDATE ON {DOCUMENT}
        FOR EACH ROW EXECUTE FUNCTION opportunity_search_document_state()""",
    # Touching the document row is enough: its own trigger reads the new state.
    f"""CREATE FUNCTION opportunity_search_document_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = '{ORGANIZATION}' THEN
            UPDATE {DOCUMENT} d SET public = d.public FROM {OPPORTUNITY} o
             WHERE o.organization_id = NEW.id AND d.opportunity_id = o.id;
        ELSE
            UPDATE {DOCUMENT} SET public = public WHERE opportunity_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER opportunity_search_document_touch AFTER UPDATE OF status, published_at, organization_id
        ON {OPPORTUNITY} FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at
              OR OLD.organization_id IS DISTINCT FROM NEW.organization_id)
        EXECUTE FUNCTION opportunity_search_document_touch()""",
    f"""CREATE TRIGGER opportunity_search_document_touch AFTER UPDATE OF verification_status
        ON {ORGANIZATION} FOR EACH ROW
        WHEN (OLD.verification_status IS DISTINCT FROM NEW.verification_status)
        EXECUTE FUNCTION opportunity_search_document_touch()""",
    f"UPDATE {DOCUMENT} SET public = public",
    "DROP INDEX IF EXISTS opportunity_search_document_gin",
    f"CREATE INDEX opportunity_search_public_gin ON {DOCUMENT} USING gin (document) WHERE public",
    # Prefix queries are estimated from the most common lexemes: keep more of them.
    f"ALTER TABLE {DOCUMENT} ALTER COLUMN document SET STATISTICS 1000",
    f"ANALYZE {DOCUMENT}",
]
POSTGRES_BACKWARD = [
    f"ALTER TABLE {DOCUMENT} ALTER COLUMN document SET STATISTICS -1",
    "DROP INDEX IF EXISTS opportunity_search_public_gin",
    f"CREATE INDEX IF NOT EXISTS opportunity_search_document_gin ON {DOCUMENT} USING gin (document)",
    f"DROP TRIGGER IF EXISTS opportunity_search_document_touch ON {ORGANIZATION}",
    f"DROP TRIGGER IF EXISTS opportunity_search_document_touch ON {OPPORTUNITY}",
    "DROP FUNCTION IF EXISTS opportunity_search_document_touch()",
    f"DROP TRIGGER IF EXISTS opportunity_search_document_state ON {DOCUMENT}",
    "DROP FUNCTION IF EXISTS opportunity_search_document_state()",
    f"ALTER TABLE {DOCUMENT} DROP COLUMN IF EXISTS published_at",
    f"ALTER TABLE {DOCUMENT} DROP COLUMN IF EXISTS public",
]


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0009_beneficiaries"), ("organizations", "0001_initial")]

    operations = [
        migrations.RunPython(on_vendor({"postgresql": POSTGRES_FORWARD}), on_vendor({"postgresql": POSTGRES_BACKWARD})),
    ]
