"""The API's `?page=` and `?page_size=`: any value in range gives a consistent envelope, any value
out of range is refused by the schema (a 422, never a 500)."""

from django.core.cache import cache
from hypothesis import example, given, strategies as st
import pydantic
import pytest

from khibra.api.pagination import MAX_PAGE, MAX_PAGE_SIZE, PageQuery, paginate


@given(
    count=st.integers(min_value=0, max_value=500),
    page=st.integers(min_value=1, max_value=MAX_PAGE),
    size=st.integers(min_value=1, max_value=MAX_PAGE_SIZE),
)
@example(count=0, page=1, size=1)
@example(count=100, page=1, size=100)
@example(count=101, page=2, size=100)
@example(count=5, page=MAX_PAGE, size=1)
def test_a_page_is_the_right_slice_with_consistent_links(count, page, size):
    items = list(range(count))
    envelope = paginate(items, PageQuery(page=page, page_size=size))
    start = (page - 1) * size
    assert envelope["results"] == items[start : start + size]
    assert envelope["count"] == count and envelope["pages"] >= 1
    assert envelope["pages"] == max(1, -(-count // size))
    if envelope["next"] is not None:
        assert envelope["next"] == page + 1 <= envelope["pages"]
    else:
        assert page >= envelope["pages"]
    if envelope["previous"] is not None:
        assert envelope["previous"] == page - 1 >= 1
    assert sum(
        len(paginate(items, PageQuery(page=number, page_size=size))["results"]) for number in range(1, envelope["pages"] + 1)
    ) == count


@given(st.one_of(st.integers(), st.text(max_size=30), st.floats(allow_nan=True)), st.sampled_from(["page", "page_size"]))
@example(0, "page")
@example(MAX_PAGE + 1, "page")
@example(MAX_PAGE_SIZE + 1, "page_size")
@example("١", "page")
@example(10**100, "page_size")
def test_any_page_value_is_accepted_in_range_or_refused_by_the_schema(value, name):
    try:
        query = PageQuery(**{name: value})
    except pydantic.ValidationError:
        return
    assert 1 <= query.page <= MAX_PAGE and 1 <= query.page_size <= MAX_PAGE_SIZE


@pytest.fixture
def api(volunteer):
    from khibra.testing.api import ApiClient

    return ApiClient(volunteer)


@given(
    page=st.one_of(st.integers(min_value=-5, max_value=MAX_PAGE + 5).map(str), st.text(max_size=12)),
    size=st.one_of(st.integers(min_value=-5, max_value=MAX_PAGE_SIZE + 5).map(str), st.text(max_size=12)),
)
@example(page="1.5", size="20")
@example(page="99999999999999999999999999", size="1")
def test_a_list_endpoint_answers_any_page_parameters_without_a_server_error(api, page, size):
    cache.clear()  # the rate limit is tested elsewhere; every example here is a first call
    response = api.get("/me/engagements/", {"page": page, "page_size": size})
    assert response.status_code in (200, 400, 404, 422), (response.status_code, response.content[:300])
