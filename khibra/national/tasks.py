from django_tasks import task

from . import services


@task(queue_name="national")
def send_hour_batches() -> int:
    """A wake-up: claim and send batches of hours to the national record until none is waiting."""
    return services.send_all(worker="task")
