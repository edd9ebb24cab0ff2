from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel

from . import hooks


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Roles come from what they hold: a volunteer profile, memberships, `is_staff`.

    `is_staff` marks platform staff of the support and facilitation body.
    """

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="ar"
    )
    # A manager's notification setting: hours, work and weekly reports that arrive come by e-mail
    # too (always in the app).
    emails_on_volunteer_work = models.BooleanField(
        _("e-mail me when volunteers log hours, hand in work or send a report"), default=True
    )
    is_staff = models.BooleanField(_("platform staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Case-insensitive: Sara@x.sa and sara@x.sa are one person.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # set_password() leaves the new raw password in _password until the save: however the
        # password was replaced (the site, a reset link, the admin, `changepassword`), say so once.
        replaced = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if replaced:
            hooks.password_replaced(user=self)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]


class PolicyKind(models.TextChoices):
    CHARTER = "charter", _("Volunteer ethics charter")
    PRIVACY = "privacy", _("Personal data processing consent")


class Policy(TimeStampedModel):
    """A versioned text a user accepts: the ethics charter or the personal-data consent (PDPL).

    A new version is a new row; whoever accepted an older one is asked again.
    """

    Kind = PolicyKind
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyKind)
    version = models.PositiveIntegerField(_("version"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_ar = models.TextField(_("text (Arabic)"))
    body_en = models.TextField(_("text (English)"))
    purpose_ar = models.CharField(_("purpose (Arabic)"), max_length=300, blank=True)
    purpose_en = models.CharField(_("purpose (English)"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("in force from"), default=timezone.now)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="policy_kind_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="policy_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def _pick(self, arabic: str, english: str) -> str:
        from django.utils.translation import get_language

        return arabic if (get_language() or "ar").startswith("ar") else english

    @property
    def title(self) -> str:
        return self._pick(self.title_ar, self.title_en)

    @property
    def body(self) -> str:
        return self._pick(self.body_ar, self.body_en)

    @property
    def purpose(self) -> str:
        return self._pick(self.purpose_ar, self.purpose_en)


class PolicyAcceptance(models.Model):
    """Proof of acceptance: who, which version, when and from where."""

    user = models.ForeignKey(User, models.CASCADE, related_name="policy_acceptances", verbose_name=_("user"))
    policy = models.ForeignKey(Policy, models.PROTECT, related_name="acceptances", verbose_name=_("policy version"))
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy acceptance")
        verbose_name_plural = _("policy acceptances")
        constraints = [
            models.UniqueConstraint(fields=["user", "policy"], name="policy_accepted_once"),
        ]


class PhoneCode(models.Model):
    """A one-time code sent by SMS to prove a mobile number. Only its keyed hash is kept; it works
    once, until `expires_at`, and dies after PHONE_CODE_ATTEMPTS wrong tries. Rows are deleted a
    day after they expire (accounts.delete_old_phone_codes)."""

    user = models.ForeignKey(User, models.CASCADE, related_name="+", verbose_name=_("user"))
    phone = models.CharField(_("mobile number"), max_length=20)
    code_hash = models.CharField(_("code (hashed)"), max_length=64)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="phone_code_expires_after_sent"
            ),
        ]
        indexes = [models.Index(fields=["user", "phone"], name="phone_code_user_phone")]
