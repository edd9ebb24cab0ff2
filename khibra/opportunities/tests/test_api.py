import datetime as dt

from django.utils import timezone
import pytest

from khibra.api import services as api_services
from khibra.opportunities import services
from khibra.opportunities.models import Opportunity, OpportunityStatus
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import OpportunityFactory, city, field

from .conftest import make_ready


def _dates():
    starts = timezone.localdate() + dt.timedelta(days=7)
    return starts, starts + dt.timedelta(days=30)


def _body(**extra):
    starts, ends = _dates()
    return {
        "title": "محلل بيانات",
        "description": "تحليل بيانات المستفيدين وبناء لوحة متابعة.",
        "deliverables": "لوحة متابعة وتقرير.",
        "fields": [field("digital-infrastructure").pk],
        "starts_on": starts.isoformat(),
        "ends_on": ends.isoformat(),
        "duration_days": 10,
        "hours_per_day": 2,
        "hours_per_week": 6,
        "tasks": [{"title": "تسليم التقرير", "due_on": (starts + dt.timedelta(days=5)).isoformat()}],
        **extra,
    }


@pytest.mark.django_db
class TestCreateToPublish:
    def test_from_nothing_to_published_through_the_api(self, org_a, admin_a):
        client = ApiClient(admin_a, language="en")
        created = client.post(f"/organizations/{org_a.pk}/opportunities/", _body())
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["status"] == "draft" and len(body["tasks"]) == 1
        assert body["management"]["missing"] == ["A service model chosen (step 3)"]
        pk = body["id"]

        refused = client.post(f"/opportunities/{pk}/publish/", {})
        assert refused.status_code == 400
        error = error_of(refused)
        assert error["code"] == "incomplete" and error["fields"]["missing"] == ["A service model chosen (step 3)"]

        models = client.get(f"/opportunities/{pk}/service-model/")
        assert models.status_code == 200 and len(models.json()["models"]) == 7
        chosen = client.post(f"/opportunities/{pk}/service-model/", {"model": "skills_based", "reasoning": "متطوع واحد."})
        assert chosen.status_code == 200 and chosen.json()["management"]["missing"] == []

        published = client.post(f"/opportunities/{pk}/publish/", {})
        assert published.status_code == 200, published.content
        assert published.json()["status"] == "published"
        # Now it is public and found by the search.
        assert ApiClient().get(f"/opportunities/{pk}/").json()["management"] is None
        found = ApiClient().get("/opportunities/", {"q": "محلل"})
        assert [row["id"] for row in found.json()["results"]] == [pk]

    def test_publish_in_a_program_not_ready_is_refused_with_not_ready(self, org_a, admin_a, program):
        client = ApiClient(admin_a, language="en")
        pk = client.post(f"/organizations/{org_a.pk}/opportunities/", _body(program=program.pk)).json()["id"]
        client.post(f"/opportunities/{pk}/service-model/", {"model": "skills_based", "reasoning": "x"})
        refused = client.post(f"/opportunities/{pk}/publish/", {})
        assert refused.status_code == 400 and error_of(refused)["code"] == "not_ready"
        assert Opportunity.objects.get(pk=pk).status == "draft"

    def test_ready_program_publishes_without_reason(self, org_a, admin_a, program):
        make_ready(program, admin_a)
        client = ApiClient(admin_a)
        pk = client.post(f"/organizations/{org_a.pk}/opportunities/", _body(program=program.pk)).json()["id"]
        client.post(f"/opportunities/{pk}/service-model/", {"model": "skills_based", "reasoning": "x"})
        assert client.post(f"/opportunities/{pk}/publish/", {}).status_code == 200

    def test_bad_input_names_the_fields_and_writes_nothing(self, org_a, admin_a):
        client = ApiClient(admin_a, language="en")
        starts, _ends = _dates()
        response = client.post(
            f"/organizations/{org_a.pk}/opportunities/",
            _body(
                city=999999,
                nature="in_person",
                fields=[999999],
                tasks=[{"title": "x", "due_on": (starts - dt.timedelta(days=3)).isoformat()}],
            ),
        )
        assert response.status_code == 400
        fields = error_of(response)["fields"]
        assert {"city", "fields"} <= set(fields)
        assert not Opportunity.objects.exists()

    def test_task_outside_the_period(self, org_a, admin_a):
        starts, _ends = _dates()
        response = ApiClient(admin_a).post(
            f"/organizations/{org_a.pk}/opportunities/",
            _body(tasks=[{"title": "x", "due_on": (starts - dt.timedelta(days=3)).isoformat()}]),
        )
        assert response.status_code == 400 and "tasks.0.due_on" in error_of(response)["fields"]
        assert not Opportunity.objects.exists()

    def test_pydantic_bounds(self, org_a, admin_a):
        response = ApiClient(admin_a).post(f"/organizations/{org_a.pk}/opportunities/", {"title": "x" * 300})
        assert response.status_code == 400 and "title" in error_of(response)["fields"]

    def test_supervisor_cannot_create(self, org_a, supervisor_a):
        response = ApiClient(supervisor_a).post(f"/organizations/{org_a.pk}/opportunities/", _body())
        assert response.status_code == 403
        assert not Opportunity.objects.exists()

    def test_other_organization_and_anonymous(self, org_a, admin_b):
        assert ApiClient(admin_b).post(f"/organizations/{org_a.pk}/opportunities/", _body()).status_code == 404
        assert ApiClient().post(f"/organizations/{org_a.pk}/opportunities/", _body()).status_code == 401
        assert not Opportunity.objects.exists()


