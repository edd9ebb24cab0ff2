"""Khibra settings: one file, read from the environment (see .env.example).

SQLite is the embedded default; DATABASE_URL switches to PostgreSQL. Bad values fail loudly
at start-up rather than half-working.
"""

from datetime import timedelta
import os
from pathlib import Path
import sys
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from khibra.environment import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", False)
# pytest sets PYTEST_VERSION before anything is imported.
TESTING = bool(os.environ.get("PYTEST_VERSION")) or "pytest" in Path(sys.argv[0]).name

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The address links in e-mails, PDFs and QR codes point to; `make run` serves on PORT, so follow it.
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "django_tasks",
    "django_tasks_db",
    "khibra.core",
    "khibra.reference",
    "khibra.accounts",
    "khibra.accounts.national_sso",
    "khibra.organizations",
    "khibra.volunteers",
    "khibra.programs",
    "khibra.opportunities",
    "khibra.agreements",
    "khibra.recruitment",
    "khibra.ideas",
    "khibra.engagements",
    "khibra.hours",
    "khibra.certificates",
    "khibra.evaluation",
    "khibra.matching",
    "khibra.api",
    "khibra.training",
    "khibra.providers",
    "khibra.exports",
    "khibra.teams",
    "khibra.dashboards",
    "khibra.national",
    "khibra.privacy",
    "khibra.auditlog",
    "khibra.site",
    "khibra.demo",
]

