"""Table downloads (XLSX/CSV). The row is the truth; the task queue only wakes a worker.

A worker claims an export with a lease (`lease_owner`, `lease_until`) and extends it while it
writes; one whose lease ran out was left by a dead worker and the sweeper queues it again, at most
MAX_ATTEMPTS times. Files live in private storage and are served only by a permission-checked view.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


class PrivateExportStorage(FileSystemStorage):
    """Outside MEDIA_ROOT (served in development) and without a URL: only the download views read it.
    The location is read on every use so tests can point EXPORTS_ROOT at a scratch folder."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(getattr(settings, "EXPORTS_ROOT", Path(settings.DATA_DIR) / "private" / "exports"))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Exports have no public URL; use the download view.")


_storage = PrivateExportStorage()


def export_storage() -> Storage:
    """STORAGES["exports"] when a deployment names one (a private bucket every node and worker
    reaches); otherwise the private folder above."""
    if "exports" in settings.STORAGES:
        return storages["exports"]
    return _storage


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (XLSX)")
    CSV = "csv", _("CSV")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be prepared")
    # The file was deleted after the retention period; the row stays as a record.
    EXPIRED = "expired", _("Expired")


PENDING_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)


class Export(TimeStampedModel):
    Format = ExportFormat
    Status = ExportStatus

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="exports", verbose_name=_("requested by"))
    # Null for platform-wide exports (platform staff only).
    organization = models.ForeignKey(
        "organizations.Organization", models.CASCADE, null=True, blank=True, related_name="exports", verbose_name=_("organization")
    )
    kind = models.CharField(_("table"), max_length=40)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    # sha256 of (kind, organization, params, format, language): identical requests meet on it.
    request_key = models.CharField(max_length=64, editable=False)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat)
    # Headers and labels are written in the requester's language at request time.
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus, default=ExportStatus.QUEUED)
    progress = models.PositiveIntegerField(_("rows written"), default=0)
    total = models.PositiveIntegerField(_("rows expected"), default=0)
    file = models.FileField(_("file"), storage=export_storage, upload_to="%Y/%m/", max_length=200, blank=True)
    error = models.TextField(_("error"), max_length=2000, blank=True)
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same request is not queued twice while one is waiting or being built.
            models.UniqueConstraint(
                fields=["requested_by", "request_key"],
                condition=Q(status__in=["queued", "running"]),
                name="export_one_pending_per_request",
            ),
            models.CheckConstraint(condition=Q(format__in=["xlsx", "csv"]), name="export_format_known"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed", "expired"]), name="export_status_known"
            ),
            models.CheckConstraint(condition=~Q(status="running") | Q(lease_until__isnull=False), name="export_running_has_lease"),
            models.CheckConstraint(condition=~Q(status="done") | ~Q(file=""), name="export_done_has_file"),
        ]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="export_requester_recent"),
            # The sweeper: pending exports whose lease ran out or that nobody picked up.
            models.Index(fields=["status", "lease_until"], name="export_sweep", condition=Q(status__in=["queued", "running"])),
            # Expiry of old files.
            models.Index(fields=["finished_at"], name="export_expiry", condition=Q(status="done")),
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == ExportStatus.DONE else 0
        return min(100, self.progress * 100 // self.total)

    @property
    def kind_label(self) -> str:
        from .kinds import get_kind

        kind = get_kind(self.kind)
        return kind.label if kind else self.kind

    @property
    def filename(self) -> str:
        return f"khibra-{self.kind}-{self.pk}.{self.format}"
