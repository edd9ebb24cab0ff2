"""Exports: request a table as XLSX or CSV, follow its progress, download the file. Same services
and access rules as the "My exports" page. Organization keys need the "reports:read" scope."""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from khibra.api.access import export_for_caller
from khibra.api.auth import principal, require_personal, require_scope
from khibra.api.errors import ERRORS
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.exports import services, views
from khibra.exports.models import Export
from khibra.organizations.models import Organization

router = Router(tags=["exports"])

SCOPE = "reports:read"
MAX_ID = 2**31 - 1

FilterValue = Annotated[str, StringConstraints(max_length=100)] | Annotated[int, Field(ge=0, le=MAX_ID)] | None


class ExportRequestIn(Schema):
    kind: str = Field(..., max_length=40, description="hours, engagements, applications, sector_volunteers (staff) or organizations (staff).")
    params: dict[Annotated[str, StringConstraints(max_length=40)], FilterValue] = Field(
        default_factory=dict, max_length=10, description="Filters of the kind, e.g. {\"status\": \"approved\", \"from\": \"2026-01-01\"}."
    )
    format: Literal["xlsx", "csv"]
    organization_id: int | None = Field(None, ge=1, le=MAX_ID, description="The organization whose table it is; none for platform-wide tables.")
    language: Literal["ar", "en"] | None = Field(None, description="The language of headers and labels; by default Accept-Language.")


class ExportOut(Schema):
    id: int
    kind: str
    kind_display: str
    organization_id: int | None
    params: dict[str, str | int | None]
    format: str
    language: str
    status: str = Field(..., description="queued, running, done, failed or expired.")
    status_display: str
    progress: int = Field(..., description="Rows written so far.")
    total: int = Field(..., description="Rows expected.")
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    download_url: str | None = Field(..., description="Where to fetch the file once the export is done.")


def _export_out(export: Export) -> dict:
    return {
        "id": export.pk,
        "kind": export.kind,
        "kind_display": str(export.kind_label),
        "organization_id": export.organization_id,
        "params": export.params,
        "format": export.format,
        "language": export.language,
        "status": export.status,
        "status_display": export.get_status_display(),
        "progress": export.progress,
        "total": export.total,
        "error": export.error,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "download_url": reverse("api-v1:export_download", kwargs={"export_id": export.pk}) if export.is_ready else None,
    }


@router.post("/exports/", response={202: ExportOut, **ERRORS}, summary="Request a table as XLSX or CSV, built in the background")
def request_export(request, payload: ExportRequestIn):
    organization = None
    if payload.organization_id is not None:
        organization = Organization.objects.filter(pk=payload.organization_id).first()
        if organization is None:
            raise Http404
    caller = principal(request)
    if caller is not None and caller.key is not None and organization is None:
        raise PermissionDenied(_("An organization's API key exports only that organization's tables."))
    require_scope(request, SCOPE, organization)
    export = services.request_export(
        kind=payload.kind, params=payload.params, format=payload.format, by=request.user,
        organization=organization, language=payload.language,
    )
    return Status(202, _export_out(export))


@router.get("/exports/{export_id}/", response={200: ExportOut, **ERRORS}, summary="An export: status, progress and, when done, the download link")
def get_export(request, export_id: int):
    return _export_out(export_for_caller(request, export_id, scope=SCOPE))


@router.get(
    "/exports/{export_id}/download/",
    response={200: None, **ERRORS},
    url_name="export_download",
    summary="The file of a finished export",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The XLSX or CSV file.",
                "content": {
                    services.CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
                    "text/csv": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def download_export(request, export_id: int):
    export = export_for_caller(request, export_id, scope=SCOPE)
    return views.file_response(export, by=request.user)


@router.get("/me/exports/", response={200: Page[ExportOut], **ERRORS}, summary="Your exports, newest first")
def my_exports(request, query: Query[PageQuery]):
    require_personal(request)
    return paginate(Export.objects.filter(requested_by=request.user).select_related("organization"), query, _export_out)
