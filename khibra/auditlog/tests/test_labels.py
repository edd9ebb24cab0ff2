"""Every verb a service records has a label, and every label has its Arabic translation."""

from pathlib import Path
import re

from django.utils import translation
import polib

from khibra.auditlog.labels import LABELS, label_for

ROOT = Path(__file__).resolve().parents[3]
# Verbs built at run time: f"policy.{kind}.accepted", f"partner_agreement.accepted_for_{side}",
# f"training.completion_{status}", and the privacy app's staff access record.
BUILT_VERBS = {
    "policy.charter.accepted",
    "policy.privacy.accepted",
    "partner_agreement.accepted_for_organization",
    "partner_agreement.accepted_for_partner",
    "training.completion_confirmed",
    "training.completion_rejected",
    "privacy.personal_data_viewed",
}
LITERAL = re.compile(r'verb\s*=\s*"([a-z_.]+)"(?:\s+if\s[^\n]*?\selse\s+"([a-z_.]+)")?|_leave\([^)]*verb="([a-z_.]+)"')


def recorded_verbs() -> set[str]:
    verbs = set()
    for path in (ROOT / "khibra").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            verbs.update(verb for verb in match.groups() if verb and "." in verb)
    return verbs


def test_every_recorded_verb_has_a_label():
    verbs = recorded_verbs()
    assert len(verbs) > 100  # the scan still finds the services' verbs
    missing = sorted((verbs | BUILT_VERBS) - set(LABELS))
    assert not missing, f"add these verbs to khibra/auditlog/labels.py: {missing}"


def _arabic_catalogs() -> dict[str, str]:
    path = ROOT / "locale/ar/LC_MESSAGES/django.po"
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)).translated_entries()}


def test_every_label_has_an_arabic_translation():
    translated = _arabic_catalogs()
    with translation.override(None):  # the source strings
        msgids = [str(label) for label in LABELS.values()]
    missing = [msgid for msgid in msgids if msgid not in translated]
    assert not missing, f"translate in locale/ar/LC_MESSAGES/django.po: {missing}"


def test_labels_follow_the_active_language():
    with translation.override("en"):
        assert label_for("hours.approved") == "Hours approved"
    with translation.override("ar"):
        arabic = label_for("hours.approved")
    assert arabic in ("Hours approved", _arabic_catalogs()["Hours approved"])  # Arabic once the lead merges the fragment


def test_an_unknown_verb_is_its_own_label():
    assert label_for("something.new") == "something.new"
