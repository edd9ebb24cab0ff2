"""The background worker: runs queued tasks, queues the periodic jobs each app registers, and
outlives a database outage (khibra.core.worker)."""

from datetime import timedelta

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from khibra.core import leases, schedule
from khibra.core.worker import Worker


class Command(db_worker.Command):
    help = "Run the task worker for every queue, with the periodic jobs (the lease sweep every minute, hourly housekeeping)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-every", type=int, default=settings.LEASE_SWEEP_SECONDS, help="Seconds between sweeps of expired leases."
        )
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *, verbosity, queue_name, exclude_queues, sweep_every: int, **options):
        self.configure_logging(verbosity)
        schedule.set_every(leases.SWEEP_JOB, timedelta(seconds=sweep_every))
        excluded = exclude_queues.split(",") if exclude_queues else []
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
