"""Dashboard tables speak the page's language: their row labels are in the Arabic catalogue."""

from django.conf import settings
import polib


def test_every_row_label_of_the_tables_is_in_the_catalogue():
    catalogue = {entry.msgid for entry in polib.pofile(str(settings.BASE_DIR / "locale/ar/LC_MESSAGES/django.po"))}
    for label in ("Opportunities with every seat filled", "Median days to fill", "Average days to fill"):
        assert label in catalogue, f"{label!r} is not extracted for translation"
