from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "khibra.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self):
        from django import forms

        from . import leases, mail, messaging, schedule, worker
        from .text import validate_visible_text

        # Every form's text field (and its subclasses that keep CharField's validators: RegexField,
        # JSONField, allauth's fields…) refuses direction overrides and invisible-only values;
        # see core/text.py. Set once here rather than in each of the apps' forms.
        if validate_visible_text not in forms.CharField.default_validators:
            forms.CharField.default_validators = [*forms.CharField.default_validators, validate_visible_text]

        leases.register(mail.OUTBOX)
        leases.register(messaging.MESSAGES)
        every = timedelta(seconds=settings.LEASE_SWEEP_SECONDS)
        schedule.register(leases.SWEEP_JOB, leases.sweep_all, every=every, lease=max(every, timedelta(minutes=2)))
        # SMS and WhatsApp notices held by quiet hours go when the hours end (within a few minutes).
        schedule.register("core.phone_notices_due", messaging.deliver_due, every=timedelta(minutes=5))
        schedule.register("core.forget_old_heartbeats", worker.forget_old_heartbeats, every=timedelta(days=1))
