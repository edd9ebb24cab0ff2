"""Forms of the training pages (and of the API, which validates with the same forms)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DECIMAL_INPUT, DigitsDecimalField, DualDateField
from khibra.reference.models import Field

from .models import MAX_DURATION_HOURS, MIN_DURATION_HOURS, CourseDelivery

AUTO = {"dir": "auto"}
LTR = {"dir": "ltr"}


class CourseForm(forms.Form):
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=200, widget=forms.TextInput(attrs=AUTO))
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False, widget=forms.TextInput(attrs=LTR))
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.active(), empty_label=_("Choose a field"))
    specialty = forms.CharField(
        label=_("Specialty"), max_length=120, required=False, help_text=_("e.g. web development, tax accounting."),
        widget=forms.TextInput(attrs=AUTO),
    )
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4, **AUTO})
    )
    delivery = forms.ChoiceField(label=_("Delivery"), choices=CourseDelivery.choices, initial=CourseDelivery.INTERNAL)
    url = forms.URLField(
        label=_("Course link"), max_length=500, required=False, assume_scheme="https",
        help_text=_("Required for an external course: the page where volunteers take it."),
        widget=forms.URLInput(attrs=LTR),
    )
    duration_hours = DigitsDecimalField(
        label=_("Duration in hours"), max_digits=5, decimal_places=1,
        min_value=Decimal(str(MIN_DURATION_HOURS)), max_value=Decimal(MAX_DURATION_HOURS),
        widget=forms.TextInput(attrs={**DECIMAL_INPUT, "size": 5}),
    )

    def clean(self):
        data = super().clean()
        if data.get("delivery") == CourseDelivery.EXTERNAL and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("An external course needs the link to its page."))
        return data


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False, widget=forms.TextInput(attrs={"type": "search", **AUTO}))
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.active(), required=False, empty_label=_("All fields"))


class CompletionForm(forms.Form):
    completed_on = DualDateField(label=_("Completed on"))
    evidence_url = forms.URLField(
        label=_("Evidence link"), max_length=500, required=False, assume_scheme="https",
        help_text=_("Optional: a link to your certificate or to the record of the course."),
        widget=forms.URLInput(attrs=LTR),
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the volunteer"), max_length=1000, required=False,
        help_text=_("Needed when you do not confirm the completion."),
        widget=forms.Textarea(attrs={"rows": 2, **AUTO}),
    )


class RequireCourseForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None, empty_label=_("Choose a course"))

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["course"].label_from_instance = lambda course: course.title
