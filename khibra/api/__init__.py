"""The public REST API (/api/v1/). See main.py for the instance and the list of routers.

House rules for an area's endpoints (`khibra/api/routers/<area>.py`, a ninja `Router`):
- call the same service functions as the web views (and the same Django forms where the web
  validates with one: `forms.validated(Form(data=...))`); never a second implementation;
- find objects through the apps' own access functions, keyed by the object's id, the ones the web
  views use (`khibra/<app>/access.py`): `access.member_object(request, find, pk, scope=…)` and
  `access.organization_for_member` add only the API key's scope; outsiders and missing objects
  get the same 404, members without the role 403; `auth.require_personal` for endpoints about
  the caller. No rule of who may see what is written in a router;
- an Out schema reads the model (each field declared once, in the schema; `schemas.resolver` and
  `schemas.display` for what is not a plain field); `tests/test_fields.py` keeps the writable
  schemas in step with the web forms;
- declare every answer: `response={200: Out, **ERRORS}`; lists use `pagination.Page[...]`;
- errors are raised, not returned: Django's ValidationError/PermissionDenied/Http404 and
  `errors.ApiError` become the one JSON shape in the caller's language.
"""
