"""The opportunity search takes any text: FTS5 (SQLite) and tsquery (PostgreSQL) syntax, random
Unicode, very long or only punctuation. It answers with a page of public opportunities, never
fails, and a word of a title always finds its opportunity."""

from django.core.cache import cache
from django.db import connection
from hypothesis import example, given, strategies as st
import pytest

from khibra.opportunities import search
from khibra.opportunities.models import Opportunity
from khibra.testing.api import ApiClient
from khibra.testing.factories import OrganizationFactory, published_opportunity

from .strategies import ARABIC_LETTERS, text

pytestmark = pytest.mark.django_db

SYNTAX = [
    '"', '""', "*", ":", "^", "(", ")", "-", "+", "NEAR", "NEAR(a b, 2)", "AND", "OR", "NOT", "{title}:", "title:x",
    "&", "|", "!", "<->", "<2>", ":*", "\\", "'", "''", "a:*", "!!", "&&", "|(", "NULL", "%", "_", ";", "--",
]
syntax_queries = st.lists(st.sampled_from(SYNTAX + ["محاسب", "python", "مالي", "٣", " "]), max_size=12).map(" ".join)
queries = st.one_of(
    text, syntax_queries, st.text(min_size=150, max_size=400), st.text(st.characters(categories=["P", "S", "Z"]))
)


@pytest.fixture
def world(org_a, org_b):
    """Two public opportunities, a draft and one of an unverified organization: only two may be found."""
    published_opportunity(org_a, title="محاسب قانوني لمراجعة القوائم المالية")
    published_opportunity(org_b, title="Python developer for the association's website")
    draft = published_opportunity(org_a, title="محاسب مسودة لم تنشر", status="draft", published_at=None)
    hidden = published_opportunity(OrganizationFactory(verification_status="pending"), title="محاسب جمعية لم توثق")
    for opportunity in Opportunity.objects.all():
        search.reindex(opportunity)
    public = set(Opportunity.objects.public().values_list("pk", flat=True))
    assert draft.pk not in public and hidden.pk not in public and len(public) == 2
    return public


@given(query=queries, sort=st.sampled_from(list(search.Sort.values)))
@example(query='"', sort="relevance")
@example(query="NEAR(محاسب python) AND -x OR NOT y:*", sort="relevance")
@example(query="a & b | !c <-> d:* \\", sort="newest")
@example(query="ـــ ــ", sort="relevance")
@example(query="\u200f\u202e", sort="relevance")
@example(query="الالالالال", sort="relevance")
@example(query="a" * 5000, sort="relevance")
@example(query="ال" + "ا" * 39 + "ب", sort="relevance")
def test_any_query_gives_a_page_of_public_opportunities(world, query, sort):
    page = search.search_opportunities(query=query, sort=sort)
    found = [opportunity.pk for opportunity in page.object_list]
    assert set(found) <= world
    assert len(found) == len(set(found))


@given(text)
def test_query_terms_are_few_short_distinct_words(query):
    words = search.query_terms(query)
    assert len(words) <= search.MAX_TERMS
    assert len(set(words)) == len(words)
    assert all(0 < len(word) <= search.MAX_TERM_LENGTH and " " not in word for word in words)


@given(text)
@example("a:* & b")
@example("الالال")
def test_the_database_query_of_any_words_is_never_a_syntax_error(query):
    words = search.query_terms(query)
    if not words:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery = search._postgres_tsquery(words)
            cursor.execute("SELECT count(*) FROM opportunities_opportunitysearchdocument WHERE document @@ %s::tsquery", [tsquery])
        else:
            fts = search._fts5_query(words)
            cursor.execute(f"SELECT count(*) FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH %s", [fts])


words = st.text(st.sampled_from(ARABIC_LETTERS + "abcdefghijklmnopqrstuvwxyz"), min_size=3, max_size=12)


@given(title_words=st.lists(words, min_size=1, max_size=6), pick=st.integers(min_value=0))
@example(title_words=["المحاسبة", "والتدقيق"], pick=1)
@example(title_words=["مسؤول", "شؤون"], pick=0)
def test_a_word_of_the_title_finds_its_opportunity(org_a, title_words, pick):
    title = " ".join(title_words)
    blank = dict.fromkeys(["description", "requirements", "deliverables", "responsibilities"], "")
    opportunity = published_opportunity(org_a, title=title, **blank)
    search.reindex(opportunity)
    word = title_words[pick % len(title_words)]
    if not search.query_terms(word):
        return
    page = search.search_opportunities(query=word, page_size=100, organization=org_a)
    assert opportunity in page.object_list or page.paginator.num_pages > 1, (title, word)
    Opportunity.objects.filter(pk=opportunity.pk).update(status="draft")  # out of the next examples' way


@given(
    params=st.dictionaries(
        st.sampled_from(["q", "page", "page_size", "sort", "city", "field", "hours", "english", "level", "nature"]),
        st.one_of(text, syntax_queries, st.integers().map(str)),
        max_size=5,
    )
)
@example(params={"page": "0", "page_size": "101"})
@example(params={"page": "99999999999999999999999", "q": "محاسب"})
@example(params={"q": "\x00"})
def test_the_api_search_answers_any_query_without_a_server_error(world, params):
    cache.clear()  # the rate limit is tested elsewhere; every example here is a first call
    response = ApiClient().get("/opportunities/", params)
    assert response.status_code in (200, 400, 422), (response.status_code, response.content[:300])
    if response.status_code == 200:
        assert {item["id"] for item in response.json()["results"]} <= world
