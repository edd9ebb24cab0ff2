from django.core.management.base import BaseCommand
from django.utils import timezone

from khibra.evaluation.services import send_yearly_surveys


class Command(BaseCommand):
    help = "Invite every volunteer engaged during the year to each organization's yearly survey (once a year)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="The year to survey (default: this year).")
        parser.add_argument("--dry-run", action="store_true", help="Count the invitations without sending them.")

    def handle(self, *args, year=None, dry_run=False, **options):
        year = year or timezone.localdate().year
        count = send_yearly_surveys(year=year, dry_run=dry_run)
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{count} yearly survey invitations {verb} for {year}.")
