from django.db import migrations


def load(apps, schema_editor):
    from khibra.matching.synonyms import load as load_groups

    load_groups(apps.get_model("matching", "SynonymGroup"), apps.get_model("matching", "SynonymTerm"))


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
