from decimal import Decimal

from django.db import migrations

# The national value of one volunteer hour (SAR) per year, with no field. Staff add later years
# in the admin; a year with no row is valued at the latest earlier year (selectors.NationalRates).
VALUES = {2023: Decimal("92.41"), 2024: Decimal("138.00")}


def load(apps, schema_editor):
    HourlyValue = apps.get_model("evaluation", "HourlyValue")
    for year, value in VALUES.items():
        HourlyValue.objects.get_or_create(field=None, year=year, defaults={"value_sar": value})


def unload(apps, schema_editor):
    # 2024 came with 0002 and stays; only the row this migration added goes.
    apps.get_model("evaluation", "HourlyValue").objects.filter(field=None, year=2023, value_sar=VALUES[2023]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0004_guide_survey_evidence_lessons")]

    operations = [migrations.RunPython(load, unload)]
