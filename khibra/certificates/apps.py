from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "khibra.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from khibra.engagements import hooks as engagement_hooks

        from . import services

        # A closed engagement earns its certificates in the same transaction.
        engagement_hooks.engagement_closed.register(services.on_engagement_closed)
