"""The check shared by the coverage tests: the service wrote its audit event, with the actor, the
object and the organization whose admins must see it."""

from khibra.core.models import AuditEvent


def assert_recorded(verb: str, *, actor, target, organization=None) -> AuditEvent:
    event = AuditEvent.objects.filter(
        verb=verb, target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("-pk").first()
    assert event is not None, f"no {verb!r} event for {target!r}"
    assert event.actor_id == getattr(actor, "pk", None)
    assert event.organization_id == getattr(organization, "pk", None)
    return event
