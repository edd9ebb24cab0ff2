"""Public discovery in the browser: Arabic search with a spelling variant, filters, the ideas bank;
Arabic and English, desktop and phone, with accessibility checks."""

import pytest

from khibra.testing.factories import OrganizationFactory, field, matching_opportunity

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_searches_with_a_spelling_variant_and_filters(page):
    organization = OrganizationFactory(name_ar="جمعية البر بالرياض")
    finance = matching_opportunity(organization=organization, title="مراجع حسابات للقوائم المالية", nature="remote", city=None, venue="")
    finance.fields.set([field("finance-accounting")])
    matching_opportunity(organization=organization, title="مطوّر تطبيقات جوال", nature="remote", city=None, venue="")

    page.goto("/opportunities/?q=الحسابات")
    page.wait_for_selector(f"#result-{finance.pk}")
    assert page.locator("#result-list > [id^=result-]").count() == 1
    screenshot(page, "discovery-01-search-ar")
    check_accessibility(page, "search (ar)")

    page.goto("/en/opportunities/")
    assert page.locator("#result-list > [id^=result-]").count() == 2
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "discovery-02-search-en-phone")
    check_accessibility(page, "search (en)")


def test_the_ideas_bank_is_public_and_accessible(page):
    page.goto("/ideas/")
    screenshot(page, "discovery-03-ideas")
    check_accessibility(page, "ideas bank")
