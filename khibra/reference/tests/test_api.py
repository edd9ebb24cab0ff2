import pytest

from khibra.reference.models import City, Field, Skill
from khibra.testing.api import ApiClient, error_of


@pytest.mark.django_db
class TestReference:
    def test_lists_are_public_and_active_only(self, volunteer):
        hidden = Field.objects.first()
        hidden.is_active = False
        hidden.save()
        fields = ApiClient().get("/reference/fields/")
        assert fields.status_code == 200
        ids = {row["id"] for row in fields.json()}
        assert hidden.pk not in ids and len(ids) == Field.objects.active().count()
        assert set(fields.json()[0]) == {"id", "code", "name", "is_other"}
        cities = ApiClient(volunteer, language="en").get("/reference/cities/").json()
        riyadh = next(row for row in cities if row["code"] == "riyadh")
        assert riyadh["region"]["id"] == City.objects.get(code="riyadh").region_id and riyadh["name"] == "Riyadh"
        assert ApiClient().get("/reference/professions/").status_code == 200
        assert ApiClient().get("/reference/languages/").status_code == 200

    def test_skills_search_approved_only(self):
        Skill.objects.create(name_ar="المحاسبة المالية", name_en="Financial accounting", key="المحاسبه الماليه", is_approved=True)
        Skill.objects.create(name_ar="محاسبة سرية", key="محاسبه سريه", is_approved=False)
        response = ApiClient().get("/reference/skills/", {"q": "المحاسبة"})
        assert response.status_code == 200
        assert [row["name"] for row in response.json()["results"]] == ["المحاسبة المالية"]
        english = ApiClient(language="en").get("/reference/skills/", {"q": "financial"}).json()
        assert english["count"] == 1 and english["results"][0]["name"] == "Financial accounting"

    def test_bad_input(self):
        response = ApiClient().get("/reference/skills/", {"q": "x" * 101, "page": 0})
        assert response.status_code == 400 and {"q", "page"} <= set(error_of(response)["fields"])

    def test_bad_token_is_refused(self):
        response = ApiClient(secret="kht_nope").get("/reference/fields/")
        assert response.status_code == 401
