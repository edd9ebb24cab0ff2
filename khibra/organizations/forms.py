"""Forms of the organizations app. They validate input (every database rule is repeated here for a
readable message); the writing is done by `services`."""

import re

from django import forms
from django.core.files.base import ContentFile
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from khibra.core import uploads
from khibra.core.arabic import contains_letter, to_latin_digits
from khibra.reference.models import City, Field

from .models import Membership, Organization, OrganizationKind, roles_for

_REGISTRATION_NUMBER = re.compile(r"^[0-9]{1,40}$")
_PHONE = re.compile(r"^\+?[0-9]{7,15}$")
_SEPARATORS = re.compile(r"[\s\-()]")

LTR = {"dir": "ltr"}


# --- fields ----------------------------------------------------------------------------------


class _CitiesByRegion(ModelChoiceIterator):
    """Cities in <optgroup>s, one per region, in the regions' order. Evaluated when rendered."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict = {}
        for city in self.queryset:
            groups.setdefault(city.region, []).append(self.choice(city))
        for region, options in groups.items():
            yield (region.name, options)


class CityChoiceField(forms.ModelChoiceField):
    iterator = _CitiesByRegion

    def __init__(self, **kwargs):
        queryset = (
            City.objects.active()
            .select_related("region")
            .order_by("region__sort_order", "region__name_ar", "sort_order", "name_ar")
        )
        kwargs.setdefault("empty_label", _("Choose a city"))
        super().__init__(queryset=queryset, **kwargs)


class LogoField(forms.FileField):
    """A logo checked by its content, not its name: JPEG, PNG or WebP, at most 2 MB and 2000 px a
    side. It is re-encoded to PNG so that nothing hidden in the upload (metadata, trailing data,
    scripts) is ever stored or served (khibra.core.uploads.LOGO)."""

    default_error_messages = {
        "too_big": _("The logo must be 2 MB or smaller."),
        "not_image": _("Upload a JPEG, PNG or WebP image. Other files, SVG included, are not accepted."),
        "too_large": _("The logo must be at most 2000 pixels wide and 2000 pixels high."),
    }

    rule = uploads.LOGO

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if not value or value is initial:
            return value
        return self._reencode(value)

    def _reencode(self, upload) -> ContentFile:
        try:
            return uploads.clean_upload(upload, self.rule)
        except forms.ValidationError as error:
            code = error.code if error.code in ("too_big", "too_large") else "not_image"
            raise forms.ValidationError(self.error_messages[code], code=code) from None


class SignatureField(LogoField):
    """The signatory's signature, checked like a logo (khibra.core.uploads.SIGNATURE): at most 1 MB,
    re-encoded to PNG, which keeps a transparent background."""

    rule = uploads.SIGNATURE
    default_error_messages = {
        "too_big": _("The signature must be 1 MB or smaller."),
        "not_image": _("Upload a JPEG, PNG or WebP image. Other files, SVG included, are not accepted."),
        "too_large": _("The signature must be at most 2000 pixels wide and 2000 pixels high."),
    }


class FieldsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


# --- organization profile ----------------------------------------------------------------------


class OrganizationForm(forms.Form):
    """Registration (with the kind) and edit (without: the kind is fixed once registered)."""

    kind = forms.ChoiceField(label=_("Type of organization"), choices=OrganizationKind.choices)
    name_ar = forms.CharField(
        label=_("Name in Arabic"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "lang": "ar", "autocomplete": "organization"}),
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "lang": "en"}),
        help_text=_("Optional. Used for the English pages and the page address."),
    )
    registration_number = forms.CharField(
        label=_("License or registration number"),
        max_length=60,  # before spaces and dashes are removed; 40 digits at most after
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("The number of the license from the National Center for Non-Profit Sector, or the commercial registration. Digits only."),
    )
    city = CityChoiceField(label=_("City"), empty_label=_("Choose a city"))
    fields = FieldsField(
        label=_("Fields of work"),
        queryset=Field.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("About the organization"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254, widget=forms.EmailInput(attrs=LTR))
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("For example 0112345678 or +966112345678."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https", widget=forms.URLInput(attrs=LTR)
    )
    logo = LogoField(
        label=_("Logo"), required=False, help_text=_("JPEG, PNG or WebP, up to 2 MB and 2000 × 2000 pixels.")
    )
    signatory_name = forms.CharField(
        label=_("Signatory's name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("The person who signs the organization's certificates, as printed under the signature."),
    )
    signatory_title = forms.CharField(
        label=_("Signatory's title"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("For example: Executive director."),
    )
    signature = SignatureField(
        label=_("Signature"),
        required=False,
        help_text=_("An image of the signature on a white or transparent background: JPEG, PNG or WebP, up to 1 MB."),
    )

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        self.organization = organization
        if organization is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name_ar": organization.name_ar,
                "name_en": organization.name_en,
                "registration_number": organization.registration_number,
                "city": organization.city_id,
                "fields": list(organization.fields.values_list("pk", flat=True)),
                "description": organization.description,
                "contact_email": organization.contact_email,
                "contact_phone": organization.contact_phone,
                "website": organization.website,
                "logo": organization.logo,
                "signatory_name": organization.signatory_name,
                "signatory_title": organization.signatory_title,
                "signature": organization.signature,
            }
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = Field.objects.active()
        if organization is not None:
            del self.fields["kind"]
        else:
            # Who signs the certificates is set once the organization exists (the edit page).
            for name in ("signatory_name", "signatory_title", "signature"):
                del self.fields[name]

    def clean_name_ar(self) -> str:
        value = self.cleaned_data["name_ar"]
        if not contains_letter(value):
            raise forms.ValidationError(_("The name must contain letters."), code="no_letters")
        return value

    def clean_name_en(self) -> str:
        value = self.cleaned_data["name_en"]
        if value and not contains_letter(value):
            raise forms.ValidationError(_("The name must contain letters."), code="no_letters")
        return value

    def clean_registration_number(self) -> str:
        value = _SEPARATORS.sub("", to_latin_digits(self.cleaned_data["registration_number"]))
        if not _REGISTRATION_NUMBER.match(value):
            raise forms.ValidationError(
                _("Enter the registration number in digits only (at most 40)."), code="invalid"
            )
        return value

    def clean_contact_phone(self) -> str:
        value = _SEPARATORS.sub("", to_latin_digits(self.cleaned_data["contact_phone"]))
        if value and not _PHONE.match(value):
            raise forms.ValidationError(
                _("Enter a phone number of 7 to 15 digits, optionally starting with +."), code="invalid"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        kind = self.organization.kind if self.organization else cleaned.get("kind")
        number = cleaned.get("registration_number")
        if kind and number:
            # The database holds this rule too (organization_registration_unique).
            taken = Organization.objects.filter(kind=kind, registration_number=number)
            if self.organization is not None:
                taken = taken.exclude(pk=self.organization.pk)
            if taken.exists():
                self.add_error(
                    "registration_number",
                    forms.ValidationError(
                        _("An organization of this type with this registration number is already registered."),
                        code="duplicate_registration",
                    ),
                )
        return cleaned

    def changes(self) -> dict:
        """For the edit page: only what the admin actually changed, ready for `update_organization`."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in self.cleaned_data}


# --- members -----------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organization: Organization, **kwargs):
        self.organization = organization
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles_for(organization.kind)]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.active().filter(organization=self.organization, user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already a member of the organization."), code="already_member")
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles_for(organization.kind)]


# --- review by platform staff ------------------------------------------------------------------


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("The organization's admins read this: say what to correct."),
    )


# --- public directory --------------------------------------------------------------------------


class DirectoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *OrganizationKind.choices]
    )
    city = CityChoiceField(label=_("City"), required=False, empty_label=_("All cities"))

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data.get("kind"):
            queryset = queryset.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data.get("city"):
            queryset = queryset.filter(city=self.cleaned_data["city"])
        return queryset

