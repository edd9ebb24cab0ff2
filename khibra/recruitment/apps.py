from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "khibra.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")
