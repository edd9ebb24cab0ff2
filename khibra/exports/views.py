"""My exports, the request behind every "Download XLSX / CSV" button, and the download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khibra.core.forms import add_service_errors
from khibra.organizations.models import Organization

from . import access, services
from .forms import ExportRequestForm
from .models import Export

MY_EXPORTS_SHOWN = 50


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def my_exports(request: HttpRequest) -> HttpResponse:
    exports = list(Export.objects.filter(requested_by=request.user).select_related("organization")[:MY_EXPORTS_SHOWN])
    return render(request, "exports/my_exports.html", {"exports": exports})


@login_required
@require_GET
def export_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of "My exports", polled by htmx every 2 s while the export is being built."""
    export = access.get_export_for_viewer(request.user, pk)
    return _no_store(render(request, "exports/my_exports.html#export-row", {"export": export}))


@login_required
@require_POST
def new_export(request: HttpRequest) -> HttpResponse:
    form = ExportRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        organization = Organization.objects.filter(slug=data["organization"]).first() if data["organization"] else None
        arguments = {"kind": data["kind"], "params": data["params"], "format": data["format"], "by": request.user, "organization": organization}
        try:
            direct = None if data["background"] else services.direct_export(**arguments)
            if direct is not None:
                return _direct_response(direct)
            export = services.request_export(**arguments)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.info(request, _("Your file is being prepared. It appears here when it is ready."))
            return redirect(reverse("exports:list") + f"#export-{export.pk}")
    return render(request, "exports/request_error.html", {"form": form}, status=400)


def _direct_response(direct: services.DirectExport) -> HttpResponse:
    if direct.stream is not None:
        response = StreamingHttpResponse(direct.stream, content_type=direct.content_type)
        response["Content-Disposition"] = f'attachment; filename="{direct.filename}"'
    else:
        response = FileResponse(direct.file, as_attachment=True, filename=direct.filename, content_type=direct.content_type)
    return _no_store(response)


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    export = access.get_export_for_viewer(request.user, pk)
    return file_response(export, by=request.user)


def file_response(export: Export, *, by) -> HttpResponse:
    """The stored file, for the page and the API alike; only ready exports have one."""
    if not export.is_ready:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.note_download(export=export, by=by)
    response = FileResponse(handle, as_attachment=True, filename=export.filename, content_type=services.CONTENT_TYPES[export.format])
    return _no_store(response)
