"""No dropdown shows Django's bare "---------": every empty choice says what it means, in the
reader's language."""

import importlib
import inspect
import pkgutil

from django import forms
from django.apps import apps


def _form_classes():
    for config in apps.get_app_configs():
        if not config.name.startswith("khibra."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        modules = [module]
        if hasattr(module, "__path__"):
            modules += [importlib.import_module(f"{module.__name__}.{m.name}") for m in pkgutil.iter_modules(module.__path__)]
        for mod in modules:
            for _name, cls in inspect.getmembers(mod, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == mod.__name__:
                    yield cls


def _empty_label(field) -> str | None:
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return None
    if isinstance(field, forms.ModelChoiceField):
        return field.empty_label
    if isinstance(field, forms.ChoiceField):
        labels = [label for value, label in field.choices if value in ("", None)]
        return str(labels[0]) if labels else None
    return None


def test_no_dropdown_offers_a_bare_dash_line(db):
    found = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if (label := _empty_label(field)) is not None and str(label).startswith("---")
    ]
    assert not found, found
