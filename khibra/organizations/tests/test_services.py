"""Every rule of the organization services, through the services themselves."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
import pytest

from khibra.core.models import AuditEvent, OutboundEmail
from khibra.organizations import services
from khibra.organizations.models import Invitation, Membership, Organization
from khibra.testing.factories import MembershipFactory, OrganizationFactory, UserFactory, city, field

pytestmark = pytest.mark.django_db


def audit_verbs(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def registration(**overrides) -> dict:
    data = {
        "kind": "nonprofit",
        "name_ar": "جمعية إثراء المعرفة",
        "name_en": "Ithraa Knowledge Association",
        "registration_number": "7788",
        "city": city("riyadh"),
        "contact_email": "hello@ithraa.example.sa",
    }
    return {**data, **overrides}


# --- registration ------------------------------------------------------------------------------


def test_it_registers_an_organization_as_pending_with_the_founder_as_admin(founder):
    organization = services.register_organization(by=founder, fields=[field("governance")], **registration())

    assert organization.verification_status == Organization.Status.PENDING
    assert organization.slug == "ithraa-knowledge-association"
    assert list(organization.fields.values_list("code", flat=True)) == ["governance"]
    membership = Membership.objects.get(organization=organization)
    assert membership.user == founder
    assert membership.role == Membership.Role.ADMIN
    assert membership.is_active
    assert audit_verbs(organization) == ["organization.registered"]
    assert AuditEvent.objects.get(verb="organization.registered").organization == organization


def test_it_gives_an_arabic_only_organization_a_random_slug(founder):
    organization = services.register_organization(by=founder, **registration(name_en=""))
    assert organization.slug.startswith("org-")


def test_it_never_reuses_a_slug(founder, plain_user):
    first = services.register_organization(by=founder, **registration())
    second = services.register_organization(by=plain_user, **registration(registration_number="7789"))
    assert first.slug != second.slug


def test_it_does_not_let_a_slug_shadow_a_page(founder):
    organization = services.register_organization(by=founder, **registration(name_en="Register"))
    assert organization.slug != "register"


def test_it_refuses_a_duplicate_registration_number_of_the_same_kind(founder, plain_user):
    services.register_organization(by=founder, **registration())
    with pytest.raises(ValidationError) as error:
        services.register_organization(by=plain_user, **registration(name_ar="جمعية أخرى"))
    assert "registration_number" in error.value.message_dict
    assert Organization.objects.count() == 1


def test_it_allows_the_same_number_for_a_different_kind(founder, plain_user):
    services.register_organization(by=founder, **registration())
    company = services.register_organization(by=plain_user, **registration(kind="company", name_en="Ithraa Co"))
    assert company.kind == Organization.Kind.COMPANY


def test_it_refuses_an_unknown_kind_and_writes_nothing(founder):
    with pytest.raises(ValidationError):
        services.register_organization(by=founder, **registration(kind="club"))
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()


def test_it_refuses_a_registration_without_an_arabic_name(founder):
    with pytest.raises(ValidationError):
        services.register_organization(by=founder, **registration(name_ar=""))
    assert not Organization.objects.exists()


# --- editing -----------------------------------------------------------------------------------


def test_an_admin_edits_the_description_and_a_verified_organization_stays_verified(org_a, admin_a):
    services.update_organization(organization=org_a, by=admin_a, description="نقدم برامج رعاية متكاملة.")
    org_a.refresh_from_db()
    assert org_a.description == "نقدم برامج رعاية متكاملة."
    assert org_a.is_verified
    event = AuditEvent.objects.get(verb="organization.updated")
    assert event.data["changed"] == ["description"]
    assert event.data["back_to_review"] is False


def test_renaming_a_verified_organization_sends_it_back_to_review(org_a, admin_a):
    services.update_organization(organization=org_a, by=admin_a, name_ar="جمعية رعاية الأيتام بمحافظة جدة")
    org_a.refresh_from_db()
    assert org_a.verification_status == Organization.Status.PENDING
    assert org_a.verified_at is None


def test_changing_the_registration_number_sends_it_back_to_review(org_a, admin_a):
    services.update_organization(organization=org_a, by=admin_a, registration_number="99887766")
    org_a.refresh_from_db()
    assert org_a.verification_status == Organization.Status.PENDING


def test_editing_a_rejected_organization_resubmits_it(draft_org, founder, staff):
    services.reject_organization(organization=draft_org, by=staff, reason="رقم الترخيص غير صحيح.")
    services.update_organization(organization=draft_org, by=founder, registration_number="4522")
    draft_org.refresh_from_db()
    assert draft_org.verification_status == Organization.Status.PENDING
    assert draft_org.rejection_reason == ""


def test_only_an_admin_edits_the_organization(org_a, manager_a, admin_b):
    for user in (manager_a, admin_b):
        with pytest.raises(PermissionDenied):
            services.update_organization(organization=org_a, by=user, description="تعديل غير مصرح")
    org_a.refresh_from_db()
    assert org_a.description != "تعديل غير مصرح"
    assert not AuditEvent.objects.filter(verb="organization.updated").exists()


def test_the_kind_cannot_be_changed(org_a, admin_a):
    with pytest.raises(TypeError):
        services.update_organization(organization=org_a, by=admin_a, kind="company")


def test_an_edit_cannot_take_another_organizations_registration_number(org_a, org_b, admin_a):
    with pytest.raises(ValidationError):
        services.update_organization(organization=org_a, by=admin_a, registration_number=org_b.registration_number)
    org_a.refresh_from_db()
    assert org_a.registration_number != org_b.registration_number


# --- verification ------------------------------------------------------------------------------


def test_staff_verify_a_pending_organization_and_its_admins_are_told(draft_org, founder, staff):
    services.verify_organization(organization=draft_org, by=staff)
    draft_org.refresh_from_db()
    assert draft_org.is_verified
    assert draft_org.verified_by == staff
    assert draft_org.verified_at is not None
    assert "organization.verified" in audit_verbs(draft_org)
    email = OutboundEmail.objects.get(to=founder.email)
    assert draft_org.slug in email.body_text


def test_only_staff_verify(draft_org, founder, admin_a, volunteer):
    for user in (founder, admin_a, volunteer):
        with pytest.raises(PermissionDenied):
            services.verify_organization(organization=draft_org, by=user)
    draft_org.refresh_from_db()
    assert draft_org.verification_status == Organization.Status.PENDING
    assert not OutboundEmail.objects.exists()


def test_verifying_twice_is_refused(org_a, staff):
    with pytest.raises(ValidationError):
        services.verify_organization(organization=org_a, by=staff)


def test_staff_reject_with_a_reason_and_the_admins_read_it(draft_org, founder, staff):
    services.reject_organization(organization=draft_org, by=staff, reason="  لم نجد الترخيص في سجل المركز الوطني.  ")
    draft_org.refresh_from_db()
    assert draft_org.verification_status == Organization.Status.REJECTED
    assert draft_org.rejection_reason == "لم نجد الترخيص في سجل المركز الوطني."
    assert "organization.rejected" in audit_verbs(draft_org)
    assert "لم نجد الترخيص" in OutboundEmail.objects.get(to=founder.email).body_text


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_needs_a_reason(draft_org, staff, reason):
    with pytest.raises(ValidationError):
        services.reject_organization(organization=draft_org, by=staff, reason=reason)
    draft_org.refresh_from_db()
    assert draft_org.verification_status == Organization.Status.PENDING
    assert not OutboundEmail.objects.exists()


def test_only_staff_reject(draft_org, founder):
    with pytest.raises(PermissionDenied):
        services.reject_organization(organization=draft_org, by=founder, reason="سبب")
    draft_org.refresh_from_db()
    assert draft_org.verification_status == Organization.Status.PENDING


def test_the_decision_e_mail_follows_each_admins_language(draft_org, founder, staff):
    english = UserFactory(preferred_language="en")
    services.add_member(organization=draft_org, user=english, role="admin", by=founder)
    services.verify_organization(organization=draft_org, by=staff)
    assert OutboundEmail.objects.get(to=english.email).subject == "Your organization is verified on Khibra"
    assert "/en/" in OutboundEmail.objects.get(to=english.email).body_text
    assert "/en/" not in OutboundEmail.objects.get(to=founder.email).body_text


# --- members -----------------------------------------------------------------------------------


def test_an_admin_adds_a_member_with_a_role_of_the_organizations_kind(org_a, admin_a, plain_user):
    membership = services.add_member(organization=org_a, user=plain_user, role="supervisor", by=admin_a)
    assert membership.role == Membership.Role.SUPERVISOR
    assert audit_verbs(membership) == ["membership.added"]


def test_a_role_of_another_kind_is_refused(org_a, admin_a, plain_user):
    with pytest.raises(ValidationError):
        services.add_member(organization=org_a, user=plain_user, role="coordinator", by=admin_a)
    assert not Membership.objects.filter(user=plain_user).exists()


def test_a_manager_cannot_add_members(org_a, manager_a, plain_user):
    with pytest.raises(PermissionDenied):
        services.add_member(organization=org_a, user=plain_user, role="supervisor", by=manager_a)


def test_adding_an_active_member_twice_is_refused(org_a, admin_a, manager_a):
    with pytest.raises(ValidationError):
        services.add_member(organization=org_a, user=manager_a, role="supervisor", by=admin_a)


# --- invitations -------------------------------------------------------------------------------


def test_an_admin_invites_by_e_mail_with_a_link_in_their_language(org_a, admin_a):
    invitation = services.invite_member(organization=org_a, email=" Reem@Example.SA ", role="manager", by=admin_a)
    assert invitation.email == "reem@example.sa"
    assert invitation.is_open
    assert invitation.invited_by == admin_a
    email = OutboundEmail.objects.get(to="reem@example.sa")
    assert f"/organizations/invitations/{invitation.token}/" in email.body_text
    assert email.body_text.count("http") == 1
    assert audit_verbs(invitation) == ["invitation.sent"]


def test_inviting_the_same_address_again_resends_and_refreshes(org_a, admin_a):
    first = services.invite_member(organization=org_a, email="reem@example.sa", role="manager", by=admin_a)
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(days=1))
    again = services.invite_member(organization=org_a, email="REEM@example.sa", role="supervisor", by=admin_a)

    assert again.pk == first.pk
    assert again.is_open
    assert again.role == Membership.Role.SUPERVISOR
    assert Invitation.objects.filter(organization=org_a).count() == 1
    assert OutboundEmail.objects.filter(to="reem@example.sa").count() == 2
    assert audit_verbs(again) == ["invitation.sent", "invitation.resent"]


def test_inviting_an_existing_member_is_refused(org_a, admin_a, manager_a):
    with pytest.raises(ValidationError):
        services.invite_member(organization=org_a, email=manager_a.email.upper(), role="supervisor", by=admin_a)
    assert not Invitation.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_only_admins_invite(org_a, manager_a, supervisor_a, admin_b):
    for user in (manager_a, supervisor_a, admin_b):
        with pytest.raises(PermissionDenied):
            services.invite_member(organization=org_a, email="x@example.sa", role="supervisor", by=user)
    assert not Invitation.objects.exists()


def test_an_invitation_role_must_exist_in_the_organization(org_a, admin_a):
    with pytest.raises(ValidationError):
        services.invite_member(organization=org_a, email="x@example.sa", role="coordinator", by=admin_a)


def test_the_invited_person_accepts_and_becomes_a_member(org_a, admin_a):
    invitation = services.invite_member(organization=org_a, email="reem@example.sa", role="manager", by=admin_a)
    reem = UserFactory(email="Reem@Example.sa")
    membership = services.accept_invitation(invitation=invitation, user=reem)

    assert membership.organization == org_a
    assert membership.role == Membership.Role.VOLUNTEER_MANAGER
    invitation.refresh_from_db()
    assert invitation.accepted_by == reem
    assert not invitation.is_open
    assert "invitation.accepted" in audit_verbs(invitation)


def test_someone_with_another_e_mail_cannot_accept(org_a, admin_a, plain_user):
    invitation = services.invite_member(organization=org_a, email="reem@example.sa", role="manager", by=admin_a)
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=plain_user)
    assert not Membership.objects.filter(user=plain_user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_expired_invitation_cannot_be_accepted(org_a, admin_a):
    invitation = services.invite_member(organization=org_a, email="reem@example.sa", role="manager", by=admin_a)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=UserFactory(email="reem@example.sa"))
    assert not Membership.objects.filter(user__email="reem@example.sa").exists()


def test_a_revoked_invitation_cannot_be_accepted(org_a, admin_a):
    invitation = services.invite_member(organization=org_a, email="reem@example.sa", role="manager", by=admin_a)
    services.revoke_invitation(invitation=invitation, by=admin_a)
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=UserFactory(email="reem@example.sa"))
    assert audit_verbs(invitation) == ["invitation.sent", "invitation.revoked"]


def test_an_invitation_is_revoked_once_and_only_by_an_admin(org_a, admin_a, manager_a):
    invitation = services.invite_member(organization=org_a, email="reem@example.sa", role="manager", by=admin_a)
    with pytest.raises(PermissionDenied):
        services.revoke_invitation(invitation=invitation, by=manager_a)
    services.revoke_invitation(invitation=invitation, by=admin_a)
    with pytest.raises(ValidationError):
        services.revoke_invitation(invitation=invitation, by=admin_a)


def test_a_removed_member_can_be_invited_back(org_a, admin_a, manager_a):
    membership = Membership.objects.get(user=manager_a, organization=org_a)
    services.remove_member(membership=membership, by=admin_a)
    invitation = services.invite_member(organization=org_a, email=manager_a.email, role="supervisor", by=admin_a)
    again = services.accept_invitation(invitation=invitation, user=manager_a)
    assert again.pk == membership.pk
    assert again.is_active
    assert again.role == Membership.Role.SUPERVISOR


# --- roles and removal ------------------------------------------------------------------------


def test_an_admin_changes_a_role(org_a, admin_a, manager_a):
    membership = Membership.objects.get(user=manager_a, organization=org_a)
    services.change_role(membership=membership, role="supervisor", by=admin_a)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.SUPERVISOR
    event = AuditEvent.objects.get(verb="membership.role_changed")
    assert (event.data["old_role"], event.data["role"]) == ("manager", "supervisor")


def test_the_last_admin_cannot_be_demoted(org_a, admin_a):
    membership = Membership.objects.get(user=admin_a, organization=org_a)
    with pytest.raises(ValidationError):
        services.change_role(membership=membership, role="manager", by=admin_a)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_the_last_admin_cannot_be_removed(org_a, admin_a):
    membership = Membership.objects.get(user=admin_a, organization=org_a)
    with pytest.raises(ValidationError):
        services.remove_member(membership=membership, by=admin_a)
    membership.refresh_from_db()
    assert membership.is_active


def test_an_admin_steps_down_when_another_admin_remains(org_a, admin_a):
    second = MembershipFactory(organization=org_a, role="admin")
    membership = Membership.objects.get(user=admin_a, organization=org_a)
    services.change_role(membership=membership, role="manager", by=admin_a)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.VOLUNTEER_MANAGER
    with pytest.raises(ValidationError):
        services.remove_member(membership=second, by=second.user)


def test_an_admin_removes_a_member_and_the_row_stays_for_the_history(org_a, admin_a, supervisor_a):
    membership = Membership.objects.get(user=supervisor_a, organization=org_a)
    services.remove_member(membership=membership, by=admin_a)
    membership.refresh_from_db()
    assert not membership.is_active
    assert audit_verbs(membership) == ["membership.removed"]


def test_a_member_may_leave_on_their_own(org_a, supervisor_a):
    membership = Membership.objects.get(user=supervisor_a, organization=org_a)
    services.remove_member(membership=membership, by=supervisor_a)
    membership.refresh_from_db()
    assert not membership.is_active


def test_an_admin_of_another_organization_cannot_touch_members(org_a, manager_a, admin_b):
    membership = Membership.objects.get(user=manager_a, organization=org_a)
    with pytest.raises(PermissionDenied):
        services.change_role(membership=membership, role="admin", by=admin_b)
    with pytest.raises(PermissionDenied):
        services.remove_member(membership=membership, by=admin_b)
    membership.refresh_from_db()
    assert membership.is_active and membership.role == Membership.Role.VOLUNTEER_MANAGER


def test_a_provider_has_coordinators_not_supervisors(plain_user):
    company = OrganizationFactory(kind="company", name_ar="شركة الحلول الرقمية")
    admin = MembershipFactory(organization=company, role="admin").user
    services.add_member(organization=company, user=plain_user, role="coordinator", by=admin)
    with pytest.raises(ValidationError):
        services.invite_member(organization=company, email="x@example.sa", role="supervisor", by=admin)


def test_saving_without_changes_writes_nothing(org_a, admin_a):
    services.update_organization(organization=org_a, by=admin_a, name_ar=org_a.name_ar, fields=[])
    assert not AuditEvent.objects.filter(verb="organization.updated").exists()


def test_changing_the_fields_of_a_verified_organization_keeps_it_verified(org_a, admin_a):
    services.update_organization(organization=org_a, by=admin_a, fields=[field("legal-affairs")])
    org_a.refresh_from_db()
    assert org_a.is_verified
    assert list(org_a.fields.values_list("code", flat=True)) == ["legal-affairs"]
