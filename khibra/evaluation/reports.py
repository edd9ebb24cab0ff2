"""Reads for the public impact page and the board documents: the survey answers beyond the five
ratings, the impact page's numbered sections. Nothing here writes."""

from collections import Counter

from .selectors import ProgramFigures, distribution


def survey_extras(answered) -> dict:
    """From answered surveys: how many predate the guide's wording, when volunteers feel exhausted
    (most frequent first), and the organization's own questions with their answers."""
    from .models import ExhaustionPoint, QuestionSet

    labels = dict(ExhaustionPoint.choices)
    exhaustion = Counter(s.exhaustion for s in answered if s.exhaustion)
    custom: dict[int, dict] = {}
    for survey in answered:
        for item in survey.custom_answers or []:
            row = custom.setdefault(item["question"], {"text": item["text"], "kind": item["kind"], "answers": []})
            if item["answer"] not in ("", None):
                row["answers"].append(item["answer"])
    for row in custom.values():
        if row["kind"] == "scale":
            row["distribution"] = distribution(int(a) for a in row["answers"])
    return {
        "earlier_answers": sum(1 for s in answered if s.question_set == QuestionSet.EARLIER),
        "exhaustion": [(str(labels.get(k, k)), n) for k, n in sorted(exhaustion.items(), key=lambda kv: (-kv[1], kv[0]))],
        "custom": list(custom.values()),
    }


def impact_sections(figures: ProgramFigures, lessons) -> dict[str, int]:
    """The sections the public impact page shows, numbered from 1 in order: the figures first,
    then only the sections that have something to say."""
    present = {
        "figures": True,
        # The organization's own examples; engagement-level outcomes stay on its private pages.
        "examples": bool(lessons.impact_examples),
        "challenges": bool(lessons.challenges_overcome or lessons.challenges_open),
        "lessons": bool(lessons.what_worked or lessons.advice),
        "beneficiaries": figures.beneficiaries is not None and figures.beneficiaries.reached > 0,
        "satisfaction": figures.surveys_answered > 0,
        "value": True,
    }
    shown = [name for name, show in present.items() if show]
    return {name: index for index, name in enumerate(shown, start=1)}
