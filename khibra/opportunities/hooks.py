"""What the opportunities app lets higher apps react to (see khibra/core/hooks.py).

Fired inside the service's transaction; a receiver's exception rolls the change back, and a
receiver that starts background work defers it with `transaction.on_commit`.
"""

from khibra.core.hooks import Hook

opportunity_changed = Hook(
    "opportunities.opportunity_changed",
    "opportunity(Opportunity): its title, requirements or professions may have changed; matching "
    "recomputes the opportunity's terms.",
)

opportunity_published = Hook(
    "opportunities.opportunity_published",
    "opportunity(Opportunity): published or reopened; matching queues the alert fan-out to run "
    "once the transaction commits.",
)

partner_involved = Hook(
    "opportunities.partner_involved",
    "opportunity(Opportunity) -> bool | None: a question (ask with .first): is a company or another "
    "provider taking part? The agreements app answers from its partner agreements and shortlists; "
    "the service-model chooser weighs the answer.",
)