@pytest.mark.django_db
class TestEditAndStatus:
    def test_patch_changes_only_what_is_sent(self, draft, admin_a):
        client = ApiClient(admin_a)
        tasks_before = list(draft.tasks.values_list("pk", flat=True))
        response = client.patch(f"/opportunities/{draft.pk}/", {"title": "مطور جانغو", "seats": 3})
        assert response.status_code == 200, response.content
        draft.refresh_from_db()
        assert draft.title == "مطور جانغو" and draft.seats == 3
        assert list(draft.tasks.values_list("pk", flat=True)) == tasks_before  # tasks untouched

    def test_patch_replaces_tasks(self, draft, admin_a):
        due = (draft.starts_on + dt.timedelta(days=3)).isoformat()
        response = ApiClient(admin_a).patch(f"/opportunities/{draft.pk}/", {"tasks": [{"title": "مهمة", "due_on": due}]})
        assert response.status_code == 200 and [task["title"] for task in response.json()["tasks"]] == ["مهمة"]

    def test_patch_bad_input(self, draft, admin_a):
        response = ApiClient(admin_a).patch(f"/opportunities/{draft.pk}/", {"nature": "in_person", "city": None, "seats": 0})
        assert response.status_code == 400
        assert {"city", "seats"} <= set(error_of(response)["fields"])
        draft.refresh_from_db()
        assert draft.nature == "remote"

    def test_patch_permissions(self, draft, supervisor_a, admin_b):
        assert ApiClient(supervisor_a).patch(f"/opportunities/{draft.pk}/", {"title": "x"}).status_code == 403
        assert ApiClient(admin_b).patch(f"/opportunities/{draft.pk}/", {"title": "x"}).status_code == 404
        assert ApiClient().patch(f"/opportunities/{draft.pk}/", {"title": "x"}).status_code == 401

    def test_ready_close_cancel(self, chosen, admin_a):
        client = ApiClient(admin_a)
        assert client.post(f"/opportunities/{chosen.pk}/ready/").json()["status"] == "ready"
        assert client.post(f"/opportunities/{chosen.pk}/draft/").json()["status"] == "draft"
        assert client.post(f"/opportunities/{chosen.pk}/publish/", {}).json()["status"] == "published"
        assert client.post(f"/opportunities/{chosen.pk}/close/").json()["status"] == "closed"
        wrong = client.post(f"/opportunities/{chosen.pk}/close/")
        assert wrong.status_code == 400 and error_of(wrong)["code"] == "validation_error"
        cancelled = client.post(f"/opportunities/{chosen.pk}/cancel/", {"reason": "توقف المشروع."})
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"

    def test_ready_lists_what_is_missing(self, org_a, admin_a):
        opportunity = OpportunityFactory(organization=org_a, tasks=[])
        response = ApiClient(admin_a).post(f"/opportunities/{opportunity.pk}/ready/")
        assert response.status_code == 400 and error_of(response)["code"] == "incomplete"
        assert len(error_of(response)["fields"]["missing"]) == 2

    def test_cancel_reason_too_long(self, draft, admin_a):
        response = ApiClient(admin_a).post(f"/opportunities/{draft.pk}/cancel/", {"reason": "x" * 1001})
        assert response.status_code == 400 and "reason" in error_of(response)["fields"]
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_status_actions_permissions(self, chosen, supervisor_a, admin_b):
        assert ApiClient(supervisor_a).post(f"/opportunities/{chosen.pk}/publish/", {}).status_code == 403
        assert ApiClient(admin_b).post(f"/opportunities/{chosen.pk}/publish/", {}).status_code == 404
        assert ApiClient().post(f"/opportunities/{chosen.pk}/publish/", {}).status_code == 401
        chosen.refresh_from_db()
        assert chosen.status == "draft"

    def test_service_model_needs_reason_when_not_recommended(self, draft, admin_a):
        response = ApiClient(admin_a).post(f"/opportunities/{draft.pk}/service-model/", {"model": "board_service"})
        assert response.status_code == 400 and "reasoning" in error_of(response)["fields"]
        bad = ApiClient(admin_a).post(f"/opportunities/{draft.pk}/service-model/", {"model": "nope"})
        assert bad.status_code == 400 and "model" in error_of(bad)["fields"]
        draft.refresh_from_db()
        assert draft.service_model == ""

    def test_service_model_permissions(self, draft, supervisor_a, admin_b):
        assert ApiClient(supervisor_a).get(f"/opportunities/{draft.pk}/service-model/").status_code == 200
        body = {"model": "skills_based", "reasoning": "x"}
        assert ApiClient(supervisor_a).post(f"/opportunities/{draft.pk}/service-model/", body).status_code == 403
        assert ApiClient(admin_b).post(f"/opportunities/{draft.pk}/service-model/", body).status_code == 404
        assert ApiClient(admin_b).get(f"/opportunities/{draft.pk}/service-model/").status_code == 404

    def test_from_need(self, need, admin_a, admin_b):
        assert ApiClient(admin_b).post(f"/needs/{need.pk}/opportunity/").status_code == 404
        response = ApiClient(admin_a).post(f"/needs/{need.pk}/opportunity/")
        assert response.status_code == 201 and response.json()["management"]["need"] == need.pk


