"""The parts of erasure driven by the registry, and the traces of a person that no foreign key
leads to: e-mails in the outbox addressed to them, audit details and invitations naming their
address, and other people's notifications naming them. Called by services.erase_account inside
its transaction."""

from django.apps import apps
from django.db.models import Q

from khibra.core.models import AuditEvent, Notification, OutboundEmail

from .registry import ERASURE


def erase_by_registry(*, user, profile) -> None:
    """Apply every ERASURE rule that deletes rows or clears the person's words."""
    for key, rule in ERASURE.items():
        if not (rule.delete or rule.clear):
            continue
        label, field = key.rsplit(".", 1)
        owner = profile if rule.by_profile else user
        if owner is None:
            continue
        rows = apps.get_model(label).objects.filter(**{field: owner.pk})
        if rule.delete:
            rows.delete()
        else:
            rows.update(**rule.clear)


def _scrub(value, needles: list[str], replacement: str):
    if isinstance(value, dict):
        return {key: _scrub(item, needles, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, needles, replacement) for item in value]
    if isinstance(value, str):
        for needle in needles:
            if needle and needle.lower() in value.lower():
                return replacement
    return value


def erase_traces(*, user, old_email: str, old_name: str, erased_name: str) -> None:
    from khibra.ideas.models import Idea
    from khibra.organizations.models import Invitation
    from khibra.providers.models import ProviderMember
    from khibra.recruitment.models import ImportedVolunteer

    # Every e-mail to the address, sent or still waiting: nothing more goes out to it.
    OutboundEmail.objects.filter(to__iexact=old_email).delete()
    # Audit rows stay (who did what); details holding the address or the name lose them.
    needles = [old_email] + ([old_name] if len(old_name) >= 3 else [])
    matches = Q()
    for needle in needles:
        matches |= Q(data__icontains=needle)
    for event in AuditEvent.objects.filter(matches):
        event.data = _scrub(event.data, needles, erased_name)
        event.save(update_fields=["data"])
    # Invitations to the address: open ones are withdrawn, answered ones forget it.
    ImportedVolunteer.objects.filter(email__iexact=old_email).delete()
    Invitation.objects.filter(email__iexact=old_email, accepted_by__isnull=True).delete()
    Invitation.objects.filter(email__iexact=old_email).update(email=user.email)
    ProviderMember.objects.filter(invited_email__iexact=old_email, status="invited").delete()
    ProviderMember.objects.filter(invited_email__iexact=old_email).update(invited_email=user.email)
    # The person's open ideas leave the bank (their words are cleared by the registry).
    Idea.objects.filter(proposer=user, status="open").update(status="closed")
    # Other people's notifications that name the person ("Noura applied…").
    if len(old_name) >= 3:
        named = Notification.objects.filter(Q(title__contains=old_name) | Q(body__contains=old_name))
        for notification in named:
            notification.title = notification.title.replace(old_name, erased_name)[:200]
            notification.body = notification.body.replace(old_name, erased_name)
            notification.save(update_fields=["title", "body"])
