"""The shared schema type for visible text, and the walk over a JSON body's strings."""

import pytest


def test_the_visible_text_type_refuses_overrides_and_invisible_only_strings():
    from ninja import Schema
    from pydantic import ValidationError

    from khibra.api.schemas import VisibleText, text_errors

    class Named(Schema):
        name: VisibleText

    assert Named(name="نورة").name == "نورة"
    for bad in ("\u202eabc", "\u200b\u200b\u200b"):
        with pytest.raises(ValidationError):
            Named(name=bad)
    assert set(text_errors({"a": "ok", "b": ["x", {"c": "\u2066y"}], "d": 3, "e": ""})) == {"b.1.c"}
