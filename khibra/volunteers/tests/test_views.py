import re

from django.urls import reverse
import pytest

from khibra.accounts.models import PolicyAcceptance, PolicyKind
from khibra.core.models import AuditEvent
from khibra.testing.factories import QualificationFactory, national_id, profession
from khibra.volunteers import services
from khibra.volunteers.models import Qualification, VolunteerProfile

from .conftest import years_ago

IdentityStatus = VolunteerProfile.IdentityStatus

OWN_PAGES = ["volunteers:profile", "volunteers:profile_edit", "volunteers:identity", "volunteers:guardian"]
STAFF_PAGES = ["volunteers:identity_queue"]


def has_id(response, element_id: str) -> bool:
    return re.search(rf'\bid="{re.escape(element_id)}"', response.content.decode()) is not None


def login(client, user):
    client.force_login(user)
    return client


# --- access matrix --------------------------------------------------------------------------


@pytest.mark.parametrize("name", OWN_PAGES + STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_anonymous_visitors_cannot_open_a_review_page(client, pending_profile):
    response = client.get(reverse("volunteers:identity_review", args=[pending_profile.pk]))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(verb="profile.identity.viewed").exists()


@pytest.mark.parametrize("name", ["volunteers:charter", "volunteers:privacy"])
@pytest.mark.parametrize("who", [None, "volunteer", "manager_a", "staff"])
def test_the_charter_and_privacy_pages_are_public(client, db, name, who, request):
    if who:
        login(client, request.getfixturevalue(who))
    response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["volunteers:profile", "volunteers:identity", "volunteers:guardian"])
@pytest.mark.parametrize("who", ["manager_a", "staff", "plain_user"])
def test_people_without_a_profile_are_sent_to_create_one(client, db, name, who, request):
    login(client, request.getfixturevalue(who))
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:profile_edit")


@pytest.mark.parametrize("name", OWN_PAGES)
def test_a_volunteer_opens_their_own_pages(client, volunteer, name):
    response = login(client, volunteer).get(reverse(name))
    assert response.status_code == 200


def test_the_profile_page_shows_only_the_signed_in_volunteers_data(client, volunteer, other_volunteer):
    other = other_volunteer.volunteer_profile
    other.national_id = national_id("155555555")
    other.identity_status = IdentityStatus.PENDING
    other.save()
    response = login(client, volunteer).get(reverse("volunteers:profile"))
    assert response.context["profile"].user == volunteer
    assert other_volunteer.email not in response.content.decode()
    assert other.masked_national_id not in response.content.decode()


@pytest.mark.parametrize("who", ["volunteer", "other_volunteer", "manager_a", "plain_user"])
def test_only_staff_see_the_identity_queue(client, who, request, pending_profile):
    response = login(client, request.getfixturevalue(who)).get(reverse("volunteers:identity_queue"))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["volunteer", "other_volunteer", "manager_a", "plain_user"])
def test_only_staff_open_a_review_page(client, who, request, pending_profile):
    user = request.getfixturevalue(who)
    url = reverse("volunteers:identity_review", args=[pending_profile.pk])
    assert login(client, user).get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    pending_profile.refresh_from_db()
    assert pending_profile.identity_status == IdentityStatus.PENDING
    assert not AuditEvent.objects.filter(verb="profile.identity.viewed").exists()


def test_staff_see_masked_numbers_in_the_queue(client, staff, pending_profile, django_assert_max_num_queries):
    login(client, staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("volunteers:identity_queue"))
    assert response.status_code == 200
    assert has_id(response, f"identity-{pending_profile.pk}")
    content = response.content.decode()
    assert pending_profile.masked_national_id in content
    assert pending_profile.national_id not in content


def test_opening_a_review_page_shows_the_full_number_and_is_logged(client, staff, pending_profile):
    response = login(client, staff).get(reverse("volunteers:identity_review", args=[pending_profile.pk]))
    assert response.status_code == 200
    assert has_id(response, "full-national-id")
    assert pending_profile.national_id in response.content.decode()
    assert (
        AuditEvent.objects.filter(
            verb="profile.identity.viewed", actor=staff, target_id=str(pending_profile.pk)
        ).count()
        == 1
    )


def test_a_missing_profile_is_a_404_for_staff(client, staff):
    assert login(client, staff).get(reverse("volunteers:identity_review", args=[999999])).status_code == 404


