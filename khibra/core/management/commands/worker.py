"""The background worker: runs queued tasks and, beside them, the sweeper for lost work."""

import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Run the task worker for every queue, with the outbox sweeper every minute."

    def add_arguments(self, parser):
        parser.add_argument("--sweep-every", type=int, default=60, help="Seconds between sweeps.")

    def handle(self, *args, sweep_every: int, **options):
        threading.Thread(target=self._sweeper, args=(sweep_every,), daemon=True).start()
        call_command("db_worker", queue_name="*", interval=1, reload=False)

    def _sweeper(self, every: int) -> None:
        from khibra.core import mail

        while True:
            time.sleep(every)
            try:
                close_old_connections()
                requeued = mail.sweep()
                if requeued:
                    self.stdout.write(f"sweeper: queued {requeued} e-mail(s) again")
            except Exception as error:  # keep sweeping after a passing database error
                self.stderr.write(f"sweeper: {error}")
            finally:
                close_old_connections()
