"""Consent records for the privacy-notice acceptances made before consents were recorded: the
notice's purpose, and the alerts consent the notice covers (withdrawable on the consent page)."""

from django.db import migrations


def backfill(apps, schema_editor):
    PolicyAcceptance = apps.get_model("accounts", "PolicyAcceptance")
    Consent = apps.get_model("privacy", "Consent")
    acceptances = PolicyAcceptance.objects.filter(policy__kind="privacy", withdrawn_at__isnull=True).order_by("pk")
    with_alerts = set()
    for acceptance in acceptances.iterator():
        Consent.objects.get_or_create(
            user_id=acceptance.user_id,
            purpose="processing",
            policy_id=acceptance.policy_id,
            withdrawn_at=None,
            defaults={"source": "system", "given_at": acceptance.accepted_at},
        )
        if acceptance.user_id not in with_alerts:
            with_alerts.add(acceptance.user_id)
            if not Consent.objects.filter(user_id=acceptance.user_id, purpose="alerts").exists():
                Consent.objects.create(user_id=acceptance.user_id, purpose="alerts", source="system", given_at=acceptance.accepted_at)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial"), ("accounts", "0002_first_policies")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
