"""The web's Django forms validate API input too, so both interfaces keep one set of rules."""

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from .errors import ApiError
from .models import Scope


def form_error(form: forms.Form) -> ApiError:
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    for name, errors in form.errors.get_json_data().items():
        messages = [error["message"] for error in errors]
        if name == "__all__":
            general.extend(messages)
        else:
            fields[name] = messages
    if general:
        fields["non_field_errors"] = general
    return ApiError(400, "validation_error", " ".join(general) or gettext("Some fields need correcting."), fields)


def validated(form: forms.Form) -> dict:
    """The form's cleaned data, or a 400 with every field's message."""
    if not form.is_valid():
        raise form_error(form)
    return form.cleaned_data


class ApiKeyForm(forms.Form):
    """The web page's form for a new organization key (the API takes the same two fields)."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the key is for, e.g. “HR system” or “Monthly dashboard”.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")},
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("Where you will use it, e.g. “my laptop”."))
