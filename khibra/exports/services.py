"""Exports: request (checked, deduplicated, queued on commit), build with a lease, sweep, expire.

The database is the source of truth; the task queue only wakes a worker. A worker claims an export
with a lease and extends it with each progress write; if it dies, the sweeper queues the export
again (at most MAX_ATTEMPTS builds). A builder that lost its lease stops and keeps nothing, so a
file is never built twice for one export.
"""

from collections.abc import Iterator
from dataclasses import dataclass
import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import socket
import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy as _

from khibra.core import audit
from khibra.core.leases import LeasedWork, LeaseLost
from khibra.core.replicas import replica_reads

from . import writers
from .kinds import ExportKind, get_kind
from .models import Export, ExportFormat, ExportStatus, export_storage

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 3
PROGRESS_EVERY = 500
RETENTION = dt.timedelta(days=7)
# At most this many rows are written straight into the response; more go to the background.
DIRECT_LIMIT = 2000
LANGUAGES = ("ar", "en")

CONTENT_TYPES = {
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.CSV: "text/csv; charset=utf-8",
}


def worker_name() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def _language(language: str | None) -> str:
    language = (language or get_language() or "ar")[:2]
    return language if language in LANGUAGES else "ar"


def _format(value: str) -> str:
    if value not in ExportFormat.values:
        raise ValidationError({"format": _("Choose XLSX or CSV.")})
    return value


def prepare(*, kind: str, params, by, organization=None) -> tuple[ExportKind, dict]:
    """The kind and the cleaned filters, after checking that `by` may export it (404/403)."""
    export_kind = get_kind(kind) if isinstance(kind, str) else None
    if export_kind is None:
        raise ValidationError({"kind": _("There is no table with this name to download.")})
    export_kind.check(by, organization)
    return export_kind, export_kind.clean(params, organization)


