"""The guide's volunteer survey (step 8): five questions, each 5-point scale with its own verbal
anchors, worded for one opportunity (the end-of-engagement survey) or for the year's
opportunities (the yearly survey); and the anchors of an organization's own 1–5 questions."""

from django.utils.translation import gettext_lazy as _, pgettext_lazy

from .models import SurveyKind

# Best first, as the guide lists them.
ANCHORS = {
    "satisfaction": [
        (5, _("Very satisfied")), (4, _("Satisfied")), (3, pgettext_lazy("survey anchor", "Neutral")),
        (2, _("Dissatisfied")), (1, _("Very dissatisfied")),
    ],
    "organization_quality": [
        (5, _("Very good")), (4, pgettext_lazy("survey anchor", "Good")), (3, pgettext_lazy("survey anchor", "Neutral")),
        (2, pgettext_lazy("survey anchor", "Poor")), (1, _("Very poor")),
    ],
    "training": [
        (5, _("Yes, definitely")), (4, _("To some extent")), (3, pgettext_lazy("survey anchor", "Neutral")),
        (2, _("Not enough")), (1, _("Definitely not")),
    ],
    "recommend": [
        (5, _("Yes, definitely")), (4, _("Yes, with some reservations")), (3, pgettext_lazy("survey anchor", "Neutral")),
        (2, _("I am not sure")), (1, _("Definitely not")),
    ],
}
CUSTOM_ANCHORS = [
    (5, _("Very good")), (4, pgettext_lazy("survey anchor", "Good")), (3, pgettext_lazy("survey anchor", "Neutral")),
    (2, pgettext_lazy("survey anchor", "Poor")), (1, _("Very poor")),
]

_FOR_ONE = {
    "satisfaction": _("How satisfied are you with this professional volunteering opportunity?"),
    "organization_quality": _("How well was this opportunity organized?"),
    "training": _("Did the training you received prepare you well for this opportunity?"),
}
_FOR_THE_YEAR = {
    "satisfaction": _("How satisfied are you with the professional volunteering opportunities you took part in this year?"),
    "organization_quality": _("How well were the professional volunteering opportunities organized?"),
    "training": _("Did the training you received prepare you well to take part in professional volunteering?"),
}
RECOMMEND = _("Would you recommend the organization's professional volunteering opportunities to others?")

# Short names of the five questions for reports and charts.
SHORT = {
    "satisfaction": _("Satisfaction with the opportunities"),
    "organization_quality": _("How well the opportunities were organized"),
    "training": _("Training prepared the volunteers"),
    "recommend": _("Would recommend them"),
}


def question(name: str, kind: str):
    """The wording of a rating question for a survey of `kind`."""
    if name == "recommend":
        return RECOMMEND
    return (_FOR_THE_YEAR if kind == SurveyKind.YEARLY else _FOR_ONE)[name]


def anchored(anchors) -> list[tuple[int, str]]:
    """Radio choices such as (5, "5 — Very satisfied")."""
    return [(value, _("%(value)s — %(anchor)s") % {"value": value, "anchor": anchor}) for value, anchor in anchors]
