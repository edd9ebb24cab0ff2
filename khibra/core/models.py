from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BilingualNameModel(models.Model):
    """Reference rows and organizations carry both names; `name` follows the active language."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        if (get_language() or "ar").startswith("ar"):
            return self.name_ar or self.name_en
        return self.name_en or self.name_ar

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """Who did what to which object, written in the same transaction as the change itself."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    verb = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(_("object type"), max_length=80)
    target_id = models.CharField(_("object id"), max_length=64)
    # The organization the event belongs to, so an organization admin can read their own trail.
    organization = models.ForeignKey(
        "organizations.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("organization"),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["organization", "-created_at"], name="audit_org_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"


class OutboundEmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundEmail(TimeStampedModel):
    """One e-mail to one address. The row is the truth; the task queue only wakes a worker.

    A worker claims a row with a lease (`lease_until`); a row whose lease ran out without being
    sent was left by a dead worker and the sweeper queues it again. `dedupe_key` stops the same
    message from being queued twice.
    """

    Status = OutboundEmailStatus
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OutboundEmailStatus, default=OutboundEmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Files sent with the message, kept in the row so a retry sends the same ones:
    # [{"name": "interview.ics", "type": "text/calendar", "content": "…"}] (text files only).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="outbound_email_dedupe"),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False), name="outbound_email_sent_has_time"
            ),
        ]
        indexes = [
            # The sweeper's question: what is unsent? Kept small by the condition.
            models.Index(
                fields=["status", "lease_until"],
                name="outbound_email_unsent",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
        ]


class Notification(models.Model):
    """An in-app message to one person (the bell); e-mail copies go through the outbox."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=2000, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(fields=["user"], name="notification_unread", condition=models.Q(read_at__isnull=True)),
        ]


class ScheduledJob(models.Model):
    """When a periodic job (core.schedule) was last queued, and the lease of its current run.

    A worker that finds the job due claims this row with one conditional UPDATE before it queues
    the run, so that two workers never queue the same period twice; the run clears the lease. A
    run whose worker died leaves the lease to run out, and the job is due again.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    last_queued_at = models.DateTimeField(_("last queued at"))
    lease_until = models.DateTimeField(_("running until"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """The last sign of life of each worker process: what a health check reads."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=100, blank=True)
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id


class NoticeChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class OutboundMessage(TimeStampedModel):
    """One SMS or WhatsApp notice to one phone: the outbox of the phone channels (core.messaging),
    with the same guarantees as the e-mail outbox: the row is the truth, a worker claims it with a
    lease, `dedupe_key` stops the same notice from being queued twice. `not_before` holds a notice
    that fell in the person's quiet hours until they end."""

    Status = OutboundEmailStatus
    Channel = NoticeChannel
    channel = models.CharField(_("channel"), max_length=10, choices=NoticeChannel)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    to = models.CharField(_("to"), max_length=20)
    language = models.CharField(_("language"), max_length=5, default="ar")
    body = models.TextField(_("text"), max_length=1000)
    params = models.JSONField(_("template values"), default=list, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=OutboundEmailStatus, default=OutboundEmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_id = models.CharField(_("provider's message id"), max_length=200, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing phone notice")
        verbose_name_plural = _("outgoing phone notices")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="outbound_message_dedupe"),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False), name="outbound_message_sent_has_time"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "lease_until"], name="outbound_message_unsent", condition=models.Q(status__in=["queued", "sending"])
            ),
        ]


class NoticePreference(models.Model):
    """How one person wants one group of notices (core.channels.GROUPS): in the app always, and by
    e-mail, SMS and WhatsApp as they choose. No row: e-mail on, the phone channels off."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notice_preferences", verbose_name=_("user"))
    group = models.CharField(_("kind of notice"), max_length=30)
    email = models.BooleanField(_("e-mail"), default=True)
    sms = models.BooleanField(_("SMS"), default=False)
    whatsapp = models.BooleanField(_("WhatsApp"), default=False)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="notice_preference_once")]


class QuietHours(models.Model):
    """When a person's phone stays silent (Riyadh time): SMS and WhatsApp notices wait until the end."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="quiet_hours", verbose_name=_("user"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")
        constraints = [models.CheckConstraint(condition=~models.Q(starts=models.F("ends")), name="quiet_hours_not_empty")]