MIDDLEWARE = [
    "khibra.core.unavailable.DatabaseUnavailableMiddleware",  # outermost: database down -> 503, never 500
    "khibra.core.http.RetryAfterMiddleware",  # every 429 says when to try again
    "khibra.core.bodies.RequestSizeMiddleware",  # a body over the limits below -> 413, before anything reads it
    "khibra.core.replicas.ReplicaMiddleware",  # which reads may go to the replica; a write pins the person to the primary
    "django.middleware.security.SecurityMiddleware",
    "khibra.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before CommonMiddleware: API paths never get the slash redirect, the session or HTML errors.
    "khibra.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "khibra.core.forms.DateCalendarMiddleware",  # dates shown in the calendar the person types in
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# The benchmarks serve one extra page (bench/urls.py); nothing else sets this.
ROOT_URLCONF = os.environ.get("ROOT_URLCONF", "khibra.urls")
WSGI_APPLICATION = "khibra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "khibra.site.context_processors.navigation",
            ],
            "builtins": ["khibra.core.templatetags.khibra"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL or SQLite.")
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "khibra.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE takes the write lock at
    # the start of a transaction so two writers queue on the busy timeout instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
    # Tests run in memory unless TEST_SQLITE_FILE names a file: threads racing for a seat
    # (recruitment's test_selection_race) queue on the busy timeout only with a real file.
    if os.environ.get("TEST_SQLITE_FILE"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_SQLITE_FILE"]}

# A streaming replica of the primary (docs/scaling.md): khibra.core.replicas sends the reads of
# REPLICA_READ_VIEWS there (public search and pages, sector and provider dashboards) and an
# export's rows; a person's own reads stay on the primary for REPLICA_PIN_SECONDS after a write.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_DATABASE = ""
if DATABASE_REPLICA_URL:
    if not DATABASE_URL or DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL on PostgreSQL.")
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    REPLICA_DATABASE = "replica"
elif TESTING:
    # The router's tests turn it on (REPLICA_DATABASE) over this alias, a mirror of the test database.
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["khibra.core.replicas.ReplicaRouter"]
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
REPLICA_READ_VIEWS = [
    "core:home",
    "opportunities:search",
    "opportunities:public_detail",
    "organizations:directory",
    "organizations:detail",
    "dashboards:sector",
    "dashboards:provider",
    "api-v1:search_opportunities",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
CACHE_TABLE = "khibra_cache"
# Rate limits, throttles and lock-outs live here, so every process must see the same counts: Redis
# when REDIS_URL is set, otherwise a table in the database (created by a core migration). The test
# run keeps a per-process memory cache so each test starts clean; tests/security/test_shared_limits.py
# proves the shared default with two real server processes.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif TESTING and not os.environ.get("KHIBRA_SHARED_CACHE"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "khibra.core.cache.DatabaseCache", "LOCATION": CACHE_TABLE}}

# --- Background tasks -------------------------------------------------------------------------
# The database backend: a task row is written in the same transaction as the change that asks
# for it, and `manage.py db_worker` (started by `make run`) claims rows with SKIP LOCKED.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email", "alerts", "national", "messages"],
    }
}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"signup": "khibra.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "khibra.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_SESSION_REMEMBER = None
# Nobody learns who has an account: sign-up with a taken address and a password reset for an
# unknown one answer exactly like the others; the address's owner gets an e-mail instead.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Retry-After of a 429 whose limit does not compute its own wait: the one-minute windows below.
RETRY_AFTER_SECONDS = env_int("RETRY_AFTER_SECONDS", 60)
ACCOUNT_RATE_LIMITS = {
    "signup": "5/m/ip",
    "reset_password": "5/m/ip,5/h/key",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}

# National single sign-on (khibra.accounts.national_sso, docs/integrations.md): an OpenID Connect
# provider. On when NATIONAL_SSO_ISSUER and NATIONAL_SSO_CLIENT_ID are set. The claim mapping says
# which claims carry the subject, the national ID, the full name (or its parts) and the e-mail.
NATIONAL_SSO_ISSUER = os.environ.get("NATIONAL_SSO_ISSUER", "").rstrip("/")
NATIONAL_SSO_CLIENT_ID = os.environ.get("NATIONAL_SSO_CLIENT_ID", "")
NATIONAL_SSO_CLIENT_SECRET = os.environ.get("NATIONAL_SSO_CLIENT_SECRET", "")
NATIONAL_SSO_NAME = os.environ.get("NATIONAL_SSO_NAME", "") or _("National single sign-on")
NATIONAL_SSO_SCOPES = env_list("NATIONAL_SSO_SCOPES", "openid,profile")
NATIONAL_SSO_UID_CLAIM = os.environ.get("NATIONAL_SSO_UID_CLAIM", "sub")
NATIONAL_SSO_NATIONAL_ID_CLAIM = os.environ.get("NATIONAL_SSO_NATIONAL_ID_CLAIM", "national_id")
NATIONAL_SSO_NAME_CLAIM = os.environ.get("NATIONAL_SSO_NAME_CLAIM", "name")
NATIONAL_SSO_NAME_PART_CLAIMS = env_list("NATIONAL_SSO_NAME_PART_CLAIMS", "given_name,family_name")
NATIONAL_SSO_EMAIL_CLAIM = os.environ.get("NATIONAL_SSO_EMAIL_CLAIM", "email")
NATIONAL_SSO_ALGORITHMS = env_list("NATIONAL_SSO_ALGORITHMS", "RS256")
NATIONAL_SSO_TOKEN_AUTH_METHOD = os.environ.get("NATIONAL_SSO_TOKEN_AUTH_METHOD", "client_secret_basic")
SOCIALACCOUNT_ADAPTER = "khibra.accounts.national_sso.adapter.NationalSsoAdapter"
SOCIALACCOUNT_FORMS = {"signup": "khibra.accounts.forms.NationalSsoSignupForm"}
# Never sign in to, or connect, an existing account because the provider gave its e-mail address.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_PROVIDERS = {"national_sso": {"OAUTH_PKCE_ENABLED": True, "EMAIL_AUTHENTICATION": False}}
if NATIONAL_SSO_ISSUER and NATIONAL_SSO_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["national_sso"]["APP"] = {
        "client_id": NATIONAL_SSO_CLIENT_ID,
        "secret": NATIONAL_SSO_CLIENT_SECRET,
        "settings": {"server_url": NATIONAL_SSO_ISSUER, "token_auth_method": NATIONAL_SSO_TOKEN_AUTH_METHOD},
    }

# Log-in throttling: 5 failures for the same e-mail from the same address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "khibra.accounts.throttling.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Khibra <no-reply@khibra.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # Development: every message is written as a file under var/mail for you to open.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
# Any Django mail backend by dotted path (the benchmarks use the in-process dummy transport).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", EMAIL_BACKEND)

# --- The national services and the phone channels (docs/integrations.md) ------------------
# SMS gateway and phone codes, identity verification, hours to the national record, WhatsApp
# notices, open national figures: in their own module, read from the environment like the rest.
from khibra.integration_settings import *  # noqa: E402, F403

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Our number conventions over Django's locale defaults (decimal point, thousands comma in Arabic).
FORMAT_MODULE_PATH = ["khibra.core.formats"]
TIME_ZONE = "Asia/Riyadh"
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A whole multipart request (files and fields); each upload field has its own, lower limit.
REQUEST_MAX_UPLOAD_BYTES = 25 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# khibra.core.headers.PermissionsPolicyMiddleware: features no page uses are switched off.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SESSION_COOKIE_HTTPONLY = True
# Pages carry the token in the form and in htmx's header (base.html); no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No inline scripts anywhere: every script is a static file served by the app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Signing in through the national single sign-on posts a form that redirects to the provider's
# authorization page: browsers check that redirect against form-action.
if NATIONAL_SSO_ISSUER:
    _issuer = urlsplit(NATIONAL_SSO_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Product rules --------------------------------------------------------------------------
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# Volunteer import (recruitment): invitations only; caps per file and per organization a day.
IMPORT_INVITATIONS_PER_FILE = env_int("IMPORT_INVITATIONS_PER_FILE", 500)
IMPORT_INVITATIONS_PER_DAY = env_int("IMPORT_INVITATIONS_PER_DAY", 1000)
IMPORT_INVITATION_VALID_DAYS = env_int("IMPORT_INVITATION_VALID_DAYS", 30)
ADULT_AGE = 18  # the Volunteer Work Law: younger volunteers need a guardian's consent
# Applications (issue 4): a volunteer's cap on applications awaiting a decision; the working
# days (Sunday–Thursday) an organization has to answer one; days without activity before a
# published opportunity is flagged, and the further grace days before it is closed.
MAX_PENDING_APPLICATIONS = env_int("MAX_PENDING_APPLICATIONS", 5)
APPLICATION_RESPONSE_DAYS = env_int("APPLICATION_RESPONSE_DAYS", 3)
OPPORTUNITY_INACTIVE_DAYS = env_int("OPPORTUNITY_INACTIVE_DAYS", 30)
OPPORTUNITY_INACTIVE_GRACE_DAYS = env_int("OPPORTUNITY_INACTIVE_GRACE_DAYS", 7)
# Evaluation (issue 5): organization ratings are shown to volunteers only once this many exist,
# so no single volunteer can be recognised.
MIN_REVIEWS_TO_SHOW = env_int("MIN_REVIEWS_TO_SHOW", 5)
# API (issue 6): requests per period ("number/s|min|hour|day") per IP address, per token or key,
# and for password checks at POST /api/v1/auth/token/ per IP address.
API_RATE_LIMIT_IP = os.environ.get("API_RATE_LIMIT_IP", "300/min")
API_RATE_LIMIT_TOKEN = os.environ.get("API_RATE_LIMIT_TOKEN", "600/min")
API_RATE_LIMIT_SIGN_IN = os.environ.get("API_RATE_LIMIT_SIGN_IN", "10/min")
# Tests want an endpoint's traceback rather than the JSON 500 that clients get.
API_RAISE_ERRORS = TESTING
NINJA_PAGINATION_MAX_LIMIT = 100
# A personal API token works this many days from its issue (fixed, not sliding: docs/api.md); a
# new password revokes it at once. Organizations' API keys do not expire (revoked by hand, or
# when their creator leaves or loses the right to manage the organization).
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 90)
# Exports (issue 7): built files live outside MEDIA_ROOT and leave only through the
# permission-checked download views.
EXPORTS_ROOT = Path(os.environ.get("EXPORTS_ROOT", DATA_DIR / "private" / "exports"))

# --- Privacy (issue 9) -----------------------------------------------------------------------
# Retention periods (khibra.privacy.services.RETENTION_RULES, shown on /privacy/): months after
# which the free text of applications not selected or withdrawn is cleared, read notifications
# are deleted, refused ID numbers are cleared, and an account with no sign-in is anonymised
# (after a warning e-mail PRIVACY_INACTIVE_WARNING_DAYS before).
PRIVACY_CLOSED_APPLICATION_MONTHS = env_int("PRIVACY_CLOSED_APPLICATION_MONTHS", 12)
PRIVACY_READ_NOTIFICATION_MONTHS = env_int("PRIVACY_READ_NOTIFICATION_MONTHS", 6)
PRIVACY_REFUSED_IDENTITY_MONTHS = env_int("PRIVACY_REFUSED_IDENTITY_MONTHS", 3)
PRIVACY_INACTIVE_ACCOUNT_MONTHS = env_int("PRIVACY_INACTIVE_ACCOUNT_MONTHS", 24)
PRIVACY_INACTIVE_WARNING_DAYS = env_int("PRIVACY_INACTIVE_WARNING_DAYS", 30)
# Sent e-mails (the outbox, core.OutboundEmail) are deleted this many days after sending.
PRIVACY_SENT_EMAIL_DAYS = env_int("PRIVACY_SENT_EMAIL_DAYS", 90)
# SMS and WhatsApp notices (core.OutboundMessage), sent or given up, are deleted after this many days.
PRIVACY_SENT_MESSAGE_DAYS = env_int("PRIVACY_SENT_MESSAGE_DAYS", 30)

# --- Reliability (issue 9) ------------------------------------------------------------------
# A reused connection is checked before a request uses it, so the site comes back by itself
# after the database restarts; meanwhile pages answer 503 with this Retry-After (seconds).
for _alias in DATABASES:
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", True)
UNAVAILABLE_RETRY_AFTER = env_int("UNAVAILABLE_RETRY_AFTER", 30)
# How long a worker holds an alert or an outgoing e-mail it claimed before the sweeper hands it
# to another worker (a worker that died mid-batch leaves its claims for this long).
MATCHING_ALERT_LEASE_SECONDS = env_int("MATCHING_ALERT_LEASE_SECONDS", 300)
EMAIL_LEASE_SECONDS = env_int("EMAIL_LEASE_SECONDS", 300)
# How often the worker sweeps the leases: hands on what a dead worker held, wakes forgotten work.
LEASE_SWEEP_SECONDS = env_int("LEASE_SWEEP_SECONDS", 60)
# /healthz calls the worker "stale" when its last heartbeat (every 10 s between tasks) is older than
# this; the answer stays 200 (docs/background-work.md).
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 120)
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", DATA_DIR / "backups"))

if TESTING:
    # Tasks run inline so a test sees their effect; fast hashing; files in a scratch folder.
    TASKS["default"]["BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    SMS_BACKEND = WHATSAPP_BACKEND = "memory"
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    # Parallel test processes (pytest-xdist) each get their own scratch folders.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    MEDIA_ROOT = DATA_DIR / f"test-media{'-' + _worker if _worker else ''}"
    EXPORTS_ROOT = DATA_DIR / f"test-exports{'-' + _worker if _worker else ''}"
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    SECURE_SSL_REDIRECT = False
