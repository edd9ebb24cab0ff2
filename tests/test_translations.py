"""Arabic is the default language: every source string must have its Arabic translation."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale/ar/LC_MESSAGES/django.po"


def test_every_string_has_an_arabic_translation():
    catalog = polib.pofile(str(PO))
    missing = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]

    assert not missing, f"{len(missing)} strings lack Arabic: {missing[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy translations to review: {fuzzy[:20]}"


def test_the_catalog_is_compiled():
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run `make messages`"
    assert mo.stat().st_mtime >= PO.stat().st_mtime, "the .mo is older than the .po: run `make messages`"


def test_placeholders_survive_translation():
    catalog = polib.pofile(str(PO))
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, target in pairs:
            for token in _placeholders(source):
                if entry.msgid_plural and token == "%(counter)s":
                    continue  # Arabic's zero/one/two forms may spell the number out
                assert token in target, f"{token!r} missing in the Arabic of {entry.msgid!r}"


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}", text or ""))
