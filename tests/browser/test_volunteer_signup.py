"""A professional signs up in Arabic, verifies the e-mail, completes the profile and accepts the charter."""

import re

from django.core import mail
import pytest

from khibra.accounts.models import PolicyAcceptance, User
from khibra.volunteers.models import VolunteerProfile

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_volunteer_signs_up_verifies_completes_the_profile_and_accepts_the_charter(page):
    # 1. Sign up, in Arabic.
    page.goto("/accounts/signup/?next=/volunteer/profile/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#id_full_name", "هند بنت سعد الزهراني")
    page.fill("#id_email", "hind@example.sa")
    page.fill("#id_password1", "حساب-آمن-للتطوع-2026")
    page.fill("#id_password2", "حساب-آمن-للتطوع-2026")
    page.check("#id_accept_privacy")
    screenshot(page, "01-signup-ar")
    check_accessibility(page, "sign-up")
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    screenshot(page, "02-verification-sent")

    # 2. Open the link from the e-mail and confirm.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    screenshot(page, "03-confirm-email")
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_load_state()
    user = User.objects.get(email="hind@example.sa")
    assert user.emailaddress_set.get().verified

    # 3. Complete the profile (digits typed in Arabic-Indic, a Hijri birth date).
    page.goto("/volunteer/profile/edit/")
    page.select_option("#id_city", label="جدة")
    page.fill("#id_phone", "٠٥٥١٢٣٤٥٦٧")
    page.fill("#id_birth_date", "1410-03-15")
    page.fill("#id_headline", "محاسبة قانونية في مراجعة القوائم المالية")
    page.select_option("#id_profession", label="محاسب قانوني")
    page.fill("#id_years_of_experience", "٨")
    page.locator("#id_fields input[type=checkbox]").nth(11).check()  # finance and accounting
    page.fill("#id_skills", "مراجعة القوائم المالية، إعداد الميزانيات، IFRS")
    page.fill("#id_hours_per_week", "٦")
    screenshot(page, "04-profile-edit")
    check_accessibility(page, "profile edit")
    page.click("#profile-save")
    page.wait_for_url("**/volunteer/profile/")
    screenshot(page, "05-profile")
    check_accessibility(page, "profile")

    profile = VolunteerProfile.objects.get(user=user)
    assert profile.years_of_experience == 8
    assert profile.hours_per_week == 6
    assert profile.phone.endswith("551234567")
    assert profile.birth_date is not None and profile.birth_date.year == 1989

    # 4. Read and accept the ethics charter.
    page.click("#step-charter-link")
    page.wait_for_url("**/volunteer/charter/")
    screenshot(page, "06-charter")
    check_accessibility(page, "charter")
    page.click("#charter-accept")
    page.wait_for_url("**/volunteer/profile/")
    screenshot(page, "07-profile-charter-accepted")
    assert PolicyAcceptance.objects.filter(user=user, policy__kind="charter").exists()

    # The same page in English, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/volunteer/profile/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    screenshot(page, "08-profile-en-phone")
    check_accessibility(page, "profile (en)")
