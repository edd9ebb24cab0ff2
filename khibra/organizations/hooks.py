"""What organizations lets the apps above it answer or add to (khibra.core.hooks)."""

from khibra.core.hooks import Hook

volunteer_profile_model = Hook(
    "organizations.volunteer_profile_model",
    "volunteer_profile_model() -> the model whose row (one per user, a `user` field) makes a user a "
    "volunteer. The navigation facts (selectors.active_memberships, selectors.user_facts) ask it; "
    "volunteers answers.",
)

organization_page_context = Hook(
    "organizations.organization_page_context",
    "organization_page_context(organization=Organization) -> dict: what a higher app shows about an "
    "organization on its pages (its public page, its opportunities list). Recruitment adds its "
    "responsiveness to applications.",
)


def organization_page_extras(organization) -> dict:
    """Every registered app's context for an organization's pages, merged in registration order."""
    extras: dict = {}
    for context in organization_page_context(organization=organization):
        extras.update(context)
    return extras
