"""The guide's own example, in the browser: an orphan-care association in Jeddah needs a website.

It assesses its needs, designs a "Python website developer" opportunity (tasks with Hijri dates,
20 days × 5 hours, remote or in person), picks skills-based volunteering, generates the volunteer
agreement PDF, passes readiness and publishes. Then (second test) a Python developer in Jeddah finds
and applies, is selected, accepts the agreement, logs hours and delivers; the engagement closes
with a certificate, the survey is answered, the program evaluated, its lessons written and the next
cycle planned from them, the nine steps of the tracker read in the browser after each stage.
"""

import datetime as dt
from pathlib import Path
import shutil
import subprocess

from allauth.account.models import EmailAddress
from django.utils import timezone
from hijridate import Gregorian
import pytest

from khibra.certificates.models import Certificate
from khibra.engagements.models import Engagement
from khibra.evaluation.models import VolunteerSurvey
from khibra.hours.models import HourEntry
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership
from khibra.programs.models import Need, Program
from khibra.programs.readiness import CRITERIA
from khibra.recruitment.models import Application
from khibra.testing.factories import MembershipFactory, OrganizationFactory, UserFactory, city, matching_volunteer

from .conftest import ROOT, check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "مطور موقع إلكتروني بلغة بايثون"
PASSWORD = "كلمة-مرور-قوية-123"
OUT = ROOT / "test-results/guide-example"


