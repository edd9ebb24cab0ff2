"""Compute and store the open national figures now (the worker does it every few hours)."""

from django.core.management.base import BaseCommand

from khibra.national import figures


class Command(BaseCommand):
    help = "Compute and publish the open national figures now."

    def handle(self, *args, **options):
        result = figures.refresh()
        self.stdout.write(f"open figures stored: {result['open_figures']}")
