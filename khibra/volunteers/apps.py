from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "khibra.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from khibra.accounts import hooks as account_hooks
        from khibra.core import channels
        from khibra.organizations import hooks as organization_hooks

        from . import national_identity, selectors

        organization_hooks.volunteer_profile_model.register(selectors.profile_model)
        account_hooks.national_identity_proven.register(national_identity.verify_identity_from_national_sso)
        # SMS and WhatsApp notices go to the profile's mobile number.
        channels.phone_of.register(selectors.notice_phone)
