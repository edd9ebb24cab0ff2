from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "khibra.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self):
        from . import leases, mail, schedule, worker

        leases.register(mail.OUTBOX)
        every = timedelta(seconds=settings.LEASE_SWEEP_SECONDS)
        schedule.register(leases.SWEEP_JOB, leases.sweep_all, every=every, lease=max(every, timedelta(minutes=2)))
        schedule.register("core.forget_old_heartbeats", worker.forget_old_heartbeats, every=timedelta(days=1))
