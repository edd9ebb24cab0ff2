"""Matching in words: the parts of the fit, the reasons (to the manager in the volunteer's
grammatical gender, to the volunteer in the second person), what kept a fit from being higher,
and why a list is short or empty (near misses grouped by the one limit each misses).

The counts behind the explanations are bounded: near misses are looked for among the match
entries an opportunity's shortlist reads (≤ PER_KEY per key), one COUNT per limit.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.utils.translation import gettext as _, ngettext, pgettext

from .models import SynonymGroup
from .terms import tokens


def part_labels() -> dict[str, str]:
    return {
        "relevance": _("What the work needs (skills, qualifications)"),
        "profession": _("Profession"),
        "experience": _("Years of experience"),
        "hours": _("Weekly hours"),
        "fields": _("Fields"),
        "city": _("City"),
        "verification": _("Verified identity"),
        "track_record": _("Completed opportunities"),
        "load": _("Current load"),
    }


def _originals(texts: list[str]) -> dict[str, str]:
    """{normalised token: the word as written} for the words of these texts."""
    found: dict[str, str] = {}
    for text in texts:
        for word in re.findall(r"\w+", text or ""):
            for token in tokens(word):
                found.setdefault(token, word)
    return found


def matched_terms(rows: QuerySet, owner: str, keys: list[str], most: int = 4, texts: list[str] | None = None) -> dict[int, list[str]]:
    """{owner id: up to `most` words shared with `keys`}: synonym groups by name, then the words
    as written in `texts` (a word not found there is left out rather than shown normalised)."""
    if not keys:
        return {}
    originals = _originals(texts or [])
    found: dict[int, list[str]] = {}
    for owner_id, key in rows.filter(key__in=keys).order_by("-weight", "key").values_list(owner, "key"):
        found.setdefault(owner_id, []).append(key)
    group_ids = {int(key[2:]) for keys_of in found.values() for key in keys_of if key.startswith("g:") and key[2:].isdigit()}
    names = dict(SynonymGroup.objects.filter(pk__in=group_ids).values_list("pk", "name"))
    words: dict[int, list[str]] = {}
    for owner_id, keys_of in found.items():
        shown = [names.get(int(key[2:]), "") if key.startswith("g:") else originals.get(key[2:], "") for key in keys_of]
        words[owner_id] = [word for word in dict.fromkeys(shown) if word][:most]
    return words


def _years(n: int) -> str:
    return ngettext("%(counter)s year", "%(counter)s years", n) % {"counter": n}


def _hours(n: float) -> str:
    value = int(n) if float(n).is_integer() else n
    return ngettext("%(counter)s hour a week", "%(counter)s hours a week", int(n)) % {"counter": value}


def hours_gap(offered: float, asked: float, *, to_volunteer: bool = False, gender: str = "") -> str:
    """"Offers 6 hours a week of the 25 asked: the work would take about 4 times as long."""
    values = {"offered": _hours(offered), "asked": _hours(asked)}
    if to_volunteer:
        text = _("You offer %(offered)s of the %(asked)s asked") % values
    elif gender == "female":
        text = pgettext("about a woman", "Offers %(offered)s of the %(asked)s asked") % values
    elif gender == "male":
        text = pgettext("about a man", "Offers %(offered)s of the %(asked)s asked") % values
    else:
        text = _("Offers %(offered)s of the %(asked)s asked") % values
    ratio = round(asked / offered) if offered else 0
    if ratio >= 2:
        longer = ngettext(
            "the work would take about %(counter)s time as long.", "the work would take about %(counter)s times as long.", ratio
        ) % {"counter": ratio}
    else:
        longer = _("the work would take a little longer.")
    return f"{text}: {longer}"


# --- reasons -----------------------------------------------------------------------------------------


def _said(gender: str, woman: str, man: str, neutral: str) -> str:
    return woman if gender == "female" else man if gender == "male" else neutral


