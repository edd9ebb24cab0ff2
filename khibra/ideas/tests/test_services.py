"""The ideas bank's rules: who proposes, support toggles once per person, who adopts, and what
adoption does (a draft opportunity, the proposer credited and told)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
import pytest

from khibra.core.arabic import initials
from khibra.core.models import AuditEvent, Notification
from khibra.ideas import services
from khibra.ideas.models import Idea, IdeaStatus, IdeaSupport
from khibra.opportunities.models import Opportunity, OpportunityStatus
from khibra.organizations.models import Organization
from khibra.testing.factories import MembershipFactory, OrganizationFactory, city, field, program_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(volunteer):
    return services.propose_idea(
        by=volunteer,
        title="نظام محاسبي مبسط للجمعيات الصغيرة",
        description="إعداد دليل حسابات وقوالب تقارير مالية شهرية لجمعية صغيرة.",
        field=field("finance-accounting"),
        city=city("jeddah"),
    )


def test_volunteers_and_staff_propose_ideas(idea, staff, volunteer):
    assert idea.status == IdeaStatus.OPEN and idea.proposer == volunteer
    services.propose_idea(by=staff, title="فكرة", description="وصف", field=field("governance"))
    assert AuditEvent.objects.filter(verb="idea.proposed").count() == 2


@pytest.mark.parametrize("persona", ["plain_user", "admin_a"])
def test_others_cannot_propose(request, persona):
    with pytest.raises(PermissionDenied):
        services.propose_idea(by=request.getfixturevalue(persona), title="فكرة", description="وصف", field=field("governance"))
    assert not Idea.objects.exists()


def test_an_idea_needs_a_title_and_a_description(volunteer):
    with pytest.raises(ValidationError) as error:
        services.propose_idea(by=volunteer, title=" ", description="", field=field("governance"))
    assert set(error.value.message_dict) == {"title", "description"}
    assert not Idea.objects.exists()


def test_support_toggles_and_counts_once_per_person(idea, other_volunteer, admin_a):
    assert services.toggle_support(idea=idea, by=other_volunteer) is True
    assert services.support_idea(idea=idea, by=other_volunteer) is False  # twice counts once
    services.toggle_support(idea=idea, by=admin_a)
    idea.refresh_from_db()
    assert idea.support_count == 2 == IdeaSupport.objects.filter(idea=idea).count()
    assert services.toggle_support(idea=idea, by=other_volunteer) is False
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert services.withdraw_support(idea=idea, by=other_volunteer) is False


def test_the_proposer_cannot_support_their_own_idea(idea, volunteer):
    with pytest.raises(ValidationError):
        services.support_idea(idea=idea, by=volunteer)


def test_a_manager_of_a_verified_nonprofit_adopts_an_idea(idea, org_a, manager_a, volunteer):
    opportunity = services.adopt_idea(idea=idea, organization=org_a, by=manager_a)
    assert opportunity.status == OpportunityStatus.DRAFT and opportunity.organization == org_a
    assert opportunity.title == idea.title and initials(volunteer.full_name) in opportunity.description
    assert volunteer.full_name not in opportunity.description and volunteer.email not in opportunity.description
    assert list(opportunity.fields.values_list("code", flat=True)) == ["finance-accounting"]
    assert opportunity.city.code == "jeddah"
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ADOPTED
    assert idea.adopted_opportunity == opportunity and idea.adopted_by_organization == org_a
    assert Notification.objects.filter(user=volunteer, kind="idea.adopted").exists()
    event = AuditEvent.objects.get(verb="idea.adopted")
    assert event.data["proposer"] == volunteer.pk and event.organization == org_a


def test_an_idea_is_adopted_once(idea, org_a, org_b, admin_a, admin_b):
    services.adopt_idea(idea=idea, organization=org_a, by=admin_a)
    with pytest.raises(ValidationError):
        services.adopt_idea(idea=idea, organization=org_b, by=admin_b)
    assert Opportunity.objects.count() == 1


@pytest.mark.parametrize("persona", ["supervisor_a", "volunteer", "staff", "admin_b"])
def test_others_cannot_adopt_for_org_a(request, idea, org_a, persona):
    with pytest.raises(PermissionDenied):
        services.adopt_idea(idea=idea, organization=org_a, by=request.getfixturevalue(persona))
    assert not Opportunity.objects.exists()
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.OPEN


def test_unverified_nonprofits_and_providers_cannot_adopt(idea):
    pending = OrganizationFactory(verification_status=Organization.Status.PENDING)
    company = OrganizationFactory(kind=Organization.Kind.COMPANY)
    for organization in (pending, company):
        admin = MembershipFactory(organization=organization).user
        with pytest.raises(PermissionDenied):
            services.adopt_idea(idea=idea, organization=organization, by=admin)
    assert not Opportunity.objects.exists()


def test_a_closed_idea_cannot_be_supported_or_adopted(idea, volunteer, other_volunteer, org_a, admin_a):
    services.close_idea(idea=idea, by=volunteer)
    with pytest.raises(ValidationError):
        services.support_idea(idea=idea, by=other_volunteer)
    with pytest.raises(ValidationError):
        services.adopt_idea(idea=idea, organization=org_a, by=admin_a)


def test_an_adopted_idea_joins_the_newest_program_and_without_one_the_manager_is_told(idea, org_b, manager_b):
    with pytest.raises(ValidationError) as refused:
        services.adopt_idea(idea=idea, organization=org_b, by=manager_b)
    assert "program" in refused.value.error_dict
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.OPEN  # nothing written
    older = program_of(org_b, name="دورة 1446")
    newer = program_of(org_b, name="دورة 1447")
    older.starts_on, newer.starts_on = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    older.save(), newer.save()
    assert services.adopt_idea(idea=idea, organization=org_b, by=manager_b).program == newer
