from django_tasks import task

from . import services


@task()
def build_export(*, export_id: int) -> bool:
    return services.build_export(export_id=export_id, worker=services.worker_name())
