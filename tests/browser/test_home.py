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
