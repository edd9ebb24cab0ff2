"""State changes of step 8's other sources of data: focus groups and third-party evaluations
recorded as evidence on the program evaluation, and an organization's own survey questions."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit, uploads
from khibra.organizations.access import require_manager

from ..models import MAX_CUSTOM_QUESTIONS, CustomQuestionKind, EvaluationEvidence, EvidenceKind, SurveyQuestion


@transaction.atomic
def add_evidence(*, program, by, kind: str, held_on: dt.date | None, findings: str, participants: str = "",
                 evaluator: str = "", file=None) -> EvaluationEvidence:
    """Record a focus group (who took part) or a third-party evaluation (who evaluated), its date,
    findings and, optionally, its file (checked by content: khibra.core.uploads.WORK_FILE)."""
    require_manager(program.organization, by)
    participants, evaluator, findings = (participants or "").strip(), (evaluator or "").strip(), (findings or "").strip()
    errors = {}
    if kind not in EvidenceKind.values:
        errors["kind"] = _("Choose a focus group or a third-party evaluation.")
    if held_on is None:
        errors["held_on"] = _("Give the date it took place.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("The date cannot be in the future.")
    if kind == EvidenceKind.FOCUS_GROUP and not participants:
        errors["participants"] = _("Say who took part in the focus group.")
    if kind == EvidenceKind.THIRD_PARTY and not evaluator:
        errors["evaluator"] = _("Name the party that carried out the evaluation.")
    if not findings:
        errors["findings"] = _("Write what the evidence found.")
    stored = None
    if file:
        try:
            stored = uploads.clean_upload(file, uploads.WORK_FILE)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    evidence = EvaluationEvidence(
        program=program, kind=kind, held_on=held_on, participants=participants if kind == EvidenceKind.FOCUS_GROUP else "",
        evaluator=evaluator if kind == EvidenceKind.THIRD_PARTY else "", findings=findings, created_by=by,
    )
    if stored is not None:
        evidence.file_name = file.name[-200:]  # shown to people; the stored name is random
        evidence.file = stored
    evidence.full_clean()
    evidence.save()
    audit.record(actor=by, verb="evaluation.evidence_added", target=evidence, organization=program.organization, kind=kind)
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: EvaluationEvidence, by) -> None:
    program = evidence.program
    require_manager(program.organization, by)
    audit.record(actor=by, verb="evaluation.evidence_deleted", target=evidence, organization=program.organization, kind=evidence.kind)
    if evidence.file:
        # The file goes only once the deletion is committed: a rolled-back deletion keeps it.
        storage, name = evidence.file.storage, evidence.file.name
        transaction.on_commit(lambda: storage.delete(name))
    evidence.delete()


@transaction.atomic
def add_survey_question(*, organization, by, text: str, kind: str) -> SurveyQuestion:
    """An organization adds its own question to its volunteer surveys (a written answer or 1–5)."""
    require_manager(organization, by)
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the question.")
    elif len(text) > 300:
        errors["text"] = _("Keep the question under 300 characters.")
    if kind not in CustomQuestionKind.values:
        errors["kind"] = _("Choose a written answer or a rating from 1 to 5.")
    if not errors and SurveyQuestion.objects.filter(organization=organization, active=True).count() >= MAX_CUSTOM_QUESTIONS:
        errors["text"] = _("Your surveys already ask %(max)s questions of your own: stop asking one first.") % {"max": MAX_CUSTOM_QUESTIONS}
    if errors:
        raise ValidationError(errors)
    question = SurveyQuestion.objects.create(organization=organization, text=text, kind=kind, created_by=by)
    audit.record(actor=by, verb="survey_question.added", target=question, organization=organization)
    return question


@transaction.atomic
def stop_asking(*, question: SurveyQuestion, by) -> SurveyQuestion:
    """The question is no longer asked; answers already given keep it (with its text as asked)."""
    require_manager(question.organization, by)
    question.active = False
    question.save(update_fields=["active", "updated_at"])
    audit.record(actor=by, verb="survey_question.retired", target=question, organization=question.organization)
    return question
