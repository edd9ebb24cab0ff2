"""While the database is out of reach every request gets a 503 with Retry-After, never a 500.

The outage is simulated in-process by making every SQL statement fail the way a lost connection
does; tests/reliability/test_database_outage.py stops a real PostgreSQL server under gunicorn.
"""

from django.core.handlers.exception import convert_exception_to_response
from django.db import OperationalError
from django.db.backends import utils as db_utils
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext
import pytest

from khibra.core.unavailable import DatabaseUnavailableMiddleware
from khibra.testing.api import ApiClient

pytestmark = pytest.mark.django_db


def _lost(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def database_down(db, monkeypatch):
    """Every statement fails from here on (undone before the test database is rolled back)."""
    monkeypatch.setattr(db_utils.CursorWrapper, "execute", _lost)
    monkeypatch.setattr(db_utils.CursorWrapper, "executemany", _lost)


def _assert_friendly_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Khibra will be back shortly" in html  # English
    assert 'lang="ar"' in html and 'lang="en"' in html  # both languages on the page
    assert "Traceback" not in html and "OperationalError" not in html


def test_it_answers_a_page_with_the_friendly_503(client, database_down):
    _assert_friendly_page(client.get("/opportunities/"))


def test_it_answers_503_to_a_signed_in_user_whose_session_cannot_be_read(client, volunteer, monkeypatch):
    client.force_login(volunteer)
    monkeypatch.setattr(db_utils.CursorWrapper, "execute", _lost)
    monkeypatch.setattr(db_utils.CursorWrapper, "executemany", _lost)
    _assert_friendly_page(client.get("/en/dashboard/"))


def test_it_answers_a_form_post_with_the_503_and_a_safe_retry_link(client, database_down):
    response = client.post("/accounts/login/", {"login": "a@example.sa", "password": "x"})
    _assert_friendly_page(response)
    assert 'href="/"' in response.content.decode()


def test_the_api_answers_json_in_its_error_shape(database_down):
    response = ApiClient(language="en").get("/api/v1/opportunities/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.json()
    assert body["error"]["code"] == "unavailable"
    assert body["error"]["message"] == "The service is briefly unavailable. Try again in a minute."
    assert body["error"]["fields"] == {}


def test_the_api_message_follows_accept_language(database_down):
    response = ApiClient(language="ar").get("/api/v1/opportunities/")
    assert response["Content-Language"] == "ar"
    with translation.override("ar"):
        expected = gettext("The service is briefly unavailable. Try again in a minute.")
    assert response.json()["error"] == {"code": "unavailable", "message": expected, "fields": {}}


def test_the_health_check_says_unavailable(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}


def test_an_error_in_another_middleware_becomes_the_503_not_a_500(rf: RequestFactory):
    """Django turns a middleware's exception into a 500 inside that layer; the outermost layer
    swaps it for the 503 (the got_request_exception mark)."""

    def session_middleware(request):
        raise OperationalError("could not connect to server")

    inner = convert_exception_to_response(session_middleware)
    response = DatabaseUnavailableMiddleware(inner)(rf.get("/organizations/"))
    _assert_friendly_page(response)


def test_other_errors_stay_errors(rf: RequestFactory):
    def broken(request):
        raise ValueError("a bug")

    inner = convert_exception_to_response(broken)
    assert DatabaseUnavailableMiddleware(inner)(rf.get("/")).status_code == 500


def test_a_healthy_request_is_untouched(rf: RequestFactory):
    response = DatabaseUnavailableMiddleware(lambda request: HttpResponse("ok"))(rf.get("/"))
    assert response.status_code == 200 and response.content == b"ok"
