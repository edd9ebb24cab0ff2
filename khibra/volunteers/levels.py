"""Which level of volunteering a profile qualifies for, and why.

The national model has three levels: general → skilled → professional. Professional volunteering
needs real experience in a profession *and* a recognised qualification; skilled volunteering needs
a profession, a skill or a qualification; everyone else volunteers at the general level.
The reasons are shown to the volunteer, so they say what was found and what is missing.
"""

from django.utils.translation import gettext as _, ngettext

from .models import Level, VolunteerProfile

# Years of experience in a profession needed for the professional level.
PROFESSIONAL_MIN_YEARS = 3
# Any one of these kinds of qualification counts for the professional level (all kinds today).
PROFESSIONAL_QUALIFICATION_KINDS = ("degree", "certificate", "license")


def _qualifications(profile: VolunteerProfile) -> list:
    if profile.pk is None:
        return []
    return list(profile.qualifications.all())


def _skill_count(profile: VolunteerProfile) -> int:
    if profile.pk is None:
        return 0
    return profile.skills.count()


def derive_level(profile: VolunteerProfile) -> tuple[str, list[str]]:
    """The level this profile qualifies for and, in words, why (and what the next level needs)."""
    qualifications = _qualifications(profile)
    recognised = [q for q in qualifications if q.kind in PROFESSIONAL_QUALIFICATION_KINDS]
    has_profession = profile.profession_id is not None
    years = profile.years_of_experience or 0
    skills = _skill_count(profile)

    enough_years = has_profession and years >= PROFESSIONAL_MIN_YEARS
    if enough_years and recognised:
        reasons = [
            _("You work as %(profession)s.") % {"profession": profile.profession},
            ngettext(
                "You have %(counter)s year of experience in your profession.",
                "You have %(counter)s years of experience in your profession.",
                years,
            )
            % {"counter": years},
            _("You hold a recognised qualification: %(title)s.") % {"title": recognised[0].title},
        ]
        return Level.PROFESSIONAL, reasons

    reasons: list[str] = []
    if has_profession or skills or qualifications:
        level = Level.SKILLED
        if has_profession:
            reasons.append(_("You named your profession: %(profession)s.") % {"profession": profile.profession})
        if skills:
            reasons.append(
                ngettext("You listed %(counter)s skill.", "You listed %(counter)s skills.", skills)
                % {"counter": skills}
            )
        if qualifications:
            reasons.append(
                ngettext(
                    "You added %(counter)s qualification.", "You added %(counter)s qualifications.", len(qualifications)
                )
                % {"counter": len(qualifications)}
            )
    else:
        level = Level.GENERAL
        reasons.append(_("Your profile does not list a profession, skills or qualifications yet."))
        reasons.append(_("For skilled volunteering: add your profession, your skills or a qualification."))

    # What is missing for the professional level.
    if not has_profession:
        reasons.append(_("For professional volunteering: choose your profession."))
    if years < PROFESSIONAL_MIN_YEARS:
        reasons.append(
            ngettext(
                "For professional volunteering: you need at least %(counter)s year of experience in your profession.",
                "For professional volunteering: you need at least %(counter)s years of experience in your profession.",
                PROFESSIONAL_MIN_YEARS,
            )
            % {"counter": PROFESSIONAL_MIN_YEARS}
        )
    if not recognised:
        reasons.append(
            _("For professional volunteering: add a degree, a professional certificate or a professional license.")
        )
    return level, reasons
