"""The text of the agreements, in Arabic and English (step 4: Table 5 and the partnership template).

A volunteer agreement is generated from its opportunity: the opportunity description *is* the
agreement. Each language is produced under `translation.override`, so the Arabic comes from the
message catalogue like any other page. The result is plain JSON:

    {"format": 1, "opportunity": 7,
     "ar": {"heading": …, "title": …, "organization": …, "sections": [{"key", "title", "body"}, …]},
     "en": {…}}

Nothing in it depends on the clock or on who generates it, so `fingerprint()` of two builds of an
unchanged opportunity is the same and a new version is made only when something really changed.
`body` is plain text; line breaks separate paragraphs and list items.
"""

from decimal import Decimal
import hashlib
import json

from django.utils import timezone, translation
from django.utils.translation import gettext as _, ngettext

from khibra.core.dates import format_dual

FORMAT = 1
LANGUAGES = ("ar", "en")
# How long before leaving a volunteer tells the organization (the withdrawal clause).
WITHDRAWAL_NOTICE_DAYS = 7


def fingerprint(content: dict) -> str:
    """SHA-256 of the canonical JSON: keys sorted, no insignificant spaces, UTF-8."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def number(value) -> str:
    """2.5 → '2.5', 5.0 → '5', 100 → '100' (never '1E+2')."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def section(key: str, title: str, *paragraphs: str) -> dict:
    return {"key": key, "title": title, "body": "\n".join(p for p in paragraphs if p)}


# --- the volunteer agreement ---------------------------------------------------------------


def build_volunteer_agreement(opportunity) -> dict:
    """Both languages of the agreement of `opportunity`, deterministic (see the module docstring)."""
    tasks = list(opportunity.tasks.order_by("due_on", "pk"))
    content: dict = {"format": FORMAT, "opportunity": opportunity.pk}
    for language in LANGUAGES:
        with translation.override(language):
            organization = opportunity.organization.name
            content[language] = {
                "heading": _("Volunteer opportunity agreement"),
                "title": opportunity.title,
                "organization": organization,
                "sections": _volunteer_sections(opportunity, organization, tasks),
            }
    return content


def _volunteer_sections(opportunity, organization: str, tasks: list) -> list[dict]:
    """The clauses in order: what the work is (from the opportunity), then the volunteer's duties."""
    names = {"title": opportunity.title, "organization": organization}
    return _work_sections(opportunity, names, tasks) + _duty_sections(names)


def _work_sections(opportunity, names: dict, tasks: list) -> list[dict]:
    sections = [
        section(
            "about",
            _("About this agreement"),
            _(
                "This agreement describes the professional volunteering opportunity “%(title)s” offered by "
                "%(organization)s, and what the organization and the volunteer who accepts it can expect "
                "from each other."
            )
            % names,
            _(
                "The volunteer accepts it on Khibra; the platform records who accepted it, when, and which "
                "version. If the agreement changes, the new version has to be accepted again."
            ),
        ),
        section(
            "organization",
            _("About the organization"),
            opportunity.organization.description.strip()
            or _("%(organization)s has not written a description yet.") % names,
        ),
        section("opportunity", _("The opportunity"), opportunity.description.strip()),
        section(
            "results",
            _("Expected results and deliverables"),
            opportunity.deliverables.strip(),
            _("The opportunity is complete once these deliverables are handed over and accepted by the organization."),
        ),
        section("tasks", _("Tasks and responsibilities"), *_tasks_paragraphs(opportunity, tasks)),
    ]
    requirements = _requirements_paragraphs(opportunity)
    if requirements:
        sections.append(section("requirements", _("Qualifications and requirements"), *requirements))
    sections += [
        section("supervision", _("Supervision and team"), *_supervision_paragraphs(opportunity)),
        section("schedule", _("Dates, hours and schedule"), *_schedule_paragraphs(opportunity)),
        section("place", _("Nature and place of the work"), *_place_paragraphs(opportunity)),
    ]
    benefits = _benefits_paragraphs(opportunity)
    if benefits:
        sections.append(section("benefits", _("What the volunteer gains"), *benefits))
    return sections


