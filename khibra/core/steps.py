"""The nine steps of the professional volunteering model, as shown across the product."""

from django.utils.translation import gettext_lazy as _

NINE_STEPS = [
    (1, _("Needs assessment"), _("Find the work that is stalled and the skills your team lacks.")),
    (2, _("Opportunity design"), _("Describe the role, its deliverables, tasks and hours.")),
    (3, _("Service model"), _("Pick how the work is delivered: a team project, mentoring, a hackathon…")),
    (4, _("Agreements"), _("Agree in writing with each volunteer and partner.")),
    (5, _("Readiness"), _("Check that goals, people and approvals are in place.")),
    (6, _("Recruiting"), _("Reach the right professionals and select them as you would hire.")),
    (7, _("Managing"), _("Onboard, follow deliverables and look after your volunteers.")),
    (8, _("Evaluation"), _("Measure goals, satisfaction and value for resources.")),
    (9, _("Learn and repeat"), _("Share lessons and start the next cycle stronger.")),
]
