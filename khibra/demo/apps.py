from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo world (`manage.py load_demo`): the top layer, built through every app's services;
    no app imports it."""

    name = "khibra.demo"
    label = "demo"
    verbose_name = _("Demo world")
