from django_tasks import task

from . import services


@task(queue_name="alerts")
def fan_out_alerts(*, opportunity_id: int) -> int:
    return services.fan_out_alerts(opportunity_id=opportunity_id)


@task(queue_name="alerts")
def deliver_alerts() -> int:
    """A wake-up: claim and send batches of immediate alerts until none is left."""
    return services.deliver_alerts(worker="task")
