"""The API instance. Each domain app owns its endpoints in `<app>/api.py` (a ninja Router)."""

from importlib import import_module

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from . import errors
from .auth import IpThrottle, TokenThrottle, bearer

# Modules with a `router`. Order is the order of the documentation.
ROUTERS = [
    "khibra.api.routes",
    "khibra.reference.api",
    "khibra.volunteers.api",
    "khibra.organizations.api",
    "khibra.programs.api",
    "khibra.opportunities.api",
    "khibra.matching.api",
    "khibra.recruitment.api",
    "khibra.engagements.api",
    "khibra.hours.api",
    "khibra.certificates.api",
    "khibra.evaluation.api",
    "khibra.training.api",
    "khibra.providers.api",
    "khibra.exports.api",
    "khibra.teams.api",
    "khibra.dashboards.api",
    "khibra.privacy.api",
]


class _Renderer(JSONRenderer):
    """UTF-8 JSON with Arabic as text, not \\u escapes."""

    encoder_class = NinjaJSONEncoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Khibra API",
    version="1",
    description=(
        "The REST API of Khibra, the platform for professional (pro bono) volunteering. "
        "Authenticate with `Authorization: Bearer <token>` (POST /api/v1/auth/token/) or an "
        "organization's API key. Errors have one shape: {\"error\": {\"code\", \"message\", \"fields\"}}; "
        "messages follow Accept-Language (ar or en). Lists take ?page= and ?page_size= (at most 100)."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/schema/",
    auth=bearer,
    throttle=[IpThrottle(), TokenThrottle()],
    renderer=_Renderer(),
)
errors.install(api)

for module in ROUTERS:
    api.add_router("", import_module(module).router)
