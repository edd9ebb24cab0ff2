"""Match entries (models.MatchEntry) written set-based in SQL, for one profile or for all.

One statement serves the profile editor (a few rows), the data migration and the bench loader (a
million profiles), so the three can never disagree. Plain SQL that SQLite and PostgreSQL both
read; it names tables, not models, so migrations can call it.
"""

from __future__ import annotations

EXPERIENCE_CAP = 10  # years of experience that count towards the static score

# The opportunity-independent part of the score: identity 5, declared days 1, declared times 1,
# experience up to 10. Kept in this order of weight by ranking.WEIGHTS.
_SCORE = (
    "(CASE WHEN p.identity_status = 'verified' THEN 5 ELSE 0 END)"
    " + (CASE WHEN p.available_days > 0 THEN 1 ELSE 0 END)"
    " + (CASE WHEN p.available_times > 0 THEN 1 ELSE 0 END)"
    f" + (CASE WHEN p.years_of_experience > {EXPERIENCE_CAP} THEN {EXPERIENCE_CAP} ELSE p.years_of_experience END)"
)


def _speaks(code: str) -> str:
    return (
        "(EXISTS (SELECT 1 FROM volunteers_volunteerprofile_languages pl JOIN reference_language l ON l.id = pl.language_id"
        f" WHERE pl.volunteerprofile_id = p.id AND l.code = '{code}'))"
    )


def _select(where: str) -> str:
    columns = f"p.id, {_SCORE}, p.hours_per_week, {_speaks('ar')}, {_speaks('en')}"
    cities = (
        "(SELECT id AS profile_id, city_id FROM volunteers_volunteerprofile WHERE city_id IS NOT NULL"
        " UNION SELECT volunteerprofile_id, city_id FROM volunteers_volunteerprofile_work_cities)"
    )
    in_person = "p.work_mode IN ('in_person', 'both')"
    return " UNION ALL ".join(
        [
            f"SELECT 'f:' || CAST(f.field_id AS TEXT), {columns} FROM volunteers_volunteerprofile p"
            f" JOIN volunteers_volunteerprofile_fields f ON f.volunteerprofile_id = p.id WHERE {where}",
            f"SELECT 'p:' || CAST(p.profession_id AS TEXT), {columns} FROM volunteers_volunteerprofile p"
            f" WHERE p.profession_id IS NOT NULL AND {where}",
            f"SELECT 'f:' || CAST(f.field_id AS TEXT) || ':c:' || CAST(c.city_id AS TEXT), {columns}"
            f" FROM volunteers_volunteerprofile p JOIN volunteers_volunteerprofile_fields f ON f.volunteerprofile_id = p.id"
            f" JOIN {cities} c ON c.profile_id = p.id WHERE {in_person} AND {where}",
            f"SELECT 'p:' || CAST(p.profession_id AS TEXT) || ':c:' || CAST(c.city_id AS TEXT), {columns}"
            f" FROM volunteers_volunteerprofile p JOIN {cities} c ON c.profile_id = p.id"
            f" WHERE p.profession_id IS NOT NULL AND {in_person} AND {where}",
        ]
    )


_INSERT = "INSERT INTO matching_matchentry (key, volunteer_id, score, hours, speaks_ar, speaks_en) "


def rebuild(connection, profile_ids: list[int] | None = None) -> int:
    """Write the entries of these profiles (all profiles when None) again. Returns rows written."""
    with connection.cursor() as cursor:
        if profile_ids is None:
            cursor.execute("DELETE FROM matching_matchentry")
            cursor.execute(_INSERT + _select("1 = 1"))
        else:
            if not profile_ids:
                return 0
            marks = ", ".join(["%s"] * len(profile_ids))
            cursor.execute(f"DELETE FROM matching_matchentry WHERE volunteer_id IN ({marks})", profile_ids)
            # The same ids once per branch of the UNION ALL.
            cursor.execute(_INSERT + _select(f"p.id IN ({marks})"), list(profile_ids) * 4)
        return max(cursor.rowcount, 0)


def key_for(kind: str, pk: int, city_id: int | None = None) -> str:
    """The key an opportunity looks up: kind "f" (field) or "p" (profession), in a city or not."""
    return f"{kind}:{pk}:c:{city_id}" if city_id else f"{kind}:{pk}"
