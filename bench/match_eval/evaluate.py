"""Load the evaluation set into a (test) database and measure matching against its labels.

`load()` creates the volunteers and opportunities through the product's own factories and
services (charter accepted, terms and match entries refreshed, opportunities published);
`measure()` asks the four consumers of "fits" — suggestions, recommendations, invitations'
check and alert recipients — and compares with labels.py:

- precision@3: relevant volunteers among the first three suggestions, over min(3, relevant);
- nDCG@10: binary relevance, over the first ten suggestions;
- hard-limit violations: a must-never-appear volunteer suggested, recommended, invitable or
  alerted (each consumer counted apart);
- order violations: a volunteer who cannot do the work listed above a relevant one, or listed
  while a relevant one is not.
"""

from __future__ import annotations

import datetime as dt
import math

from .labels import labels, load_set, volunteers_of


def load(today: dt.date | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """Create the rows; returns ({volunteer key: profile id}, {opportunity key: opportunity id})."""
    from khibra.matching.index import refresh_volunteer
    from khibra.opportunities.models import Opportunity
    from khibra.testing.factories import (
        OrganizationFactory,
        QualificationFactory,
        city,
        field,
        matching_opportunity,
        matching_volunteer,
        profession,
    )

    volunteer_data, opportunity_data = load_set()
    archetypes = {archetype["key"]: archetype for archetype in volunteer_data["archetypes"]}
    volunteer_ids = {}
    for key, facts in volunteers_of(volunteer_data).items():
        archetype = archetypes[facts["archetype"]]
        text = archetype[facts["text"]]
        profile = matching_volunteer(
            fields=archetype["fields"] if facts["tick_fields"] else (),
            profession_code=archetype["profession"],
            city_code=facts["city"],
            languages=facts["languages"],
            headline=text["headline"],
            specialty=text["specialty"],
            years_of_experience=facts["years"],
            hours_per_week=facts["hours"],
            work_mode=facts["work_mode"],
            gender=facts["gender"],
            birth_date=dt.date.fromisoformat(facts["born"]),
        )
        QualificationFactory(profile=profile, title=text["qualification"])
        refresh_volunteer(profile)
        volunteer_ids[key] = profile.pk
    organization = OrganizationFactory()
    opportunity_ids = {}
    for item in opportunity_data["opportunities"]:
        hours = item["hours"]
        values = dict(
            organization=organization,
            title=item["title"],
            requirements=item["requirements"],
            fields=[field(code) for code in item["fields"]],
            nature=item["nature"],
            city=city(item["city"]) if item.get("city") else None,
            hours_per_week=hours,
            hours_per_day=min(max(hours / 5, 1), 8),
            min_years_experience=item.get("min_years", 0),
            experience_rule=item.get("rule", "required"),
            english_allowed=bool(item.get("english")),
            english_supervisor="Sara (English-speaking supervisor)" if item.get("english") else "",
            gender=item.get("gender", ""),
            age_min=item.get("age_min"),
            age_max=item.get("age_max"),
            tasks=[(title, 3 + 5 * n) for n, title in enumerate(item.get("tasks", []))],
        )
        opportunity = matching_opportunity(**values)
        opportunity.required_professions.set([profession(code) for code in item.get("professions", [])])
        from khibra.matching.index import refresh_opportunity

        refresh_opportunity(Opportunity.objects.get(pk=opportunity.pk))
        opportunity_ids[item["key"]] = opportunity.pk
    return volunteer_ids, opportunity_ids


def _ndcg(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    gains = sum(1 / math.log2(i + 2) for i, key in enumerate(ranked[:k]) if key in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return gains / ideal if ideal else 1.0


def _order_violations(ranked: list[str], relevant: set[str], below: set[str]) -> int:
    found = 0
    for position, key in enumerate(ranked):
        if key in below:
            found += sum(1 for other in relevant if other not in ranked[:position])
    return found


def measure(volunteer_ids: dict[str, int], opportunity_ids: dict[str, int], today: dt.date | None = None) -> dict:
    from khibra.matching import ranking
    from khibra.matching.alerts import alert_recipients
    from khibra.matching.selectors import fitting_volunteers
    from khibra.opportunities.models import Opportunity
    from khibra.volunteers.models import VolunteerProfile

    key_of = {pk: key for key, pk in volunteer_ids.items()}
    opportunity_key_of = {pk: key for key, pk in opportunity_ids.items()}
    truth = labels(today) if today else labels()
    rows, violations, order = [], {"suggestions": [], "recommendations": [], "invitations": [], "alerts": []}, 0
    for key, pk in opportunity_ids.items():
        opportunity = Opportunity.objects.get(pk=pk)
        label = truth[key]
        relevant, never, below = set(label["relevant"]), set(label["must_never_appear"]), set(label["must_rank_below"])
        suggestions = ranking.suggest_volunteers(opportunity=opportunity, limit=10)
        ranked = [key_of[s.volunteer.pk] for s in suggestions]
        hits = sum(1 for v in ranked[:3] if v in relevant)
        rows.append({"opportunity": key, "p_at_3": hits / min(3, len(relevant)) if relevant else 1.0, "ndcg_at_10": _ndcg(ranked, relevant), "top": ranked[:3]})
        violations["suggestions"] += [(key, v) for v in ranked if v in never]
        invitable = {key_of[p] for p in fitting_volunteers(opportunity).values_list("pk", flat=True)}
        violations["invitations"] += [(key, v) for v in sorted(invitable & never)]
        alerted = {key_of[p] for p in alert_recipients(opportunity).values_list("pk", flat=True)}
        violations["alerts"] += [(key, v) for v in sorted(alerted & never)]
        order += _order_violations(ranked, relevant, below)
    for key, pk in volunteer_ids.items():
        volunteer = VolunteerProfile.objects.get(pk=pk)
        for recommendation in ranking.recommend_opportunities(volunteer=volunteer, limit=50):
            opportunity_key = opportunity_key_of[recommendation.opportunity.pk]
            if key in truth[opportunity_key]["must_never_appear"]:
                violations["recommendations"].append((opportunity_key, key))
    return {
        "opportunities": len(opportunity_ids),
        "volunteers": len(volunteer_ids),
        "precision_at_3": round(sum(r["p_at_3"] for r in rows) / len(rows), 3),
        "ndcg_at_10": round(sum(r["ndcg_at_10"] for r in rows) / len(rows), 3),
        "hard_limit_violations": sum(len(found) for found in violations.values()),
        "violations": violations,
        "order_violations": order,
        "per_opportunity": rows,
    }


def report(result: dict) -> str:
    lines = [
        f"Matching quality on the labelled set: {result['opportunities']} opportunities, {result['volunteers']} volunteers",
        f"  precision@3           {result['precision_at_3']:.3f}",
        f"  nDCG@10               {result['ndcg_at_10']:.3f}",
        f"  hard-limit violations {result['hard_limit_violations']}  "
        + "  ".join(f"{name}: {len(found)}" for name, found in result["violations"].items()),
        f"  order violations      {result['order_violations']}",
    ]
    for row in result["per_opportunity"]:
        if row["p_at_3"] < 1 or row["ndcg_at_10"] < 0.9:
            lines.append(f"  below par: {row['opportunity']} p@3={row['p_at_3']:.2f} nDCG@10={row['ndcg_at_10']:.2f} top={row['top']}")
    return "\n".join(lines)
