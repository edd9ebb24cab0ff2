from django.db import migrations


def load(apps, schema_editor):
    from khibra.matching.fits import load as load_fits

    load_fits(apps.get_model("reference", "Profession"), apps.get_model("reference", "Field"), apps.get_model("matching", "ProfessionFit"))


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_profession_fits"), ("reference", "0002_load_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
