"""Recording sensitive actions. Call inside the service's transaction."""

from typing import Any

from django.db import models

from .models import AuditEvent


def record(*, actor, verb: str, target: models.Model, organization=None, **data: Any) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        organization=organization,
        data={key: _jsonable(value) for key, value in data.items()},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
