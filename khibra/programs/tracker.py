"""The registry behind the nine-step tracker (steps.py): how each app says where a program stands.

A step's state comes from the rules registered for it (`rule`): each reads what one pass of the
tracker read (`Reads`) and answers an `Outcome`, or None to leave the step to the next rule. A step
that no rule answers takes the status set in the action plan.

What the rules read stays a fixed handful of queries, however many opportunities a program has:
each read is one query over rows owned by one app (`source`), and any app above adds the columns
its rule needs to it (`columns`) instead of asking on its own. A read runs the first time a rule
asks for it.

Each step also has its own page for the program (`page`): the app that owns the step serves it
under the program's address (programs.hooks.program_urls) and names it here, so the tracker links
each step to where its work is done.

Registered today (each app in its AppConfig.ready()):
- programs: the `program` read (one row, the program), steps 1 (needs) and 5 (readiness) and their pages;
- opportunities: the `opportunities` read (the program's opportunities that are not cancelled),
  steps 2 (design) and 3 (service model) and their pages;
- agreements: agreement columns on `opportunities` (versions, acceptances of the current version,
  partner agreements), step 4 and its page;
- recruitment: recruitment columns on `opportunities` (places, publication, plan, applications
  waiting), step 6 and its page;
- engagements: engagement columns on `opportunities` (active, closed, overdue work, open issues,
  and `awaiting_acceptance`: selected volunteers who have not accepted the current agreement,
  which step 4 reads), step 7 and its page;
- evaluation: columns on `program` (evaluation, surveys, lessons), steps 8 and 9 and their pages.
A rule reads a column of an app above its own with row.get(name, 0): without that app, nothing waits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Expression, F, Func, QuerySet, Subquery

from khibra.core.hooks import Hook
from khibra.core.steps import NINE_STEPS

from .models import StepStatus


@dataclass(frozen=True)
class Outcome:
    status: str
    missing: list[str] = field(default_factory=list)
    skipped: bool = False  # step 4 when every opportunity is a free commercial service


@dataclass
class _Source:
    rows: Callable[[Any], QuerySet]
    fields: tuple[str, ...]
    single: bool


_sources: dict[str, _Source] = {}
_pages: dict[int, str] = {}
_columns: dict[str, dict[str, Callable[[], Expression]]] = {}
_rules: dict[int, Hook] = {
    number: Hook(f"programs.step{number}", f"rule(reads) -> Outcome | None for step {number} of the tracker")
    for number, _title, _description in NINE_STEPS
}


def source(name: str, rows: Callable[[Any], QuerySet], *, fields: tuple[str, ...] = (), single: bool = False) -> None:
    """Declare the read `name`: `rows(program)` are the rows, `fields` their plain values; `single`
    when it is one row (read with get())."""
    _sources[name] = _Source(rows=rows, fields=fields, single=single)


def columns(name: str, **expressions: Callable[[], Expression]) -> None:
    """Add columns to the read `name`: each value builds the expression (an annotation on its rows,
    e.g. an Exists correlated on OuterRef("pk"), or a Count)."""
    _columns.setdefault(name, {}).update(expressions)


def rule(step: int, decide: Callable[[Reads], Outcome | None]) -> None:
    """Let `decide(reads)` tell the state of `step`; rules of one step are asked in registration
    order and the first Outcome wins."""
    _rules[step].register(decide)


def count(rows: QuerySet) -> Subquery:
    """A column: how many `rows` there are (rows already filtered on OuterRef), as a subquery,
    so that several count columns on one read never multiply each other through joins."""
    return Subquery(rows.order_by().annotate(counted=Func(F("pk"), function="COUNT")).values("counted")[:1])


def page(step: int, url_name: str) -> None:
    """Name the page of `step` for one program: a URL name taking org_slug and pk (the program)."""
    _pages[step] = url_name


def page_url(step: int, *, org_slug: str, program_pk: int) -> str:
    """The address of the page of `step` for the program, or "" when no app serves one."""
    from django.urls import reverse

    url_name = _pages.get(step)
    return reverse(url_name, kwargs={"org_slug": org_slug, "pk": program_pk}) if url_name else ""


def remaining(missing: int, of: int, message: str) -> Outcome:
    """The state of a step done row by row (of `of` rows, `missing` still to do): DONE when none
    is missing, else `message`, IN_PROGRESS once some rows are done."""
    if not missing:
        return Outcome(StepStatus.DONE)
    return Outcome(StepStatus.IN_PROGRESS if missing < of else StepStatus.NOT_STARTED, [message])


class Reads:
    """What one pass of the tracker read, by read name; each read runs once, when first asked."""

    def __init__(self, program):
        self.program = program
        self._values: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            self._values[name] = self._read(name)
        return self._values[name]

    def _read(self, name: str) -> Any:
        declared = _sources[name]
        expressions = {column: build() for column, build in _columns.get(name, {}).items()}
        rows = declared.rows(self.program).values(*declared.fields, **expressions)
        return rows.get() if declared.single else list(rows)


_notes: dict[int, Hook] = {
    number: Hook(f"programs.step{number}.notes", f"note(reads) -> list[str]: remarks shown under step {number}")
    for number, _title, _description in NINE_STEPS
}


def note(step: int, remarks: Callable[[Reads], list[str]]) -> None:
    """Let `remarks(reads)` add remarks under `step` (whatever its state), e.g. opportunities
    published on an admin's override before the readiness check (step 5)."""
    _notes[step].register(remarks)


def notes(step: int, reads: Reads) -> list[str]:
    return [remark for remarks in _notes[step](reads) for remark in remarks]


def decide(step: int, reads: Reads) -> Outcome | None:
    """The state of `step` as its rules see it, or None when no rule answers."""
    return _rules[step].first(reads)