@pytest.mark.django_db
class TestReading:
    def test_draft_visible_to_members_only(self, draft, supervisor_a, admin_b, volunteer):
        assert ApiClient(supervisor_a).get(f"/opportunities/{draft.pk}/").json()["management"]["missing"]
        assert ApiClient(admin_b).get(f"/opportunities/{draft.pk}/").status_code == 404
        assert ApiClient(volunteer).get(f"/opportunities/{draft.pk}/").status_code == 404
        assert ApiClient().get(f"/opportunities/{draft.pk}/").status_code == 404
        assert ApiClient().get("/opportunities/999999/").status_code == 404

    def test_published_is_public(self, published, volunteer):
        body = ApiClient(volunteer).get(f"/opportunities/{published.pk}/").json()
        assert body["title"] == published.title and body["management"] is None

    def test_organization_list(self, draft, published_other, org_a, supervisor_a, admin_b):
        response = ApiClient(supervisor_a).get(f"/organizations/{org_a.pk}/opportunities/")
        assert response.status_code == 200 and [row["id"] for row in response.json()["results"]] == [draft.pk]
        filtered = ApiClient(supervisor_a).get(f"/organizations/{org_a.pk}/opportunities/", {"status": "published"})
        assert filtered.json()["count"] == 0
        bad = ApiClient(supervisor_a).get(f"/organizations/{org_a.pk}/opportunities/", {"status": "nope"})
        assert bad.status_code == 400 and "status" in error_of(bad)["fields"]
        assert ApiClient(admin_b).get(f"/organizations/{org_a.pk}/opportunities/").status_code == 404
        assert ApiClient().get(f"/organizations/{org_a.pk}/opportunities/").status_code == 401


@pytest.fixture
def published_other(org_b, admin_b):
    opportunity = OpportunityFactory(organization=org_b, created_by=admin_b, title="مدقق مالي")
    opportunity = services.choose_service_model(opportunity=opportunity, model="skills_based", reasoning="x", by=admin_b)
    return services.publish_opportunity(opportunity=opportunity, by=admin_b)


