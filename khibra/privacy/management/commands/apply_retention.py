"""Apply the retention rules (khibra.privacy.services.RETENTION_RULES). Idempotent: the worker
runs it with its hourly housekeeping; without a worker, run it from cron once a day."""

from django.core.management.base import BaseCommand

from khibra.privacy.services import RETENTION_RULES, apply_retention


class Command(BaseCommand):
    help = "Clear, delete or anonymise personal data whose retention period has ended."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what each rule would do and change nothing.")

    def handle(self, *args, dry_run: bool, **options):
        periods = {rule.code: f"{rule.period} {rule.unit}" for rule in RETENTION_RULES}
        for outcome in apply_retention(dry_run=dry_run):
            if dry_run:
                self.stdout.write(f"{outcome.code} ({periods[outcome.code]}): would act on {outcome.found}")
            else:
                line = f"{outcome.code} ({periods[outcome.code]}): {outcome.done} of {outcome.found} done"
                if outcome.skipped:
                    line += f", {outcome.skipped} skipped"
                self.stdout.write(line)
