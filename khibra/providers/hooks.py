"""What providers asks of the apps above it (khibra.core.hooks): its pages show figures of hours,
certificates and surveys, which those apps own."""

from khibra.core.hooks import Hook

program_figures = Hook(
    "providers.program_figures",
    """The figures of a provider's program owned above providers, as a dict of ProviderSummary fields:
    hours, paid_hours, certificates, surveys (dashboards). Called as (provider).""",
)

member_figures = Hook(
    "providers.member_figures",
    """What the provider may see of one verified member beyond its participations, as a dict of
    MemberRecord fields: hours tagged with the provider and the valid certificates of the
    engagements it approved (dashboards). Called as (member, engagement_ids=).""",
)
