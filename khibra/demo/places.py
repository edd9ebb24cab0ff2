"""Before the providers' members look for work, published listings get places left
(journeys.open_places): the first load then takes every place a second load could find."""

from .journeys import open_places


def load(report) -> None:
    open_places(extra=4)
