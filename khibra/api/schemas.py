"""Small shapes shared by every area's endpoints."""

from ninja import Schema


class Ref(Schema):
    """A reference row (field, city, profession…) by id, named in the caller's language."""

    id: int
    name: str


def ref(obj) -> dict | None:
    return {"id": obj.pk, "name": str(obj.name)} if obj is not None else None


def refs(objects) -> list[dict]:
    return [ref(obj) for obj in objects]


class Message(Schema):
    detail: str