def request_key(*, kind: str, organization, params: dict, format: str, language: str) -> str:
    payload = json.dumps(
        [kind, organization.pk if organization else None, params, format, language], sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def request_export(*, kind: str, params, format: str, by, organization=None, language: str | None = None) -> Export:
    """Queue an export, or return the identical one already queued or running."""
    format = _format(format)
    language = _language(language)
    export_kind, cleaned = prepare(kind=kind, params=params, by=by, organization=organization)
    key = request_key(kind=export_kind.name, organization=organization, params=cleaned, format=format, language=language)
    existing = Export.objects.pending().filter(requested_by=by, request_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            export = Export.objects.create(
                requested_by=by,
                organization=organization,
                kind=export_kind.name,
                params=cleaned,
                request_key=key,
                format=format,
                language=language,
                total=export_kind.count(cleaned, organization),
            )
            audit.record(actor=by, verb="export.requested", target=export, organization=organization, kind=export_kind.name, format=format, params=cleaned)
    except IntegrityError:
        # The same request, queued at the same moment by another tab or client.
        return Export.objects.pending().get(requested_by=by, request_key=key)
    from . import tasks

    transaction.on_commit(lambda: tasks.build_export.enqueue(export_id=export.pk))
    return export


# Building ------------------------------------------------------------------------------------


def _wake(export_ids: list[int]) -> None:
    from . import tasks

    for export_id in export_ids:
        tasks.build_export.enqueue(export_id=export_id)


BUILDS = LeasedWork(
    name="exports.builds",
    model=Export,
    waiting=ExportStatus.QUEUED,
    held=ExportStatus.RUNNING,
    lease=lambda: LEASE,
    max_attempts=MAX_ATTEMPTS,
    wake=_wake,
    owner_field="lease_owner",
    waiting_since="updated_at",
    touch_field="updated_at",
    give_up=lambda now: {"status": ExportStatus.FAILED, "error": "The export was interrupted too many times.", "finished_at": now},
    on_return=lambda now: {"progress": 0},
    sweep_limit=500,
)


def claim(*, export_id: int, worker: str) -> bool:
    """Take the lease on a queued export; False when another worker has it, it is finished, or
    it has had all its attempts."""
    return BUILDS.claim(export_id, owner=worker, progress=0)


def _heartbeat(export_id: int, worker: str, **values) -> None:
    """One short write: progress, and a longer lease while we still hold it."""
    BUILDS.renew(export_id, owner=worker, **values)


def _write(export: Export, export_kind: ExportKind, target, on_progress) -> int:
    rows = export_kind.rows(export.params, export.organization)
    if export.format == ExportFormat.XLSX:
        return writers.write_xlsx(
            target,
            title=str(export_kind.label),
            headers=export_kind.headers(),
            rows=rows,
            right_to_left=export.language == "ar",
            on_progress=on_progress,
            every=PROGRESS_EVERY,
        )
    return writers.write_csv(target, headers=export_kind.headers(), rows=rows, on_progress=on_progress, every=PROGRESS_EVERY)


def build_export(*, export_id: int, worker: str) -> bool:
    """Claim, build and store one export. Safe to call any number of times for the same id."""
    if not claim(export_id=export_id, worker=worker):
        return False
    export = Export.objects.select_related("organization").get(pk=export_id)
    export_kind = get_kind(export.kind)
    name = ""
    try:
        if export_kind is None:
            raise LookupError(f"unknown export kind {export.kind!r}")
        # The rows may come from the replica (a second of lag is fine for a table download);
        # the lease and progress writes go to the primary as every write does.
        with translation.override(export.language), replica_reads():
            _heartbeat(export_id, worker, total=export_kind.count(export.params, export.organization))
            with tempfile.TemporaryFile() as scratch:
                written = _write(export, export_kind, scratch, lambda count: _heartbeat(export_id, worker, progress=count))
                scratch.seek(0)
                stamp = timezone.now()
                name = export_storage().save(
                    f"{stamp:%Y/%m}/khibra-{export.kind}-{export.pk}-{secrets.token_hex(8)}.{export.format}", File(scratch)
                )
    except LeaseLost:
        logger.warning("export %s: lease lost, another worker builds it", export_id)
        return False
    except Exception as error:  # a broken build is reported to the requester, not retried
        logger.exception("export %s failed", export_id)
        BUILDS.finish(export_id, owner=worker, status=ExportStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now())
        if name:
            export_storage().delete(name)
        return False
    now = timezone.now()
    finished = BUILDS.finish(
        export_id, owner=worker, status=ExportStatus.DONE, file=name, progress=written, total=written, error="", finished_at=now
    )
    if not finished:  # the lease ran out at the very end: the other worker's file wins
        export_storage().delete(name)
        return False
    return True


def sweep_exports() -> int:
    """Queue again what a dead worker left (lease expired) and what no worker picked up; give up
    on an export after MAX_ATTEMPTS builds. Returns how many were queued."""
    return BUILDS.sweep()


def expire_exports(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports finished more than RETENTION ago; the rows stay as a record."""
    now = now or timezone.now()
    expired = 0
    old = Export.objects.filter(status=ExportStatus.DONE, finished_at__lt=now - RETENTION)
    for export_id, name in list(old.values_list("pk", "file")[:1000]):
        if Export.objects.filter(pk=export_id, status=ExportStatus.DONE).update(status=ExportStatus.EXPIRED, file="", updated_at=now):
            if name:
                export_storage().delete(name)
            expired += 1
    return expired


# Downloading ---------------------------------------------------------------------------------


def note_download(*, export: Export, by) -> None:
    """Exports carry personal data: every download is in the audit trail."""
    audit.record(actor=by, verb="export.downloaded", target=export, organization=export.organization)


def _in_language(language: str, rows: Iterator[tuple]) -> Iterator[tuple]:
    with translation.override(language):
        yield from rows


@dataclass
class DirectExport:
    filename: str
    content_type: str
    stream: Iterator[bytes] | None = None  # CSV, written while it is sent
    file: object = None  # XLSX: a zip needs the whole workbook first


def direct_export(*, kind: str, params, format: str, by, organization=None) -> DirectExport | None:
    """A small table straight into the response, in the active language; None when it is too
    large (then request_export builds it in the background)."""
    format = _format(format)
    export_kind, cleaned = prepare(kind=kind, params=params, by=by, organization=organization)
    if export_kind.count(cleaned, organization) > DIRECT_LIMIT:
        return None
    audit.record(
        actor=by, verb="export.direct", target=organization or by, organization=organization,
        kind=export_kind.name, format=format, params=cleaned,
    )
    filename = f"khibra-{export_kind.name}-{timezone.localdate():%Y%m%d}.{format}"
    rows = export_kind.rows(cleaned, organization)
    if format == ExportFormat.CSV:
        # The response is sent after the view returns: keep the request's language for the labels.
        rows = _in_language(_language(None), rows)
        return DirectExport(filename, CONTENT_TYPES[format], stream=writers.stream_csv(headers=export_kind.headers(), rows=rows))
    scratch = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    writers.write_xlsx(
        scratch, title=str(export_kind.label), headers=export_kind.headers(), rows=rows, right_to_left=_language(None) == "ar"
    )
    scratch.seek(0)
    return DirectExport(filename, CONTENT_TYPES[format], file=scratch)