def test_staff_approve_an_identity(client, staff, pending_profile):
    url = reverse("volunteers:identity_review", args=[pending_profile.pk])
    response = login(client, staff).post(url, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    pending_profile.refresh_from_db()
    assert pending_profile.identity_status == IdentityStatus.VERIFIED


def test_staff_cannot_reject_without_a_note(client, staff, pending_profile):
    url = reverse("volunteers:identity_review", args=[pending_profile.pk])
    response = login(client, staff).post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    pending_profile.refresh_from_db()
    assert pending_profile.identity_status == IdentityStatus.PENDING


# --- profile and qualifications -------------------------------------------------------------


def test_the_profile_page_shows_level_checklist_and_statuses(client, volunteer):
    response = login(client, volunteer).get(reverse("volunteers:profile"))
    for element_id in [
        "level",
        "level-reasons",
        "checklist",
        "step-charter-link",
        "charter-status",
        "identity-status",
        "qualifications",
        "qualification-form",
    ]:
        assert has_id(response, element_id), element_id
    assert not has_id(response, "guardian-status")


def test_a_minor_sees_the_guardian_status(client, minor_profile):
    response = login(client, minor_profile.user).get(reverse("volunteers:profile"))
    assert has_id(response, "guardian-status")
    assert has_id(response, "step-guardian-link")


def test_the_checklist_says_when_a_new_charter_version_needs_acceptance(client, profile, publish_charter):
    services.accept_charter(user=profile.user)
    response = login(client, profile.user).get(reverse("volunteers:profile"))
    assert not has_id(response, "step-charter-link")
    publish_charter()
    response = client.get(reverse("volunteers:profile"))
    assert has_id(response, "step-charter-link")
    assert response.context["standing"].charter.accepted_previous is not None


def test_adding_a_qualification_with_htmx_returns_the_fragment(client, volunteer):
    services.save_profile(user=volunteer, profession=profession(), years_of_experience=5)
    response = login(client, volunteer).post(
        reverse("volunteers:qualification_add"),
        {"kind": "license", "title": "زمالة SOCPA", "institution": "الهيئة السعودية للمراجعين", "year": "٢٠١٨"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section class="panel" id="qualifications"')
    assert "<html" not in content
    assert 'hx-swap-oob="true"' in content  # the level is refreshed too
    qualification = Qualification.objects.get(profile__user=volunteer)
    assert qualification.year == 2018
    assert VolunteerProfile.objects.get(user=volunteer).level == VolunteerProfile.Level.PROFESSIONAL


def test_adding_a_qualification_without_htmx_redirects(client, volunteer):
    response = login(client, volunteer).post(
        reverse("volunteers:qualification_add"), {"kind": "degree", "title": "بكالوريوس"}
    )
    assert response.status_code == 302
    assert Qualification.objects.filter(profile__user=volunteer).count() == 1


def test_a_bad_qualification_shows_errors_and_writes_nothing(client, volunteer):
    login(client, volunteer)
    response = client.post(
        reverse("volunteers:qualification_add"), {"kind": "degree", "title": "", "year": "1800"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.context["qualification_form"].errors
    response = client.post(reverse("volunteers:qualification_add"), {"kind": "nope", "title": "x"})
    assert response.status_code == 200
    assert has_id(response, "profile-details")  # the whole page, with the form's errors
    assert not Qualification.objects.exists()


def test_deleting_a_qualification_with_htmx_returns_the_fragment(client, volunteer):
    qualification = QualificationFactory(profile=volunteer.volunteer_profile)
    response = login(client, volunteer).post(
        reverse("volunteers:qualification_delete", args=[qualification.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert has_id(response, "qualifications")
    assert "<html" not in response.content.decode()
    assert not Qualification.objects.exists()


def test_deleting_a_qualification_without_htmx_redirects(client, volunteer):
    qualification = QualificationFactory(profile=volunteer.volunteer_profile)
    response = login(client, volunteer).post(reverse("volunteers:qualification_delete", args=[qualification.pk]))
    assert response.status_code == 302
    assert not Qualification.objects.exists()


@pytest.mark.parametrize("who", ["other_volunteer", "manager_a", "staff"])
def test_nobody_else_deletes_a_volunteers_qualification(client, volunteer, who, request):
    qualification = QualificationFactory(profile=volunteer.volunteer_profile)
    response = login(client, request.getfixturevalue(who)).post(
        reverse("volunteers:qualification_delete", args=[qualification.pk])
    )
    assert response.status_code == 404
    assert Qualification.objects.filter(pk=qualification.pk).exists()


def test_qualification_urls_only_take_posts(client, volunteer):
    qualification = QualificationFactory(profile=volunteer.volunteer_profile)
    login(client, volunteer)
    assert client.get(reverse("volunteers:qualification_add")).status_code == 405
    assert client.get(reverse("volunteers:qualification_delete", args=[qualification.pk])).status_code == 405


# --- charter and privacy --------------------------------------------------------------------


def test_an_anonymous_visitor_reads_the_charter_without_an_accept_button(client, db):
    response = client.get(reverse("volunteers:charter"))
    assert has_id(response, "charter-text")
    assert not has_id(response, "charter-accept")


def test_a_volunteer_accepts_the_charter_and_returns_to_the_profile(client, volunteer):
    login(client, volunteer)
    response = client.get(reverse("volunteers:charter"))
    assert has_id(response, "charter-accept")
    version = response.context["policy"].version
    response = client.post(reverse("volunteers:charter_accept"), {"version": version})
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:profile")
    assert PolicyAcceptance.objects.filter(user=volunteer, policy__kind=PolicyKind.CHARTER).count() == 1
    response = client.get(reverse("volunteers:charter"))
    assert not has_id(response, "charter-accept")
    assert has_id(response, "charter-status")


def test_accepting_a_stale_version_accepts_nothing(client, volunteer, publish_charter):
    login(client, volunteer)
    publish_charter()
    response = client.post(reverse("volunteers:charter_accept"), {"version": 1})
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:charter")
    assert not PolicyAcceptance.objects.filter(user=volunteer, policy__kind=PolicyKind.CHARTER).exists()


def test_the_charter_page_asks_to_accept_a_new_version(client, volunteer, publish_charter):
    services.accept_charter(user=volunteer)
    publish_charter()
    response = login(client, volunteer).get(reverse("volunteers:charter"))
    assert has_id(response, "charter-new-version")
    assert has_id(response, "charter-accept")


def test_accepting_the_charter_needs_a_login_and_a_post(client, volunteer):
    response = client.post(reverse("volunteers:charter_accept"), {"version": 1})
    assert response.status_code == 302
    assert not PolicyAcceptance.objects.exists()
    assert login(client, volunteer).get(reverse("volunteers:charter_accept")).status_code == 405


def test_the_privacy_page_shows_when_the_user_agreed(client, volunteer):
    login(client, volunteer)
    response = client.get(reverse("volunteers:privacy"))
    assert has_id(response, "privacy-accept")
    client.post(reverse("volunteers:privacy_accept"), {"version": 1})
    response = client.get(reverse("volunteers:privacy"))
    assert has_id(response, "privacy-status")
    assert not has_id(response, "privacy-accept")
    assert response.context["status"].accepted_current is not None


# --- identity and guardian ------------------------------------------------------------------


def test_a_volunteer_submits_their_id(client, volunteer):
    response = login(client, volunteer).get(reverse("volunteers:identity"))
    assert has_id(response, "identity-form")
    response = client.post(reverse("volunteers:identity"), {"national_id": national_id("130000000")})
    assert response.status_code == 302
    assert VolunteerProfile.objects.get(user=volunteer).identity_status == IdentityStatus.PENDING


def test_a_bad_id_shows_an_error_and_writes_nothing(client, volunteer):
    response = login(client, volunteer).post(reverse("volunteers:identity"), {"national_id": "1234567890"})
    assert response.status_code == 200
    assert response.context["form"].errors["national_id"]
    assert VolunteerProfile.objects.get(user=volunteer).national_id == ""


def test_a_minor_records_the_guardian_consent(client, minor_profile):
    login(client, minor_profile.user)
    assert has_id(client.get(reverse("volunteers:guardian")), "guardian-form")
    response = client.post(
        reverse("volunteers:guardian"),
        {"guardian_name": "خالد السبيعي", "relationship": "الأب", "guardian_phone": "+966509876543", "confirm": "on"},
    )
    assert response.status_code == 302
    minor_profile.refresh_from_db()
    assert minor_profile.guardian_consent.guardian_phone == "0509876543"


def test_the_guardian_consent_needs_the_confirmation(client, minor_profile):
    response = login(client, minor_profile.user).post(
        reverse("volunteers:guardian"),
        {"guardian_name": "خالد", "relationship": "الأب", "guardian_phone": "0509876543"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert not hasattr(VolunteerProfile.objects.get(pk=minor_profile.pk), "guardian_consent")


def test_an_adult_gets_no_guardian_form(client, profile):
    profile.birth_date = years_ago(25)
    profile.save()
    response = login(client, profile.user).get(reverse("volunteers:guardian"))
    assert not has_id(response, "guardian-form")
    response = client.post(
        reverse("volunteers:guardian"),
        {"guardian_name": "خالد", "relationship": "الأب", "guardian_phone": "0509876543", "confirm": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
