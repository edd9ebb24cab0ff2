"""The API reference page in both languages, read from the live OpenAPI document.
Screenshots in test-results/screenshots/api-docs-*.png."""

import pytest

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("prefix,language", [("", "ar"), ("/en", "en")])
def test_api_reference_page(page, live_server, prefix, language):
    page.goto(f"{prefix}/api/v1/docs/")
    assert page.locator("html").get_attribute("lang") == language
    page.wait_for_selector("#api-docs-title")
    # Every tag of the API has its section and the token endpoint is documented with its body.
    assert page.locator("#tag-auth").count() == 1
    token = page.locator("article.api-operation", has_text="/api/v1/auth/token/").first
    assert "email" in token.inner_text() and "password" in token.inner_text()
    screenshot(page, f"api-docs-{language}")
    check_accessibility(page, f"the API reference ({language})")
    # The schema it links to is the live OpenAPI document.
    response = page.request.get(live_server.url + "/api/v1/schema/")
    assert response.ok and response.json()["openapi"].startswith("3.")
