"""The two shapes every page that changes something has: a form posted to a service, and a button
posted to a service. Access stays with the view; these only run the service and say how it went."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .forms import add_service_errors


def error_message(error: ValidationError) -> str:
    """A service's refusal as one line for a flash message."""
    return " ".join(error.messages) or _("The change could not be saved.")


def save_form(
    request: HttpRequest,
    form: forms.BaseForm | None,
    save: Callable[[dict], Any],
    *,
    done: str | Callable[[Any], str],
    then: Callable[[Any], HttpResponse],
) -> HttpResponse | None:
    """When `form` was posted and is valid, call the service `save(form.cleaned_data)`. If it
    succeeds, say `done` (or `done(result)`) and return `then(result)`, the redirect. Otherwise
    return None, with the service's ValidationError on the form, for the page to show again."""
    if form is None or not (form.is_bound and form.is_valid()):
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return then(result)


def run_action(request: HttpRequest, action: Callable[[], Any], done: str | None) -> bool:
    """Call the service behind a button: `done` as a success message (None: none), or the
    service's refusal as an error message. True when it succeeded."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_message(error))
        return False
    if done is not None:
        messages.success(request, done)
    return True
