import json

from django.urls import reverse

from khibra.core.models import AuditEvent
from khibra.privacy.selectors import SECTIONS, export_personal_data, readable_personal_data

from .fixtures import OTHER_MARK, other_world, world  # noqa: F401  (fixtures)


def test_it_gathers_data_from_every_app(world, volunteer):
    data = export_personal_data(volunteer)
    assert data["account"]["email"] == volunteer.email
    assert data["volunteer_profile"]["phone"] == "0501234567"
    assert data["volunteer_profile"]["national_id"] == volunteer.volunteer_profile.national_id
    assert [q["title"] for q in data["qualifications"]] == ["شهادة علامة-المتطوع"]
    assert data["applications"][0]["motivation"] == "دافعي علامة-المتطوع"
    assert data["engagements"][0]["status"] == "completed"
    assert data["hours"][0]["hours"] == "3.00" and data["hours"][0]["status"] == "approved"
    assert {c["kind"] for c in data["certificates"]} == {"participation", "achievement"}
    assert data["thanks"][0]["message"] == "شكرًا علامة-المتطوع"
    assert data["reviews_received"][0]["quality"] == 5
    assert any(n["title"] == "إشعار علامة-المتطوع" for n in data["notifications"])
    assert data["alert_preference"]["frequency"] == "weekly"
    assert {c["purpose"] for c in data["consents"]} == {"processing", "alerts"}
    assert data["policy_acceptances"]
    assert data["provider_memberships"][0]["job_title"] == "محاسب"
    assert data["api_tokens"][0]["name"] == "رمز علامة-المتطوع"


def test_it_never_holds_a_token_secret_or_hash(world, volunteer):
    text = json.dumps(export_personal_data(volunteer), ensure_ascii=False)
    assert world["token"].key_hash not in text
    assert "key_hash" not in text and "password" not in text


def test_it_holds_nothing_of_another_volunteer(world, other_world, volunteer, other_volunteer):
    text = json.dumps(export_personal_data(volunteer), ensure_ascii=False)
    assert OTHER_MARK not in text
    assert other_volunteer.email not in text
    assert other_world["certificates"][0].code not in text


def test_a_user_without_a_profile_gets_empty_sections(plain_user):
    data = export_personal_data(plain_user)
    assert data["account"]["email"] == plain_user.email
    assert data["volunteer_profile"] is None and data["applications"] == []


def test_the_readable_copy_has_every_section_with_labels(world, volunteer):
    sections = readable_personal_data(volunteer)
    assert [s.key for s in sections] == [s.key for s in SECTIONS]
    profile = next(s for s in sections if s.key == "volunteer_profile")
    assert "0501234567" in dict(profile.pairs).values()
    assert all(label for label in profile.labels)


def test_the_json_download_is_the_owners_and_is_audited(client, world, other_world, volunteer):
    client.force_login(volunteer)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == volunteer.email
    assert OTHER_MARK not in response.content.decode()
    assert AuditEvent.objects.filter(verb="privacy.data_exported", actor=volunteer, data__format="json").exists()


def test_the_readable_page_and_pdf(client, world, volunteer):
    client.force_login(volunteer)
    page = client.get(reverse("privacy:export_html"))
    assert page.status_code == 200
    assert b'id="data-certificates"' in page.content
    assert "علامة-المتطوع" in page.content.decode()
    pdf = client.get(reverse("privacy:export_pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_english_readable_page(client, world, volunteer):
    client.force_login(volunteer)
    response = client.get("/en" + reverse("privacy:export_html"))
    assert response.status_code == 200
    assert b"Volunteer profile" in response.content


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("my_data", "export_json", "export_html", "export_pdf", "consents", "erase"):
        response = client.get(reverse(f"privacy:{name}"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
