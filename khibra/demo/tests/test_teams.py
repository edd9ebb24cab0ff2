from decimal import Decimal
from types import SimpleNamespace

import pytest

from khibra.demo import teams as demo
from khibra.hours.models import HourEntry
from khibra.teams import selectors
from khibra.teams.models import Team, TeamAssignment, TeamEngagement, TeamMember


@pytest.mark.django_db
def test_the_demo_has_a_provider_team_project_and_a_volunteer_team():
    from khibra.demo import loader

    loader.load()
    from khibra.demo import providers as provider_demo

    report = SimpleNamespace()
    provider_demo.load(report)  # a no-op when the loader already runs it
    demo.load(report)
    figures = demo.figures()
    assert figures["provider_team_members"] == 2
    assert figures["provider_team_engagements"] == 2
    assert figures["provider_team_hours"] == Decimal("6.5")
    assert figures["volunteer_teams"] == 1
    team = Team.objects.get(name=demo.PROVIDER_TEAM)
    assert TeamAssignment.objects.get(team=team).status == "accepted"
    assert TeamAssignment.objects.get(team=team).opportunity.execution_mode == "team"
    assert selectors.provider_teams(team.provider).get(pk=team.pk).hours == Decimal("6.5")
    volunteer_team = Team.objects.get(name=demo.VOLUNTEER_TEAM)
    assert set(TeamMember.objects.filter(team=volunteer_team).values_list("status", flat=True)) == {"active", "invited"}
    # Idempotent.
    counts = (Team.objects.count(), TeamMember.objects.count(), TeamEngagement.objects.count(), HourEntry.objects.count())
    demo.load(report)
    assert counts == (Team.objects.count(), TeamMember.objects.count(), TeamEngagement.objects.count(), HourEntry.objects.count())
