"""Before the providers' members look for work, published listings get places left and the
listing that fits Sara is published (journeys.py): the first load then takes every place a
second load could find, and a second load changes nothing."""

from .journeys import fitting_sara, open_places


def load(report) -> None:
    open_places(extra=4)
    fitting_sara(report)
