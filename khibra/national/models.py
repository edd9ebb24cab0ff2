"""What the platform tells the national record of volunteering, and the open figures it publishes.

`HourRecord`: one row per approved hour entry of a volunteer whose identity is verified. The
row is the truth (docs/background-work.md): a worker claims a batch of waiting rows with a lease,
sends them with each row's idempotency key, and writes the national answer back on each row.
The key is fixed for one sending of the entry, so however often a batch is retried — a timeout,
a worker killed mid-batch — the national record keeps the entry once. A rejected entry that
platform staff correct and resend goes with a new key (its `revision` is one more): the rejection
recorded nothing there.

`OpenFigures`: the sector's figures as published on the open page, stored by the worker's
periodic refresh so that a public page never runs the sector's queries.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent, awaiting the answer")
    ACCEPTED = "accepted", _("Recorded nationally")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Not delivered")


class HourRecord(TimeStampedModel):
    Status = RecordStatus

    entry = models.OneToOneField(
        "hours.HourEntry", models.PROTECT, related_name="national_record", verbose_name=_("hours entry")
    )
    revision = models.PositiveSmallIntegerField(_("sending"), default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=RecordStatus, default=RecordStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True, default="")
    retry_after = models.DateTimeField(_("next try after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    national_reference = models.CharField(_("national reference"), max_length=100, blank=True)
    reason_code = models.CharField(_("reason code"), max_length=60, blank=True)
    reason = models.TextField(_("reason for rejecting"), max_length=2000, blank=True)
    last_error = models.TextField(_("last error"), max_length=2000, blank=True)
    resent_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("resent by")
    )

    class Meta:
        verbose_name = _("national record of hours")
        verbose_name_plural = _("national records of hours")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | ~Q(national_reference=""), name="hourrecord_accepted_has_reference"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="hourrecord_rejected_has_reason"
            ),
        ]
        indexes = [
            # The worker's question (what is waiting or held?) and the reconciliation page's counts.
            models.Index(
                fields=["status", "lease_until"], name="hourrecord_open", condition=Q(status__in=["pending", "sent"])
            ),
            models.Index(fields=["status", "-id"], name="hourrecord_status"),
        ]

    def __str__(self) -> str:
        return self.idempotency_key


class OpenFigures(models.Model):
    """One published set of the sector's open figures (the newest is shown)."""

    computed_at = models.DateTimeField(_("computed at"), db_index=True)
    min_group = models.PositiveSmallIntegerField(_("smallest group shown"))
    data = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("open national figures")
        verbose_name_plural = _("open national figures")
        ordering = ["-computed_at"]

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"
