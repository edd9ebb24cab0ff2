"""The matrix world is built once per test module, inside an outer transaction that every test
nests in (pytest-django's savepoints) and that is rolled back when the module ends, so nothing
of it leaks into other tests. Each role is logged in once (a session cookie, an API token)."""

import functools

from django.conf import settings
from django.db import transaction
from django.test import Client
import pytest

from khibra.api import services as api_services

from .world import ROLES, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from khibra.api.main import api

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        # Access is decided before a PDF is drawn; drawing hundreds of them would only cost time.
        patch.setattr("khibra.core.pdf.render_pdf", lambda html, **_options: b"%PDF-1.7 matrix")
        # The API documentation page builds the same OpenAPI document for every caller.
        patch.setattr(api, "get_openapi_schema", functools.cache(api.get_openapi_schema))
        outer = transaction.atomic()
        outer.__enter__()
        world = None
        try:
            world = build_world()
            world.sessions, world.secrets = {}, {}
            for role in ROLES:
                user = getattr(world, role)
                if user is None:
                    continue
                client = Client()
                client.force_login(user)
                world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
                world.secrets[role] = api_services.issue_token(user=user, name="matrix")[1]
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            if world is not None and world.export.file:  # the stored file outlives the rollback
                world.export.file.storage.delete(world.export.file.name)
