import pytest

from khibra.accounts import selectors, services
from khibra.accounts.models import Policy, PolicyAcceptance, PolicyKind
from khibra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_first_charter_and_privacy_notice_are_published():
    assert selectors.current_policy(PolicyKind.CHARTER).version == 1
    assert selectors.current_policy(PolicyKind.PRIVACY).version == 1


def test_accepting_is_recorded_once_with_an_audit_row(plain_user):
    services.accept_policy(user=plain_user, kind=PolicyKind.CHARTER)
    services.accept_policy(user=plain_user, kind=PolicyKind.CHARTER)

    assert PolicyAcceptance.objects.filter(user=plain_user).count() == 1
    assert AuditEvent.objects.filter(verb="policy.charter.accepted", actor=plain_user).count() == 1
    assert selectors.has_accepted_current(plain_user, PolicyKind.CHARTER)


def test_a_new_version_must_be_accepted_again(plain_user):
    services.accept_policy(user=plain_user, kind=PolicyKind.CHARTER)
    old = selectors.current_policy(PolicyKind.CHARTER)
    Policy.objects.create(
        kind=PolicyKind.CHARTER, version=2, title_ar=old.title_ar, title_en=old.title_en, body_ar=old.body_ar + "\n٩.", body_en=old.body_en
    )

    assert not selectors.has_accepted_current(plain_user, PolicyKind.CHARTER)
    services.accept_policy(user=plain_user, kind=PolicyKind.CHARTER)
    assert selectors.has_accepted_current(plain_user, PolicyKind.CHARTER)
    assert PolicyAcceptance.objects.filter(user=plain_user).count() == 2


def test_versions_are_unique_per_kind():
    from django.db import IntegrityError

    old = selectors.current_policy(PolicyKind.PRIVACY)
    with pytest.raises(IntegrityError):
        Policy.objects.create(kind=PolicyKind.PRIVACY, version=old.version, title_ar="x", title_en="x", body_ar="x", body_en="x")
