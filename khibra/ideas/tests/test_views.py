"""The ideas bank's pages: the public list with filters and sort, proposing, support (htmx and
plain POST), adoption, and the whole flow propose → support → adopt."""

from django.urls import reverse
import pytest

from khibra.core.models import Notification
from khibra.ideas import services
from khibra.ideas.models import Idea, IdeaSupport
from khibra.opportunities.models import Opportunity
from khibra.testing.factories import city, field

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(volunteer):
    return services.propose_idea(
        by=volunteer, title="دليل سياسات الموارد البشرية", description="كتابة لائحة موارد بشرية لجمعية ناشئة.", field=field("human-resources")
    )


@pytest.fixture
def login(client, request):
    def as_persona(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_persona


@pytest.mark.parametrize("persona", ["anonymous", "volunteer", "admin_b", "staff"])
def test_the_list_is_public(login, persona, idea, django_assert_max_num_queries):
    client = login(persona)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ideas:list"))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="ideas-list"' in page and f'id="idea-{idea.pk}"' in page
    assert (f'id="support-{idea.pk}"' in page) == (persona != "anonymous")
    assert (f'id="adopt-{idea.pk}"' in page) == (persona == "admin_b")


def test_the_list_filters_and_sorts(client, idea, other_volunteer, staff):
    other = services.propose_idea(by=other_volunteer, title="حوكمة", description="وصف", field=field("governance"), city=city("riyadh"))
    services.support_idea(idea=other, by=staff)
    ids = lambda response: [item.pk for item in response.context["page"]]  # noqa: E731
    assert ids(client.get(reverse("ideas:list"))) == [other.pk, idea.pk]
    assert ids(client.get(reverse("ideas:list"), {"sort": "newest"})) == [other.pk, idea.pk]
    assert ids(client.get(reverse("ideas:list"), {"field": field("human-resources").pk})) == [idea.pk]
    assert ids(client.get(reverse("ideas:list"), {"city": city("riyadh").pk})) == [other.pk]


@pytest.mark.parametrize("persona, expected", [("anonymous", "login"), ("volunteer", 200), ("staff", 200), ("admin_a", 403), ("plain_user", 403)])
def test_who_may_propose(login, persona, expected):
    response = login(persona).get(reverse("ideas:new"))
    if expected == "login":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


def test_proposing_and_a_bad_form(login):
    client = login("volunteer")
    response = client.post(reverse("ideas:new"), {"title": "", "description": "", "field": ""})
    assert response.status_code == 400 and not Idea.objects.exists()
    response = client.post(
        reverse("ideas:new"), {"title": "فكرة", "description": "وصف الفكرة", "field": field("marketing").pk, "city": city("jeddah").pk}
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ideas:detail", args=[idea.pk])


def test_support_by_plain_post_and_by_htmx(login, idea):
    client = login("other_volunteer")
    response = client.post(reverse("ideas:support", args=[idea.pk]), {"next": reverse("ideas:list")})
    assert response.status_code == 302 and response["Location"] == reverse("ideas:list")
    assert IdeaSupport.objects.filter(idea=idea).count() == 1
    response = client.post(reverse("ideas:support", args=[idea.pk]), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and f'id="support-{idea.pk}"' in page and "<html" not in page
    assert not IdeaSupport.objects.filter(idea=idea).exists()


def test_support_needs_a_login_and_an_outside_next_is_ignored(client, idea, other_volunteer):
    response = client.post(reverse("ideas:support", args=[idea.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(other_volunteer)
    response = client.post(reverse("ideas:support", args=[idea.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("ideas:detail", args=[idea.pk])


@pytest.mark.parametrize("persona", ["volunteer", "supervisor_a", "staff"])
def test_only_nonprofit_managers_adopt(login, persona, idea, org_a):
    response = login(persona).post(reverse("ideas:adopt", args=[idea.pk]), {"organization": org_a.pk})
    assert response.status_code == 403
    assert not Opportunity.objects.exists()


def test_a_manager_of_org_b_cannot_adopt_for_org_a(login, idea, org_a, org_b, admin_b):
    response = login("admin_b").post(reverse("ideas:adopt", args=[idea.pk]), {"organization": org_a.pk})
    assert response.status_code == 403
    assert not Opportunity.objects.exists()


def test_the_whole_flow_propose_support_adopt(client, volunteer, other_volunteer, manager_a, org_a):
    client.force_login(volunteer)
    client.post(reverse("ideas:new"), {"title": "تحليل بيانات المستفيدين", "description": "لوحة مؤشرات.", "field": field("data-management").pk})
    idea = Idea.objects.get()
    client.force_login(other_volunteer)
    client.post(reverse("ideas:support", args=[idea.pk]))
    client.force_login(manager_a)
    page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert f'id="adopt-{idea.pk}"' in page
    response = client.post(reverse("ideas:adopt", args=[idea.pk]), {"organization": org_a.pk})
    opportunity = Opportunity.objects.get()
    assert response["Location"] == reverse("opportunities:detail", args=[org_a.slug, opportunity.pk])
    assert opportunity.status == "draft" and opportunity.organization == org_a
    idea.refresh_from_db()
    assert idea.status == "adopted" and idea.support_count == 1
    assert Notification.objects.filter(user=volunteer, kind="idea.adopted").exists()
    page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert 'id="idea-adopted"' in page and f'id="adopt-{idea.pk}"' not in page


def test_the_pages_render_in_english_too(client, idea, volunteer):
    from django.utils import translation

    client.force_login(volunteer)
    with translation.override("en"):
        for url in (reverse("ideas:list"), reverse("ideas:detail", args=[idea.pk]), reverse("ideas:new")):
            assert url.startswith("/en/")
            response = client.get(url)
            assert response.status_code == 200 and 'lang="en"' in response.content.decode()


def test_anonymous_visitors_see_the_proposers_initials_members_the_name(client, idea, other_volunteer):
    idea.proposer.full_name = "نورة الشهري"
    idea.proposer.save(update_fields=["full_name"])
    for url in (reverse("ideas:list"), reverse("ideas:detail", args=[idea.pk])):
        page = client.get(url).content.decode()
        assert "نورة الشهري" not in page and "ن. ش." in page
    client.force_login(other_volunteer)
    assert "نورة الشهري" in client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()


def test_the_form_says_what_visitors_see_of_the_name(client, volunteer):
    client.force_login(volunteer)
    page = client.get(reverse("ideas:new")).content.decode()
    assert "initials" in page or "الأحرف الأولى" in page
