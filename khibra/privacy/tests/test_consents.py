from django.urls import reverse

from khibra.accounts.models import PolicyAcceptance
from khibra.accounts.services import accept_privacy
from khibra.core.models import AuditEvent
from khibra.matching.alerts import preference_for
from khibra.matching.models import Alert, AlertPreference, AlertStatus, Frequency
from khibra.privacy import services
from khibra.privacy.models import Consent, Purpose
from khibra.privacy.selectors import consent_overview, has_consent
from khibra.testing.factories import published_opportunity


def test_accepting_the_privacy_notice_records_both_purposes(volunteer):
    accept_privacy(user=volunteer)
    consents = Consent.objects.filter(user=volunteer).order_by("purpose")
    assert [(c.purpose, c.source) for c in consents] == [("alerts", "system"), ("processing", "system")]
    processing = consents.get(purpose=Purpose.PROCESSING)
    assert processing.policy == PolicyAcceptance.objects.get(user=volunteer).policy


def test_accepting_again_changes_nothing(volunteer):
    accept_privacy(user=volunteer)
    accept_privacy(user=volunteer)
    assert Consent.objects.filter(user=volunteer).count() == 2


def test_the_sign_up_form_records_the_consent_as_given_at_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "نورة القحطاني",
            "email": "noura@example.sa",
            "password1": "كلمة-سر-طويلة-123",
            "password2": "كلمة-سر-طويلة-123",
            "accept_privacy": "on",
        },
    )
    assert response.status_code == 302
    consents = Consent.objects.filter(user__email="noura@example.sa")
    assert {(c.purpose, c.source) for c in consents} == {("processing", "signup"), ("alerts", "signup")}


def test_withdrawing_the_alerts_consent_turns_alerts_off(volunteer, org_a):
    accept_privacy(user=volunteer)
    profile = volunteer.volunteer_profile
    preference_for(profile)
    opportunity = published_opportunity(org_a)
    from django.utils import timezone

    alert = Alert.objects.create(opportunity=opportunity, volunteer=profile, frequency=Frequency.DAILY, created_at=timezone.now())
    assert services.withdraw_consent(user=volunteer, purpose=Purpose.ALERTS) is True
    assert not has_consent(volunteer, Purpose.ALERTS)
    assert AlertPreference.objects.get(volunteer=profile).frequency == Frequency.OFF
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SKIPPED
    assert AuditEvent.objects.filter(verb="privacy.consent_withdrawn", actor=volunteer).count() == 1
    # Idempotent.
    assert services.withdraw_consent(user=volunteer, purpose=Purpose.ALERTS) is False


def test_giving_it_again_adds_a_new_record_and_turns_alerts_on(volunteer):
    accept_privacy(user=volunteer)
    services.withdraw_consent(user=volunteer, purpose=Purpose.ALERTS)
    consent = services.give_consent(user=volunteer, purpose=Purpose.ALERTS)
    assert services.give_consent(user=volunteer, purpose=Purpose.ALERTS) == consent
    assert Consent.objects.filter(user=volunteer, purpose=Purpose.ALERTS).count() == 2
    assert preference_for(volunteer.volunteer_profile).frequency == Frequency.DAILY
    alerts = next(s for s in consent_overview(volunteer) if s.purpose == Purpose.ALERTS)
    assert alerts.is_given and len(alerts.history) == 2


def test_the_notice_consent_cannot_be_withdrawn_alone(volunteer):
    from django.core.exceptions import ValidationError
    import pytest

    accept_privacy(user=volunteer)
    with pytest.raises(ValidationError):
        services.withdraw_consent(user=volunteer, purpose=Purpose.PROCESSING)
    assert has_consent(volunteer, Purpose.PROCESSING)


def test_the_consent_page_withdraws_and_gives(client, volunteer):
    accept_privacy(user=volunteer)
    client.force_login(volunteer)
    page = client.get(reverse("privacy:consents"))
    assert page.status_code == 200
    assert b'id="consent-alerts-withdraw"' in page.content
    assert b'id="consent-processing-withdraw"' not in page.content
    response = client.post(reverse("privacy:consents"), {"purpose": "alerts", "decision": "withdraw"})
    assert response.status_code == 302
    assert not has_consent(volunteer, Purpose.ALERTS)
    client.post(reverse("privacy:consents"), {"purpose": "alerts", "decision": "give"})
    assert has_consent(volunteer, Purpose.ALERTS)
    assert Consent.objects.filter(user=volunteer, purpose="alerts", withdrawn_at__isnull=True).get().source == "web"


def test_bad_input_is_refused_without_a_change(client, volunteer):
    accept_privacy(user=volunteer)
    client.force_login(volunteer)
    for data in ({"purpose": "processing", "decision": "withdraw"}, {"purpose": "alerts", "decision": "delete"}, {}):
        assert client.post(reverse("privacy:consents"), data).status_code == 400
    assert Consent.objects.active().filter(user=volunteer).count() == 2


def test_one_persons_decision_never_touches_another(client, volunteer, other_volunteer):
    accept_privacy(user=volunteer)
    accept_privacy(user=other_volunteer)
    client.force_login(volunteer)
    client.post(reverse("privacy:consents"), {"purpose": "alerts", "decision": "withdraw"})
    assert has_consent(other_volunteer, Purpose.ALERTS)


def test_the_e_mails_unsubscribe_link_withdraws_the_consent_and_the_page_turns_alerts_back_on(client, volunteer):
    accept_privacy(user=volunteer)
    preference = preference_for(volunteer.volunteer_profile)
    assert client.post(reverse("matching:unsubscribe", args=[preference.token])).status_code == 200
    assert not has_consent(volunteer, Purpose.ALERTS)
    assert AuditEvent.objects.filter(verb="privacy.consent_withdrawn", actor=volunteer).count() == 1
    client.force_login(volunteer)
    assert b'id="consent-alerts-give"' in client.get(reverse("privacy:consents")).content
    client.post(reverse("privacy:consents"), {"purpose": "alerts", "decision": "give"})
    assert has_consent(volunteer, Purpose.ALERTS)
    assert AlertPreference.objects.get(volunteer=volunteer.volunteer_profile).frequency != Frequency.OFF
