from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "khibra.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self):
        from khibra.core import leases, schedule

        from . import services

        leases.register(services.BUILDS)
        schedule.register("exports.expire_files", services.expire_exports, every=schedule.HOURLY)
