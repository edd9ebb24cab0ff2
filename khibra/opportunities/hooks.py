"""What opportunities lets the apps above it add to its pages (khibra.core.hooks)."""

from khibra.core.hooks import Hook

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
