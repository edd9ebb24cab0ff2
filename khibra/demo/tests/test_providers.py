from types import SimpleNamespace

import pytest

from khibra.demo import providers as demo
from khibra.hours.models import HourEntry
from khibra.organizations.models import Organization
from khibra.providers import selectors
from khibra.providers.models import Participation, ProviderMember, ProviderProgram


@pytest.mark.django_db(transaction=False)
def test_the_demo_has_active_programs_with_members_and_tagged_hours():
    from khibra.demo import loader

    loader.load()
    report = SimpleNamespace()
    demo.load(report)
    company = Organization.objects.get(kind="company", registration_number="2051048327")
    university = Organization.objects.get(kind="university", registration_number="1429")
    for provider in (company, university):
        assert ProviderProgram.objects.filter(provider=provider, is_active=True).exists()
        figures = demo.figures(provider)
        assert figures["members"] >= 2
        assert figures["hours"] > 0
        summary = selectors.provider_summary(provider)
        assert summary.hours == figures["hours"]
        assert summary.partners
        assert summary.engagements_active >= 1
    assert ProviderProgram.objects.get(provider=company).counts_as_work_time
    assert selectors.provider_summary(company).paid_hours == demo.figures(company)["hours"]
    # Idempotent.
    counts = (ProviderMember.objects.count(), Participation.objects.count(), HourEntry.objects.count())
    demo.load(report)
    assert counts == (ProviderMember.objects.count(), Participation.objects.count(), HourEntry.objects.count())
