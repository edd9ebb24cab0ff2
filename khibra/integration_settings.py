"""Settings of the national services and the phone channels (docs/integrations.md), imported by
khibra.settings: each read from the environment, with development defaults that reach nothing."""

import os

from django.core.exceptions import ImproperlyConfigured

from khibra.environment import env_float, env_int, env_json_object, env_list

# --- Text messages (SMS) ----------------------------------------------------------------------
# khibra.core.sms: the console backend (development: the log) or the HTTP one for a Saudi SMS
# provider's REST API (SMS_API_URL, SMS_API_TOKEN, SMS_SENDER: the sender name registered with it).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "khibra.core.sms.ConsoleSmsBackend")
SMS_API_URL = os.environ.get("SMS_API_URL", "")
SMS_API_TOKEN = os.environ.get("SMS_API_TOKEN", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "Khibra")
SMS_TIMEOUT = env_float("SMS_TIMEOUT", 5.0)
if SMS_BACKEND.endswith("HttpSmsBackend") and not (SMS_API_URL and SMS_API_TOKEN):
    raise ImproperlyConfigured("SMS_API_URL and SMS_API_TOKEN must be set to use the HTTP SMS backend.")
# One-time codes that prove a mobile number: minutes a code works, wrong tries before it dies, and
# how many codes a number and an address may ask for (count per period, "3/10m", "10/h", "20/d").
PHONE_CODE_MINUTES = env_int("PHONE_CODE_MINUTES", 10)
PHONE_CODE_ATTEMPTS = env_int("PHONE_CODE_ATTEMPTS", 5)
PHONE_CODE_LIMITS_PER_NUMBER = env_list("PHONE_CODE_LIMITS_PER_NUMBER", "3/10m,10/d")
PHONE_CODE_LIMITS_PER_ADDRESS = env_list("PHONE_CODE_LIMITS_PER_ADDRESS", "10/h,30/d")

# --- Identity verification ------------------------------------------------------------------
# A dotted path to a class implementing khibra.volunteers.verification.IdentityVerifier.
IDENTITY_VERIFIER = os.environ.get("IDENTITY_VERIFIER", "khibra.volunteers.verification.ManualReviewVerifier")

# The HTTP verifier (khibra.volunteers.verification_http, docs/integrations.md): where the national
# information service answers, the request it expects ({national_id}, {full_name}, {birth_date} are
# filled in), where its answer is and which values mean yes and no; timeouts (seconds), retries with
# back-off doubling from IDENTITY_SERVICE_BACKOFF, and the circuit breaker (failures in a row that
# open it, seconds it stays open: meanwhile submissions go to the manual review queue).
IDENTITY_SERVICE_URL = os.environ.get("IDENTITY_SERVICE_URL", "")
IDENTITY_SERVICE_TOKEN = os.environ.get("IDENTITY_SERVICE_TOKEN", "")
IDENTITY_SERVICE_REQUEST = env_json_object(
    "IDENTITY_SERVICE_REQUEST", {"nationalId": "{national_id}", "fullName": "{full_name}", "birthDate": "{birth_date}"}
)
IDENTITY_SERVICE_ANSWER_PATH = os.environ.get("IDENTITY_SERVICE_ANSWER_PATH", "result.match")
IDENTITY_SERVICE_VERIFIED_VALUES = env_list("IDENTITY_SERVICE_VERIFIED_VALUES", "true,MATCH")
IDENTITY_SERVICE_REJECTED_VALUES = env_list("IDENTITY_SERVICE_REJECTED_VALUES", "false,NO_MATCH,NOT_FOUND")
IDENTITY_SERVICE_REFERENCE_PATH = os.environ.get("IDENTITY_SERVICE_REFERENCE_PATH", "transactionId")
IDENTITY_SERVICE_TIMEOUT = env_float("IDENTITY_SERVICE_TIMEOUT", 5.0)
IDENTITY_SERVICE_RETRIES = env_int("IDENTITY_SERVICE_RETRIES", 2)
IDENTITY_SERVICE_BACKOFF = env_float("IDENTITY_SERVICE_BACKOFF", 0.5)
IDENTITY_SERVICE_BREAKER_FAILURES = env_int("IDENTITY_SERVICE_BREAKER_FAILURES", 5)
IDENTITY_SERVICE_BREAKER_SECONDS = env_int("IDENTITY_SERVICE_BREAKER_SECONDS", 300)
if IDENTITY_VERIFIER.endswith("HttpIdentityVerifier") and not IDENTITY_SERVICE_URL:
    raise ImproperlyConfigured("IDENTITY_SERVICE_URL must be set to use the HTTP identity verifier.")
# --- Hours to the national record (docs/integrations.md) -----------------------------------
# Unset URL: approved hours wait, and platform staff can export them for a manual upload.
NATIONAL_RECORD_URL = os.environ.get("NATIONAL_RECORD_URL", "")
NATIONAL_RECORD_TOKEN = os.environ.get("NATIONAL_RECORD_TOKEN", "")
NATIONAL_RECORD_PLATFORM_ID = os.environ.get("NATIONAL_RECORD_PLATFORM_ID", "khibra")
NATIONAL_RECORD_TIMEOUT = env_int("NATIONAL_RECORD_TIMEOUT", 20)
NATIONAL_RECORD_BATCH = env_int("NATIONAL_RECORD_BATCH", 100)
NATIONAL_RECORD_LEASE_SECONDS = env_int("NATIONAL_RECORD_LEASE_SECONDS", 300)
NATIONAL_RECORD_MAX_ATTEMPTS = env_int("NATIONAL_RECORD_MAX_ATTEMPTS", 8)
NATIONAL_RECORD_RETRY_SECONDS = env_int("NATIONAL_RECORD_RETRY_SECONDS", 30)
NATIONAL_RECORD_EVERY_SECONDS = env_int("NATIONAL_RECORD_EVERY_SECONDS", 600)

# --- SMS and WhatsApp notices (docs/integrations.md) -------------------------------------------
# SMS notices go through the SMS gateway above (SMS_BACKEND, SMS_API_URL …). WhatsApp: "console"
# writes them to the log (development), "http" sends them, "memory" keeps them (tests).
WHATSAPP_BACKEND = os.environ.get("WHATSAPP_BACKEND", "console")
WHATSAPP_API_URL = os.environ.get("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_TOKEN = os.environ.get("WHATSAPP_TOKEN", "")
WHATSAPP_TEMPLATE = os.environ.get("WHATSAPP_TEMPLATE", "khibra_notice")
MESSAGE_TIMEOUT = env_int("MESSAGE_TIMEOUT", 10)
MESSAGE_LEASE_SECONDS = env_int("MESSAGE_LEASE_SECONDS", 300)

# --- Open national figures --------------------------------------------------------------------
# A count smaller than this (volunteers, organizations behind a figure) is shown as "fewer than N".
OPEN_FIGURES_MIN_GROUP = env_int("OPEN_FIGURES_MIN_GROUP", 10)
# A figure of hours, value or opportunities needs at least this many organizations behind it.
OPEN_FIGURES_MIN_ORGANIZATIONS = env_int("OPEN_FIGURES_MIN_ORGANIZATIONS", 3)
OPEN_FIGURES_EVERY_SECONDS = env_int("OPEN_FIGURES_EVERY_SECONDS", 6 * 3600)
