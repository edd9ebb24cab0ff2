"""What recruitment lets the apps above it do when an application moves (khibra.core.hooks)."""

from khibra.core.hooks import Hook

application_accepted = Hook(
    "recruitment.application_accepted",
    """An application was accepted and its seat taken, in the same transaction: the receiver starts
    the engagement and returns it (engagements). Called as (application=, by=).""",
)

accepted_application_withdrawn = Hook(
    "recruitment.accepted_application_withdrawn",
    """The volunteer withdraws an accepted application, in the same transaction: a receiver that
    ends the application's active engagement (which withdraws the application and frees the seat)
    returns it; when nobody answers, recruitment withdraws the application itself. Called as
    (application=, by=, reason=).""",
)

employers = Hook(
    "recruitment.employers",
    """The volunteers' employers an organization may see on its selection board, as {user id:
    Organization} (providers, which respects each volunteer's choice to share it). Called as
    (user_ids, organization).""",
)

applicant_fits = Hook(
    "recruitment.applicant_fits",
    """The 0–100 fit of each applicant to the opportunity, as {volunteer profile id: int}, for the
    selection board's cards, filter and sort (matching, which owns the score). Called as
    (opportunity, volunteer_ids).""",
)
