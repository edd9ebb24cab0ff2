from django.db import migrations


def load(apps, schema_editor):
    from khibra.opportunities import template_data

    template_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0003_draft_may_be_incomplete"),
        ("reference", "0002_load_reference_data"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
