"""The starter relations between professions and fields (codes of khibra/reference/data.py).

Each profession fits its main field (Profession.field) and the further fields listed here.
Loaded by a data migration; platform staff edit the rows in the admin afterwards.
"""

EXTRA_FITS: dict[str, list[str]] = {
    "chartered-accountant": ["financial-resources", "governance"],
    "accountant": ["financial-resources"],
    "financial-analyst": ["finance-accounting", "business-development"],
    "internal-auditor": ["governance"],
    "lawyer": ["governance"],
    "legal-advisor": ["governance"],
    "software-engineer": ["data-management"],
    "web-developer": ["marketing"],
    "data-analyst": ["digital-infrastructure", "sustainable-services"],
    "data-scientist": ["digital-infrastructure"],
    "it-infrastructure": ["data-management"],
    "cybersecurity": ["data-management", "governance"],
    "project-manager": ["institutional-building"],
    "strategy-consultant": ["institutional-building", "business-development"],
    "management-consultant": ["strategic-planning", "administration"],
    "governance-specialist": ["institutional-building", "legal-affairs"],
    "hr-specialist": ["volunteer-institutionalization", "capacity-building", "administration"],
    "trainer": ["human-resources"],
    "marketing-specialist": ["communication-pr-media", "fundraising"],
    "digital-marketer": ["communication-pr-media"],
    "graphic-designer": ["communication-pr-media"],
    "pr-specialist": ["marketing", "partnerships"],
    "journalist": ["marketing"],
    "fundraiser": ["financial-resources", "partnerships"],
    "investment-specialist": ["finance-accounting"],
    "business-developer": ["partnerships", "financial-resources"],
    "partnerships-manager": ["business-development", "fundraising"],
    "volunteer-manager": ["human-resources"],
    "office-manager": ["human-resources"],
    "university-professor": ["sustainable-services"],
}


def load(Profession, Field, ProfessionFit) -> int:
    """Create the missing rows (models may be historical). Returns rows created."""
    fields = dict(Field.objects.values_list("code", "pk"))
    wanted = set()
    for profession_id, code, main_field_id in Profession.objects.values_list("pk", "code", "field_id"):
        if main_field_id:
            wanted.add((profession_id, main_field_id))
        for field_code in EXTRA_FITS.get(code, []):
            if field_code in fields:
                wanted.add((profession_id, fields[field_code]))
    existing = set(ProfessionFit.objects.values_list("profession_id", "field_id"))
    rows = [ProfessionFit(profession_id=p, field_id=f) for p, f in sorted(wanted - existing)]
    ProfessionFit.objects.bulk_create(rows)
    return len(rows)
