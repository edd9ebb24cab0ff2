"""Small shapes shared by every area's endpoints, and the resolvers that let an Out schema read a
model directly (each field declared once, in the schema)."""

from collections.abc import Callable
from typing import Any

from ninja import Schema


def resolver(field: str, compute: Callable[[Any, dict], Any]) -> staticmethod:
    """A resolver for `field` of an Out schema read from a model: `compute(row, context)`. ninja
    validates a response once more; data already built (a dict or a schema) is passed on as is."""

    def resolve(obj, context=None):
        if isinstance(obj, dict):
            return obj.get(field)
        if isinstance(obj, Schema):
            return getattr(obj, field)
        return compute(obj, context or {})

    return staticmethod(resolve)


def display(field: str) -> staticmethod:
    """The resolver of `<field>_display`: the choice's label in the caller's language."""
    return resolver(f"{field}_display", lambda row, _context: str(getattr(row, f"get_{field}_display")()))


class Ref(Schema):
    """A reference row (field, city, profession…) by id, named in the caller's language."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        """From a row, its name in the caller's language; from `ref()`'s dict, as built."""
        return obj["name"] if isinstance(obj, dict) else str(obj.name)


def ref(obj) -> dict | None:
    return {"id": obj.pk, "name": str(obj.name)} if obj is not None else None


def refs(objects) -> list[dict]:
    return [ref(obj) for obj in objects]


class Message(Schema):
    detail: str
