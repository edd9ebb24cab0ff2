"""Personas shared by every test: a volunteer, the staff of organization A and B, platform staff.

Organization A and B are both verified non-profits; tests prove A's people cannot reach B's data.
Providers P (a company) and Q (a university) have their admin and coordinators.
"""

import pytest

from khibra.organizations.models import Membership
from khibra.testing.factories import MembershipFactory, OrganizationFactory, UserFactory, VolunteerProfileFactory


@pytest.fixture
def org_a(db):
    return OrganizationFactory(name_ar="جمعية رعاية الأيتام بجدة", name_en="Jeddah Orphan Care Association", slug="orphans-jeddah")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(name_ar="جمعية البر بالرياض", name_en="Riyadh Birr Association", slug="birr-riyadh")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; one test's failures must not throttle the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _emails_link_to_the_site(request):
    """Every e-mail a test makes the platform send has links that resolve on the site: a test that
    sends one with a dead link (wrong path, wrong port) fails here (khibra.testing.email_links)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction"))
    uses_db = ("db" in request.fixturenames or marker is not None) and not transactional
    if not uses_db:
        yield
        return
    request.getfixturevalue("db")  # so that this runs before the test's transaction is rolled back
    yield
    from khibra.core.models import OutboundEmail
    from khibra.testing.email_links import unresolved

    from django.db import DatabaseError

    try:
        emails = list(OutboundEmail.objects.all())
    except DatabaseError:  # a test that cut off its own database (the outage tests) sent nothing to check
        return
    dead = {email.subject: problems for email in emails if (problems := unresolved(email))}
    assert not dead, f"E-mails with links that do not resolve on the site: {dead}"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Arabic: a request in English must not leak into the next test's reverse()."""
    from django.utils import translation

    translation.activate("ar")
    yield
    translation.deactivate()


def _member(org, role):
    return MembershipFactory(organization=org, role=role).user


@pytest.fixture
def admin_a(org_a):
    return _member(org_a, Membership.Role.ADMIN)


@pytest.fixture
def manager_a(org_a):
    return _member(org_a, Membership.Role.VOLUNTEER_MANAGER)


@pytest.fixture
def supervisor_a(org_a):
    return _member(org_a, Membership.Role.SUPERVISOR)


@pytest.fixture
def admin_b(org_b):
    return _member(org_b, Membership.Role.ADMIN)


@pytest.fixture
def manager_b(org_b):
    return _member(org_b, Membership.Role.VOLUNTEER_MANAGER)


# Two providers of professional volunteers (issue 7): P a company, Q a university.
@pytest.fixture
def provider_p(db):
    return OrganizationFactory(kind="company", name_ar="شركة مدار", name_en="Madar", slug="madar-co")


@pytest.fixture
def provider_q(db):
    return OrganizationFactory(kind="university", name_ar="جامعة السراة", name_en="Sarat", slug="sarat-uni")


@pytest.fixture
def admin_p(provider_p):
    return _member(provider_p, Membership.Role.ADMIN)


@pytest.fixture
def coordinator_p(provider_p):
    return _member(provider_p, Membership.Role.COORDINATOR)


@pytest.fixture
def coordinator_q(provider_q):
    return _member(provider_q, Membership.Role.COORDINATOR)


@pytest.fixture
def volunteer(db):
    return VolunteerProfileFactory().user


@pytest.fixture
def other_volunteer(db):
    return VolunteerProfileFactory().user


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, full_name="موظف المنصة")


@pytest.fixture
def plain_user(db):
    return UserFactory()
