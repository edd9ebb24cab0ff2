"""The browsable API reference, rendered on the server from the live OpenAPI document (no CDN,
no script): every operation with its parameters, body and answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khibra.core.forms import add_service_errors
from khibra.organizations.access import get_organization_for_member

from . import services
from .forms import ApiKeyForm, ApiTokenForm
from .main import api
from .models import ApiKey, ApiToken, Scope

METHOD_ORDER = ["get", "post", "put", "patch", "delete"]


def _resolve(schema: dict, components: dict, depth: int = 0) -> dict:
    if "$ref" in schema and depth < 6:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return {**_resolve(components.get(name, {}), components, depth + 1), "ref_name": name}
    return schema


def _type_of(schema: dict, components: dict) -> str:
    schema = _resolve(schema, components)
    if "anyOf" in schema:
        return " | ".join(_type_of(option, components) for option in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(f'"{value}"' for value in schema["enum"])
    if schema.get("type") == "array":
        return f"[{_type_of(schema.get('items', {}), components)}]"
    if "ref_name" in schema:
        return schema["ref_name"]
    kind = schema.get("type", "object")
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def _fields(schema: dict, components: dict) -> list[dict]:
    schema = _resolve(schema, components)
    required = set(schema.get("required", []))
    rows = []
    for name, prop in (schema.get("properties") or {}).items():
        resolved = _resolve(prop, components)
        rows.append(
            {
                "name": name,
                "type": _type_of(prop, components),
                "required": name in required,
                "description": resolved.get("description") or prop.get("description", ""),
            }
        )
    return rows


def _operations(document: dict) -> list[dict]:
    components = document.get("components", {}).get("schemas", {})
    groups: dict[str, list] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHOD_ORDER:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            responses = []
            for status, answer in operation.get("responses", {}).items():
                schema = answer.get("content", {}).get("application/json", {}).get("schema")
                responses.append({"status": status, "type": _type_of(schema, components) if schema else "—"})
            entry = {
                "id": operation.get("operationId", f"{method}-{path}"),
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "public": not operation.get("security") or {} in operation.get("security", []),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "type": _type_of(parameter.get("schema", {}), components),
                        "required": parameter.get("required", False),
                        "description": parameter.get("description", "") or parameter.get("schema", {}).get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "body": _fields(body, components) if body else [],
                "responses": responses,
            }
            for tag in operation.get("tags") or ["other"]:
                groups.setdefault(tag, []).append(entry)
    return [{"tag": tag, "operations": operations} for tag, operations in groups.items()]


def docs(request):
    schema_path = reverse("api-v1:openapi-json")
    document = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {"document": document, "groups": _operations(document), "schema_url": schema_path},
    )


# --- credentials on the web: an organization's API keys, a person's tokens ---------------------


@login_required
def api_keys(request, org_slug: str):
    """An organization's admins create and revoke its keys; the secret is shown once, here."""
    organization, _membership = get_organization_for_member(request.user, org_slug, admin=True)
    form = ApiKeyForm(request.POST or None)
    secret = ""
    if form.is_bound and form.is_valid():
        try:
            _key, secret = services.create_api_key(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiKeyForm()
    keys = ApiKey.objects.active().filter(organization=organization).select_related("created_by")
    context = {"organization": organization, "form": form, "keys": keys, "secret": secret, "scopes": dict(Scope.choices)}
    return render(request, "api/api_keys.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke_api_key(request, org_slug: str, pk: int):
    organization, _membership = get_organization_for_member(request.user, org_slug, admin=True)
    key = get_object_or_404(ApiKey.objects.active(), organization=organization, pk=pk)
    services.revoke_api_key(key=key, by=request.user)
    messages.success(request, _("The key “%(name)s” no longer works.") % {"name": key.name})
    return redirect("api:api_keys", organization.slug)


@login_required
def api_tokens(request):
    """A person's own tokens: create one (shown once) or revoke one."""
    form = ApiTokenForm(request.POST or None)
    secret = ""
    if form.is_bound and form.is_valid():
        try:
            _token, secret = services.issue_token(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.current().filter(user=request.user)
    return render(request, "api/api_tokens.html", {"form": form, "tokens": tokens, "secret": secret}, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke_api_token(request, pk: int):
    token = get_object_or_404(ApiToken.objects.active(), user=request.user, pk=pk)
    services.revoke_token(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("api:api_tokens")
