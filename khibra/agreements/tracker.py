"""Agreements' part of the program tracker (programs/tracker.py): agreement columns on the
program's opportunities, step 4 and its page.

Step 4 is done only when the agreements are accepted, not merely written: every opportunity that
needs one (all but free commercial services) has its volunteer agreement, somebody accepted its
current version (a selected volunteer, or the partner through a signed partnership), no selected
volunteer still has to accept it (`awaiting_acceptance`, a column engagements adds) and no
partnership waits for a party's acceptance."""

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_GET

from khibra.opportunities.models import ServiceModel
from khibra.programs import tracker
from khibra.programs.models import StepStatus
from khibra.programs.step_pages import render_step_page

from .models import AgreementAcceptance, PartnerAgreement, PartnerAgreementStatus, VolunteerAgreement

PARTNER_WAITING = (PartnerAgreementStatus.DRAFT, PartnerAgreementStatus.PROPOSED)


def _latest():
    return VolunteerAgreement.objects.filter(opportunity=OuterRef("pk")).order_by("-version")


def _agreement_version() -> Subquery:
    return Subquery(_latest().values("version")[:1])


def _accepted_current() -> Subquery:
    current = VolunteerAgreement.objects.filter(opportunity=OuterRef(OuterRef("pk"))).order_by("-version").values("pk")[:1]
    return tracker.count(AgreementAcceptance.objects.filter(agreement_id=Subquery(current)))


def _partners_waiting() -> Subquery:
    return tracker.count(PartnerAgreement.objects.filter(opportunity=OuterRef("pk"), status__in=PARTNER_WAITING))


def _partners_signed() -> Subquery:
    return tracker.count(PartnerAgreement.objects.filter(opportunity=OuterRef("pk"), status=PartnerAgreementStatus.SIGNED))



def _step4(reads: tracker.Reads) -> tracker.Outcome:
    rows = reads["opportunities"]
    if not rows:
        return tracker.Outcome(StepStatus.NOT_STARTED, [_("Design an opportunity first; its description becomes the agreement.")])
    needing = [row for row in rows if row["service_model"] != ServiceModel.FREE_COMMERCIAL]
    if not needing:
        # Free commercial services need no volunteer agreement: the guide goes straight to step 5.
        return tracker.Outcome(StepStatus.DONE, skipped=True)
    missing = []
    without = sum(1 for row in needing if not row["agreement_version"])
    if without:
        missing.append(ngettext(
            "Prepare the volunteer agreement of %(counter)s opportunity.",
            "Prepare the volunteer agreements of %(counter)s opportunities.",
            without,
        ) % {"counter": without})
    awaiting = sum(row.get("awaiting_acceptance") or 0 for row in needing)
    if awaiting:
        missing.append(ngettext(
            "%(counter)s selected volunteer has not accepted the agreement yet.",
            "%(counter)s selected volunteers have not accepted the agreement yet.",
            awaiting,
        ) % {"counter": awaiting})
    unaccepted = sum(
        1 for row in needing
        if row["agreement_version"] and not row["accepted_current"] and not row["partners_signed"] and not row.get("awaiting_acceptance")
    )
    if unaccepted:
        missing.append(ngettext(
            "Nobody has accepted the agreement of %(counter)s opportunity yet: each selected volunteer accepts it.",
            "Nobody has accepted the agreements of %(counter)s opportunities yet: each selected volunteer accepts them.",
            unaccepted,
        ) % {"counter": unaccepted})
    partners = sum(row["partners_waiting"] for row in needing)
    if partners:
        missing.append(ngettext(
            "%(counter)s partnership agreement waits for both parties to accept it.",
            "%(counter)s partnership agreements wait for both parties to accept them.",
            partners,
        ) % {"counter": partners})
    if not missing:
        return tracker.Outcome(StepStatus.DONE)
    started = any(row["agreement_version"] for row in needing)
    return tracker.Outcome(StepStatus.IN_PROGRESS if started else StepStatus.NOT_STARTED, missing)


def _rows(program, reads) -> dict:
    rows = [
        {**row, "needs_agreement": row["service_model"] != ServiceModel.FREE_COMMERCIAL,
         "awaiting": row.get("awaiting_acceptance") or 0}
        for row in reads["opportunities"]
    ]
    return {"rows": rows}


@login_required
@require_GET
def program_agreements(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Step 4 for one program: each opportunity's agreement, who accepted it and who has not."""
    return render_step_page(request, org_slug, pk, number=4, template="agreements/program_step.html", extra=_rows)


def program_patterns(program: str) -> list:
    return [path(program + "agreements/", program_agreements, name="agreements")]


def register() -> None:
    """Called from AgreementsConfig.ready()."""
    tracker.columns(
        "opportunities",
        agreement_version=_agreement_version,
        accepted_current=_accepted_current,
        partners_waiting=_partners_waiting,
        partners_signed=_partners_signed,
    )
    tracker.rule(4, _step4)
    tracker.page(4, "programs:agreements")
