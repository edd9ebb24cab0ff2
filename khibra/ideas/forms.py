from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.organizations.forms import CityChoiceField
from khibra.reference.models import Field

AUTO = {"dir": "auto"}


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Ideas are public: members of Khibra see your name with the idea; visitors who are not logged in see your initials."),
        widget=forms.TextInput(attrs=AUTO),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        help_text=_("What would a professional volunteer do, for whom, and what would it change?"),
        widget=forms.Textarea(attrs={"rows": 6, **AUTO}),
    )
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.active(), empty_label=_("Choose a field"))
    city = CityChoiceField(label=_("City"), required=False, empty_label=_("Remote, from anywhere"), help_text=_("Leave empty if it can be done remotely from anywhere."))


class IdeaFilterForm(forms.Form):
    SORTS = [("support", _("Most supported")), ("newest", _("Newest"))]
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.active(), required=False, empty_label=_("All fields"))
    city = CityChoiceField(label=_("City"), required=False, empty_label=_("All cities"))
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)


class AdoptForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Adopt for"), queryset=None, empty_label=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        from khibra.organizations.models import Organization

        self.fields["organization"].queryset = Organization.objects.filter(pk__in=[org.pk for org in organizations])
