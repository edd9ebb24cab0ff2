"""Matching data: synonyms kept as data, derived term keys, invitations and alerts."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SynonymGroup(TimeStampedModel):
    """Words that mean the same skill or profession, in Arabic and English (one term a line).

    `index.save_synonym_group` keeps the normalised `SynonymTerm` rows in step with `terms`.
    """

    name = models.CharField(_("name"), max_length=120)
    terms = models.TextField(_("terms"), help_text=_("One term a line, Arabic or English, e.g. CPA."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def term_list(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]


class SynonymTerm(models.Model):
    group = models.ForeignKey(SynonymGroup, models.CASCADE, related_name="term_rows", verbose_name=_("group"))
    key = models.CharField(_("normalised term"), max_length=200)

    class Meta:
        verbose_name = _("synonym term")
        verbose_name_plural = _("synonym terms")
        constraints = [models.UniqueConstraint(fields=["group", "key"], name="synonym_term_once_per_group")]
        indexes = [models.Index(fields=["key"], name="synonym_term_key")]


class VolunteerTerm(models.Model):
    """A normalised token ("t:…") or synonym group ("g:…") of a volunteer's profile text.

    Kept in step by `index.refresh_volunteer`; ranking joins on (profile, key) and (key).
    """

    profile = models.ForeignKey("volunteers.VolunteerProfile", models.CASCADE, related_name="match_terms")
    key = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "key"], name="volunteer_term_once")]
        # The unique index serves the per-candidate lookup; this one finds candidates by term.
        indexes = [models.Index(fields=["key", "profile"], name="volunteer_term_key")]


class MatchEntry(models.Model):
    """Where a volunteer can be found when an opportunity looks for candidates: one row per field
    ("f:<id>"), per profession ("p:<id>") and, for volunteers who work in person, per field or
    profession in each of their cities ("f:<id>:c:<city>", "p:<id>:c:<city>").

    `score` is the part of a volunteer's match score that does not depend on the opportunity
    (identity, declared days and times, experience); the index walks each key best first, so the
    shortlist of an opportunity is read without looking at every volunteer of a popular field.
    Derived data: written only by `entries.rebuild` (from `index.refresh_volunteer` and `index.rebuild_match_index`).
    """

    key = models.CharField(max_length=40)
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.CASCADE, related_name="match_entries")
    score = models.PositiveSmallIntegerField(default=0)
    hours = models.PositiveSmallIntegerField(default=0)
    speaks_ar = models.BooleanField(default=False)
    speaks_en = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["volunteer", "key"], name="match_entry_once")]
        indexes = [
            # Every column the shortlist reads is in the index: an index-only scan that stops at
            # its limit. (Key columns, not INCLUDE, so that SQLite builds the same index.)
            models.Index(fields=["key", "-score", "-volunteer", "hours", "speaks_ar", "speaks_en"], name="match_entry_best"),
        ]


class OpportunityTerm(models.Model):
    """The same for an opportunity's title, requirements and professions (`index.refresh_opportunity`)."""

    opportunity = models.ForeignKey("opportunities.Opportunity", models.CASCADE, related_name="match_terms")
    key = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opportunity", "key"], name="opportunity_term_once")]
        indexes = [models.Index(fields=["key", "opportunity"], name="opportunity_term_key")]


class Invitation(TimeStampedModel):
    """A manager invited a suggested volunteer to apply: once per volunteer and opportunity."""

    opportunity = models.ForeignKey("opportunities.Opportunity", models.CASCADE, related_name="invitations", verbose_name=_("opportunity"))
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.CASCADE, related_name="invitations", verbose_name=_("volunteer"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by"))

    class Meta:
        verbose_name = _("invitation to apply")
        verbose_name_plural = _("invitations to apply")
        constraints = [models.UniqueConstraint(fields=["opportunity", "volunteer"], name="invitation_once_per_volunteer")]


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class NatureFilter(models.TextChoices):
    ANY = "", _("Any")
    REMOTE = "remote", _("Remote work only")
    IN_PERSON = "in_person", _("In-person work only")


class AlertPreference(TimeStampedModel):
    Frequency = Frequency
    volunteer = models.OneToOneField("volunteers.VolunteerProfile", models.CASCADE, related_name="alert_preference", verbose_name=_("volunteer"))
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency, default=Frequency.DAILY)
    fields = models.ManyToManyField("reference.Field", related_name="+", blank=True, verbose_name=_("only these fields"))
    cities = models.ManyToManyField("reference.City", related_name="+", blank=True, verbose_name=_("only these cities"))
    nature = models.CharField(_("kind of work"), max_length=10, choices=NatureFilter, default=NatureFilter.ANY, blank=True)
    # Random, for the one-click unsubscribe link in every alert e-mail (no login needed).
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")
        indexes = [models.Index(fields=["frequency"], name="alert_pref_frequency")]


class AlertStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (alerts turned off)")


class Alert(models.Model):
    """One opportunity for one volunteer. The row is the truth; tasks only wake the workers.

    Inserted set-based by `alerts.fan_out_alerts`; delivered by workers that take a lease.
    """

    Status = AlertStatus
    opportunity = models.ForeignKey("opportunities.Opportunity", models.CASCADE, related_name="alerts")
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.CASCADE, related_name="alerts")
    frequency = models.CharField(max_length=10, choices=Frequency)
    status = models.CharField(max_length=10, choices=AlertStatus, default=AlertStatus.PENDING)
    created_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opportunity", "volunteer"], name="alert_once_per_volunteer")]
        indexes = [
            # Workers look only at what is still waiting: a small partial index.
            models.Index(fields=["frequency", "id"], name="alert_pending", condition=Q(status="pending")),
            models.Index(fields=["volunteer", "frequency"], name="alert_pending_volunteer", condition=Q(status="pending")),
        ]


class ProfessionFit(models.Model):
    """A profession whose people fit a field's work, kept as data (e.g. a software engineer fits
    digital infrastructure and data management; a chartered accountant fits finance). Candidates
    for an opportunity come from its fields, its professions and the professions that fit its
    fields, so a volunteer whose profession fits is found without having ticked the field."""

    profession = models.ForeignKey("reference.Profession", models.CASCADE, related_name="+", verbose_name=_("profession"))
    field = models.ForeignKey("reference.Field", models.CASCADE, related_name="+", verbose_name=_("field"))

    class Meta:
        verbose_name = _("profession that fits a field")
        verbose_name_plural = _("professions that fit fields")
        constraints = [models.UniqueConstraint(fields=["profession", "field"], name="profession_fit_once")]
        indexes = [models.Index(fields=["field", "profession"], name="profession_fit_field")]

    def __str__(self) -> str:
        return f"{self.profession} → {self.field}"
