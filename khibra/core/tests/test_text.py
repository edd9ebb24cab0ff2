"""Free text refuses direction overrides and invisible-only values, in every form (the check is on
forms.CharField itself) and in the API (every string of a JSON body); ZWNJ inside a word and
the directional marks are kept."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
import pytest

from khibra.core.text import validate_visible_text
from khibra.ideas.forms import IdeaForm
from khibra.ideas.models import Idea
from khibra.teams.forms import TeamForm
from khibra.testing.api import ApiClient, error_of

RLO_NAME = "نورة\u202eيرهشلا"
INVISIBLE_TITLE = "\u200b\u200b\u200b"


@pytest.mark.parametrize(
    "value, code",
    [
        ("\u202eexe.jpg", "bidi_control"),
        ("اسم\u2066مخفي\u2069", "bidi_control"),
        ("\u202a\u202b\u202c\u202d", "bidi_control"),
        (INVISIBLE_TITLE, "invisible_only"),
        (" \ufeff\u200d \u200c ", "invisible_only"),
        ("\u200f\u200e", "invisible_only"),
    ],
)
def test_it_refuses_overrides_and_invisible_only_text(value, code):
    with pytest.raises(ValidationError) as error:
        validate_visible_text(value)
    assert error.value.code == code


@pytest.mark.parametrize("value", ["نورة الشهري", "می\u200cخواهم", "\u200fC++\u200f مطوّر", "Ahmed Khan", ""])
def test_it_keeps_ordinary_text_zwnj_and_marks(value):
    validate_visible_text(value)


def test_every_form_char_field_refuses_them():
    class Plain(forms.Form):
        note = forms.CharField(required=False)

    assert not Plain({"note": INVISIBLE_TITLE}).is_valid()
    assert Plain({"note": ""}).is_valid()
    assert not TeamForm({"name": RLO_NAME}).is_valid()
    form = IdeaForm({"title": INVISIBLE_TITLE, "description": "وصف\u202e"})
    assert not form.is_valid()
    assert {"title", "description"} <= set(form.errors)
    assert "حروف" in form.errors["title"][0] or "invisible" in form.errors["title"][0]


@pytest.mark.django_db
def test_the_ideas_page_refuses_an_invisible_title_and_writes_nothing(client, volunteer):
    client.force_login(volunteer)
    response = client.post(reverse("ideas:new"), {"title": INVISIBLE_TITLE, "description": "فكرة جيدة للجمعيات", "field": ""})
    assert response.status_code == 400
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_the_profile_page_refuses_an_override_in_the_name(client, volunteer):
    client.force_login(volunteer)
    before = volunteer.full_name
    response = client.post(reverse("volunteers:profile"), {"full_name": RLO_NAME})
    assert response.status_code in (200, 400)
    volunteer.refresh_from_db()
    assert volunteer.full_name == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path, body, field",
    [
        ("patch", "/me/profile/", {"full_name": RLO_NAME}, "full_name"),
        ("patch", "/me/profile/", {"headline": INVISIBLE_TITLE}, "headline"),
        ("post", "/teams/", {"name": INVISIBLE_TITLE, "description": ""}, "name"),
        ("post", "/teams/", {"name": "فريق", "members": [{"note": "\u2067x\u2069"}]}, "members.0.note"),
    ],
)
def test_the_api_refuses_them_in_any_string_of_the_body(volunteer, method, path, body, field):
    before = volunteer.full_name
    response = getattr(ApiClient(volunteer, language="en"), method)(path, body)
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert error["code"] == "invalid_text" and field in error["fields"]
    volunteer.refresh_from_db()
    assert volunteer.full_name == before


@pytest.mark.django_db
def test_the_api_keeps_ordinary_arabic(volunteer):
    response = ApiClient(volunteer).patch("/me/profile/", {"headline": "محاسب\u200f قانوني"})
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "name, expected",
    [("نورة الشهري", "ن. ش."), ("عبدالله بن سعيد القحطاني", "ع. ب. س."), ("Ahmed Khan", "A. K."), ("", ""), ("  ", "")],
)
def test_initials_skip_the_article_of_family_names(name, expected):
    from khibra.core.arabic import initials

    assert initials(name) == expected
