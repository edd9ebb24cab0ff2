from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):
    # The national default value of one volunteer hour for 2024 (SAR), with no field.
    HourlyValue = apps.get_model("evaluation", "HourlyValue")
    HourlyValue.objects.get_or_create(field=None, year=2024, defaults={"value_sar": Decimal("138.00")})


def unload(apps, schema_editor):
    apps.get_model("evaluation", "HourlyValue").objects.filter(field=None, year=2024).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
