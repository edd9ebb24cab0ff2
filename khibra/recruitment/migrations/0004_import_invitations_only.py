"""The volunteer import sends invitations only: nobody is linked to an organization, and no
account is created, until the person accepts. Links written under the old rules were made
without the person's consent, so they are undone here: each becomes a pending invitation to its
address (with no link yet), which the organization's next import of that address re-sends."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def unlink_without_consent(apps, schema_editor):
    ImportedVolunteer = apps.get_model("recruitment", "ImportedVolunteer")
    for row in ImportedVolunteer.objects.select_related("user").iterator():
        row.email = (row.user.email if row.user_id else "").lower()
        row.user = None
        row.save(update_fields=["email", "user"])


class Migration(migrations.Migration):

    dependencies = [
        ("recruitment", "0003_volunteerimport_importedvolunteer"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("volunteerimport", "created_count", "invited_count"),
        migrations.AlterField(
            "volunteerimport", "invited_count", models.PositiveIntegerField(default=0, verbose_name="invitations sent")
        ),
        migrations.RemoveField("volunteerimport", "linked_count"),
        migrations.RemoveField("importedvolunteer", "account_created"),
        migrations.AddField(
            "importedvolunteer", "email", models.EmailField(default="", max_length=254, verbose_name="e-mail address"), preserve_default=False
        ),
        migrations.AddField("importedvolunteer", "name", models.CharField(blank=True, max_length=150, verbose_name="name")),
        migrations.AddField(
            "importedvolunteer",
            "token_hash",
            models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AddField("importedvolunteer", "accepted_at", models.DateTimeField(blank=True, null=True, verbose_name="accepted at")),
        migrations.AddField("importedvolunteer", "declined_at", models.DateTimeField(blank=True, null=True, verbose_name="declined at")),
        migrations.AlterField(
            "importedvolunteer",
            "user",
            models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.RunPython(unlink_without_consent, migrations.RunPython.noop),
    ]
