"""The public REST API (/api/v1/). See main.py for the instance and the list of routers.

House rules for an area's endpoints (`khibra/api/routers/<area>.py`, a ninja `Router`):
- call the same service functions as the web views (and the same Django forms where the web
  validates with one: `forms.validated(Form(data=...))`); never a second implementation;
- find org-scoped objects through the web's access rules (`access.organization_for_member`):
  outsiders get 404, members without the role 403; `auth.require_scope` for API keys and
  `auth.require_personal` for endpoints about the caller;
- declare every answer: `response={200: Out, **ERRORS}`; lists use `pagination.Page[...]`;
- errors are raised, not returned: Django's ValidationError/PermissionDenied/Http404 and
  `errors.ApiError` become the one JSON shape in the caller's language.
"""
