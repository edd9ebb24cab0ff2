"""The translations live in one catalogue, locale/ar/LC_MESSAGES/django.po, and it is complete."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "locale/ar/LC_MESSAGES/django.po"


def test_the_arabic_catalogue_is_the_only_one():
    catalogues = {path for folder in (ROOT / "locale", ROOT / "khibra") for path in folder.rglob("*.po")}
    assert catalogues == {CATALOGUE}


def test_every_entry_of_the_catalogue_has_its_arabic():
    catalogue = polib.pofile(str(CATALOGUE))
    missing = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert not missing, f"write their Arabic in {CATALOGUE.relative_to(ROOT)}: {missing[:20]}"