def reasons_for_manager(row, words: list[str]) -> list[str]:
    """Why this volunteer is suggested, in the volunteer's grammatical gender (neutral without one)."""
    gender = getattr(row, "gender", "") or ""
    reasons = []
    profession = row.profession.name if getattr(row, "profession", None) else ""
    if row.m_asked_profession:
        reasons.append(
            _said(
                gender,
                _("Her profession, %(profession)s, is one the opportunity asks for."),
                _("His profession, %(profession)s, is one the opportunity asks for."),
                _("The profession on the profile, %(profession)s, is one the opportunity asks for."),
            )
            % {"profession": profession}
        )
    elif row.m_fitting_profession:
        reasons.append(
            _said(
                gender,
                _("Her profession, %(profession)s, fits the opportunity's field."),
                _("His profession, %(profession)s, fits the opportunity's field."),
                _("The profession on the profile, %(profession)s, fits the opportunity's field."),
            )
            % {"profession": profession}
        )
    if words:
        reasons.append(
            _said(
                gender,
                _("Her profile matches what the work needs: %(words)s."),
                _("His profile matches what the work needs: %(words)s."),
                _("The profile matches what the work needs: %(words)s."),
            )
            % {"words": "، ".join(words)}
        )
    reasons += _common_reasons(row, gender=gender)
    return reasons


def reasons_for_volunteer(row, words: list[str]) -> list[str]:
    """Why this opportunity is recommended, said to the volunteer."""
    reasons = []
    if row.m_asked_profession:
        reasons.append(_("It asks for your profession."))
    elif row.m_fitting_profession:
        reasons.append(_("Your profession fits its field."))
    if words:
        reasons.append(_("Your profile matches what the work needs: %(words)s.") % {"words": "، ".join(words)})
    reasons += _common_reasons(row, to_volunteer=True)
    return reasons


def _common_reasons(row, *, gender: str = "", to_volunteer: bool = False) -> list[str]:
    reasons = []
    if row.m_fields:
        if to_volunteer:
            reasons.append(ngettext("It is in %(counter)s of your fields.", "It is in %(counter)s of your fields.", row.m_fields) % {"counter": row.m_fields})
        else:
            reasons.append(ngettext("%(counter)s shared field.", "%(counter)s shared fields.", row.m_fields) % {"counter": row.m_fields})
    if row.m_min_years and row.m_years >= row.m_min_years:
        values = {"years": _years(row.m_years), "asked": _years(row.m_min_years)}
        if to_volunteer:
            reasons.append(_("Your %(years)s of experience meet the %(asked)s asked.") % values)
        else:
            reasons.append(_("Experience: %(years)s (%(asked)s asked).") % values)
    elif not row.m_min_years and row.m_years:
        reasons.append(_("Experience: %(years)s.") % {"years": _years(row.m_years)})
    if row.m_hours >= row.m_asked_hours:
        reasons.append(_("Has the weekly hours asked.") if not to_volunteer else _("You have the weekly hours it asks for."))
    if row.m_local and not row.m_remote:
        reasons.append(_("In the same city.") if not to_volunteer else _("It is in your city."))
    if row.m_completed:
        reasons.append(
            ngettext("%(counter)s opportunity completed before.", "%(counter)s opportunities completed before.", row.m_completed)
            % {"counter": row.m_completed}
        )
    if row.m_rating:
        reasons.append(_("Organizations rated past work %(rating)s out of 5.") % {"rating": f"{row.m_rating:.1f}"})
    if row.p_verification and not to_volunteer:
        reasons.append(_("The identity is verified."))
    return reasons


# --- what kept a fit from being higher ---------------------------------------------------------------


def shortfalls(row, weights: dict[str, float], *, to_volunteer: bool = False) -> list[str]:
    """The parts that lost the most points, each with the points lost and why, in words."""
    lost = sorted(((weights[name] - getattr(row, f"p_{name}"), name) for name in weights), reverse=True)
    said = []
    for points, name in lost:
        if points < 1.5 or len(said) == 3:
            break
        text = _shortfall(name, row, to_volunteer=to_volunteer)
        if text:
            said.append(_("%(why)s (−%(points)s)") % {"why": text, "points": f"{points:.0f}"})
    return said


def _shortfall(name: str, row, *, to_volunteer: bool) -> str:
    gender = getattr(row, "gender", "") or ""
    if name == "hours":
        return hours_gap(row.m_hours, row.m_asked_hours, to_volunteer=to_volunteer, gender=gender)
    if name == "relevance":
        return _("Few of the skills and words the work asks for appear on the profile.")
    if name == "profession":
        return _("Not a profession the opportunity asks for.")
    if name == "experience" and row.m_min_years and row.m_years < row.m_min_years:
        return _("Experience %(years)s, below the %(asked)s preferred.") % {
            "years": _years(row.m_years), "asked": _years(row.m_min_years)
        }
    if name == "experience":
        return _("Few years of experience beyond the minimum.")
    if name == "fields":
        return _("The fields ticked on the profile are not the opportunity's.")
    if name == "city":
        return _("Not in the opportunity's city.")
    if name == "track_record":
        return _("No completed opportunities on the platform yet.")
    return ""
