"""Index the opportunities that existed before search (the same function as reindex_opportunities)."""

from django.db import migrations


def index_all(apps, schema_editor):
    from khibra.opportunities.search import rebuild_index

    rebuild_index(
        opportunity_model=apps.get_model("opportunities", "Opportunity"),
        document_model=apps.get_model("opportunities", "OpportunitySearchDocument"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0007_search_index"), ("reference", "0002_load_reference_data")]

    operations = [migrations.RunPython(index_all, migrations.RunPython.noop)]
