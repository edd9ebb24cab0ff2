from django.core.exceptions import ValidationError
from django.urls import reverse
import pytest

from khibra.api.models import ApiToken
from khibra.certificates.models import Certificate
from khibra.core.models import AuditEvent, Notification
from khibra.engagements.models import Engagement
from khibra.hours.models import HourEntry
from khibra.hours.selectors import organization_hours
from khibra.matching.models import AlertPreference
from khibra.organizations.models import Membership
from khibra.privacy import services
from khibra.privacy.models import Consent, Erasure
from khibra.recruitment.models import Application, ApplicationStatus
from khibra.recruitment.tests.selection_fixtures import apply_to
from khibra.testing.factories import MembershipFactory, published_opportunity
from khibra.volunteers.models import Qualification

from .fixtures import other_world, world  # noqa: F401  (fixtures)


def test_it_anonymises_the_person_and_keeps_the_organizations_totals(world, other_world, volunteer, org_a, org_b):
    pending = apply_to(published_opportunity(org_b), world["profile"], motivation="أرغب بشدة")
    hours_before = organization_hours(org_a)
    certificates_before = Certificate.objects.valid().filter(organization=org_a).count()

    assert services.erase_account(user=volunteer, by=volunteer) is True

    volunteer.refresh_from_db()
    profile = world["profile"]
    profile.refresh_from_db()
    assert volunteer.email.endswith("@erased.invalid") and volunteer.full_name == services.ERASED_NAME
    assert not volunteer.is_active and not volunteer.has_usable_password()
    assert (profile.phone, profile.bio, profile.national_id, profile.birth_date) == ("", "", "", None)
    assert not Qualification.objects.filter(profile=profile).exists()
    assert not Notification.objects.filter(user=volunteer).exists()
    assert not AlertPreference.objects.filter(volunteer=profile).exists()
    assert not ApiToken.objects.active().filter(user=volunteer).exists()
    assert not Consent.objects.active().filter(user=volunteer).exists()
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.WITHDRAWN and pending.motivation == ""
    # What organizations count stays, linked to the anonymised profile.
    assert organization_hours(org_a) == hours_before
    assert HourEntry.objects.filter(volunteer=profile).count() == 1
    assert Engagement.objects.filter(volunteer=profile).count() == 1
    assert Certificate.objects.valid().filter(organization=org_a).count() == certificates_before
    assert set(Certificate.objects.filter(volunteer=profile).values_list("volunteer_name", flat=True)) == {services.ERASED_NAME}
    assert AuditEvent.objects.filter(verb="privacy.account_erased", target_id=str(volunteer.pk)).count() == 1
    # Nobody else is touched.
    other = other_world["profile"]
    other.refresh_from_db()
    assert other.bio.startswith("نبذة") and other.user.is_active


def test_it_is_idempotent(world, volunteer):
    assert services.erase_account(user=volunteer) is True
    email = type(volunteer).objects.get(pk=volunteer.pk).email
    assert services.erase_account(user=volunteer) is False
    assert type(volunteer).objects.get(pk=volunteer.pk).email == email
    assert Erasure.objects.filter(user=volunteer).count() == 1
    assert AuditEvent.objects.filter(verb="privacy.account_erased").count() == 1


def test_the_only_admin_of_an_organization_must_hand_over_first(admin_a, org_a):
    with pytest.raises(ValidationError):
        services.erase_account(user=admin_a)
    admin_a.refresh_from_db()
    assert admin_a.is_active and not Erasure.objects.exists()
    MembershipFactory(organization=org_a, role=Membership.Role.ADMIN)
    assert services.erase_account(user=admin_a) is True
    assert not Membership.objects.get(user=admin_a).is_active


def test_platform_staff_are_refused(staff):
    with pytest.raises(ValidationError):
        services.erase_account(user=staff)


def test_the_page_asks_for_the_password(client, world, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("privacy:erase")).status_code == 200
    wrong = client.post(reverse("privacy:erase"), {"password": "not-it", "confirm": "on"})
    assert wrong.status_code == 400
    unconfirmed = client.post(reverse("privacy:erase"), {"password": "password"})
    assert unconfirmed.status_code == 400
    assert not Erasure.objects.exists()


def test_the_page_erases_and_signs_out(client, world, volunteer):
    volunteer.set_password("كلمة-سر-طويلة-123")
    volunteer.save()
    client.force_login(volunteer)
    response = client.post(reverse("privacy:erase"), {"password": "كلمة-سر-طويلة-123", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("privacy:page")
    assert Erasure.objects.filter(user=volunteer).exists()
    assert client.get(reverse("privacy:my_data")).status_code == 302  # signed out


def test_the_page_shows_why_an_only_admin_cannot_erase(client, admin_a):
    admin_a.set_password("كلمة-سر-طويلة-123")
    admin_a.save()
    client.force_login(admin_a)
    page = client.get(reverse("privacy:erase"))
    assert b'id="erase-blockers"' in page.content and b'id="erase-form"' not in page.content
    response = client.post(reverse("privacy:erase"), {"password": "كلمة-سر-طويلة-123", "confirm": "on"})
    assert response.status_code == 400
    assert not Erasure.objects.exists()


def test_an_application_of_an_erased_volunteer_keeps_its_status(world, volunteer):
    application = world["application"]
    services.erase_account(user=volunteer)
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED and application.motivation == ""
