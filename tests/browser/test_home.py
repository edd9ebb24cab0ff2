import pytest

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_page_is_arabic_rtl_and_accessible(page):
    page.goto("/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    screenshot(page, "home-ar-desktop")
    check_accessibility(page, "home (ar)")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "home-ar-phone")


def test_the_language_switch_keeps_the_page(page):
    page.goto("/accounts/login/")
    page.locator(".language-switch button").click()
    page.wait_for_url("**/en/accounts/login/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    screenshot(page, "login-en")
    check_accessibility(page, "login (en)")

    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "home-en-desktop")
    check_accessibility(page, "home (en)")


def test_on_a_phone_the_navigation_folds_behind_a_menu_button(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    toggle = page.locator(".nav-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#main-nav").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#main-nav a", has_text="تصفّح الفرص").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-ar-phone-menu", full_page=False)
    check_accessibility(page, "home with the menu open (ar, phone)")

    page.set_viewport_size({"width": 1280, "height": 800})
    assert not toggle.is_visible() and page.locator("#main-nav").is_visible()


def test_without_scripts_the_menu_is_a_link_that_opens_the_navigation(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/")
    assert not page.locator(".nav-toggle").is_visible()  # the script's button stays hidden
    link = page.locator(".nav-toggle-link")
    assert link.is_visible() and not page.locator("#main-nav").is_visible()
    link.click()
    assert page.locator("#main-nav a", has_text="تصفّح الفرص").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not link.is_visible() and page.locator("#main-nav").is_visible()
    context.close()


def test_on_a_phone_search_shows_the_results_first_and_the_filters_fold(page, org_a):
    from khibra.testing.factories import published_opportunity

    published_opportunity(org_a)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/opportunities/")
    assert not page.locator("#search-filters").is_visible()
    assert page.locator("#search-q").bounding_box()["height"] >= 44
    results = page.locator("#search-count").bounding_box()
    assert results["y"] < 844  # the first result is on the first screen
    page.locator("#search-panel-toggle").click()
    assert page.locator("#id_city").is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/opportunities/")
    assert page.locator("#id_city").is_visible()  # on a desktop the filters are always in view
    check_accessibility(page, "search (ar, desktop)")
