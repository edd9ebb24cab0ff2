from django.db import migrations


def publish(apps, schema_editor):
    from khibra.accounts.policies import publish_initial

    publish_initial(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