def log_in(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def test_the_orphan_care_association_goes_from_need_to_a_published_opportunity(page, live_server):
    _organization, _manager, _program, opportunity = _publish_the_website_developer(page)
    page.context.clear_cookies()
    page.goto(f"/opportunities/{opportunity.pk}/")
    assert TITLE in page.title()
    screenshot(page, "guide-08-public-page")
    check_accessibility(page, "public opportunity")


def _publish_the_website_developer(page):
    """Steps 1 to 5 and publication, as the manager does them in the browser."""
    organization = OrganizationFactory(
        name_ar="جمعية رعاية الأيتام بجدة", name_en="Jeddah Orphan Care Association", slug="orphans-jeddah", city=city("jeddah")
    )
    manager = UserFactory(email="manager@orphans.example.sa", full_name="منى الحربي")
    EmailAddress.objects.create(user=manager, email=manager.email, primary=True, verified=True)
    MembershipFactory(organization=organization, user=manager, role=Membership.Role.VOLUNTEER_MANAGER)
    log_in(page, manager.email)

    # A program with a Hijri period.
    page.goto(f"/organizations/{organization.slug}/programs/new/")
    page.fill("#id_name", "برنامج التحول الرقمي ١٤٤٨")
    page.fill("#id_goal", "أن يكون للجمعية حضور رقمي يعرّف بخدماتها ويستقبل التبرعات.")
    # Dates typed in Hijri, counted from today: publishing refuses dates that have passed.
    today = timezone.localdate()
    page.fill("#id_starts_on", hijri(today - dt.timedelta(days=7)))
    page.fill("#id_ends_on", hijri(today + dt.timedelta(days=180)))
    screenshot(page, "guide-01-program-new")
    page.click("#program-submit")
    page.wait_for_url("**/programs/*/")
    program = Program.objects.get(organization=organization)
    assert page.locator("#step-1").get_attribute("data-status") == "not_started"

    # Step 1: the guiding questions and the need for a website.
    page.click("#step-1-link")
    page.fill("#id_stalled_work", "تحديث الموقع الإلكتروني متوقف منذ عامين.")
    page.fill("#id_capability_gaps", "لا يوجد في الفريق مطور مواقع.")
    page.fill("#id_development_roles", "التسويق الرقمي للخدمات.")
    page.fill("#id_initiatives", "حملة كفالة الأيتام السنوية.")
    page.click("#save-questions")
    page.fill("#need_title", "موقع إلكتروني للجمعية")
    page.check("#need_suitability_1")
    page.click("#need-submit")
    page.wait_for_selector("#needs-table [data-need-id]")
    need = Need.objects.get(program=program)
    page.click("#complete-assessment-button")
    page.wait_for_load_state()
    screenshot(page, "guide-02-needs")
    check_accessibility(page, "needs assessment")

    # Step 2: the opportunity, started from the need in one click.
    page.click(f"#start-opportunity-{need.pk}")
    page.wait_for_url("**/edit/")
    opportunity = Opportunity.objects.get(need=need)
    page.fill("#id_title", TITLE)
    page.fill("#id_description", "تصميم موقع الجمعية وبرمجته بإطار جانغو، وربطه بنظام التبرعات الإلكتروني.")
    page.fill("#id_deliverables", "موقع منشور يعمل على الجوال، ودليل استخدام مختصر لفريق الجمعية.")
    page.fill("#id_responsibilities", "اجتماع أسبوعي مع المشرف وتقرير أسبوعي مكتوب.")
    page.fill("#id_requirements", "خبرة لا تقل عن ثلاث سنوات في تطوير مواقع الويب بلغة بايثون.")
    page.locator("input[name=fields][value]").first.check()
    page.select_option("#id_nature", "both")
    page.select_option("#id_city", label="جدة")
    page.fill("#id_duration_days", "٢٠")
    page.fill("#id_hours_per_day", "5")
    page.fill("#id_hours_per_week", "10")
    page.fill("#id_starts_on", hijri(today + dt.timedelta(days=3)))
    page.fill("#id_ends_on", hijri(today + dt.timedelta(days=48)))
    due = [today + dt.timedelta(days=days) for days in (7, 17, 42)]
    for row, (title, day) in enumerate(zip(("تحليل المتطلبات", "تصميم الواجهات", "برمجة الموقع ونشره"), due, strict=True)):
        page.fill(f"#id_tasks-{row}-title", title)
        page.fill(f"#id_tasks-{row}-due_on", hijri(day))
    assert "100" in page.locator("#total-hours").inner_text().translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    screenshot(page, "guide-03-opportunity-edit")
    check_accessibility(page, "opportunity edit")
    page.click("#opportunity-save")
    page.wait_for_url(f"**/opportunities/{opportunity.pk}/")
    opportunity.refresh_from_db()
    assert opportunity.title == TITLE
    assert opportunity.total_hours == 100
    # The Hijri dates typed (Umm al-Qura) are stored as the Gregorian days they name.
    assert [task.due_on for task in opportunity.tasks.all()] == due

    # Step 3: skills-based volunteering.
    page.goto(f"/organizations/{organization.slug}/opportunities/{opportunity.pk}/service-model/")
    page.select_option("#id_model", "skills_based")
    page.fill("#id_reasoning", "فرد واحد بمهارة محددة ومدة قصيرة، ولا يحتاج إلى شريك.")
    screenshot(page, "guide-04-service-model")
    check_accessibility(page, "service model")
    page.click("#service-model-save")
    page.wait_for_load_state()
    opportunity.refresh_from_db()
    assert opportunity.service_model == Opportunity.ServiceModel.SKILLS_BASED

    # Step 4: the volunteer agreement and its PDF.
    page.goto(f"/organizations/{organization.slug}/opportunities/{opportunity.pk}/agreement/")
    page.click("#generate-agreement")
    page.wait_for_selector("#agreement-document")
    screenshot(page, "guide-05-agreement")
    check_accessibility(page, "agreement")
    pdf_url = page.locator("#agreement-pdf").get_attribute("href")
    response = page.request.get(pdf_url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = OUT / "volunteer-agreement.pdf"
    pdf.write_bytes(response.body())
    _check_pdf(pdf)

    # Step 5: readiness.
    page.goto(f"/organizations/{organization.slug}/programs/{program.pk}/readiness/")
    for criterion in CRITERIA:
        page.check(f"#id_{criterion.code}-answer_0")
    page.click("#readiness-submit")
    page.wait_for_selector("#readiness-verdict[data-ready=yes]")
    screenshot(page, "guide-06-readiness")
    check_accessibility(page, "readiness")

    # Publish, with no override needed, and the public page answers anyone.
    page.goto(f"/organizations/{organization.slug}/opportunities/{opportunity.pk}/publish/")
    assert page.locator("#override-reason").count() == 0
    page.click("#publish-submit")
    page.wait_for_load_state()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    page.goto(f"/organizations/{organization.slug}/programs/{program.pk}/")
    screenshot(page, "guide-07-program-steps")
    for step in (1, 2, 3, 5):
        assert page.locator(f"#step-{step}").get_attribute("data-status") == "done", step
    # The agreement is written but nobody selected has accepted it yet; recruiting has begun.
    assert page.locator("#step-4").get_attribute("data-status") == "in_progress"
    assert page.locator("#step-6").get_attribute("data-status") == "in_progress"
    return organization, manager, program, opportunity


def test_the_website_developer_is_recruited_works_is_evaluated_and_the_program_repeats(page, live_server):
    organization, manager, program, opportunity = _publish_the_website_developer(page)
    steps = f"/organizations/{organization.slug}/programs/{program.pk}/"
    volunteer = matching_volunteer(
        fields=list(opportunity.fields.values_list("code", flat=True)), profession_code="web-developer", city_code="jeddah",
        headline="مطور مواقع بلغة بايثون وإطار جانغو", years_of_experience=6,
    )
    volunteer.user.full_name = "هند بنت سعد الزهراني"
    volunteer.user.save(update_fields=["full_name"])
    EmailAddress.objects.create(user=volunteer.user, email=volunteer.user.email, primary=True, verified=True)

    # Step 6: the volunteer finds the opportunity and applies.
    log_in(page, volunteer.user.email)
    page.goto("/opportunities/?q=بايثون")
    page.locator(f"#result-{opportunity.pk} a").first.click()
    page.wait_for_url(f"**/opportunities/{opportunity.pk}/")
    page.click("#apply-link")
    page.fill("#id_motivation", "أبني مواقع بجانغو منذ ست سنوات، وأود أن أخدم الأيتام بخبرتي.")
    page.check("#id_availability_confirmed")
    page.click("#apply-submit")
    page.wait_for_selector("#my-applications")
    screenshot(page, "guide-10-applied")
    application = Application.objects.get(opportunity=opportunity, volunteer=volunteer)
    log_in(page, manager.email)
    _check_tracker(page, steps, "DDDIDINNN")

    # The manager accepts on the selection board: the place is filled, the volunteer must still agree.
    page.goto(f"/organizations/{organization.slug}/opportunities/{opportunity.pk}/applications/")
    page.click(f"#decide-{application.pk}")  # the card's decisions fold under "Decide"
    page.click(f"#accept-{application.pk}")
    page.wait_for_selector(f"#application-{application.pk}[data-status=accepted]")
    assert page.locator("#board-seats").get_attribute("data-seats-left") == "0"
    screenshot(page, "guide-11-selection-board")
    engagement = Engagement.objects.get(application=application)
    _check_tracker(page, steps, "DDDIDDINN")

    # Step 4 ends only when the volunteer accepts the agreement; until then no hours.
    log_in(page, volunteer.user.email)
    hours = f"/volunteer/engagements/{engagement.pk}/hours/"
    page.goto(hours)
    assert page.locator("#agreement-gate[data-open='0']").count() == 1 and page.locator("#log-hours").count() == 0
    page.goto(f"/engagements/{engagement.pk}/")
    screenshot(page, "guide-12-workspace-before-agreement")
    page.click("#agreement-cta")
    page.click("#accept-agreement")
    page.wait_for_selector('#agreement-status[data-accepted="true"]')
    log_in(page, manager.email)
    _check_tracker(page, steps, "DDDDDDINN")

    # Step 7: hours logged today (in Hijri) and approved; every task and the final deliverable handed in.
    log_in(page, volunteer.user.email)
    page.goto(hours)
    local = timezone.localdate()
    page.fill("#id_date", hijri(local))
    page.fill("#id_hours", "٥")
    page.click("#log-hours")
    page.wait_for_load_state()
    screenshot(page, "guide-13-hours")
    check_accessibility(page, "hours of the website developer")
    page.goto(f"/engagements/{engagement.pk}/")
    items = list(engagement.work_items.order_by("pk"))
    assert [item.kind for item in items].count("deliverable") == 1
    for item in sorted(items, key=lambda item: item.kind != "task"):  # the final deliverable after its tasks
        page.click(f"#hand-in-{item.pk}")  # one hand-in form at a time
        page.fill(f"#id_item{item.pk}-link", f"https://github.com/orphans-jeddah/website/pull/{item.pk}")
        page.locator(f"#submit-{item.pk} button[type=submit]").click()
        page.wait_for_selector(f"#task-{item.pk}")
    screenshot(page, "guide-14-deliverable-submitted")
    log_in(page, manager.email)
    page.goto(f"/organizations/{organization.slug}/hours/")
    for entry in HourEntry.objects.filter(engagement=engagement):
        page.check(f"#select-{entry.pk}")
    page.click("#approve-selected")
    page.wait_for_load_state()
    page.goto(f"/engagements/{engagement.pk}/")
    for item in items:
        page.select_option(f"#id_item{item.pk}-decision", "accept")
        page.locator(f"#review-{item.pk} button[type=submit]").click()
        page.wait_for_selector(f"#task-{item.pk}")
    page.select_option("#close-engagement select", "completed")
    page.locator("#close-engagement button[type=submit]").click()
    page.wait_for_load_state()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.COMPLETED
    assert set(HourEntry.objects.filter(engagement=engagement).values_list("status", flat=True)) == {"approved"}
    # Closing sends the end-of-engagement survey: the evaluation (step 8) is under way.
    _check_tracker(page, steps, "DDDDDDDIN")

    # The volunteer's certificate, and the guide's survey with the exhaustion question.
    log_in(page, volunteer.user.email)
    certificate = Certificate.objects.get(engagement=engagement, kind="achievement")
    page.goto("/volunteer/certificates/")
    assert page.locator(f"#download-{certificate.pk}").count() == 1
    page.goto(f"/certificates/{certificate.code}/")
    assert page.locator("#certificate-status").get_attribute("data-status") == "valid"
    page.goto(f"/surveys/{VolunteerSurvey.objects.get(engagement=engagement).pk}/")
    for name in ("satisfaction", "organization_quality", "training", "recommend"):
        page.check(f"input[name={name}][value='5']")
    page.check("input[name=exhaustion][value='never']")
    page.fill("#id_recommend_reason", "إشراف واضح وأثر ملموس على الأيتام.")
    screenshot(page, "guide-15-survey")
    page.click("#survey-submit")
    page.wait_for_selector("#survey-answered")

    # Step 8: the program evaluation, marked complete; step 9: the lessons.
    log_in(page, manager.email)
    page.goto(steps + "evaluation/")
    page.fill("#id_goal_summary", "نُشر موقع الجمعية ويستقبل التبرعات.")
    page.fill("#id_helped", "وضوح المهام والاجتماع الأسبوعي.")
    page.fill("#id_blocked", "تأخر المحتوى من فريق الجمعية.")
    page.fill("#id_staff_hours", "١٢")
    page.fill("#id_successes", "تسليم الموقع في موعده.")
    page.fill("#id_challenges", "جمع الصور والنصوص.")
    page.click("#evaluation-complete")
    page.wait_for_selector("#evaluation-completed")
    # Five approved hours at the national value of an hour (the latest year set, 138 SAR).
    assert page.locator("#figure-value").inner_text().strip() == "690.00"
    screenshot(page, "guide-16-evaluation")
    check_accessibility(page, "program evaluation")
    _check_tracker(page, steps, "DDDDDDDDN")
    page.goto(steps + "lessons/")
    page.fill("#id_what_worked", "تقسيم العمل إلى مهام بمواعيد هجرية واضحة.")
    page.fill("#id_challenges_open", "تجهيز المحتوى قبل بدء المتطوع.")
    page.fill("#id_advice", "اطلبوا المحتوى من الفريق قبل النشر بأسبوعين.")
    page.click("#lessons-save")
    page.wait_for_load_state()
    _check_tracker(page, steps, "DDDDDDDDI")

    # Plan again: the next cycle starts from the previous one's lessons, and step 9 is done.
    page.goto(steps + "lessons/")
    page.click("#plan-again")
    page.fill("#id_name", "برنامج التحول الرقمي ١٤٤٩")
    page.fill("#id_starts_on", (local + dt.timedelta(days=200)).isoformat())
    page.fill("#id_ends_on", (local + dt.timedelta(days=380)).isoformat())
    page.click("#plan-again-submit")
    page.wait_for_selector("#carried-lessons")
    lessons = page.locator("#lesson-list").inner_text()
    assert "تجهيز المحتوى قبل بدء المتطوع" in lessons and "اطلبوا المحتوى من الفريق" in lessons
    screenshot(page, "guide-17-next-cycle-lessons")
    check_accessibility(page, "previous cycle's lessons")
    _check_tracker(page, steps, "DDDDDDDDD")
    following = Program.objects.get(previous=program)
    # The new cycle starts over: the carried need and the draft opportunity are under way, the rest to do
    # (the service model is chosen again, with its reasoning, for each cycle).
    _check_tracker(page, f"/organizations/{organization.slug}/programs/{following.pk}/", "IINNNNNNN")
    assert page.locator("#previous-cycle-link").count() == 1
    screenshot(page, "guide-18-next-cycle")


def hijri(day: dt.date) -> str:
    """The day as typed in Hijri (Umm al-Qura), e.g. 1448-07-05."""
    date = Gregorian.fromdate(day).to_hijri()
    return f"{date.year}-{date.month:02d}-{date.day:02d}"


STATUS = {"D": "done", "I": "in_progress", "N": "not_started"}


def _check_tracker(page, url: str, expected: str) -> None:
    """The nine steps on the program's page, one letter each: D done, I in progress, N not started."""
    page.goto(url)
    seen = [page.locator(f"#step-{n}").get_attribute("data-status") for n in range(1, 10)]
    assert seen == [STATUS[letter] for letter in expected], seen


def _check_pdf(pdf: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed: cannot read the PDF's text layer")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext marks direction changes with invisible bidi controls; the letters must be intact.
    visible = "".join(ch for ch in text if ch not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert TITLE in visible
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(OUT / "volunteer-agreement")], check=True)
