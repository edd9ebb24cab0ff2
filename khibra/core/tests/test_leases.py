"""core.leases through the outbox declaration: a lease runs out and the work is handed on; what
is out of attempts is given up; a finished row stays finished."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone
import pytest

from khibra.core import leases, mail, tasks
from khibra.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def woken(monkeypatch):
    ids = []
    monkeypatch.setattr(tasks, "deliver_email", SimpleNamespace(enqueue=lambda email_id: ids.append(email_id)))
    return ids


def _email(**fields) -> OutboundEmail:
    email = OutboundEmail.objects.create(to="sara@example.sa", subject="s", body_text="b")
    if fields:
        OutboundEmail.objects.filter(pk=email.pk).update(**fields)
    return email


def test_a_claim_takes_the_row_once(woken):
    email = _email()
    assert mail.OUTBOX.claim(email.pk)
    assert not mail.OUTBOX.claim(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sending", 1)
    assert email.lease_until > timezone.now()


def test_an_expired_lease_goes_back_to_waiting_and_is_woken_once(woken):
    email = _email(status="sending", attempts=1, lease_until=timezone.now() - timedelta(seconds=1))
    assert mail.OUTBOX.sweep() == 1
    email.refresh_from_db()
    assert email.status == "queued" and email.lease_until > timezone.now()  # the wake-up mark
    assert mail.OUTBOX.sweep() == 0
    assert woken == [email.pk]
    assert mail.OUTBOX.claim(email.pk)  # the mark does not stand in a claim's way


def test_an_expired_lease_out_of_attempts_is_given_up(woken):
    email = _email(status="sending", attempts=mail.MAX_ATTEMPTS, lease_until=timezone.now() - timedelta(seconds=1))
    assert mail.OUTBOX.sweep() == 0
    email.refresh_from_db()
    assert (email.status, email.lease_until) == ("failed", None)
    assert "interrupted" in email.last_error
    assert woken == []


def test_a_finished_row_is_not_finished_again():
    email = _email(status="sent", sent_at=timezone.now())
    assert mail.OUTBOX.finish(email.pk, status="queued") == 0


def test_a_renewal_after_the_lease_was_handed_on_is_refused(woken):
    email = _email()
    assert mail.OUTBOX.claim(email.pk)
    OutboundEmail.objects.filter(pk=email.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    mail.OUTBOX.sweep()
    with pytest.raises(leases.LeaseLost):
        mail.OUTBOX.renew(email.pk)


def test_one_failing_sweep_does_not_stop_the_others(monkeypatch):
    swept = []
    monkeypatch.setattr(leases, "_registry", {})

    def broken():
        raise RuntimeError("a bug")

    leases.register(leases.Sweep("test.broken", broken))
    leases.register(leases.Sweep("test.fine", lambda: swept.append(1) or 3))
    assert leases.sweep_all() == {"test.fine": 3}
    assert swept == [1]
