"""The one pagination partial: previous/next links that keep the list's other parameters."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _render(path="/list/?q=%D9%85%D8%AD%D8%A7%D8%B3%D8%A8&page=2", **context):
    request = RequestFactory().get(path)
    page = Paginator(range(30), 10).get_page(request.GET.get("page"))
    return render_to_string("_partials/pagination.html", {"page": page, **context}, request=request)


def test_the_links_keep_the_other_parameters_after_a_single_question_mark():
    html = _render()
    assert 'href="?q=%D9%85%D8%AD%D8%A7%D8%B3%D8%A8&amp;page=1" rel="prev" id="page-previous"' in html
    assert 'href="?q=%D9%85%D8%AD%D8%A7%D8%B3%D8%A8&amp;page=3" rel="next" id="page-next"' in html
    assert "??" not in html and "hx-get" not in html


def test_htmx_links_swap_the_target_and_push_the_address():
    html = _render(nav_id="search-pagination", url="/opportunities/", hx_target="#search-results")
    assert 'id="search-pagination"' in html
    assert 'hx-get="/opportunities/?q=%D9%85%D8%AD%D8%A7%D8%B3%D8%A8&amp;page=3" hx-target="#search-results"' in html
    assert 'hx-push-url="true"' in html


def test_a_single_page_has_no_navigation():
    request = RequestFactory().get("/list/")
    page = Paginator(range(3), 10).get_page(1)
    assert "<nav" not in render_to_string("_partials/pagination.html", {"page": page}, request=request)
