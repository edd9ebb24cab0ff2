from django_tasks import task

from . import mail


@task(queue_name="email")
def deliver_email(*, email_id: int) -> bool:
    return mail.deliver(email_id)
