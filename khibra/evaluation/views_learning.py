"""Pages of step 8's evidence (focus groups, third-party evaluations), the organization's own
survey questions, and step 9's next cycle opened with the previous cycle's lessons in view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core import uploads
from khibra.core.actions import run_action, save_form
from khibra.core.forms import form_status
from khibra.organizations.access import get_organization_for_member
from khibra.programs.access import can_run_programs, get_program_for_member

from . import selectors, services
from .forms import EvidenceForm, LessonMarkForm, SurveyQuestionForm
from .models import MAX_CUSTOM_QUESTIONS, CarriedLesson, EvaluationEvidence, ProgramLessons, SurveyQuestion


def _program(request: HttpRequest, org_slug: str, pk: int, *, manage: bool = False):
    organization, membership, program = get_program_for_member(request.user, pk, slug=org_slug, manage=manage)
    return organization, membership, program, can_run_programs(organization, membership)


# --- evidence (step 8) --------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def evidence(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The program's focus groups and third-party evaluations; managers record new ones."""
    organization, membership, program, manages = _program(request, org_slug, pk, manage=request.method == "POST")
    form = EvidenceForm(request.POST or None, request.FILES or None) if manages else None
    saved = save_form(
        request, form,
        lambda data: services.add_evidence(program=program, by=request.user, **data),
        done=_("The evidence is recorded."),
        then=lambda _saved: redirect("evaluation:evidence", org_slug=organization.slug, pk=program.pk),
    )
    if saved:
        return saved
    context = {
        "organization": organization, "program": program, "manages": manages, "form": form,
        "items": EvaluationEvidence.objects.filter(program=program).order_by("-held_on", "-pk"),
    }
    return render(request, "evaluation/evidence.html", context, status=form_status(request, form))


def _evidence_of(request: HttpRequest, org_slug: str, pk: int, evidence_pk: int, *, manage: bool = False):
    organization, _membership, program, _manages = _program(request, org_slug, pk, manage=manage)
    return organization, program, get_object_or_404(EvaluationEvidence, program=program, pk=evidence_pk)


@login_required
@require_GET
def evidence_file(request: HttpRequest, org_slug: str, pk: int, evidence_pk: int) -> FileResponse:
    """The evidence's file, for the members who may see the program (never a public address)."""
    _organization, _program_row, item = _evidence_of(request, org_slug, pk, evidence_pk)
    return uploads.download(item.file, item.file_name or "evidence")


@login_required
@require_POST
def evidence_delete(request: HttpRequest, org_slug: str, pk: int, evidence_pk: int) -> HttpResponse:
    organization, program, item = _evidence_of(request, org_slug, pk, evidence_pk, manage=True)
    run_action(request, lambda: services.delete_evidence(evidence=item, by=request.user), _("The evidence is deleted."))
    return redirect("evaluation:evidence", org_slug=organization.slug, pk=program.pk)


# --- the organization's own survey questions ----------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def survey_questions(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
    form = SurveyQuestionForm(request.POST or None)
    saved = save_form(
        request, form,
        lambda data: services.add_survey_question(organization=organization, by=request.user, **data),
        done=_("The question is added to your surveys."),
        then=lambda _saved: redirect("evaluation:survey_questions", org_slug=organization.slug),
    )
    if saved:
        return saved
    questions = SurveyQuestion.objects.filter(organization=organization).order_by("-active", "created_at", "pk")
    context = {"organization": organization, "form": form, "questions": questions, "max_questions": MAX_CUSTOM_QUESTIONS}
    return render(request, "evaluation/survey_questions.html", context, status=form_status(request, form))


@login_required
@require_POST
def survey_question_stop(request: HttpRequest, org_slug: str, question_pk: int) -> HttpResponse:
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
    question = get_object_or_404(SurveyQuestion, organization=organization, pk=question_pk)
    run_action(request, lambda: services.stop_asking(question=question, by=request.user), _("The question is no longer asked."))
    return redirect("evaluation:survey_questions", org_slug=organization.slug)


# --- the next cycle, with the previous one in view (step 9) -------------------------------------

@login_required
@require_GET
def previous_cycle(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The cycle this program follows: its evaluation's figures and each of its lessons, which
    the manager marks as applied in this cycle or not."""
    organization, membership, program, manages = _program(request, org_slug, pk)
    previous = program.previous
    if previous is None:
        raise Http404
    lessons = list(CarriedLesson.objects.filter(program=program).order_by("pk"))
    context = {
        "organization": organization, "program": program, "previous": previous, "manages": manages,
        "figures": selectors.program_evaluation(previous),
        "previous_lessons": ProgramLessons.objects.filter(program=previous).first(),
        "rows": [(lesson, LessonMarkForm(initial={"applied": {True: "yes", False: "no"}.get(lesson.applied, ""), "note": lesson.note},
                                         auto_id=f"lesson-{lesson.pk}-%s")) for lesson in lessons],
        "applied": sum(1 for lesson in lessons if lesson.applied), "undecided": sum(1 for lesson in lessons if lesson.applied is None),
    }
    return render(request, "evaluation/previous_cycle.html", context)


@login_required
@require_POST
def lesson_mark(request: HttpRequest, org_slug: str, pk: int, lesson_pk: int) -> HttpResponse:
    organization, membership, program, manages = _program(request, org_slug, pk, manage=True)
    if not manages:
        raise PermissionDenied
    lesson = get_object_or_404(CarriedLesson, program=program, pk=lesson_pk)
    form = LessonMarkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        run_action(request, lambda: services.mark_lesson(lesson=lesson, by=request.user, applied=form.decision(),
                                                         note=form.cleaned_data["note"]), _("Your decision is saved."))
    url = reverse("evaluation:previous_cycle", kwargs={"org_slug": organization.slug, "pk": program.pk})
    return redirect(f"{url}#lesson-{lesson.pk}")
