"""Fixtures of the programs tests: a program of org A (and one of org B) built through the services."""

import datetime as dt

import pytest

from khibra.programs import services
from khibra.programs.models import Suitability


@pytest.fixture
def program(org_a, manager_a):
    return services.create_program(
        organization=org_a,
        by=manager_a,
        name="برنامج التطوع الاحترافي ١٤٤٧",
        goal="سد الفجوات التقنية والمالية في الجمعية بخبرات المتطوعين المحترفين.",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )


@pytest.fixture
def program_b(org_b, manager_b):
    return services.create_program(
        organization=org_b,
        by=manager_b,
        name="برنامج خبرات البر",
        goal="تطوير الحوكمة والتسويق.",
        starts_on=dt.date(2026, 2, 1),
        ends_on=dt.date(2026, 8, 31),
    )


def answer_questions(program, by):
    return services.save_needs_assessment(
        program=program,
        by=by,
        stalled_work="تحديث الموقع الإلكتروني متعثر منذ سنة.",
        capability_gaps="لا يوجد لدينا مطور ويب ولا مختص تسويق رقمي.",
        development_roles="إدارة البيانات وقياس الأثر.",
        initiatives="حملة رمضان السنوية وبرنامج كفالة الأيتام.",
    )


def add_need(program, by, title="موقع إلكتروني", **values):
    values.setdefault("suitability", Suitability.VOLUNTEER)
    values.setdefault("skills_required", "تطوير مواقع بلغة بايثون وجانغو")
    return services.add_need(program=program, by=by, title=title, **values)


@pytest.fixture
def need(program, manager_a):
    return add_need(program, manager_a)
