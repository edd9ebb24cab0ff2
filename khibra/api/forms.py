"""The web's Django forms validate API input too, so both interfaces keep one set of rules."""

from django import forms

from .errors import ApiError


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
    from django.utils.translation import gettext

    return ApiError(400, "validation_error", " ".join(general) or gettext("Some fields need correcting."), fields)


def validated(form: forms.Form) -> dict:
    """The form's cleaned data, or a 400 with every field's message."""
    if not form.is_valid():
        raise form_error(form)
    return form.cleaned_data