@pytest.mark.django_db
class TestSearch:
    def test_filters_and_paging(self, publish):
        first = publish(title="مطور تطبيقات", nature="remote")
        second = publish(title="مصمم جرافيك", nature="in_person", city=city("riyadh"), venue="المقر")
        client = ApiClient()
        everything = client.get("/opportunities/", {"page_size": 1})
        body = everything.json()
        assert body["count"] == 2 and body["pages"] == 2 and body["next"] == 2 and len(body["results"]) == 1
        assert client.get("/opportunities/", {"page": 5}).json()["results"] == []
        remote = client.get("/opportunities/", {"nature": "remote"}).json()
        assert [row["id"] for row in remote["results"]] == [first.pk]
        riyadh = client.get("/opportunities/", {"city": city("riyadh").pk}).json()
        assert [row["id"] for row in riyadh["results"]] == [second.pk]
        designer = client.get("/opportunities/", {"q": "مصمم"}).json()
        assert [row["id"] for row in designer["results"]] == [second.pk]

    def test_bad_filters_name_the_parameter(self, publish):
        publish(title="مطور")
        client = ApiClient(language="en")
        for params, name in (
            ({"nature": "underwater"}, "nature"),
            ({"field": 999999}, "field"),
            ({"city": 999999}, "city"),
            ({"sort": "random"}, "sort"),
            ({"hours": 7}, "hours"),
            ({"page_size": 101}, "page_size"),
        ):
            response = client.get("/opportunities/", params)
            assert response.status_code == 400, params
            assert name in error_of(response)["fields"], (params, error_of(response))

    def test_drafts_are_not_found(self, draft):
        assert ApiClient().get("/opportunities/").json()["count"] == 0

    def test_anonymous_answers_are_shared_for_a_minute_and_equal_the_fresh_one(self, publish, admin_a):
        first = publish(title="مطور تطبيقات", nature="remote")
        params = {"q": "مطور", "nature": "remote"}
        fresh = ApiClient(admin_a).get("/opportunities/", params)  # signed in: never from the shared answer
        anonymous = ApiClient().get("/opportunities/", params)
        assert anonymous.status_code == 200 and anonymous["Content-Type"] == fresh["Content-Type"]
        assert anonymous.json() == fresh.json() and [row["id"] for row in fresh.json()["results"]] == [first.pk]
        publish(title="مطور مواقع", nature="remote")
        # The same query string, its parameters in another order: the shared answer (a minute stale).
        again = ApiClient().get("/opportunities/?nature=remote&q=%D9%85%D8%B7%D9%88%D8%B1")
        assert again.json() == anonymous.json()
        assert ApiClient(admin_a).get("/opportunities/", params).json()["count"] == 2
        assert ApiClient(language="en").get("/opportunities/", params).json()["count"] == 2  # per language


@pytest.mark.django_db
class TestApiKeys:
    def _key(self, organization, by, scopes):
        _key, secret = api_services.create_api_key(organization=organization, by=by, name="HR", scopes=scopes)
        return ApiClient(secret=secret, language="en")

    def test_key_with_write_scope_designs_and_publishes(self, org_a, admin_a):
        client = self._key(org_a, admin_a, ["opportunities:read", "opportunities:write"])
        created = client.post(f"/organizations/{org_a.pk}/opportunities/", _body())
        assert created.status_code == 201
        pk = created.json()["id"]
        client.post(f"/opportunities/{pk}/service-model/", {"model": "skills_based", "reasoning": "x"})
        assert client.post(f"/opportunities/{pk}/publish/", {}).json()["status"] == OpportunityStatus.PUBLISHED
        assert client.get(f"/organizations/{org_a.pk}/opportunities/").json()["count"] == 1

    def test_key_without_scope(self, org_a, admin_a, draft):
        client = self._key(org_a, admin_a, ["opportunities:read"])
        assert client.post(f"/organizations/{org_a.pk}/opportunities/", _body()).status_code == 403
        assert client.patch(f"/opportunities/{draft.pk}/", {"title": "x"}).status_code == 403
        reader = self._key(org_a, admin_a, ["programs:read"])
        assert reader.get(f"/organizations/{org_a.pk}/opportunities/").status_code == 403
        # Without opportunities:read, a draft is not visible through the key.
        assert reader.get(f"/opportunities/{draft.pk}/").status_code == 404

    def test_key_of_another_organization(self, org_a, org_b, admin_b, draft):
        client = self._key(org_b, admin_b, ["opportunities:read", "opportunities:write"])
        assert client.get(f"/organizations/{org_a.pk}/opportunities/").status_code == 404
        assert client.patch(f"/opportunities/{draft.pk}/", {"title": "x"}).status_code == 404
