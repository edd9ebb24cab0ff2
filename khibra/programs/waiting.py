"""Selectors of the readiness checks (step 5) still open for an organization's managers: programs
running or to come whose readiness is not yet confirmed, due by the program's start. Reads only;
the home assembles them (site.selectors). Scoped to the organizations given; two queries."""

from collections import defaultdict
import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core.inbox import Waiting, with_bdi

from .models import Program, ReadinessItem
from .readiness import CRITERIA_BY_CODE, verdict_from


def _not_ready(organizations, today: dt.date) -> list[Program]:
    programs = list(Program.objects.filter(organization__in=organizations, ends_on__gte=today).select_related("organization").order_by("starts_on", "pk"))
    answers: dict[int, dict] = defaultdict(dict)
    items = ReadinessItem.objects.filter(assessment__program__in=programs, criterion__in=CRITERIA_BY_CODE).select_related("assessment")
    for item in items:
        answers[item.assessment.program_id][item.criterion] = item
    return [program for program in programs if not verdict_from(answers[program.pk]).ready]


def waiting_counts(organizations, *, today: dt.date | None = None) -> dict[str, int]:
    return {"readiness": len(_not_ready(organizations, today or timezone.localdate()))}


def waiting_for_manager(organizations, *, today: dt.date | None = None) -> list[Waiting]:
    return [
        Waiting(
            kind="readiness",
            title=with_bdi(_("Confirm the readiness of “%(name)s”"), name=program.name),
            subject="",
            url=reverse("programs:readiness", args=[program.organization.slug, program.pk]),
            due=program.starts_on,
            organization=program.organization.name,
            key=f"readiness-{program.pk}",
        )
        for program in _not_ready(organizations, today or timezone.localdate())
    ]
