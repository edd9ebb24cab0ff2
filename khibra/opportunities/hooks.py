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

public_annotations = Hook(
    "opportunities.public_annotations",
    "public_annotations() -> dict of annotations: columns a higher app adds to the one read of a public "
    "opportunity (access.get_public_opportunity), so that its page needs no query when there is nothing "
    "to show. Training adds `requires_courses`. Asked once per process.",
)

public_page_context = Hook(
    "opportunities.public_page_context",
    "public_page_context(opportunity=Opportunity) -> dict: what a higher app shows on the public page of "
    "an opportunity (read with the public annotations). Training adds the courses to complete before "
    "applying.",
)


def public_page_extras(opportunity) -> dict:
    """Every registered app's context for the public page, merged in registration order."""
    extras: dict = {}
    for context in public_page_context(opportunity=opportunity):
        extras.update(context)
    return extras

listing_closed = Hook(
    "opportunities.listing_closed",
    "opportunity(Opportunity): a published listing closed itself at its application deadline or end date "
    "(services.close_due_listings, once per listing); recruitment tells its pending applicants.",
)
