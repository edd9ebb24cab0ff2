from django.db import migrations


def publish(apps, schema_editor):
    from khibra.accounts.policies import CHARTER_V1, PRIVACY_V1

    Policy = apps.get_model("accounts", "Policy")
    Policy.objects.get_or_create(kind="charter", version=1, defaults=CHARTER_V1)
    Policy.objects.get_or_create(kind="privacy", version=1, defaults=PRIVACY_V1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