def _duty_sections(names: dict) -> list[dict]:
    return [
        section(
            "confidentiality",
            _("Confidentiality"),
            _(
                "The volunteer keeps confidential everything they learn about %(organization)s, its "
                "beneficiaries and its partners while volunteering, and shares none of it with anyone "
                "outside the organization without its written permission. This duty continues after the "
                "opportunity ends."
            )
            % names,
        ),
        section(
            "ownership",
            _("Ownership of the outputs"),
            _(
                "Everything the volunteer produces for this opportunity (documents, designs, code, data and "
                "any other output) belongs to %(organization)s, which may use, change and publish it. The "
                "organization credits the volunteer's contribution where appropriate."
            )
            % names,
        ),
        section(
            "withdrawal",
            _("Withdrawing"),
            ngettext(
                "A volunteer who can no longer continue tells the supervisor in writing at least %(days)d day "
                "in advance and hands over the work done so far.",
                "A volunteer who can no longer continue tells the supervisor in writing at least %(days)d days "
                "in advance and hands over the work done so far.",
                WITHDRAWAL_NOTICE_DAYS,
            )
            % {"days": WITHDRAWAL_NOTICE_DAYS},
        ),
        section(
            "ethics",
            _("Ethics charter"),
            _(
                "The volunteer abides by the volunteer ethics charter published on Khibra, which they accepted "
                "before accepting this agreement: reliability, confidentiality, responsibility, clear "
                "communication, quality, professionalism without conflicts of interest, and equal treatment "
                "of everyone without discrimination."
            ),
        ),
    ]


def _tasks_paragraphs(opportunity, tasks: list) -> list[str]:
    paragraphs = []
    if opportunity.responsibilities.strip():
        paragraphs.append(opportunity.responsibilities.strip())
    if tasks:
        paragraphs.append(_("Tasks, in the order they are due:"))
        for index, task in enumerate(tasks, start=1):
            paragraphs.append(
                _("%(number)s. %(task)s — due on %(date)s") % {"number": index, "task": task.title, "date": format_dual(task.due_on)}
            )
            if task.details.strip():
                paragraphs.append(task.details.strip())
    else:
        paragraphs.append(_("The tasks and their dates are agreed with the supervisor when the work starts."))
    return paragraphs


def _requirements_paragraphs(opportunity) -> list[str]:
    paragraphs = []
    if opportunity.requirements.strip():
        paragraphs.append(opportunity.requirements.strip())
    if opportunity.min_years_experience:
        paragraphs.append(
            ngettext(
                "At least %(years)d year of experience.",
                "At least %(years)d years of experience.",
                opportunity.min_years_experience,
            )
            % {"years": opportunity.min_years_experience}
        )
    return paragraphs


def _supervision_paragraphs(opportunity) -> list[str]:
    paragraphs = []
    supervisor = opportunity.supervisor.full_name if opportunity.supervisor_id else ""
    contact = opportunity.supervisor_contact.strip()
    if supervisor and contact:
        paragraphs.append(_("Supervisor: %(name)s (%(contact)s).") % {"name": supervisor, "contact": contact})
    elif supervisor or contact:
        paragraphs.append(_("Supervisor: %(name)s.") % {"name": supervisor or contact})
    else:
        paragraphs.append(_("The organization names the supervisor before the work starts."))
    paragraphs.append(
        _("The supervisor guides the volunteer, answers questions, reviews the deliverables and confirms the hours.")
    )
    if opportunity.execution_mode == "team":
        paragraphs.append(
            ngettext(
                "The work is done by a team of %(count)d volunteer.",
                "The work is done by a team of %(count)d volunteers.",
                opportunity.team_size,
            )
            % {"count": opportunity.team_size}
        )
    else:
        paragraphs.append(_("The work is done by one volunteer working with the supervisor."))
    if opportunity.english_allowed:
        paragraphs.append(
            _("English-speaking volunteers may take part; %(name)s supervises them in English.")
            % {"name": opportunity.english_supervisor}
        )
    return paragraphs


