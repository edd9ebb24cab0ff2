from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "khibra.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from khibra.core import schedule

        from . import services

        schedule.register("accounts.delete_old_phone_codes", services.delete_old_phone_codes, every=timedelta(days=1))
