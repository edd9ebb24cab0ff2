"""Rebuild the public search index of every opportunity (after a restore or a change to the folding)."""

from django.core.management.base import BaseCommand

from khibra.opportunities import search
from khibra.opportunities.models import Opportunity


class Command(BaseCommand):
    help = "Rebuild the search index of all opportunities."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be indexed.")

    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            total = search.rebuild_index(dry_run=True)
            public = Opportunity.objects.public().count()
            missing = search.unindexed_count()
            self.stdout.write(f"{total} opportunities would be indexed ({public} public, {missing} not indexed yet).")
            return
        count = search.rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"{count} opportunities indexed."))
