"""For deployments without `manage.py worker` (which sweeps and expires on its schedule): run from cron every few minutes."""

from django.core.management.base import BaseCommand

from khibra.exports.services import expire_exports, sweep_exports


class Command(BaseCommand):
    help = "Queue again exports left by a dead worker, and delete files older than seven days."

    def handle(self, *args, **options):
        self.stdout.write(f"exports queued again: {sweep_exports()}; old files deleted: {expire_exports()}")
