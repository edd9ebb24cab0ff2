"""An organization's API key acts as the admin who created it: its use is that admin's activity, so
an admin whose only activity is an integration is neither warned nor anonymised by retention."""

import datetime as dt

from django.utils import timezone
import pytest

from khibra.api import services
from khibra.privacy import services as privacy
from khibra.privacy.models import InactivityWarning
from khibra.testing.api import ApiClient

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def outcomes(now):
    return {o.code: o for o in privacy.apply_retention(now=now)}


@pytest.fixture
def integration_admin(org_a, admin_a, admin_b):
    long_ago = NOW - dt.timedelta(days=700)
    type(admin_a).objects.filter(pk__in=[admin_a.pk, admin_b.pk]).update(last_login=long_ago, date_joined=long_ago)
    _key, secret = services.create_api_key(organization=org_a, by=admin_a, name="نظام الموارد البشرية", scopes=["programs:read"])
    return admin_a, secret


def test_an_admin_whose_key_is_in_use_is_not_warned_or_anonymised(integration_admin, admin_b, org_a):
    admin, secret = integration_admin
    assert ApiClient(secret=secret).get(f"/organizations/{org_a.pk}/programs/").status_code == 200

    warned = outcomes(NOW + dt.timedelta(days=30))["inactive_warnings"]
    assert not InactivityWarning.objects.filter(user=admin).exists()
    assert InactivityWarning.objects.filter(user=admin_b).exists()  # no key: warned as before
    assert warned.done == 1

    outcomes(NOW + dt.timedelta(days=70))
    admin.refresh_from_db()
    assert admin.is_active
    assert ApiClient(secret=secret).get(f"/organizations/{org_a.pk}/programs/").status_code == 200


def test_a_key_never_used_is_no_activity(integration_admin):
    admin, _secret = integration_admin
    outcomes(NOW + dt.timedelta(days=30))
    assert InactivityWarning.objects.filter(user=admin).exists()
