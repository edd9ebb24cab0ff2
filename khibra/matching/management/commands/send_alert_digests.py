from django.core.management.base import BaseCommand

from khibra.matching import alerts
from khibra.matching.models import Frequency


class Command(BaseCommand):
    help = "Send the daily or weekly alert digests: one e-mail per volunteer with waiting alerts."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[Frequency.DAILY.value, Frequency.WEEKLY.value])
        parser.add_argument("--dry-run", action="store_true", help="Count the volunteers, send nothing.")

    def handle(self, *args, frequency: str, dry_run: bool, **options):
        count = alerts.send_digests(frequency=frequency, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{verb} {count} {frequency} digest(s)")
