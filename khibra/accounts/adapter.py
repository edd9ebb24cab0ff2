from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext as _

from khibra.core.mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data.get("full_name", user.full_name)
        user.preferred_language = (get_language() or "ar")[:2]
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render now (the request is here) and let the worker send it through the outbox."""
        # The stock texts greet from `current_site`; the sites table is not where our name lives.
        site = SimpleNamespace(name=_("Khibra"), domain=urlsplit(settings.SITE_URL).netloc)
        context = {**context, "site_name": site.name, "current_site": site}
        subject = self.format_email_subject(
            render_to_string(f"{template_prefix}_subject.txt", context, request=self.request).strip()
        )
        body_text = render_to_string(f"{template_prefix}_message.txt", context, request=self.request)
        try:
            body_html = render_to_string(f"{template_prefix}_message.html", context, request=self.request)
        except TemplateDoesNotExist:
            body_html = ""
        queue_email(to=email, subject=subject, body_text=body_text, body_html=body_html)
