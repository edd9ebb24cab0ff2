"""The Arabic catalogue keeps the glossary's terms (docs/glossary.md) and counts through plural forms."""

from pathlib import Path
import re

import polib

PO = Path(__file__).resolve().parents[1] / "locale/ar/LC_MESSAGES/django.po"

# term -> what to write instead (docs/glossary.md, "not" column), plus the misspellings once shipped.
WRONG = {
    "التطوع المهني": "التطوع الاحترافي",
    "تطوع مهني": "تطوع احترافي",
    "مدير المتطوعين": "مدير التطوع",
    "الجهة المقدِّمة": "الجهة الموفرة",
    "المانحة للمتطوعين": "الموفرة للمتطوعين",  # المانحة is who awards a certificate
    "الاشتراك": "إنشاء حساب",
    "غضو": "غضون",
    "لم ترى": "لم ترَ",
    "لم تتلقى": "لم تتلقَّ",
}
# A report of abuse is a بلاغ; a weekly report is a تقرير.
REPORT_WORDS = re.compile(r"\bweekly report", re.IGNORECASE)

# Placeholders that hold a count, followed by a noun that a count changes.
COUNT = r"%\((?:hours|days|weeks|months|count|counter|total|plan|week|day|logged|left|min|max|cap|grace|seats|places)\)[sd]"
COUNTED_NOUN = r"(?:ساعة|ساعات|يوم|يومًا|أيام|أسبوع|أسابيع|شهر|أشهر|متطوع|متطوعين|متطوعًا|فرصة|فرص|مقعد|مقاعد)"
NUMBER_THEN_NOUN = re.compile(rf"{COUNT}\s+{COUNTED_NOUN}(?![\u0600-\u06FF])")


def _entries():
    return [entry for entry in polib.pofile(str(PO)).translated_entries()]


def _texts(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_no_term_the_glossary_marks_wrong():
    found = [
        f"{entry.msgid[:60]!r}: {wrong!r} -> {right!r}"
        for entry in _entries()
        for text in _texts(entry)
        for wrong, right in WRONG.items()
        if wrong in text
    ]
    assert not found, "\n".join(found)


def test_a_weekly_report_is_never_called_an_abuse_report():
    found = [entry.msgid for entry in _entries() if REPORT_WORDS.search(entry.msgid) and "بلاغ" in entry.msgstr]
    assert not found, found


def test_counts_without_plural_forms_do_not_put_a_number_before_its_noun():
    # "4 ساعة" and "2 يوم" are wrong Arabic: such texts need ngettext, or the unit as a label.
    found = [f"{entry.msgid[:70]!r}: {entry.msgstr[:70]!r}" for entry in _entries()
             if not entry.msgid_plural and NUMBER_THEN_NOUN.search(entry.msgstr)]
    assert not found, "\n".join(found)
