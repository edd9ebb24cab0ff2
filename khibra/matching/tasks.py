from django.db import transaction
from django_tasks import task

from . import alerts


@task(queue_name="alerts")
def fan_out_alerts(*, opportunity_id: int) -> int:
    return alerts.fan_out_alerts(opportunity_id=opportunity_id)


@task(queue_name="alerts")
def deliver_alerts() -> int:
    """A wake-up: claim and send batches of immediate alerts until none is left."""
    return alerts.deliver_alerts(worker="task")


def fan_out_alerts_on_commit(opportunity) -> None:
    """Alerts: one task inserts the rows for every fitting volunteer (idempotent, set-based), once
    the transaction that published the opportunity commits."""
    opportunity_id = opportunity.pk
    transaction.on_commit(lambda: fan_out_alerts.enqueue(opportunity_id=opportunity_id))
