"""State changes of step 8 (surveys, reviews, reports, evidence, program evaluation) and step 9
(lessons, public impact page, plan again, relationships), one module per job; every use case is
importable from here."""

from .evidence import add_evidence, add_survey_question, delete_evidence, stop_asking
from .feedback import (
    CLOSED_STATUSES,
    answer_stakeholder_survey,
    answer_survey,
    asked_questions,
    close_report,
    on_engagement_closed,
    report_misconduct,
    review_organization,
    review_volunteer,
    send_yearly_surveys,
)
from .learning import (
    CARRIED_NEED_FIELDS,
    EVALUATION_FIELDS,
    LESSON_FIELDS,
    impact_page_gaps,
    invite_to_event,
    lesson_lines,
    mark_lesson,
    plan_again,
    save_lessons,
    save_program_evaluation,
    set_public_impact,
)
from .rates import MAX_HOUR_VALUE, delete_market_rate, set_market_rate, set_national_rate

__all__ = [
    "CARRIED_NEED_FIELDS", "CLOSED_STATUSES", "EVALUATION_FIELDS", "LESSON_FIELDS", "MAX_HOUR_VALUE",
    "add_evidence", "add_survey_question", "answer_stakeholder_survey", "answer_survey", "asked_questions",
    "close_report", "delete_evidence", "delete_market_rate", "impact_page_gaps", "invite_to_event", "lesson_lines",
    "mark_lesson", "on_engagement_closed", "plan_again", "report_misconduct", "review_organization", "review_volunteer",
    "save_lessons", "save_program_evaluation", "send_yearly_surveys", "set_market_rate", "set_national_rate",
    "set_public_impact", "stop_asking",
]
