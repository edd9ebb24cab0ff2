"""The API instance. Its endpoints live in `routers/<area>.py` (a ninja Router each), a door above
the domain: they call the apps' access rules, forms, services and selectors."""

from importlib import import_module

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from . import errors
from .auth import IpThrottle, TokenThrottle, bearer

# Modules with a `router`. Order is the order of the documentation.
ROUTERS = [
    "khibra.api.routers.auth",
    "khibra.api.routers.reference",
    "khibra.api.routers.volunteers",
    "khibra.api.routers.organizations",
    "khibra.api.routers.programs",
    "khibra.api.routers.opportunities",
    "khibra.api.routers.agreements",
    "khibra.api.routers.proposals",
    "khibra.api.routers.matching",
    "khibra.api.routers.recruitment",
    "khibra.api.routers.engagements",
    "khibra.api.routers.hours",
    "khibra.api.routers.certificates",
    "khibra.api.routers.evaluation",
    "khibra.api.routers.learning",
    "khibra.api.routers.training",
    "khibra.api.routers.providers",
    "khibra.api.routers.exports",
    "khibra.api.routers.teams",
    "khibra.api.routers.dashboards",
    "khibra.api.routers.privacy",
]


class _Renderer(JSONRenderer):
    """UTF-8 JSON with Arabic as text, not \\u escapes."""

    encoder_class = NinjaJSONEncoder
    json_dumps_params = {"ensure_ascii": False}


class _Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation that takes a body may answer 413 (core's size limit answers before the
        router runs, in the API's error shape): say so where clients read the contract."""
        schema = super().get_openapi_schema(*args, **kwargs)
        error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and "requestBody" in operation:
                    operation["responses"].setdefault("413", {"description": "Payload Too Large", **error_ref})
        return schema


api = _Api(
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
