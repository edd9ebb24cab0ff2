"""Background work of selection: a thin wrapper over the responsiveness service."""

from dataclasses import asdict

from django_tasks import task


@task()
def recruitment_housekeeping() -> dict:
    """Reminders, escalations, inactive opportunities; idempotent (safe to run at any time)."""
    from .services.responsiveness import run_housekeeping

    return asdict(run_housekeeping())
