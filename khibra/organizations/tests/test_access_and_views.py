"""The access matrix of every page, the htmx branch and what each action writes.

Personas: anonymous, a volunteer, org A's admin, manager and supervisor, org B's admin, platform
staff. Org A and org B are verified non-profits (see the project conftest).
"""

from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent
from khibra.organizations import services
from khibra.organizations.models import Invitation, Membership, Organization
from khibra.testing.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "volunteer", "admin_a", "manager_a", "supervisor_a", "admin_b", "staff"]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_persona(client, request, org_a, org_b):
    """Log the client in as a persona by name; make sure both organizations have their admins."""
    request.getfixturevalue("admin_a")
    request.getfixturevalue("admin_b")

    def login(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


def make_pending(organization: Organization) -> Organization:
    Organization.objects.filter(pk=organization.pk).update(verification_status=Organization.Status.PENDING, verified_at=None)
    organization.refresh_from_db()
    return organization


def membership_of(user, organization) -> Membership:
    return Membership.objects.get(user=user, organization=organization)


def login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


# --- directory ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_the_directory_of_verified_organizations_only(as_persona, persona, org_a, org_b, draft_org):
    client = as_persona(persona)
    response = client.get(reverse("organizations:directory"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="organization-{org_a.pk}"' in content
    assert f'id="organization-{org_b.pk}"' in content
    assert f'id="organization-{draft_org.pk}"' not in content


def test_the_directory_filters_by_kind_and_city(client, org_a):
    company = OrganizationFactory(kind="company", name_ar="شركة المحاسبون المتحدون", city=org_a.city)
    in_riyadh = OrganizationFactory(name_ar="جمعية إنسان", city=_city("riyadh"))

    content = client.get(reverse("organizations:directory"), {"kind": "company"}).content.decode()
    assert f'id="organization-{company.pk}"' in content
    assert f'id="organization-{org_a.pk}"' not in content

    content = client.get(reverse("organizations:directory"), {"city": in_riyadh.city_id}).content.decode()
    assert f'id="organization-{in_riyadh.pk}"' in content
    assert f'id="organization-{org_a.pk}"' not in content


def test_the_directory_ignores_a_bad_filter(client, org_a):
    response = client.get(reverse("organizations:directory"), {"kind": "club", "city": "abc"})
    assert response.status_code == 200
    assert f'id="organization-{org_a.pk}"' in response.content.decode()


def test_the_directory_pages_by_twenty_with_a_fixed_number_of_queries(client, django_assert_num_queries):
    OrganizationFactory.create_batch(45)
    # count, one page of organizations with their cities and regions, the cities of the filter
    with django_assert_num_queries(3):
        response = client.get(reverse("organizations:directory"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card organization-card"') == 20
    assert 'id="page-next"' in response.content.decode()
    with django_assert_num_queries(3):
        last = client.get(reverse("organizations:directory"), {"page": 3})
    assert last.content.decode().count('class="card organization-card"') == 5


def _city(code):
    from khibra.testing.factories import city

    return city(code)


# --- detail ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_verified_organization_is_public(as_persona, persona, org_a):
    response = as_persona(persona).get(reverse("organizations:detail", args=[org_a.slug]))
    assert response.status_code == 200
    assert 'id="organization-name"' in response.content.decode()
    has_panel = 'id="member-panel"' in response.content.decode()
    assert has_panel == (persona in {"admin_a", "manager_a", "supervisor_a", "staff"})


@pytest.mark.parametrize(
    "persona, status",
    [("anonymous", 404), ("volunteer", 404), ("admin_a", 200), ("manager_a", 200), ("supervisor_a", 200), ("admin_b", 404), ("staff", 200)],
)
def test_an_unverified_organization_is_seen_only_by_its_members_and_staff(as_persona, persona, status, org_a):
    make_pending(org_a)
    response = as_persona(persona).get(reverse("organizations:detail", args=[org_a.slug]))
    assert response.status_code == status


def test_members_see_their_role_and_admins_the_reason_for_rejection(client, org_a, admin_a, staff):
    services.reject_organization(organization=org_a, by=staff, reason="الشعار لا يخص الجمعية.")
    client.force_login(admin_a)
    content = client.get(reverse("organizations:detail", args=[org_a.slug])).content.decode()
    for element in ("member-role", "verification-status", "rejection-reason", "edit-link", "members-link"):
        assert f'id="{element}"' in content
    assert "الشعار لا يخص الجمعية." in content


def test_a_supervisor_gets_no_edit_or_members_link(client, org_a, supervisor_a):
    client.force_login(supervisor_a)
    content = client.get(reverse("organizations:detail", args=[org_a.slug])).content.decode()
    assert 'id="member-role"' in content
    assert 'id="edit-link"' not in content
    assert 'id="members-link"' not in content


def test_an_unknown_slug_is_404(client):
    assert client.get(reverse("organizations:detail", args=["لا-توجد"])).status_code == 404


# --- register ----------------------------------------------------------------------------------


def test_registering_needs_an_account(client):
    assert login_redirect(client.get(reverse("organizations:register")))


@pytest.mark.parametrize("persona", ["volunteer", "admin_a", "staff"])
def test_anyone_logged_in_may_open_the_registration_form(as_persona, persona):
    response = as_persona(persona).get(reverse("organizations:register"))
    assert response.status_code == 200
    assert 'id="organization-form"' in response.content.decode()


def test_registering_creates_a_pending_organization_and_shows_it_to_its_founder(client, volunteer):
    client.force_login(volunteer)
    response = client.post(
        reverse("organizations:register"),
        {
            "kind": "nonprofit",
            "name_ar": "جمعية سند للأسر المنتجة",
            "registration_number": "٣٤٥٦",
            "city": _city("dammam").pk,
            "contact_email": "info@sanad.example.sa",
        },
    )
    organization = Organization.objects.get(name_ar="جمعية سند للأسر المنتجة")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=[organization.slug])
    assert organization.registration_number == "3456"
    assert organization.verification_status == Organization.Status.PENDING
    assert membership_of(volunteer, organization).role == Membership.Role.ADMIN
    content = client.get(response["Location"]).content.decode()
    assert 'id="pending-note"' in content


# --- edit --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [("volunteer", 404), ("admin_a", 200), ("manager_a", 403), ("supervisor_a", 403), ("admin_b", 404), ("staff", 404)],
)
def test_only_admins_open_the_edit_page(as_persona, persona, status, org_a):
    assert as_persona(persona).get(reverse("organizations:edit", args=[org_a.slug])).status_code == status


def test_editing_needs_an_account(client, org_a):
    assert login_redirect(client.get(reverse("organizations:edit", args=[org_a.slug])))


def edit_data(organization, **overrides):
    data = {
        "name_ar": organization.name_ar,
        "name_en": organization.name_en,
        "registration_number": organization.registration_number,
        "city": organization.city_id,
        "description": organization.description,
        "contact_email": organization.contact_email,
    }
    return {**data, **overrides}


def test_an_admin_saves_the_profile(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(reverse("organizations:edit", args=[org_a.slug]), edit_data(org_a, website="khair.example.sa"))
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.website == "https://khair.example.sa"
    assert org_a.is_verified


@pytest.mark.parametrize("persona, status", [("manager_a", 403), ("admin_b", 404), ("staff", 404)])
def test_others_cannot_post_an_edit(as_persona, persona, status, org_a):
    response = as_persona(persona).post(reverse("organizations:edit", args=[org_a.slug]), edit_data(org_a, description="اختراق"))
    assert response.status_code == status
    org_a.refresh_from_db()
    assert org_a.description != "اختراق"


# --- members -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [("volunteer", 404), ("admin_a", 200), ("manager_a", 200), ("supervisor_a", 403), ("admin_b", 404), ("staff", 404)],
)
def test_admins_and_managers_see_the_team(as_persona, persona, status, org_a):
    assert as_persona(persona).get(reverse("organizations:members", args=[org_a.slug])).status_code == status


def test_the_members_page_needs_an_account(client, org_a):
    assert login_redirect(client.get(reverse("organizations:members", args=[org_a.slug])))


def test_a_manager_sees_the_team_without_admin_controls(client, org_a, admin_a, manager_a):
    client.force_login(manager_a)
    content = client.get(reverse("organizations:members", args=[org_a.slug])).content.decode()
    assert f'id="member-{membership_of(admin_a, org_a).pk}"' in content
    assert 'id="invite-form"' not in content
    assert 'id="role-form-' not in content


def test_an_admin_sees_invite_form_pending_invitations_and_controls(client, org_a, admin_a, manager_a):
    invitation = services.invite_member(organization=org_a, email="reem@example.sa", role="supervisor", by=admin_a)
    client.force_login(admin_a)
    content = client.get(reverse("organizations:members", args=[org_a.slug])).content.decode()
    manager = membership_of(manager_a, org_a)
    for element in ("invite-form", f"invitation-{invitation.pk}", f"revoke-form-{invitation.pk}", f"role-form-{manager.pk}", f"remove-form-{manager.pk}"):
        assert f'id="{element}"' in content


def test_an_admin_invites_through_the_page(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(reverse("organizations:members", args=[org_a.slug]), {"email": "Fahad@Example.sa", "role": "manager"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(organization=org_a)
    assert (invitation.email, invitation.role) == ("fahad@example.sa", "manager")


@pytest.mark.parametrize("persona, status", [("manager_a", 403), ("supervisor_a", 403), ("admin_b", 404), ("volunteer", 404)])
def test_nobody_but_an_admin_invites(as_persona, persona, status, org_a):
    response = as_persona(persona).post(reverse("organizations:members", args=[org_a.slug]), {"email": "x@example.sa", "role": "admin"})
    assert response.status_code == status
    assert not Invitation.objects.exists()


def test_a_bad_invitation_shows_the_error_and_writes_nothing(client, org_a, admin_a, manager_a):
    client.force_login(admin_a)
    response = client.post(reverse("organizations:members", args=[org_a.slug]), {"email": manager_a.email, "role": "admin"})
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode()
    response = client.post(reverse("organizations:members", args=[org_a.slug]), {"email": "x@example.sa", "role": "coordinator"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_an_admin_changes_a_role_with_a_plain_post(client, org_a, admin_a, manager_a):
    client.force_login(admin_a)
    membership = membership_of(manager_a, org_a)
    response = client.post(reverse("organizations:change_role", args=[org_a.slug, membership.pk]), {"role": "supervisor"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.SUPERVISOR


def test_an_admin_changes_a_role_with_htmx_and_gets_the_row_back(client, org_a, admin_a, manager_a):
    client.force_login(admin_a)
    membership = membership_of(manager_a, org_a)
    response = client.post(reverse("organizations:change_role", args=[org_a.slug, membership.pk]), {"role": "supervisor"}, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.strip().startswith(f'<tr id="member-{membership.pk}"')
    assert "<html" not in content
    membership.refresh_from_db()
    assert membership.role == Membership.Role.SUPERVISOR


def test_demoting_the_last_admin_with_htmx_shows_the_error_in_the_row(client, org_a, admin_a):
    client.force_login(admin_a)
    membership = membership_of(admin_a, org_a)
    response = client.post(reverse("organizations:change_role", args=[org_a.slug, membership.pk]), {"role": "manager"}, **HTMX)
    assert response.status_code == 200
    assert f'id="member-{membership.pk}-error"' in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_demoting_the_last_admin_with_a_plain_post_changes_nothing(client, org_a, admin_a):
    client.force_login(admin_a)
    membership = membership_of(admin_a, org_a)
    response = client.post(reverse("organizations:change_role", args=[org_a.slug, membership.pk]), {"role": "manager"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_an_admin_who_steps_down_is_sent_to_the_organization_page(client, org_a, admin_a):
    MembershipFactory(organization=org_a, role="admin")
    client.force_login(admin_a)
    membership = membership_of(admin_a, org_a)
    response = client.post(reverse("organizations:change_role", args=[org_a.slug, membership.pk]), {"role": "supervisor"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("organizations:detail", args=[org_a.slug])


def test_an_unknown_role_is_refused(client, org_a, admin_a, manager_a):
    client.force_login(admin_a)
    membership = membership_of(manager_a, org_a)
    client.post(reverse("organizations:change_role", args=[org_a.slug, membership.pk]), {"role": "owner"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.VOLUNTEER_MANAGER


def test_an_admin_removes_a_member_with_htmx_and_the_row_disappears(client, org_a, admin_a, supervisor_a):
    client.force_login(admin_a)
    membership = membership_of(supervisor_a, org_a)
    response = client.post(reverse("organizations:remove_member", args=[org_a.slug, membership.pk]), **HTMX)
    assert response.status_code == 200
    assert response.content == b""
    membership.refresh_from_db()
    assert not membership.is_active


def test_an_admin_removes_a_member_with_a_plain_post(client, org_a, admin_a, supervisor_a):
    client.force_login(admin_a)
    membership = membership_of(supervisor_a, org_a)
    response = client.post(reverse("organizations:remove_member", args=[org_a.slug, membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active


def test_the_last_admin_is_not_removed_through_the_page(client, org_a, admin_a):
    client.force_login(admin_a)
    membership = membership_of(admin_a, org_a)
    response = client.post(reverse("organizations:remove_member", args=[org_a.slug, membership.pk]), **HTMX)
    assert f'id="member-{membership.pk}-error"' in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active


@pytest.mark.parametrize("action", ["change_role", "remove_member"])
@pytest.mark.parametrize("persona, status", [("manager_a", 403), ("supervisor_a", 403), ("admin_b", 404), ("volunteer", 404), ("staff", 404)])
def test_only_org_a_admins_change_org_a_members(as_persona, persona, status, action, org_a, manager_a):
    membership = membership_of(manager_a, org_a)
    response = as_persona(persona).post(reverse(f"organizations:{action}", args=[org_a.slug, membership.pk]), {"role": "admin"})
    assert response.status_code == status
    membership.refresh_from_db()
    assert membership.is_active and membership.role == Membership.Role.VOLUNTEER_MANAGER


@pytest.mark.parametrize("action", ["change_role", "remove_member"])
def test_an_admin_of_b_cannot_reach_a_member_of_a_through_their_own_slug(client, action, org_a, org_b, admin_b, manager_a):
    client.force_login(admin_b)
    membership = membership_of(manager_a, org_a)
    response = client.post(reverse(f"organizations:{action}", args=[org_b.slug, membership.pk]), {"role": "admin"})
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active and membership.role == Membership.Role.VOLUNTEER_MANAGER


def test_member_actions_answer_only_post(client, org_a, admin_a, manager_a):
    client.force_login(admin_a)
    membership = membership_of(manager_a, org_a)
    assert client.get(reverse("organizations:remove_member", args=[org_a.slug, membership.pk])).status_code == 405


# --- revoking invitations ----------------------------------------------------------------------


@pytest.fixture
def open_invitation(org_a, admin_a):
    return services.invite_member(organization=org_a, email="reem@example.sa", role="supervisor", by=admin_a)


def test_an_admin_withdraws_an_invitation(client, org_a, admin_a, open_invitation):
    client.force_login(admin_a)
    response = client.post(reverse("organizations:revoke_invitation", args=[org_a.slug, open_invitation.pk]), **HTMX)
    assert response.status_code == 200
    open_invitation.refresh_from_db()
    assert open_invitation.revoked_at is not None


def test_an_admin_withdraws_an_invitation_with_a_plain_post(client, org_a, admin_a, open_invitation):
    client.force_login(admin_a)
    response = client.post(reverse("organizations:revoke_invitation", args=[org_a.slug, open_invitation.pk]))
    assert response.status_code == 302
    open_invitation.refresh_from_db()
    assert open_invitation.revoked_at is not None


@pytest.mark.parametrize("persona, status", [("manager_a", 403), ("admin_b", 404), ("volunteer", 404), ("staff", 404)])
def test_nobody_else_withdraws_org_a_invitations(as_persona, persona, status, org_a, open_invitation):
    response = as_persona(persona).post(reverse("organizations:revoke_invitation", args=[org_a.slug, open_invitation.pk]))
    assert response.status_code == status
    open_invitation.refresh_from_db()
    assert open_invitation.revoked_at is None


def test_an_admin_of_b_cannot_withdraw_an_org_a_invitation_through_their_slug(client, org_b, admin_b, open_invitation):
    client.force_login(admin_b)
    response = client.post(reverse("organizations:revoke_invitation", args=[org_b.slug, open_invitation.pk]))
    assert response.status_code == 404
    open_invitation.refresh_from_db()
    assert open_invitation.revoked_at is None


def test_an_admin_of_b_does_not_see_org_a_invitations(client, org_b, admin_b, open_invitation):
    client.force_login(admin_b)
    content = client.get(reverse("organizations:members", args=[org_b.slug])).content.decode()
    assert f'id="invitation-{open_invitation.pk}"' not in content
    assert "reem@example.sa" not in content


# --- accepting an invitation -------------------------------------------------------------------


def test_anyone_with_the_link_sees_the_invitation_and_is_asked_to_log_in(client, open_invitation):
    url = reverse("organizations:invitation", args=[open_invitation.token])
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="{reverse("account_login")}?next={url}"' in content
    assert f'href="{reverse("account_signup")}?next={url}"' in content


def test_an_anonymous_post_is_sent_to_log_in(client, open_invitation):
    response = client.post(reverse("organizations:invitation", args=[open_invitation.token]))
    assert login_redirect(response)
    assert not Membership.objects.filter(user__email="reem@example.sa").exists()


def test_the_invited_person_accepts_on_the_page(client, org_a, open_invitation):
    reem = UserFactory(email="reem@example.sa")
    client.force_login(reem)
    url = reverse("organizations:invitation", args=[open_invitation.token])
    assert 'id="accept-form"' in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert membership_of(reem, org_a).role == Membership.Role.SUPERVISOR


def test_someone_else_cannot_accept_on_the_page(client, org_a, plain_user, open_invitation):
    client.force_login(plain_user)
    url = reverse("organizations:invitation", args=[open_invitation.token])
    assert 'id="email-mismatch"' in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert 'id="invitation-error"' in response.content.decode()
    assert not Membership.objects.filter(user=plain_user).exists()


def test_a_withdrawn_invitation_says_so(client, admin_a, open_invitation):
    services.revoke_invitation(invitation=open_invitation, by=admin_a)
    content = client.get(reverse("organizations:invitation", args=[open_invitation.token])).content.decode()
    assert 'id="invitation-closed"' in content


def test_a_made_up_token_is_404(client):
    assert client.get(reverse("organizations:invitation", args=["not-a-token"])).status_code == 404


# --- review by platform staff ------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", [(p, 200 if p == "staff" else 404) for p in PERSONAS])
def test_only_staff_see_the_review_queue(as_persona, persona, status, draft_org):
    response = as_persona(persona).get(reverse("organizations:review_queue"))
    assert response.status_code == status
    if status == 200:
        assert f'id="pending-{draft_org.pk}"' in response.content.decode()


@pytest.mark.parametrize("persona, status", [(p, 200 if p == "staff" else 404) for p in PERSONAS])
def test_only_staff_open_a_review(as_persona, persona, status, draft_org):
    assert as_persona(persona).get(reverse("organizations:review", args=[draft_org.pk])).status_code == status


def test_the_queue_is_oldest_first_and_shows_recent_decisions(client, staff, founder, org_a, draft_org):
    newer = services.register_organization(
        by=founder, kind="university", name_ar="جامعة الملك عبدالعزيز", registration_number="11",
        city=_city("jeddah"), contact_email="pr@kau.example.sa",
    )
    services.reject_organization(organization=org_a, by=staff, reason="انتهى الترخيص.")
    client.force_login(staff)
    content = client.get(reverse("organizations:review_queue")).content.decode()
    assert content.index(f'id="pending-{draft_org.pk}"') < content.index(f'id="pending-{newer.pk}"')
    assert f'id="decided-{org_a.pk}"' in content


def test_staff_verify_on_the_review_page(client, staff, draft_org):
    client.force_login(staff)
    response = client.post(reverse("organizations:review", args=[draft_org.pk]), {"action": "verify"})
    assert response.status_code == 302
    draft_org.refresh_from_db()
    assert draft_org.is_verified
    assert AuditEvent.objects.filter(verb="organization.verified", actor=staff).exists()
    assert f'id="organization-{draft_org.pk}"' in client.get(reverse("organizations:directory")).content.decode()


def test_staff_reject_on_the_review_page_only_with_a_reason(client, staff, draft_org):
    client.force_login(staff)
    url = reverse("organizations:review", args=[draft_org.pk])
    response = client.post(url, {"action": "reject", "reason": "  "})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    draft_org.refresh_from_db()
    assert draft_org.verification_status == Organization.Status.PENDING

    response = client.post(url, {"action": "reject", "reason": "السجل التجاري لا يطابق الاسم."})
    assert response.status_code == 302
    draft_org.refresh_from_db()
    assert draft_org.verification_status == Organization.Status.REJECTED


@pytest.mark.parametrize("persona", ["anonymous", "volunteer", "admin_a", "admin_b"])
def test_nobody_else_can_verify(as_persona, persona, draft_org):
    response = as_persona(persona).post(reverse("organizations:review", args=[draft_org.pk]), {"action": "verify"})
    assert response.status_code == 404
    draft_org.refresh_from_db()
    assert draft_org.verification_status == Organization.Status.PENDING
