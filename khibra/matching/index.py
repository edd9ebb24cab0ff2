"""The term index: derived rows that let ranking read term keys and shortlists from indexes.

`VolunteerTerm` and `OpportunityTerm` (the keys of `selectors.term_weights`) and the match entries
(`entries.py`) are kept in step here. The volunteers and opportunities apps tell matching about
their changes through their hooks (`khibra/volunteers/hooks.py`, `khibra/opportunities/hooks.py`);
`apps.MatchingConfig.ready()` registers the functions below into them.
"""

from __future__ import annotations

from django.db import connection, transaction

from khibra.opportunities.models import Opportunity
from khibra.volunteers.models import VolunteerProfile

from . import entries
from .models import OpportunityTerm, SynonymGroup, SynonymTerm, VolunteerTerm
from .selectors import opportunity_texts, term_weights, volunteer_texts
from .terms import term_key


@transaction.atomic
def save_synonym_group(*, group: SynonymGroup) -> SynonymGroup:
    """Save a group and keep its normalised term rows in step."""
    group.full_clean()
    group.save()
    keys = {term_key(term) for term in group.term_list()} - {""}
    group.term_rows.exclude(key__in=keys).delete()
    existing = set(group.term_rows.values_list("key", flat=True))
    SynonymTerm.objects.bulk_create([SynonymTerm(group=group, key=key) for key in sorted(keys - existing)])
    return group


@transaction.atomic
def refresh_volunteer(profile: VolunteerProfile) -> int:
    """Recompute the profile's term keys. Call after the profile, skills or qualifications change."""
    weights = term_weights(volunteer_texts(profile))
    VolunteerTerm.objects.filter(profile=profile).delete()
    VolunteerTerm.objects.bulk_create([VolunteerTerm(profile=profile, key=key, weight=w) for key, w in weights.items()])
    entries.rebuild(connection, [profile.pk])
    return len(weights)


def refresh_match_entries(profile: VolunteerProfile) -> int:
    """The profile's match entries again (a verified identity raises it in every shortlist)."""
    return entries.rebuild(connection, [profile.pk])


def rebuild_match_index() -> int:
    """Every profile's match entries again, in one statement (after bulk loads)."""
    with transaction.atomic():
        return entries.rebuild(connection)


@transaction.atomic
def refresh_opportunity(opportunity: Opportunity) -> int:
    """Recompute the opportunity's term keys. Call after it is created, edited or published."""
    weights = term_weights(opportunity_texts(opportunity))
    OpportunityTerm.objects.filter(opportunity=opportunity).delete()
    OpportunityTerm.objects.bulk_create(
        [OpportunityTerm(opportunity=opportunity, key=key, weight=w) for key, w in weights.items()]
    )
    return len(weights)
