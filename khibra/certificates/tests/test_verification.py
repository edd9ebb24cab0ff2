"""The public verification page and the lookup form: the certificate's facts and nothing else."""

from django.urls import reverse
import pytest

from khibra.certificates import services
from khibra.certificates.models import Certificate

from .fixtures import (  # noqa: F401  (fixtures)
    ARABIC_NAME,
    ARABIC_TITLE,
    applicant,
    application,
    certificate,
    certificates,
    completed,
    engagement,
    hours,
    opportunity,
    question,
)

pytestmark = pytest.mark.django_db


def _facts_page(client, certificate) -> str:
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_sees_the_facts_of_a_valid_certificate(client, certificate, org_a):
    page = _facts_page(client, certificate)
    assert 'id="certificate-facts"' in page and 'id="certificate-status"' in page and 'data-status="valid"' in page
    for fact in (ARABIC_NAME, ARABIC_TITLE, org_a.name_ar, certificate.display_code, certificate.get_kind_display()):
        assert fact in page


def test_the_page_leaks_nothing_private(client, certificate, applicant, opportunity, org_b):
    from khibra.testing.factories import national_id, published_opportunity

    applicant.national_id = national_id()
    applicant.identity_status = "pending"
    applicant.bio = "نبذة خاصة لا تظهر للعموم"
    applicant.save()
    elsewhere = published_opportunity(org_b, title="فرصة أخرى سرية")
    page = _facts_page(client, certificate)
    for private in (
        applicant.user.email, applicant.phone, applicant.national_id, applicant.bio, applicant.headline,
        elsewhere.title, opportunity.description, org_b.name_ar, f"/engagements/{certificate.engagement_id}",
    ):
        assert private and private not in page, private
    # The status block and the facts are the only certificate content on the page.
    assert page.count("<dt>") == page[page.index('id="certificate-facts"'):].count("<dt>")


def test_a_revoked_certificate_says_so_without_the_reason(client, certificate, admin_a):
    services.revoke_certificate(certificate=certificate, by=admin_a, reason="سبب داخلي خاص")
    page = _facts_page(client, certificate)
    assert 'data-status="revoked"' in page and "سبب داخلي خاص" not in page


def test_an_unknown_code_is_a_friendly_404(client, certificate):
    for code in ("ABCDEFGHJKMNPQRS", "nope", str(certificate.pk)):
        response = client.get(reverse("certificates:verify", args=[code]))
        assert response.status_code == 404
        assert 'id="certificate-not-found"' in response.content.decode() and 'id="lookup-form"' in response.content.decode()


def test_a_typed_code_in_lower_case_redirects_to_the_canonical_page(client, certificate):
    response = client.get(reverse("certificates:verify", args=[certificate.code.lower()]))
    assert response.status_code == 302 and response["Location"] == reverse("certificates:verify", args=[certificate.code])


def test_the_lookup_form_finds_a_code_as_printed(client, certificate):
    response = client.get(reverse("certificates:lookup"), {"code": f" {certificate.display_code.lower()} "})
    assert response.status_code == 302 and response["Location"] == certificate.get_absolute_url()


def test_the_lookup_form_gives_the_same_answer_for_malformed_and_unknown_codes(client, certificate):
    pages = [client.get(reverse("certificates:lookup"), {"code": code}) for code in ("x", "ABCDEFGHJKMNPQRS")]
    assert all(page.status_code == 200 for page in pages)
    forms = []
    for page in pages:
        body = page.content.decode()
        form = body[body.index('id="lookup-form"') : body.index("</form>", body.index('id="lookup-form"'))]
        forms.append(form.replace('value="x"', "").replace('value="ABCDEFGHJKMNPQRS"', ""))
    assert forms[0] == forms[1]
    assert "error" in forms[0]


def test_many_misses_from_one_address_are_throttled(client, certificate):
    for _ in range(30):
        client.get(reverse("certificates:verify", args=["ABCDEFGHJKMNPQRS"]))
    assert client.get(reverse("certificates:verify", args=[certificate.code])).status_code == 429


def test_the_verification_page_is_one_query_or_two(client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("certificates:verify", args=[certificate.code]))


def test_certificates_exist_for_the_fixture(certificates):
    assert Certificate.objects.count() == 2
