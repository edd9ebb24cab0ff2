"""Reading the provider's claims through the mapping in the settings."""

from django.conf import settings


def pick(data: dict) -> dict:
    """The user info when fetched (it has the most), else the ID token's claims."""
    return data.get("userinfo") or data.get("id_token") or data


def national_id(data: dict) -> str:
    return str(pick(data).get(settings.NATIONAL_SSO_NATIONAL_ID_CLAIM) or "").strip()


def full_name(data: dict) -> str:
    claims = pick(data)
    name = claims.get(settings.NATIONAL_SSO_NAME_CLAIM) if settings.NATIONAL_SSO_NAME_CLAIM else ""
    if not name:
        parts = [str(claims.get(claim) or "").strip() for claim in settings.NATIONAL_SSO_NAME_PART_CLAIMS]
        name = " ".join(part for part in parts if part)
    return " ".join(str(name or "").split())[:150]


def email(data: dict) -> str:
    if not settings.NATIONAL_SSO_EMAIL_CLAIM:
        return ""
    return str(pick(data).get(settings.NATIONAL_SSO_EMAIL_CLAIM) or "").strip()