def _schedule_paragraphs(opportunity) -> list[str]:
    paragraphs = []
    if opportunity.starts_on and opportunity.ends_on:
        paragraphs.append(
            _("The work starts on %(start)s and ends on %(end)s.")
            % {"start": format_dual(opportunity.starts_on), "end": format_dual(opportunity.ends_on)}
        )
    elif opportunity.starts_on:
        paragraphs.append(_("The work starts on %(start)s.") % {"start": format_dual(opportunity.starts_on)})
    elif opportunity.ends_on:
        paragraphs.append(_("The work ends by %(end)s.") % {"end": format_dual(opportunity.ends_on)})
    else:
        paragraphs.append(_("The start and end dates are agreed with the supervisor."))
    paragraphs.append(_("Expected time: about %(hours)s hours a week.") % {"hours": number(opportunity.hours_per_week)})
    paragraphs.append(
        ngettext(
            "Schedule: %(days)d day × %(per_day)s hours a day = %(total)s hours in all.",
            "Schedule: %(days)d days × %(per_day)s hours a day = %(total)s hours in all.",
            opportunity.duration_days,
        )
        % {
            "days": opportunity.duration_days,
            "per_day": number(opportunity.hours_per_day),
            "total": number(opportunity.total_hours),
        }
    )
    return paragraphs


def _place_paragraphs(opportunity) -> list[str]:
    paragraphs = [_("Nature of the work: %(nature)s.") % {"nature": opportunity.get_nature_display()}]
    if opportunity.nature_notes.strip():
        paragraphs.append(_("When presence is needed: %(notes)s") % {"notes": opportunity.nature_notes.strip()})
    if opportunity.city_id and opportunity.venue.strip():
        paragraphs.append(
            _("Place: %(venue)s, %(city)s.") % {"venue": opportunity.venue.strip(), "city": opportunity.city.name}
        )
    elif opportunity.city_id:
        paragraphs.append(_("City: %(city)s.") % {"city": opportunity.city.name})
    elif opportunity.venue.strip():
        paragraphs.append(_("Place: %(venue)s.") % {"venue": opportunity.venue.strip()})
    return paragraphs


def _benefits_paragraphs(opportunity) -> list[str]:
    paragraphs = []
    if opportunity.benefits.strip():
        paragraphs.append(opportunity.benefits.strip())
    if opportunity.required_training.strip():
        paragraphs.append(_("Training required before starting: %(training)s") % {"training": opportunity.required_training.strip()})
    return paragraphs


# --- the partnership agreement ---------------------------------------------------------------


def build_partner_agreement(agreement, annex=None) -> dict:
    """Both languages of a partnership agreement; `annex` is the volunteer agreement (annex A).

    Built live for drafts and proposals, and frozen into `PartnerAgreement.content` when both
    parties have accepted.
    """
    content: dict = {"format": FORMAT, "version": agreement.version}
    if annex is not None:
        content["annex_a"] = {"version": annex.version, "fingerprint": annex.content_hash, "content": annex.content}
    for language in LANGUAGES:
        with translation.override(language):
            content[language] = {
                "heading": _("Partnership agreement for professional volunteering"),
                "title": agreement.opportunity.title,
                "organization": agreement.organization.name,
                "partner": agreement.partner.name,
                "sections": partner_sections(agreement),
            }
    return content


def partner_sections(agreement) -> list[dict]:
    names = {
        "organization": agreement.organization.name,
        "partner": agreement.partner.name,
        "title": agreement.opportunity.title,
    }
    return _partner_service_sections(agreement, names) + _partner_clause_sections(agreement, names)


def _partner_service_sections(agreement, names: dict) -> list[dict]:
    """Preamble to follow-up: who provides what, and how the parties work together."""
    start, end = format_dual(agreement.starts_on), format_dual(agreement.ends_on)
    return [
        section(
            "preamble",
            _("Preamble"),
            _(
                "This agreement is made between %(partner)s (“the partner”) and %(organization)s (“the "
                "non-profit”). The partner cares about serving society through the professional expertise "
                "of its people, and the non-profit needs that expertise to serve its beneficiaries better."
            )
            % names,
            _("The impact we seek together:"),
            agreement.impact_preamble.strip(),
        ),
        section(
            "services",
            _("1. Services"),
            ngettext(
                "%(partner)s provides %(count)d professional volunteer to carry out the opportunity “%(title)s” "
                "described in annex A, from %(start)s to %(end)s (the service period).",
                "%(partner)s provides %(count)d professional volunteers to carry out the opportunity “%(title)s” "
                "described in annex A, from %(start)s to %(end)s (the service period).",
                agreement.volunteers_count,
            )
            % {**names, "count": agreement.volunteers_count, "start": start, "end": end},
            _("The partner's obligations:"),
            agreement.partner_obligations.strip(),
        ),
        section("commitments", _("2. What the non-profit provides"), *_commitments_paragraphs(agreement)),
        section(
            "supervision",
            _("3. Supervision"),
            _(
                "%(organization)s supervises, guides and manages the volunteers throughout the service period, "
                "and gives them the training and support they need to work safely, professionally and effectively."
            )
            % names,
        ),
        section(
            "volunteer_statements",
            _("4. The volunteer opportunity"),
            _(
                "%(organization)s writes the description of the opportunity (annex A). Every volunteer accepts it "
                "on Khibra before starting, and the non-profit gives the partner the signed statement of each "
                "volunteer."
            )
            % names,
        ),
        section(
            "administration",
            _("5. Communication and follow-up"),
            _("Communication channels: %(channels)s") % {"channels": agreement.communication_channels.strip()},
            _("How often the parties meet or report: %(frequency)s") % {"frequency": agreement.communication_frequency.strip()},
            _("Follow-up of the deliverables: %(follow_up)s") % {"follow_up": agreement.deliverables_follow_up.strip()},
        ),
    ]


