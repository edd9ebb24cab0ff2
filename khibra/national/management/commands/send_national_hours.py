"""Queue the approved hours not yet queued and send what waits to the national record (the worker's
`national.hour_records` job, for deployments that prefer cron)."""

from django.core.management.base import BaseCommand

from khibra.national import services


class Command(BaseCommand):
    help = "Send approved hours to the national record now."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be queued.")

    def handle(self, *args, dry_run, **options):
        if dry_run:
            self.stdout.write(f"{services.eligible_entries().count()} approved entries would be queued")
            return
        self.stdout.write(str(services.catch_up()))
