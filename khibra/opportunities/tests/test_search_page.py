"""The public search page: anyone may browse, the form works as a plain GET and through htmx,
and the number of queries does not grow with the results shown."""

import re

from django.db import connection
from django.urls import reverse
import pytest

from khibra.testing.factories import city, field

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def content(response) -> str:
    return response.content.decode()


def result_ids(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="result-(\d+)"', page)]


def test_anyone_can_browse_without_an_account(client, publish):
    opportunity = publish(title="مراجع المحاسبة")
    response = client.get(reverse("opportunities:search"))
    assert response.status_code == 200
    page = content(response)
    assert 'id="search-form"' in page
    assert 'id="search-results"' in page
    assert result_ids(page) == [opportunity.pk]
    assert reverse("opportunities:public_detail", args=[opportunity.pk]) in page


def test_the_header_links_to_the_search_first(client, db):
    page = content(client.get(reverse("core:home")))
    nav = page[page.index('class="main-nav"') :]
    first_link = re.search(r'<a href="([^"]+)"', nav).group(1)
    assert first_link == reverse("opportunities:search")


def test_a_search_in_arabic_finds_the_other_spelling(client, publish):
    wanted = publish(title="مراجع المحاسبة")
    publish(title="مصمم جرافيك")
    page = content(client.get(reverse("opportunities:search"), {"q": "المحاسبه"}))
    assert result_ids(page) == [wanted.pk]


def test_the_english_page_searches_english_words(client, publish):
    wanted = publish(title="Senior accountant")
    publish(title="Graphic designer")
    with_prefix = reverse("opportunities:search").replace("/opportunities/", "/en/opportunities/")
    response = client.get(with_prefix, {"q": "accountants"})
    assert response.status_code == 200
    page = content(response)
    assert '<html lang="en" dir="ltr">' in page
    assert result_ids(page) == [wanted.pk]


def test_filters_narrow_the_results(client, publish):
    riyadh = publish(title="مدرب", nature="in_person", city=city("riyadh"), fields=[field("finance-accounting")])
    publish(title="مدرب", nature="remote")
    page = content(
        client.get(
            reverse("opportunities:search"),
            {"city": "riyadh", "nature": "in_person", "field": "finance-accounting", "duration": "medium", "hours": "10", "level": "professional"},
        )
    )
    assert result_ids(page) == [riyadh.pk]


def test_unknown_filter_values_are_ignored_not_fatal(client, publish):
    opportunity = publish(title="مدرب")
    response = client.get(
        reverse("opportunities:search"),
        {"city": "atlantis", "field": "magic", "hours": "lots", "sort": "random", "organization": "nobody", "page": "x"},
    )
    assert response.status_code == 200
    assert result_ids(content(response)) == [opportunity.pk]


def test_an_empty_search_says_so(client, publish):
    publish(title="مدرب")
    page = content(client.get(reverse("opportunities:search"), {"q": "غواص"}))
    assert 'id="search-empty"' in page
    assert result_ids(page) == []


@pytest.mark.parametrize("typed", ['"(*', "NEAR AND OR NOT", "x" * 3000, "title:*", "\x00"])
def test_hostile_queries_answer_normally(client, publish, typed):
    publish(title="مدرب")
    assert client.get(reverse("opportunities:search"), {"q": typed}).status_code == 200


def test_htmx_gets_only_the_results_fragment(client, publish):
    opportunity = publish(title="مراجع المحاسبة")
    response = client.get(reverse("opportunities:search"), {"q": "محاسبة"}, **HTMX)
    page = content(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="search-results"')
    assert "<html" not in page and 'id="search-form"' not in page
    assert result_ids(page) == [opportunity.pk]
    assert "HX-Request" in response["Vary"]


def test_pages_link_to_each_other(client, publish):
    for number in range(14):
        publish(title=f"مدرب {number}")
    first = content(client.get(reverse("opportunities:search")))
    assert len(result_ids(first)) == 12
    assert 'id="page-next"' in first and "page=2" in first
    second = content(client.get(reverse("opportunities:search"), {"page": 2}, **HTMX))
    assert len(result_ids(second)) == 2
    assert 'id="page-previous"' in second


def test_the_number_of_queries_does_not_grow_with_the_results(client, publish, org_b, admin_b, django_assert_num_queries):
    url = reverse("opportunities:search")
    params = {"q": "مدرب", "nature": "in_person", "region": "riyadh"}
    publish(title="مدرب", nature="in_person", city=city("riyadh"))
    # fields, cities, organizations, count, page; PostgreSQL first asks for the words' lexemes.
    queries = 6 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(queries):
        assert len(result_ids(content(client.get(url, params)))) == 1
    for number in range(6):
        publish(title=f"مدرب {number}", nature="in_person", city=city("riyadh"), organization=org_b, by=admin_b)
    with django_assert_num_queries(queries):
        assert len(result_ids(content(client.get(url, params)))) == 7


def test_the_public_page_is_shareable(client, publish):
    opportunity = publish(title="مراجع المحاسبة", description="مراجعة حسابات الجمعية السنوية.")
    url = reverse("opportunities:public_detail", args=[opportunity.pk])
    page = content(client.get(url, {"utm_source": "whatsapp"}))
    assert f'<link rel="canonical" href="http://testserver{url}">' in page
    assert f'<meta property="og:url" content="http://testserver{url}">' in page
    assert '<meta property="og:title" content="مراجع المحاسبة' in page
    assert '<meta property="og:description" content="مراجعة حسابات الجمعية السنوية.">' in page


def test_a_search_past_the_count_cap_says_there_are_more(client, publish, monkeypatch):
    from khibra.opportunities import search

    monkeypatch.setattr(search, "COUNT_CAP", 2)
    for _n in range(4):
        publish(title="مراجع المحاسبة")
    response = client.get(reverse("opportunities:search"), {"q": "محاسبة"})
    assert "عدد الفرص المطابقة أكثر من 2" in content(response)
    assert len(result_ids(content(response))) == 3  # the cap bounds the count, not the results
