from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    name = "khibra.auditlog"
    label = "auditlog"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the export kinds)
