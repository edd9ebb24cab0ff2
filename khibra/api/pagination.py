"""`?page=` and `?page_size=` (at most 100) for every list, with one envelope."""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# A bound on ?page= keeps OFFSET sane; deep paging should narrow the filters instead.
MAX_PAGE = 10_000

T = TypeVar("T")


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page, at most 100.")


class Page(Schema, Generic[T]):
    count: int
    count_capped: bool = Field(
        False, description="True when the list counted only up to a cap (a search matching very many rows): `count` is then the cap plus one."
    )
    page: int
    page_size: int
    pages: int
    next: int | None = Field(None, description="The next page number, or null on the last page.")
    previous: int | None = None
    results: list[T]


def paginate(items: QuerySet | list, query: PageQuery, serialize: Callable[[Any], Any] | None = None) -> dict:
    """One page of a queryset (counted and sliced in SQL) or of a list already built."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    size = query.page_size
    pages = max(1, -(-count // size))
    start = (query.page - 1) * size
    rows = list(items[start : start + size]) if start < count else []
    return {
        "count": count,
        "page": query.page,
        "page_size": size,
        "pages": pages,
        "next": query.page + 1 if query.page < pages else None,
        "previous": query.page - 1 if 1 < query.page <= pages + 1 else None,
        "results": [serialize(row) for row in rows] if serialize else rows,
    }
