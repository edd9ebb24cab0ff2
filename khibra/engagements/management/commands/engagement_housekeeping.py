"""Reminders for late weekly reports. Hourly and idempotent (the worker runs it too)."""

from django.core.management.base import BaseCommand

from khibra.engagements.services import engagement_housekeeping


class Command(BaseCommand):
    help = "Remind volunteers of late weekly reports, once per missing week."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send nothing.")

    def handle(self, *args, dry_run: bool, **options):
        summary = engagement_housekeeping(dry_run=dry_run)
        prefix = "dry run: " if dry_run else ""
        self.stdout.write(f"{prefix}{summary['reminders']} reminder(s) for {summary['engagements']} active engagement(s)")
