"""The page of one step for one program, served by the app that owns the step (its rows come from
the same pass over the data as the tracker, so the page and the tracker always agree)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import access, tracker
from .models import Program
from .steps import step_state


def render_step_page(
    request: HttpRequest,
    org_slug: str,
    pk: int,
    *,
    number: int,
    template: str,
    extra: Callable[[Program, tracker.Reads], dict] | None = None,
) -> HttpResponse:
    """Access (any member who may see the program), the step's state and what needs attention,
    then `extra(program, reads)` for the app's own rows; renders `template` (extends
    programs/step_page.html)."""
    organization, membership, program = access.get_program_for_member(request.user, pk, slug=org_slug)
    reads = tracker.Reads(program)
    state = step_state(program, number, reads=reads, org_slug=organization.slug)
    context = {
        "organization": organization,
        "membership": membership,
        "manages": access.can_run_programs(organization, membership),
        "program": program,
        "state": state,
    }
    if extra is not None:
        context.update(extra(program, reads))
    return render(request, template, context)
