"""The background worker: runs queued tasks and, beside them, the sweeper for lost work."""

import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

HOUSEKEEPING_EVERY = 3600  # seconds: recruitment_housekeeping, hourly


class Command(BaseCommand):
    help = "Run the task worker for every queue, with the outbox and alerts sweeper every minute."

    def add_arguments(self, parser):
        parser.add_argument("--sweep-every", type=int, default=60, help="Seconds between sweeps.")

    def handle(self, *args, sweep_every: int, **options):
        threading.Thread(target=self._sweeper, args=(sweep_every,), daemon=True).start()
        call_command("db_worker", queue_name="*", interval=1, reload=False)

    def _sweeper(self, every: int) -> None:
        from khibra.core import mail
        from khibra.exports import services as exports
        from khibra.matching import alerts as matching

        last_housekeeping = time.monotonic()
        while True:
            time.sleep(every)
            if time.monotonic() - last_housekeeping >= HOUSEKEEPING_EVERY:
                last_housekeeping = time.monotonic()
                self._housekeeping()
            try:
                close_old_connections()
                requeued = mail.sweep()
                if requeued:
                    self.stdout.write(f"sweeper: queued {requeued} e-mail(s) again")
                waiting = matching.sweep_alerts()
                if waiting:
                    self.stdout.write(f"sweeper: woke workers for {waiting} alert(s)")
                rebuilt = exports.sweep_exports()
                if rebuilt:
                    self.stdout.write(f"sweeper: queued {rebuilt} export(s) again")
            except Exception as error:  # keep sweeping after a passing database error
                self.stderr.write(f"sweeper: {error}")
            finally:
                close_old_connections()

    def _housekeeping(self) -> None:
        """Hourly and idempotent, like the cron jobs `recruitment_housekeeping` and
        `send_alert_digests`: recruitment reminders, escalations and inactive opportunities, and
        the alert digests (each period's digest goes out once, at the first run of the period)."""
        from khibra.engagements.services import engagement_housekeeping
        from khibra.exports.services import expire_exports
        from khibra.matching.alerts import send_digests
        from khibra.privacy.services import apply_retention
        from khibra.recruitment.services.responsiveness import run_housekeeping

        try:
            close_old_connections()
            self.stdout.write(f"housekeeping: {run_housekeeping()}")
            for frequency in ("daily", "weekly"):
                self.stdout.write(f"digests ({frequency}): {send_digests(frequency=frequency)}")
            self.stdout.write(f"engagements: {engagement_housekeeping()}")
            self.stdout.write(f"exports: {expire_exports()} old file(s) deleted")
            # Idempotent: each rule finds only what has expired since it last ran.
            self.stdout.write(f"retention: {[(o.code, o.done) for o in apply_retention() if o.found]}")
        except Exception as error:  # try again next hour
            self.stderr.write(f"housekeeping: {error}")
        finally:
            close_old_connections()
