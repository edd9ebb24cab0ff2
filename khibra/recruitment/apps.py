from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "khibra.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from khibra.organizations import hooks as organization_hooks

        from . import selectors

        organization_hooks.organization_page_context.register(selectors.organization_page_context)
