"""The labels of the evaluation set, decided from the JSON facts alone (never from a score).

For each opportunity:
- relevant: volunteers of the archetypes the opportunity names as able to do the work who pass
  every stated limit (work mode, city for in-person work, language, required years, age, gender,
  and at least a fifth of the weekly hours asked: the product's stated ratio);
- must_never_appear: every volunteer who misses a stated limit, whatever the archetype;
- must_rank_below: volunteers who pass the limits but cannot do the work (another archetype):
  each must rank below every relevant volunteer (or not be listed at all).

`python -m bench.match_eval.labels` writes the labels out to labels.json, with the reason of each
exclusion, for reading and review.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOURS_FLOOR = 0.2  # the ratio the product states (khibra/matching/limits.py)
TODAY = dt.date(2026, 12, 7)


def load_set() -> tuple[dict, dict]:
    volunteers = json.loads((HERE / "volunteers.json").read_text(encoding="utf-8"))
    opportunities = json.loads((HERE / "opportunities.json").read_text(encoding="utf-8"))
    return volunteers, opportunities


def volunteers_of(data: dict) -> dict[str, dict]:
    """{"<archetype>:<variant>": facts} for every volunteer of the set."""
    found = {}
    for archetype in data["archetypes"]:
        for name, variant in data["variants"].items():
            found[f"{archetype['key']}:{name}"] = {**variant, "archetype": archetype["key"], "variant": name}
    return found


def _age(born: str, today: dt.date) -> int:
    day = dt.date.fromisoformat(born)
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


def missed(volunteer: dict, opportunity: dict, today: dt.date = TODAY) -> list[str]:
    """The stated limits of the opportunity this volunteer misses, in words."""
    misses = []
    nature, mode = opportunity["nature"], volunteer["work_mode"]
    if nature == "in_person" and mode == "remote":
        misses.append("works remotely only; the work is in person")
    if nature == "remote" and mode == "in_person":
        misses.append("works in person only; the work is remote")
    if opportunity.get("city") and nature != "remote" and volunteer["city"] != opportunity["city"]:
        if nature == "in_person" or mode == "in_person":
            misses.append(f"not in {opportunity['city']} for in-person work")
    speaks = set(volunteer["languages"])
    if not ("ar" in speaks or (opportunity.get("english") and "en" in speaks)):
        misses.append("does not speak a language the work allows")
    if opportunity.get("rule") == "required" and volunteer["years"] < opportunity.get("min_years", 0):
        misses.append(f"{volunteer['years']} years, {opportunity['min_years']} required")
    age = _age(volunteer["born"], today)
    if opportunity.get("age_min") is not None and age < opportunity["age_min"]:
        misses.append(f"aged {age}, under {opportunity['age_min']}")
    if opportunity.get("age_max") is not None and age > opportunity["age_max"]:
        misses.append(f"aged {age}, over {opportunity['age_max']}")
    if opportunity.get("gender") and volunteer["gender"] != opportunity["gender"]:
        misses.append(f"the work is open to {opportunity['gender']} volunteers only")
    if volunteer["hours"] < opportunity["hours"] * HOURS_FLOOR:
        misses.append(f"offers {volunteer['hours']} of {opportunity['hours']} weekly hours, under a fifth")
    return misses


def labels(today: dt.date = TODAY) -> dict[str, dict]:
    volunteer_data, opportunity_data = load_set()
    volunteers = volunteers_of(volunteer_data)
    result = {}
    for opportunity in opportunity_data["opportunities"]:
        relevant, never, below = [], {}, []
        for key, volunteer in volunteers.items():
            misses = missed(volunteer, opportunity, today)
            if misses:
                never[key] = misses
            elif volunteer["archetype"] in opportunity["relevant"]:
                relevant.append(key)
            else:
                below.append(key)
        result[opportunity["key"]] = {
            "why": opportunity["why"],
            "relevant": relevant,
            "must_never_appear": never,
            "must_rank_below": below,
        }
    return result


if __name__ == "__main__":
    # One opportunity a line, so that a change of labels reads as a change of lines.
    rows = [f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}" for key, value in labels().items()]
    (HERE / "labels.json").write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")
    print(f"wrote {HERE / 'labels.json'}")
