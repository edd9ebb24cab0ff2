"""Step 3 (Table 4): the seven common ways professional volunteering is delivered.

Each model says what it is, what it usually brings, what usually goes wrong and when it fits.
The chooser page shows them side by side; `service_model_chooser.recommend_service_models` ranks them for one
opportunity.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import ServiceModel


@dataclass(frozen=True)
class ServiceModelInfo:
    model: ServiceModel
    summary: Promise
    pros: tuple[Promise, ...]
    cons: tuple[Promise, ...]
    fits_when: Promise
    # Choosing this model means there is no agreement to draw up (step 4) before readiness.
    skips_agreements: bool = False

    @property
    def label(self) -> str:
        return self.model.label


SERVICE_MODELS: dict[str, ServiceModelInfo] = {
    info.model.value: info
    for info in (
        ServiceModelInfo(
            model=ServiceModel.TEAM_PROJECT,
            summary=_(
                "A team delivers one well-defined product in a fixed period: either employees lent by a "
                "company or another provider, or a team the organization assembles from professionals."
            ),
            pros=(
                _("The fixed timetable lets you schedule the work for your quieter months."),
                _("A lot of value arrives in a short time."),
            ),
            cons=(
                _("Once the team leaves, changing what it built (a website, say) can be hard."),
                _("Your staff must set aside real time to guide and support the team."),
            ),
            fits_when=_(
                "The result is a standard product such as a new website or a strategic plan, several skills "
                "are needed at once, and a partner can lend a whole team."
            ),
        ),
        ServiceModelInfo(
            model=ServiceModel.HACKATHON,
            summary=_(
                "Specialists such as programmers and designers work intensively for one day or a few days "
                "to build solutions for one or several non-profits."
            ),
            pros=(
                _("A short, fixed event is easy to place at a calm time for the organization."),
                _("It produces a lot in very little time."),
            ),
            cons=(
                _("Work built in a rush by outsiders can be hard to maintain afterwards."),
                _("Participants know little about the organization, so the ideas may not fit or be easy to apply."),
            ),
            fits_when=_(
                "The challenge can be framed and answered in a few days, ideally in person, and you can "
                "organise an event or join one run by others."
            ),
        ),
        ServiceModelInfo(
            model=ServiceModel.BOARD_SERVICE,
            summary=_(
                "Professionals serve on the board of directors or lead one of its specialised committees "
                "(audit, investment, governance…)."
            ),
            pros=(
                _("Board members often open doors to their employers' resources: staff volunteering time, in-kind gifts, contacts."),
                _("It builds lasting relationships with people in other organizations."),
            ),
            cons=(
                _("Some see board seats as ceremonial, so the added value may be small."),
                _("Rules and by-laws make an inactive member hard to replace."),
            ),
            fits_when=_(
                "The organization needs expertise in its governance and oversight over a long period rather "
                "than a single deliverable."
            ),
        ),
        ServiceModelInfo(
            model=ServiceModel.COACHING,
            summary=_(
                "A professional coaches or mentors one staff member for a month or more, in person or "
                "remotely, to pass on experience and build their abilities."
            ),
            pros=(
                _("Because it lasts, it builds the staff member's abilities deeply."),
                _("It creates strong ties with professionals from other organizations."),
            ),
            cons=(
                _("The quality of the coaching is hard to watch."),
                _("It can take a few tries to find a coach and a staff member who work well together."),
            ),
            fits_when=_(
                "The aim is to grow a person on your team (a manager, an accountant, a fundraiser) rather "
                "than to hand over a finished product."
            ),
        ),
        ServiceModelInfo(
            model=ServiceModel.SECONDMENT,
            summary=_(
                "A professional takes leave from their employer, or is seconded by it, to work full time "
                "at the non-profit for a period."
            ),
            pros=(
                _("Working full time over a long period builds strong relationships with the partner organization."),
                _("The organization gets a senior professional's undivided attention."),
            ),
            cons=(
                _("Paid staff must never be replaced by unpaid volunteers: it strains the team and erodes trust."),
                _("It needs a high level of management from the organization."),
            ),
            fits_when=_(
                "The work needs someone close to full time for weeks or months, and a provider that offers "
                "sabbaticals or secondments is willing to take part."
            ),
        ),
        ServiceModelInfo(
            model=ServiceModel.FREE_COMMERCIAL,
            summary=_(
                "A company gives the organization the service it normally sells, free of charge: legal "
                "advice from a law firm, an audit from an accounting firm, software from a vendor."
            ),
            pros=(
                _("Little design or management effort is needed from the organization."),
                _("The people delivering it do this for a living, so their skill level is high."),
            ),
            cons=(
                _("A commercial offer is not built for non-profits and may not suit yours."),
                _("Activating the free service and keeping it running can still cost the organization money."),
            ),
            fits_when=_(
                "A company already sells exactly the service you need and agrees to give it to you for free. "
                "There is no volunteer agreement to write: go straight to readiness, recruiting and the later steps."
            ),
            skips_agreements=True,
        ),
        ServiceModelInfo(
            model=ServiceModel.SKILLS_BASED,
            summary=_(
                "Individual professionals, from the public or from a provider's staff, fill a specialist "
                "opportunity at the organization for a set period, often remotely."
            ),
            pros=(
                _("Longer opportunities build a great deal of capacity."),
                _("It builds strong relationships with people from other organizations."),
            ),
            cons=(
                _("Paid staff must never be replaced by unpaid volunteers: it strains the team and erodes trust."),
                _("It needs a high level of management from the organization."),
            ),
            fits_when=_(
                "One professional, or a few, can deliver a clear result over some weeks; the volunteer may "
                "work outside their day job's title as long as they have the expertise."
            ),
        ),
    )
}
