import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from khibra.core.models import Notification, OutboundEmail
from khibra.privacy import services
from khibra.privacy.models import Erasure, InactivityWarning
from khibra.recruitment.models import Application, ApplicationStatus
from khibra.recruitment.tests.selection_fixtures import apply_to
from khibra.testing.factories import UserFactory, published_opportunity, ready_volunteer
from khibra.volunteers.models import IdentityStatus, VolunteerProfile

NOW = timezone.now()


def later(**delta):
    return NOW + dt.timedelta(**delta)


def outcomes(**kwargs):
    return {o.code: o for o in services.apply_retention(**kwargs)}


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert services.months_before(dt.datetime(2026, 3, 31, 10, 0), 1) == dt.datetime(2026, 2, 28, 10, 0)
    assert services.months_before(dt.datetime(2026, 1, 15), 24) == dt.datetime(2024, 1, 15)


def _rejected_application(org, volunteer_user):
    application = apply_to(published_opportunity(org), ready_volunteer(volunteer_user.volunteer_profile))
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.REJECTED, pass_reason="skills", pass_note="ملاحظة داخلية", decided_at=NOW
    )
    return application


def test_closed_applications_lose_their_free_text_after_the_period(org_a, volunteer):
    application = _rejected_application(org_a, volunteer)
    assert outcomes(now=later(days=300))["closed_applications"].found == 0
    result = outcomes(now=later(days=400))["closed_applications"]
    assert (result.found, result.done) == (1, 1)
    application.refresh_from_db()
    assert (application.motivation, application.pass_note, application.answers) == ("", "", {})
    assert application.status == ApplicationStatus.REJECTED and application.pass_reason == "skills"
    # Idempotent: nothing left to do.
    assert outcomes(now=later(days=400))["closed_applications"].found == 0


def test_a_pending_application_is_never_touched(org_a, volunteer):
    application = apply_to(published_opportunity(org_a), ready_volunteer(volunteer.volunteer_profile))
    outcomes(now=later(days=4000))
    application.refresh_from_db()
    assert application.motivation


def test_read_notifications_are_deleted_and_unread_ones_kept(volunteer):
    read = Notification.objects.create(user=volunteer, kind="t", title="مقروء", read_at=NOW)
    unread = Notification.objects.create(user=volunteer, kind="t", title="غير مقروء")
    outcomes(now=later(days=200))
    assert not Notification.objects.filter(pk=read.pk).exists()
    assert Notification.objects.filter(pk=unread.pk).exists()


def test_refused_id_numbers_are_cleared(volunteer):
    VolunteerProfile.objects.filter(user=volunteer).update(
        identity_status=IdentityStatus.REJECTED, national_id="1000000009", identity_note="غير مطابق", identity_checked_at=NOW
    )
    outcomes(now=later(days=60))
    assert VolunteerProfile.objects.get(user=volunteer).national_id == "1000000009"
    outcomes(now=later(days=100))
    profile = VolunteerProfile.objects.get(user=volunteer)
    assert (profile.national_id, profile.identity_note) == ("", "")


def test_an_inactive_account_is_warned_once_then_erased(volunteer, other_volunteer, staff):
    type(volunteer).objects.filter(pk__in=[volunteer.pk, staff.pk]).update(last_login=NOW, date_joined=NOW)
    type(volunteer).objects.filter(pk=other_volunteer.pk).update(last_login=later(days=500), date_joined=NOW)
    mail.outbox.clear()

    # 23 months on: inside the warning window, not yet past the limit.
    first = outcomes(now=later(days=705))
    assert first["inactive_warnings"].done == 1 and first["inactive_accounts"].found == 0
    assert InactivityWarning.objects.filter(user=volunteer).count() == 1
    assert OutboundEmail.objects.filter(to=volunteer.email).count() == 1
    assert outcomes(now=later(days=706))["inactive_warnings"].found == 0  # exactly once

    # Past 24 months but the warning is younger than 30 days: still waiting.
    assert outcomes(now=later(days=732))["inactive_accounts"].found == 0
    result = outcomes(now=later(days=740))["inactive_accounts"]
    assert (result.found, result.done) == (1, 1)
    assert Erasure.objects.get(user=volunteer).reason == "inactive"
    # Staff and the recently seen volunteer are left alone.
    assert not Erasure.objects.filter(user__in=[staff, other_volunteer]).exists()
    assert outcomes(now=later(days=741))["inactive_accounts"].found == 0


def test_signing_in_after_the_warning_starts_a_new_period(volunteer):
    type(volunteer).objects.filter(pk=volunteer.pk).update(last_login=NOW, date_joined=NOW)
    outcomes(now=later(days=705))
    type(volunteer).objects.filter(pk=volunteer.pk).update(last_login=later(days=710))
    assert outcomes(now=later(days=740))["inactive_accounts"].found == 0
    assert not Erasure.objects.exists()


def test_a_sole_admin_is_skipped_not_erased(admin_a):
    type(admin_a).objects.filter(pk=admin_a.pk).update(last_login=NOW, date_joined=NOW)
    outcomes(now=later(days=705))
    result = outcomes(now=later(days=740))["inactive_accounts"]
    assert (result.found, result.done, result.skipped) == (1, 0, 1)
    admin_a.refresh_from_db()
    assert admin_a.is_active


@override_settings(PRIVACY_READ_NOTIFICATION_MONTHS=1)
def test_periods_come_from_settings(volunteer):
    Notification.objects.create(user=volunteer, kind="t", title="مقروء", read_at=NOW)
    assert outcomes(now=later(days=40))["read_notifications"].done == 1


def test_the_dry_run_changes_nothing(org_a, volunteer, capsys):
    application = _rejected_application(org_a, volunteer)
    Notification.objects.create(user=volunteer, kind="t", title="مقروء", read_at=NOW)
    type(volunteer).objects.filter(pk=volunteer.pk).update(last_login=NOW, date_joined=NOW)
    result = outcomes(now=later(days=800), dry_run=True)
    assert result["closed_applications"].found == 1 and result["closed_applications"].done == 0
    assert result["read_notifications"].found == 1
    assert result["inactive_warnings"].found >= 1
    application.refresh_from_db()
    assert application.motivation
    assert Notification.objects.filter(user=volunteer).exists()
    assert not InactivityWarning.objects.exists() and not Erasure.objects.exists()


def test_the_command_prints_each_rule(db, capsys):
    UserFactory()
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    for rule in services.RETENTION_RULES:
        assert f"{rule.code} (" in out
    assert "would act on" in out
    call_command("apply_retention")
    assert "done" in capsys.readouterr().out


def test_the_workers_housekeeping_applies_the_rules(volunteer):
    from khibra.core import schedule

    # The worker runs the jobs each app registers; privacy registers its retention rules.
    old = Notification.objects.create(user=volunteer, kind="t", title="مقروء", read_at=later(days=-400))
    schedule.run("privacy.retention")
    assert not Notification.objects.filter(pk=old.pk).exists()
