"""Who sees which certificate: the volunteer their own, the issuing organization's managers, and
nobody else (404 for outsiders, 403 for members without the role)."""

from django.urls import reverse
import pytest

from khibra.certificates.models import Certificate, Credit, Thanks

from .fixtures import (  # noqa: F401  (fixtures)
    ARABIC_TITLE,
    applicant,
    application,
    certificate,
    certificates,
    completed,
    engagement,
    hours,
    login,
    opportunity,
    question,
)

pytestmark = pytest.mark.django_db


def test_the_volunteer_lists_and_downloads_their_certificates(client, certificates, applicant, django_assert_max_num_queries):
    login(client, applicant.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("certificates:mine")).content.decode()
    assert 'id="my-certificates"' in page
    for issued in certificates:
        assert f'id="certificate-{issued.pk}"' in page and f'id="download-{issued.pk}"' in page


def test_another_volunteer_sees_none_of_them(client, certificate, other_volunteer):
    client.force_login(other_volunteer)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert f'id="certificate-{certificate.pk}"' not in page
    assert client.get(reverse("certificates:download", args=[certificate.pk, "ar"])).status_code == 404


def test_anonymous_visitors_log_in_first(client, certificate):
    for url in (reverse("certificates:mine"), reverse("certificates:download", args=[certificate.pk, "ar"]), reverse("certificates:portfolio")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("manager_a", 200), ("supervisor_a", 403), ("admin_b", 404), ("staff", 404), ("other_volunteer", 404)],
)
def test_the_organization_download_matrix(client, certificate, org_a, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("certificates:org_download", args=[org_a.slug, certificate.pk, "en"])
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 302), ("manager_a", 302), ("supervisor_a", 403), ("admin_b", 404), ("other_volunteer", 404)],
)
def test_the_revoke_matrix(client, certificate, org_a, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("certificates:revoke", args=[org_a.slug, certificate.pk]), {"reason": "أصدرت بالخطأ"})
    assert response.status_code == status
    certificate.refresh_from_db()
    assert certificate.is_revoked == (status == 302)


def test_org_b_cannot_reach_org_a_certificates_through_its_own_address(client, certificate, org_b, admin_b):
    client.force_login(admin_b)
    assert client.get(reverse("certificates:org_download", args=[org_b.slug, certificate.pk, "ar"])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager_a", 200), ("admin_a", 200), ("supervisor_a", 200), ("admin_b", 404), ("other_volunteer", 404)],
)
def test_the_recognition_page_matrix(client, completed, org_a, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("certificates:recognition", args=[org_a.slug, completed.pk]))
    assert response.status_code == status
    if status == 200:
        assert 'id="thanks-form"' in response.content.decode()


def test_a_supervisor_of_another_opportunity_is_refused(client, completed, org_a):
    from khibra.organizations.models import Membership
    from khibra.testing.factories import MembershipFactory

    other_supervisor = MembershipFactory(organization=org_a, role=Membership.Role.SUPERVISOR).user
    client.force_login(other_supervisor)
    assert client.get(reverse("certificates:recognition", args=[org_a.slug, completed.pk])).status_code == 403


def test_the_organization_thanks_credits_and_issues(client, completed, org_a, manager_a, hours):
    client.force_login(manager_a)
    url = reverse("certificates:recognition", args=[org_a.slug, completed.pk])
    assert client.post(url, {"action": "thanks", "message": "شكرًا لعطائك المميز"}).status_code == 302
    assert client.post(url, {"action": "credit", "text": "أعدّت القوائم المالية متطوعةً"}).status_code == 302
    assert client.post(url, {"action": "issue", "kind": "achievement"}).status_code == 302
    assert Thanks.objects.get(engagement=completed).message == "شكرًا لعطائك المميز"
    assert Credit.objects.get(engagement=completed).text == "أعدّت القوائم المالية متطوعةً"
    assert Certificate.objects.filter(engagement=completed, kind="achievement").exists()
