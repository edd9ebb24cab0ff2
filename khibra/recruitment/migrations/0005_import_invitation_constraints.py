"""The invitation rules the database holds, in their own migration: on PostgreSQL, 0004's data
step leaves trigger events that an ALTER TABLE in the same transaction would trip on."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("recruitment", "0004_import_invitations_only"),
    ]

    operations = [
        migrations.AddConstraint(
            "importedvolunteer",
            models.UniqueConstraint(fields=("organization", "email"), name="imported_volunteer_once_per_address"),
        ),
        migrations.AddConstraint(
            "importedvolunteer",
            models.CheckConstraint(
                condition=models.Q(("user__isnull", True), ("accepted_at__isnull", False), _connector="OR"),
                name="imported_volunteer_user_only_when_accepted",
            ),
        ),
    ]
