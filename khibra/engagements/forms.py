from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DigitsIntegerField, DualDateField

from .models import MAX_BENEFICIARIES, MAX_OUTCOME, WithdrawalReason


class SubmitWorkForm(forms.Form):
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https", max_length=500, widget=forms.URLInput(attrs={"dir": "ltr"}))
    file = forms.FileField(label=_("File"), required=False, help_text=_("PDF, image, office document or zip; up to 10 MB."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    early_reason = forms.CharField(
        label=_("Why the deliverable comes before the tasks"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Needed only while some tasks have not started."),
    )

    def __init__(self, *args, early: bool = False, **kwargs):
        """`early`: the final deliverable while some tasks have not started (the reason box shows)."""
        super().__init__(*args, **kwargs)
        if not early:
            del self.fields["early_reason"]

    def clean(self):
        data = super().clean()
        data.setdefault("early_reason", "")
        if not self.errors and not data.get("link") and not data.get("file"):
            raise forms.ValidationError(_("Add a link or a file."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")), ("changes", _("Ask for changes"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class WeeklyReportForm(forms.Form):
    week_of = DualDateField(label=_("A day in the week"))
    done = forms.CharField(label=_("What I did"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    next = forms.CharField(label=_("What comes next"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))
    blockers = forms.CharField(label=_("What is in my way"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))
    hours_spent = forms.DecimalField(label=_("Hours spent"), min_value=Decimal(0), max_value=Decimal(168), max_digits=5, decimal_places=1)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class CheckInForm(forms.Form):
    message = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))


class IssueForm(forms.Form):
    what = forms.CharField(label=_("What happened"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class ResolveIssueForm(forms.Form):
    resolution = forms.CharField(label=_("How it was resolved"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))


class AmendmentForm(forms.Form):
    new_end_on = DualDateField(label=_("New end date"), required=False)
    new_weekly_hours = forms.DecimalField(label=_("New weekly hours"), required=False, min_value=Decimal("0.5"), max_value=Decimal(80),
                                          max_digits=4, decimal_places=1)
    reason = forms.CharField(label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("completed", _("Completed")), ("not_completed", _("Not completed"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    # The impact figures (the engagement's `outcome` and `beneficiaries_reached`); `outcome` above is the closing status.
    what_changed = forms.CharField(
        label=_("What changed"), required=False, max_length=MAX_OUTCOME,
        help_text=_("In a sentence or two: what is different for the beneficiaries thanks to this work."),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    beneficiaries_reached = DigitsIntegerField(
        label=_("Beneficiaries reached"), required=False, min_value=0, max_value=MAX_BENEFICIARIES,
        help_text=_("How many people or bodies benefited. Leave empty if you do not know."),
    )

    def close_values(self) -> dict:
        """The cleaned values as services.close_engagement takes them."""
        data = self.cleaned_data
        return {"completed": data["outcome"] == "completed", "note": data["note"], "outcome": data["what_changed"],
                "beneficiaries_reached": data["beneficiaries_reached"]}


class WithdrawForm(forms.Form):
    category = forms.ChoiceField(label=_("Reason"), choices=WithdrawalReason.choices)
    note = forms.CharField(label=_("Anything to add"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
