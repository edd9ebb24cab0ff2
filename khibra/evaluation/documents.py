"""Program documents for the board, as Arabic (RTL) or English PDFs with Hijri and Gregorian
dates: the action plan (Table 1), the needs assessment (Table 2), the recruitment plans
(Table 6), the readiness assessment (step 5) and the evaluation report (steps 8 and 9).

Evaluation stands above every app these documents read, so it serves them all, under the
program's address (programs.hooks.program_urls: programs:board_document)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy as _
from django.views.decorators.http import require_GET

from khibra.core import pdf
from khibra.programs.access import get_program_for_member

DOCUMENTS = {
    "action-plan": _("Action plan"),
    "needs-assessment": _("Needs assessment"),
    "recruitment-plan": _("Recruitment plan"),
    "readiness": _("Readiness assessment"),
    "evaluation-report": _("Program evaluation report"),
}


def _action_plan(program) -> dict:
    from khibra.programs.steps import step_states

    return {"steps": step_states(program)}


def _needs(program) -> dict:
    from khibra.programs.models import Need, NeedsAssessment

    return {
        "assessment": NeedsAssessment.objects.filter(program=program).first(),
        "needs": Need.objects.on_list().filter(program=program).select_related("field").order_by("priority", "created_at", "pk"),
    }


def _recruitment(program) -> dict:
    from khibra.opportunities.models import MarketingChannel
    from khibra.recruitment.models import RecruitmentPlan
    from khibra.recruitment.services.plans import Incentive

    incentives, channels = dict(Incentive.choices), dict(MarketingChannel.choices)
    plans = (
        RecruitmentPlan.objects.filter(opportunity__program=program)
        .exclude(opportunity__status="cancelled")
        .select_related("opportunity__city", "publisher", "assistant")
        .order_by("opportunity__title", "pk")
    )
    return {"plans": [
        {"plan": plan, "incentives": [incentives.get(code, code) for code in plan.incentives],
         "tools": [channels.get(code, code) for code in plan.tools]}
        for plan in plans
    ]}


def _readiness(program) -> dict:
    from khibra.programs import readiness

    answers = readiness.answers_of(program)
    return {
        "rows": [(criterion, answers.get(criterion.code)) for criterion in readiness.CRITERIA],
        "verdict": readiness.verdict_from(answers),
        "ready_score": readiness.READY_SCORE,
    }


def _evaluation(program) -> dict:
    from .models import EvaluationEvidence, ProgramLessons
    from .selectors import program_evaluation

    return {
        "figures": program_evaluation(program),
        "evidence": EvaluationEvidence.objects.filter(program=program).order_by("held_on", "pk"),
        "lessons": ProgramLessons.objects.filter(program=program).first(),
    }


_CONTEXT = {
    "action-plan": _action_plan,
    "needs-assessment": _needs,
    "recruitment-plan": _recruitment,
    "readiness": _readiness,
    "evaluation-report": _evaluation,
}


def render_document(program, kind: str, *, language: str) -> bytes:
    """The PDF of one board document of `program` in `language` ("ar" or "en")."""
    context = {"program": program, "organization": program.organization, "kind": kind,
               "document_title": DOCUMENTS[kind], "issued_on": timezone.localdate(), **_CONTEXT[kind](program)}
    return pdf.render_template_pdf(f"evaluation/board/{kind}.html", context, language=language)


@login_required
@require_GET
def board_document(request: HttpRequest, org_slug: str, pk: int, kind: str) -> HttpResponse:
    """A board document of the program, for the members who may see it; ?lang=ar|en."""
    organization, _membership, program = get_program_for_member(request.user, pk, slug=org_slug)
    if kind not in DOCUMENTS:
        raise Http404
    language = request.GET.get("lang") if request.GET.get("lang") in ("ar", "en") else (
        "en" if (get_language() or "ar").startswith("en") else "ar")
    data = render_document(program, kind, language=language)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="program-{program.pk}-{kind}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def program_patterns(program: str) -> list:
    return [path(program + "documents/<slug:kind>/", board_document, name="board_document")]