def _partner_clause_sections(agreement, names: dict) -> list[dict]:
    """Confidentiality to signatures: the standing clauses of the template."""
    return [
        section(
            "confidentiality",
            _("6. Confidentiality"),
            _(
                "The volunteers keep the information of %(organization)s confidential and disclose none of it "
                "to any third party without the non-profit's prior written consent."
            )
            % names,
        ),
        section(
            "ownership",
            _("7. Intellectual property"),
            _(
                "All rights, including intellectual property, in any work or product the volunteers take part "
                "in during the service belong to %(organization)s."
            )
            % names,
            agreement.outputs_ownership.strip(),
        ),
        section(
            "term",
            _("8. Term and termination"),
            _(
                "This agreement ends when the service period ends, unless the parties end it earlier by a "
                "written agreement."
            ),
            ngettext(
                "A party that wants to end it early tells the other in writing at least %(days)d day in advance.",
                "A party that wants to end it early tells the other in writing at least %(days)d days in advance.",
                agreement.termination_notice_days,
            )
            % {"days": agreement.termination_notice_days},
        ),
        section(
            "disputes",
            _("9. Settling disagreements"),
            agreement.dispute_resolution.strip()
            or _(
                "The parties first try to settle any disagreement amicably through their representatives; "
                "failing that, it is settled under the governing law below."
            ),
        ),
        section(
            "law",
            _("10. Governing law"),
            _(
                "This agreement is governed by and interpreted under the laws of the Kingdom of Saudi Arabia and "
                "its regulations on volunteer work."
            ),
        ),
        section(
            "entire",
            _("11. Entire agreement"),
            _(
                "This agreement and its annex are the whole agreement between the parties on its subject and "
                "replace every earlier or simultaneous understanding, written or spoken."
            ),
        ),
        section("signatures", _("12. Signatures"), *_signature_paragraphs(agreement, names)),
    ]


def _commitments_paragraphs(agreement) -> list[str]:
    paragraphs = []
    if agreement.resources.strip():
        paragraphs.append(_("Resources: %(text)s") % {"text": agreement.resources.strip()})
    if agreement.tools.strip():
        paragraphs.append(_("Tools: %(text)s") % {"text": agreement.tools.strip()})
    if agreement.incentives.strip():
        paragraphs.append(_("Incentives for the volunteers: %(text)s") % {"text": agreement.incentives.strip()})
    if not paragraphs:
        paragraphs.append(_("The non-profit provides what the volunteers need to do the work described in annex A."))
    return paragraphs


def _signature_paragraphs(agreement, names: dict) -> list[str]:
    paragraphs = [_("The parties accepted this agreement on Khibra on the dates below.")]
    for party, user, when in (
        (names["organization"], agreement.organization_accepted_by, agreement.organization_accepted_at),
        (names["partner"], agreement.partner_accepted_by, agreement.partner_accepted_at),
    ):
        if when is None:
            paragraphs.append(_("For %(party)s: not accepted yet.") % {"party": party})
        else:
            paragraphs.append(
                _("For %(party)s: accepted by %(name)s on %(date)s.")
                % {
                    "party": party,
                    "name": user.full_name if user else _("a former member"),
                    "date": format_dual(timezone.localtime(when).date()),
                }
            )
    return paragraphs
