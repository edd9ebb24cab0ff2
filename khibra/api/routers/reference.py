"""Reference lists (fields, cities, professions, languages, skills): the ids clients need to fill
profiles and opportunities. Public; only active rows (approved skills)."""

from django.db.models import Q
from ninja import Field as SchemaField, Query, Router, Schema

from khibra.api.auth import optional_bearer
from khibra.api.errors import ERRORS
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, ref
from khibra.core.arabic import normalize
from khibra.reference.models import City, Field, Language, Profession, Skill

router = Router(tags=["reference"])


class ReferenceOut(Schema):
    id: int
    code: str
    name: str


class FieldOut(ReferenceOut):
    is_other: bool = SchemaField(..., description="The catch-all field: its details are typed as free text (other_field).")


class CityOut(ReferenceOut):
    region: Ref


class ProfessionOut(ReferenceOut):
    field: Ref | None


class SkillOut(Schema):
    id: int
    name: str


class SkillQuery(Schema):
    q: str = SchemaField("", max_length=100, description="Part of the skill's name, Arabic or English.")


def _row(obj) -> dict:
    return {"id": obj.pk, "code": obj.code, "name": str(obj.name)}


@router.get("/reference/fields/", auth=optional_bearer, response={200: list[FieldOut], **ERRORS}, summary="Fields of opportunity")
def list_fields(request):
    return [{**_row(row), "is_other": row.is_other} for row in Field.objects.active()]


@router.get("/reference/cities/", auth=optional_bearer, response={200: list[CityOut], **ERRORS}, summary="Cities, with their region")
def list_cities(request):
    cities = (
        City.objects.active()
        .select_related("region")
        .order_by("region__sort_order", "region__name_ar", "sort_order", "name_ar")
    )
    return [{**_row(row), "region": ref(row.region)} for row in cities]


@router.get(
    "/reference/professions/", auth=optional_bearer, response={200: list[ProfessionOut], **ERRORS}, summary="Professions"
)
def list_professions(request):
    return [{**_row(row), "field": ref(row.field)} for row in Profession.objects.active().select_related("field")]


@router.get("/reference/languages/", auth=optional_bearer, response={200: list[ReferenceOut], **ERRORS}, summary="Languages")
def list_languages(request):
    return [_row(row) for row in Language.objects.active()]


@router.get(
    "/reference/skills/",
    auth=optional_bearer,
    response={200: Page[SkillOut], **ERRORS},
    summary="Approved skills, searchable by name",
)
def list_skills(request, filters: Query[SkillQuery], query: Query[PageQuery]):
    skills = Skill.objects.filter(is_approved=True)
    text = filters.q.strip()
    if text:
        skills = skills.filter(Q(key__contains=normalize(text)) | Q(name_en__icontains=text) | Q(name_ar__icontains=text))
    return paginate(skills.order_by("name_ar", "pk"), query, lambda skill: {"id": skill.pk, "name": str(skill.name)})
