"""The API's door to steps 8 and 9: evidence, lessons, the public impact page and the previous
cycle's lessons — the same services and rules as the web pages, scoped to the organization."""

import datetime as dt

import pytest

from khibra.evaluation import services
from khibra.evaluation.models import CarriedLesson, EvaluationEvidence, ProgramLessons
from khibra.testing.api import ApiClient, error_of

pytestmark = pytest.mark.django_db

FOCUS_GROUP = {"kind": "focus_group", "held_on": "2024-06-01", "participants": "ستة متطوعين ومشرفان",
               "findings": "الحاجة إلى تعريف أوضح بالمهام في الأسبوع الأول."}


def test_a_manager_records_lists_and_deletes_evidence(program, opportunity, manager_a, supervisor_a):
    manager = ApiClient(manager_a)
    created = manager.post(f"/programs/{program.pk}/evidence/", FOCUS_GROUP)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["held_on"], body["has_file"]) == ("focus_group", "2024-06-01", False)
    listed = ApiClient(supervisor_a).get(f"/programs/{program.pk}/evidence/")  # a member who takes part reads
    assert [item["id"] for item in listed.json()] == [body["id"]]
    assert ApiClient(supervisor_a).delete(f"/programs/{program.pk}/evidence/{body['id']}/").status_code == 403
    assert manager.delete(f"/programs/{program.pk}/evidence/{body['id']}/").status_code == 204
    assert not EvaluationEvidence.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"participants": ""}, "participants"),  # a focus group says who took part
    ({"kind": "third_party", "evaluator": ""}, "evaluator"),
    ({"held_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "held_on"),
    ({"findings": "   "}, "findings"),
])
def test_bad_evidence_is_refused_field_by_field_and_nothing_is_written(program, manager_a, change, field):
    response = ApiClient(manager_a).post(f"/programs/{program.pk}/evidence/", {**FOCUS_GROUP, **change})
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert not EvaluationEvidence.objects.exists()


def test_lessons_are_written_section_by_section_and_published(program, manager_a):
    manager = ApiClient(manager_a)
    empty = manager.get(f"/programs/{program.pk}/lessons/").json()
    assert empty["published_at"] is None and empty["impact_page_gaps"]
    refused = manager.put(f"/programs/{program.pk}/lessons/", {"publish": True})
    assert refused.status_code == 400 and ProgramLessons.objects.filter(published_at__isnull=False).count() == 0
    manager.put(f"/programs/{program.pk}/lessons/", {"what_worked": "الاجتماع الأسبوعي القصير"})
    saved = manager.put(f"/programs/{program.pk}/lessons/", {"advice": "ابدأ بالتهيئة مبكرًا", "publish": True}).json()
    assert saved["what_worked"] == "الاجتماع الأسبوعي القصير"  # left out: kept
    assert saved["advice"] == "ابدأ بالتهيئة مبكرًا" and saved["published_at"]


def test_the_impact_page_stays_private_until_it_shows_figures(program, manager_a):
    manager = ApiClient(manager_a)
    manager.put(f"/programs/{program.pk}/lessons/", {"what_worked": "الاجتماع الأسبوعي القصير"})
    refused = ApiClient(manager_a, language="en").put(f"/programs/{program.pk}/impact-page/", {"public": True})
    assert refused.status_code == 400
    assert "approved hours" in error_of(refused)["message"] + " ".join(sum(error_of(refused)["fields"].values(), []))
    assert not ProgramLessons.objects.get(program=program).public_impact


def test_a_carried_lesson_is_marked_applied(program, manager_a):
    lesson = CarriedLesson.objects.create(program=program, section="advice", text="ابدأ بالتهيئة مبكرًا")
    manager = ApiClient(manager_a)
    marked = manager.put(f"/programs/{program.pk}/carried-lessons/{lesson.pk}/", {"applied": True, "note": "طبقناه في الأسبوع الأول"})
    assert marked.status_code == 200 and marked.json()["applied"] is True
    lesson.refresh_from_db()
    assert lesson.applied is True and lesson.decided_by == manager_a
    undecided = manager.put(f"/programs/{program.pk}/carried-lessons/{lesson.pk}/", {"applied": None})
    assert undecided.json()["applied"] is None and undecided.json()["decided_at"] is None
    listed = manager.get(f"/programs/{program.pk}/lessons/").json()["carried_lessons"]
    assert [item["id"] for item in listed] == [lesson.pk]


def test_organization_b_can_neither_read_nor_change_organization_a(program, manager_a, manager_b):
    evidence = services.add_evidence(program=program, by=manager_a, kind="focus_group", held_on=dt.date(2024, 6, 1),
                                     participants="ستة متطوعين", findings="وضوح المهام")
    lesson = CarriedLesson.objects.create(program=program, section="advice", text="ابدأ مبكرًا")
    outsider = ApiClient(manager_b)
    for method, path, body in [
        ("get", f"/programs/{program.pk}/evidence/", None),
        ("post", f"/programs/{program.pk}/evidence/", FOCUS_GROUP),
        ("delete", f"/programs/{program.pk}/evidence/{evidence.pk}/", None),
        ("get", f"/programs/{program.pk}/lessons/", None),
        ("put", f"/programs/{program.pk}/lessons/", {"advice": "نص من جهة أخرى"}),
        ("put", f"/programs/{program.pk}/impact-page/", {"public": False}),
        ("put", f"/programs/{program.pk}/carried-lessons/{lesson.pk}/", {"applied": True}),
    ]:
        response = getattr(outsider, method)(path, body) if body is not None else getattr(outsider, method)(path)
        assert response.status_code == 404, (method, path)
    assert EvaluationEvidence.objects.count() == 1 and not ProgramLessons.objects.exists()
    lesson.refresh_from_db()
    assert lesson.applied is None
