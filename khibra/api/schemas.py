"""Small shapes shared by every area's endpoints, and the resolvers that let an Out schema read a
model directly (each field declared once, in the schema)."""

from collections.abc import Callable
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, create_model

from khibra.core.text import text_problem


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


def patch_of(schema: type[Schema], name: str, doc: str | None = None) -> type[Schema]:
    """`schema`'s fields again, each optional with the default None: the body of a PATCH whose keys
    are those of the POST. Limits and descriptions are kept; only the keys sent change."""
    fields = {}
    for field_name, info in schema.model_fields.items():
        optional = info.annotation | None
        patch_info = type(info).merge_field_infos(info, default=None, default_factory=None, annotation=optional)
        fields[field_name] = (optional, patch_info)
    return create_model(name, __base__=Schema, __doc__=doc, __module__=schema.__module__, **fields)


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


# --- text sent to the API -------------------------------------------------------------------------


def _visible(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(str(problem[1]))
    return value


# A string field that says so in its own schema; every string of a JSON body is checked anyway
# (`text_errors`, called by the API middleware before any endpoint).
VisibleText = Annotated[str, AfterValidator(_visible)]


def text_errors(data, path: str = "") -> dict[str, list[str]]:
    """{"field.path": [message]} for each string of a JSON body (nested objects and lists too)
    that holds a direction override or only invisible characters (khibra/core/text.py)."""
    errors: dict[str, list[str]] = {}
    if isinstance(data, dict):
        items = ((f"{path}.{key}" if path else str(key), value) for key, value in data.items())
    elif isinstance(data, list):
        items = ((f"{path}.{index}" if path else str(index), value) for index, value in enumerate(data))
    else:
        problem = text_problem(data)
        return {path or "non_field_errors": [str(problem[1])]} if problem else {}
    for name, value in items:
        errors.update(text_errors(value, name))
    return errors
