"""Focus groups and third-party evaluations recorded as evidence (validated, files checked by
content, private to the organization); the next cycle opens with the previous one's lessons to
mark as applied, and invites only this program's volunteers and partners."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
import pytest

from khibra.evaluation import services
from khibra.evaluation.models import CarriedLesson, EvaluationEvidence, RelationshipContact
from khibra.programs import services as programs
from khibra.programs.models import Program
from khibra.testing.factories import OpportunityFactory

from .conftest import engagement_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence_url(program, name="evaluation:evidence", **extra):
    return reverse(name, kwargs={"org_slug": program.organization.slug, "pk": program.pk, **extra})


def focus_group(**overrides):
    return {"kind": "focus_group", "held_on": "2024-06-01", "participants": "ستة متطوعين ومشرفان",
            "evaluator": "", "findings": "الحاجة إلى تعريف أوضح بالمهام في الأسبوع الأول.", **overrides}


def test_a_manager_records_a_focus_group_with_its_file(client, program, manager_a):
    client.force_login(manager_a)
    upload = SimpleUploadedFile("محضر.pdf", PDF, content_type="application/pdf")
    response = client.post(evidence_url(program), {**focus_group(), "file": upload})
    assert response.status_code == 302
    item = EvaluationEvidence.objects.get(program=program)
    assert (item.kind, item.held_on, item.file_name) == ("focus_group", dt.date(2024, 6, 1), "محضر.pdf")
    assert not item.file.name.endswith("محضر.pdf")  # stored under a random name
    download = client.get(evidence_url(program, "evaluation:evidence_file", evidence_pk=item.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert f'id="evidence-{item.pk}"'.encode() in client.get(evidence_url(program)).content


@pytest.mark.parametrize("bad", [
    {"participants": ""},  # a focus group names who took part
    {"kind": "third_party", "evaluator": ""},  # a third-party evaluation names the evaluator
    {"findings": ""},
    {"held_on": "2999-01-01"},
    {"held_on": "ليس تاريخًا"},
    {"kind": "rumour"},
])
def test_bad_evidence_gets_a_clear_error_and_writes_nothing(client, program, manager_a, bad):
    client.force_login(manager_a)
    response = client.post(evidence_url(program), focus_group(**bad))
    assert response.status_code == 400
    assert b'class="errorlist' in response.content or b"error" in response.content
    assert not EvaluationEvidence.objects.exists()


def test_a_file_that_is_not_what_it_claims_is_refused(client, program, manager_a):
    client.force_login(manager_a)
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(evidence_url(program), {**focus_group(), "file": fake})
    assert response.status_code == 400
    assert not EvaluationEvidence.objects.exists()


def test_org_b_cannot_see_or_touch_org_a_evidence(client, program, manager_a, manager_b, supervisor_a):
    item = services.add_evidence(program=program, by=manager_a, kind="third_party", held_on=dt.date(2024, 6, 1),
                                 evaluator="مكتب استشارات مستقل", findings="البرنامج حقق أهدافه بنسبة ٨٠٪.",
                                 file=SimpleUploadedFile("r.pdf", PDF))
    client.force_login(manager_b)
    assert client.get(evidence_url(program)).status_code == 404
    assert client.get(evidence_url(program, "evaluation:evidence_file", evidence_pk=item.pk)).status_code == 404
    assert client.post(evidence_url(program, "evaluation:evidence_delete", evidence_pk=item.pk)).status_code == 404
    client.force_login(supervisor_a)  # sees nothing of a program they take no part in
    assert client.get(evidence_url(program)).status_code == 404
    assert EvaluationEvidence.objects.filter(pk=item.pk).exists()


def test_evidence_starts_the_evaluation_step(program, manager_a):
    from khibra.programs.steps import step_states

    assert step_states(program)[7].status == "not_started"
    services.add_evidence(program=program, by=manager_a, kind="focus_group", held_on=dt.date(2024, 6, 1),
                          participants="خمسة متطوعين", findings="رضا عام مع ملاحظات على التدريب.")
    assert step_states(program)[7].status == "in_progress"


# --- the next cycle ------------------------------------------------------------------------------

def plan_again(program, by):
    return services.plan_again(program=program, by=by, name="الدورة الثانية", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 6, 30))


def test_the_next_cycle_opens_with_each_lesson_to_mark(client, program, manager_a):
    services.save_lessons(program=program, by=manager_a, what_worked="- اجتماع أسبوعي قصير\n- تقارير واضحة",
                          challenges_open="ضعف التدريب في البداية", advice="ابدأوا التدريب مبكرًا")
    services.save_program_evaluation(program=program, by=manager_a, goal_summary="تحققت الأهداف جزئيًا.", complete=True)
    client.force_login(manager_a)
    response = client.post(reverse("evaluation:plan_again", args=[program.organization.slug, program.pk]), {
        "name": "الدورة الثانية", "goal": program.goal, "starts_on": "2025-01-01", "ends_on": "2025-06-30"})
    new = Program.objects.get(previous=program)
    assert response.url == reverse("evaluation:previous_cycle", args=[program.organization.slug, new.pk])
    lessons = list(CarriedLesson.objects.filter(program=new).order_by("pk"))
    assert [(lesson.section, lesson.text) for lesson in lessons] == [
        ("what_worked", "اجتماع أسبوعي قصير"), ("what_worked", "تقارير واضحة"),
        ("challenges_open", "ضعف التدريب في البداية"), ("advice", "ابدأوا التدريب مبكرًا"),
    ]
    page = client.get(response.url).content.decode()
    assert 'id="previous-figures"' in page and "تحققت الأهداف جزئيًا." in page
    assert page.count('data-applied="undecided"') == 4
    assert 'id="previous-cycle-link"' in client.get(reverse("programs:detail", args=[program.organization.slug, new.pk])).content.decode()
    mark = reverse("evaluation:lesson_mark", args=[program.organization.slug, new.pk, lessons[2].pk])
    assert client.post(mark, {"applied": "yes", "note": "بدأ التدريب قبل الانطلاق بأسبوع."}).status_code == 302
    assert client.post(mark, {"applied": "maybe"}).status_code == 302  # refused with a message
    lessons[2].refresh_from_db()
    assert (lessons[2].applied, lessons[2].note) == (True, "بدأ التدريب قبل الانطلاق بأسبوع.")


def test_org_b_cannot_read_or_mark_org_a_lessons(client, program, manager_a, manager_b):
    services.save_lessons(program=program, by=manager_a, advice="ابدأوا مبكرًا")
    new = plan_again(program, manager_a)
    lesson = CarriedLesson.objects.get(program=new)
    client.force_login(manager_b)
    assert client.get(reverse("evaluation:previous_cycle", args=[program.organization.slug, new.pk])).status_code == 404
    assert client.post(reverse("evaluation:lesson_mark", args=[program.organization.slug, new.pk, lesson.pk]), {"applied": "no"}).status_code == 404
    lesson.refresh_from_db()
    assert lesson.applied is None


def test_the_next_cycle_invites_only_this_programs_volunteers(program, opportunity, manager_a, org_a):
    ours = engagement_of(opportunity)
    other_program = programs.create_program(organization=org_a, by=manager_a, name="برنامج آخر", goal="هدف آخر",
                                            starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31))
    elsewhere = engagement_of(OpportunityFactory(organization=org_a, program=other_program))
    new = plan_again(program, manager_a)
    invited = set(RelationshipContact.objects.filter(program=new, kind="next_cycle").values_list("user_id", flat=True))
    assert invited == {ours.volunteer.user_id}
    assert elsewhere.volunteer.user_id not in invited
