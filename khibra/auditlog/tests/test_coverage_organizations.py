"""Sensitive actions of organizations, identities, API keys and exports write their audit event."""

from django.urls import reverse
import pytest

from khibra.api import services as api_services
from khibra.exports import services as export_services
from khibra.exports.models import Export
from khibra.organizations import services as org_services
from khibra.organizations.models import Membership
from khibra.testing.factories import MembershipFactory, OrganizationFactory, UserFactory, national_id
from khibra.volunteers import services as volunteer_services
from khibra.volunteers.models import VolunteerProfile

from .coverage import assert_recorded


@pytest.fixture(autouse=True)
def _scratch_exports(settings, tmp_path):
    settings.EXPORTS_ROOT = tmp_path / "exports"


@pytest.fixture
def pending_org(db):
    return OrganizationFactory(verification_status="pending", verified_at=None)


def test_verifying_an_organization_is_recorded(pending_org, staff):
    org_services.verify_organization(organization=pending_org, by=staff)
    assert_recorded("organization.verified", actor=staff, target=pending_org, organization=pending_org)


def test_refusing_an_organization_is_recorded(pending_org, staff):
    org_services.reject_organization(organization=pending_org, by=staff, reason="السجل التجاري غير مطابق.")
    event = assert_recorded("organization.rejected", actor=staff, target=pending_org, organization=pending_org)
    assert event.data["reason"] == "السجل التجاري غير مطابق."


@pytest.fixture
def pending_identity(volunteer) -> VolunteerProfile:
    profile = volunteer.volunteer_profile
    profile.national_id = national_id("123456789")
    profile.identity_status = VolunteerProfile.IdentityStatus.PENDING
    profile.save()
    return profile


@pytest.mark.parametrize("approve, verb", [(True, "profile.identity.approved"), (False, "profile.identity.rejected")])
def test_identity_decisions_are_recorded(pending_identity, staff, approve, verb):
    volunteer_services.review_identity(profile=pending_identity, by=staff, approve=approve, note="" if approve else "الصورة غير واضحة.")
    assert_recorded(verb, actor=staff, target=pending_identity)


def test_a_role_change_is_recorded(org_a, admin_a, manager_a):
    membership = Membership.objects.get(organization=org_a, user=manager_a)
    org_services.change_role(membership=membership, role=Membership.Role.SUPERVISOR, by=admin_a)
    event = assert_recorded("membership.role_changed", actor=admin_a, target=membership, organization=org_a)
    assert (event.data["old_role"], event.data["role"]) == (Membership.Role.VOLUNTEER_MANAGER, Membership.Role.SUPERVISOR)


def test_a_removal_is_recorded(org_a, admin_a, supervisor_a):
    membership = Membership.objects.get(organization=org_a, user=supervisor_a)
    org_services.remove_member(membership=membership, by=admin_a)
    assert_recorded("membership.removed", actor=admin_a, target=membership, organization=org_a)


def test_an_accepted_invitation_is_recorded(org_a, admin_a):
    invitation = org_services.invite_member(organization=org_a, email="noura@jam3ia.example.sa", role=Membership.Role.SUPERVISOR, by=admin_a)
    assert_recorded("invitation.sent", actor=admin_a, target=invitation, organization=org_a)
    newcomer = UserFactory(email="noura@jam3ia.example.sa")
    org_services.accept_invitation(invitation=invitation, user=newcomer)
    assert_recorded("invitation.accepted", actor=newcomer, target=invitation, organization=org_a)


def test_creating_and_revoking_an_api_key_is_recorded(org_a, admin_a):
    key, _secret = api_services.create_api_key(organization=org_a, by=admin_a, name="نظام الموارد البشرية", scopes=["opportunities:read"])
    assert_recorded("api.key.created", actor=admin_a, target=key, organization=org_a)
    api_services.revoke_api_key(key=key, by=admin_a)
    assert_recorded("api.key.revoked", actor=admin_a, target=key, organization=org_a)


def test_a_direct_export_is_recorded(org_a, manager_a):
    export_services.direct_export(kind="hours", params={}, format="csv", by=manager_a, organization=org_a)
    assert_recorded("export.direct", actor=manager_a, target=org_a, organization=org_a)


def test_requesting_and_downloading_an_export_is_recorded(client, org_a, manager_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_services.request_export(kind="hours", params={}, format="csv", by=manager_a, organization=org_a)
    assert_recorded("export.requested", actor=manager_a, target=export, organization=org_a)
    assert Export.objects.get(pk=export.pk).is_ready
    client.force_login(manager_a)
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 200
    assert_recorded("export.downloaded", actor=manager_a, target=export, organization=org_a)


def test_a_providers_role_change_is_recorded_for_the_provider(provider_p, admin_p):
    """Providers are organizations too: their admins read their own trail."""
    member = MembershipFactory(organization=provider_p, role=Membership.Role.COORDINATOR)
    org_services.change_role(membership=member, role=Membership.Role.ADMIN, by=admin_p)
    assert_recorded("membership.role_changed", actor=admin_p, target=member, organization=provider_p)
