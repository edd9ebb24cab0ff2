from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.opportunities.models import Opportunity
from khibra.programs.models import ExecutionMode
from khibra.providers.models import ProviderMember
from khibra.volunteers.models import VolunteerProfile

from .models import TeamMember

MAX_MOTIVATION = 4000


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=150)
    description = forms.CharField(
        label=_("What the team does"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class _ProfileChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name


class _ProfilesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name


def provider_profiles(provider):
    """Volunteer profiles of the provider's verified members."""
    users = ProviderMember.objects.verified().filter(provider=provider).values("user_id")
    return VolunteerProfile.objects.filter(user_id__in=users).select_related("user").order_by("user__full_name", "pk")


class ProviderTeamForm(TeamForm):
    leader = _ProfileChoice(label=_("Team lead"), queryset=VolunteerProfile.objects.none(), empty_label=_("Choose the team lead"))
    members = _ProfilesChoice(
        label=_("Members"), queryset=VolunteerProfile.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = provider_profiles(provider)
        self.fields["members"].queryset = provider_profiles(provider)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("The volunteer's e-mail address"), max_length=254, widget=forms.EmailInput(attrs={"dir": "ltr"})
    )


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.volunteer.user.full_name


class HandOverForm(forms.Form):
    member = _MemberChoice(label=_("New team lead"), queryset=TeamMember.objects.none(), empty_label=_("Choose the new team lead"))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            TeamMember.objects.active().filter(team=team, role=TeamMember.Role.MEMBER).select_related("volunteer__user")
        )


def team_opportunities():
    return (
        Opportunity.objects.public()
        .filter(execution_mode=ExecutionMode.TEAM)
        .select_related("organization")
        .order_by("-published_at", "-pk")
    )


class _OpportunityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} — {obj.organization.name}"


class ChooseOpportunityForm(forms.Form):
    opportunity = _OpportunityChoice(
        label=_("Opportunity done by a team"), queryset=Opportunity.objects.none(), empty_label=_("Choose an opportunity")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = team_opportunities()


class TeamApplyForm(forms.Form):
    """The lead's application for the team: motivation, the screening questions, availability."""

    motivation = forms.CharField(
        label=_("Why this team fits the work"), max_length=MAX_MOTIVATION, widget=forms.Textarea(attrs={"rows": 5})
    )
    availability_confirmed = forms.BooleanField(
        label=_("The team can give the hours and dates this opportunity asks for"), required=False
    )

    def __init__(self, *args, opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(opportunity.screening_questions.all())
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.text, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
            )

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.cleaned_data.get(f"answer_{q.pk}") or "" for q in self.questions}


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Note to the team"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
