from khibra.testing.factories import QualificationFactory, VolunteerProfileFactory, profession
from khibra.volunteers import services
from khibra.volunteers.levels import PROFESSIONAL_MIN_YEARS, derive_level
from khibra.volunteers.models import Level, VolunteerProfile


def test_it_puts_an_empty_profile_at_the_general_level(db):
    profile = VolunteerProfileFactory(years_of_experience=0)
    level, reasons = derive_level(profile)
    assert level == Level.GENERAL
    assert reasons  # says what the next level needs


def test_it_reads_an_unsaved_profile(db):
    level, reasons = derive_level(VolunteerProfile(years_of_experience=5))
    assert level == Level.GENERAL
    assert reasons


def test_a_profession_makes_a_volunteer_skilled(db):
    profile = VolunteerProfileFactory(profession=profession("lawyer"), years_of_experience=1)
    level, _ = derive_level(profile)
    assert level == Level.SKILLED


def test_skills_alone_make_a_volunteer_skilled(volunteer):
    profile = services.save_profile(user=volunteer, skills=["تصميم الهوية البصرية"])
    assert derive_level(profile)[0] == Level.SKILLED


def test_a_qualification_alone_makes_a_volunteer_skilled(db):
    profile = VolunteerProfileFactory(years_of_experience=0)
    QualificationFactory(profile=profile)
    assert derive_level(profile)[0] == Level.SKILLED


def test_experience_and_a_qualification_make_a_volunteer_professional(db):
    profile = VolunteerProfileFactory(profession=profession(), years_of_experience=PROFESSIONAL_MIN_YEARS)
    QualificationFactory(profile=profile, kind="license", title="زمالة الهيئة السعودية للمراجعين والمحاسبين")
    level, reasons = derive_level(profile)
    assert level == Level.PROFESSIONAL
    assert len(reasons) == 3


def test_one_year_short_of_the_threshold_stays_skilled(db):
    profile = VolunteerProfileFactory(profession=profession(), years_of_experience=PROFESSIONAL_MIN_YEARS - 1)
    QualificationFactory(profile=profile)
    level, reasons = derive_level(profile)
    assert level == Level.SKILLED
    assert len(reasons) >= 2  # why skilled, and what is missing


def test_years_without_a_profession_do_not_make_a_professional(db):
    profile = VolunteerProfileFactory(profession=None, years_of_experience=15)
    QualificationFactory(profile=profile)
    assert derive_level(profile)[0] == Level.SKILLED


def test_experience_without_a_qualification_is_not_professional(db):
    profile = VolunteerProfileFactory(profession=profession(), years_of_experience=20)
    assert derive_level(profile)[0] == Level.SKILLED


def test_reasons_are_translated(db, settings):
    from django.utils import translation

    profile = VolunteerProfileFactory(profession=profession(), years_of_experience=5)
    with translation.override("en"):
        english = derive_level(profile)[1]
    assert all(isinstance(reason, str) and reason for reason in english)
