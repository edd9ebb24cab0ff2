import json

from django_tasks import task

from . import mail, messaging, schedule


@task(queue_name="email")
def deliver_email(*, email_id: int) -> bool:
    return mail.deliver(email_id)


@task(queue_name="messages")
def deliver_message(*, message_id: int) -> bool:
    return messaging.deliver(message_id)


@task(priority=10)  # before the wake-ups waiting in the queue: the sweep is what hands lost work on
def run_scheduled_job(*, name: str):
    result = schedule.run(name)
    try:
        json.dumps(result)
    except TypeError:
        return str(result)[:2000]
    return result
