"""Every table that points at a person is accounted for: in the export or left out with a reason,
and with a rule for erasure. The tests walk every installed model, so a new foreign key to the user
or to the volunteer profile fails here until someone decides what happens to it. Then the rules
are checked on real rows: after erasure nothing the person wrote is left in them, nor in the
outbox, the audit details, invitations or other people's notifications."""

import datetime as dt

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from khibra.core import audit
from khibra.core.mail import queue_email
from khibra.core.models import AuditEvent, Notification, OutboundEmail
from khibra.engagements.models import Amendment, Comment, Issue, Submission, WeeklyReport, WorkItem
from khibra.evaluation.models import RelationshipContact
from khibra.hours.models import HourEntry
from khibra.ideas.models import Idea
from khibra.ideas.services import propose_idea
from khibra.matching.models import MatchEntry, VolunteerTerm
from khibra.organizations.models import Invitation
from khibra.privacy import services
from khibra.privacy.registry import ERASURE, NOT_EXPORTED, UNLINKED
from khibra.privacy.sections import SECTIONS
from khibra.privacy.selectors import export_personal_data
from khibra.providers.models import MemberStatus, ProviderMember
from khibra.recruitment.models import ImportedVolunteer, VolunteerImport
from khibra.testing.factories import field
from khibra.volunteers.models import VolunteerProfile

from .fixtures import world  # noqa: F401  (fixture)

MARK = "كلمات-خاصة-بالمتطوع"


def links_to_a_person() -> list[str]:
    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if model_field.is_relation and model_field.concrete and model_field.related_model in (user_model, VolunteerProfile):
                found.append(f"{model._meta.label}.{model_field.name}")
    return found


def exported() -> set[str]:
    return {f"{section.model}.{section.owner}" for section in SECTIONS}


def test_every_link_to_a_person_is_exported_or_left_out_with_a_reason():
    missing = [key for key in links_to_a_person() if key not in exported() and key not in NOT_EXPORTED]
    assert missing == [], f"Add these to privacy/sections.py or to registry.NOT_EXPORTED with a reason: {missing}"
    assert all(reason.strip() for reason in NOT_EXPORTED.values())
    # Nothing is both exported and excused, and nothing excused is stale.
    assert not exported() & set(NOT_EXPORTED)
    assert set(NOT_EXPORTED) <= set(links_to_a_person())


def test_the_unlinked_personal_data_fields_exist_and_say_why():
    # Signatories' names and signatures: people who need no account, kept as text and files.
    for key, reason in UNLINKED.items():
        label, name = key.rsplit(".", 1)
        apps.get_model(label)._meta.get_field(name)
        assert reason.strip()
    assert {"organizations.Organization.signature", "certificates.Certificate.signatory_name"} <= set(UNLINKED)


def test_every_link_to_a_person_has_an_erasure_rule():
    missing = [key for key in links_to_a_person() if key not in ERASURE]
    assert missing == [], f"Add these to privacy/registry.ERASURE: {missing}"
    assert set(ERASURE) <= set(links_to_a_person()) | {"volunteers.VolunteerProfile.user"}
    assert all(rule.note.strip() for rule in ERASURE.values())


def test_the_findings_tables_are_in_the_export(world, volunteer):
    profile = world["profile"]
    engagement = world["engagement"]
    Issue.objects.create(engagement=engagement, what=f"مشكلة {MARK}", raised_by=volunteer)
    RelationshipContact.objects.create(organization=engagement.opportunity.organization, user=volunteer, kind="thanks")
    VolunteerTerm.objects.get_or_create(profile=profile, key="محاسبة")
    MatchEntry.objects.get_or_create(volunteer=profile, key="k1")
    queue_email(to=volunteer.email.upper(), subject=f"رسالة {MARK}", body_text="نص")
    audit.record(actor=volunteer, verb="test.did_something", target=profile)
    data = export_personal_data(volunteer)
    assert data["engagement_issues"][0]["what"] == f"مشكلة {MARK}"
    assert data["relationship_contacts"][0]["kind"] == "thanks"
    assert {"محاسبة"} <= {row["key"] for row in data["match_terms"]}
    assert data["match_entries"]
    assert any(row["subject"] == f"رسالة {MARK}" for row in data["emails_sent_to_me"])
    assert any(row["verb"] == "test.did_something" for row in data["my_audit_events"])


def _free_text_everywhere(world, volunteer, manager):
    engagement = world["engagement"]
    item = WorkItem.objects.create(engagement=engagement, title="مهمة")
    WeeklyReport.objects.create(
        engagement=engagement, week_start=timezone.localdate() - dt.timedelta(days=7), done=f"أنجزت {MARK}",
        next=f"التالي {MARK}", blockers=f"عوائق {MARK}", hours_spent=3, author=volunteer,
    )
    Submission.objects.create(item=item, link="https://example.sa/" + "my-work", note=f"ملاحظة {MARK}", submitted_by=volunteer)
    Comment.objects.create(engagement=engagement, body=f"تعليق {MARK}", author=volunteer)
    Issue.objects.create(engagement=engagement, what=f"مشكلة {MARK}", raised_by=volunteer)
    Amendment.objects.create(engagement=engagement, new_weekly_hours=2, reason=f"سبب {MARK}", by=volunteer)
    propose_idea(by=volunteer, title=f"فكرة {MARK}", description=f"وصف {MARK}", field=field("human-resources"))
    RelationshipContact.objects.create(organization=engagement.opportunity.organization, user=volunteer, kind="thanks")
    record = VolunteerImport.objects.create(organization=engagement.opportunity.organization, filename="x.csv")
    ImportedVolunteer.objects.create(organization=engagement.opportunity.organization, volunteer_import=record, email=volunteer.email.lower())
    for _ in range(3):
        queue_email(to=volunteer.email, subject=f"إلى {volunteer.full_name}", body_text=MARK)
    audit.record(actor=manager, verb="test.invited", target=engagement, email=volunteer.email, nested={"who": [volunteer.email]})
    Invitation.objects.create(
        organization=engagement.opportunity.organization, email=volunteer.email, role="member", invited_by=manager,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    ProviderMember.objects.create(
        provider=world["provider"], status=MemberStatus.INVITED, how="invited", invited_email=volunteer.email.upper()
    )
    Notification.objects.create(user=manager, kind="test", title=f"تقدمت {volunteer.full_name} للفرصة", body=f"{volunteer.full_name} ...")


def test_erasure_leaves_none_of_the_persons_words_or_traces(world, volunteer, manager_a, provider_p):
    world["provider"] = provider_p
    _free_text_everywhere(world, volunteer, manager_a)
    old_email, old_name = volunteer.email, volunteer.full_name
    assert services.erase_account(user=volunteer, by=volunteer) is True
    profile = world["profile"]
    # The registry's rules hold on the rows.
    for key, rule in ERASURE.items():
        if not (rule.delete or rule.clear):
            continue
        label, link = key.rsplit(".", 1)
        rows = apps.get_model(label).objects.filter(**{link: (profile if rule.by_profile else volunteer).pk})
        if rule.delete:
            assert not rows.exists(), key
        for name, value in rule.clear.items():
            assert not rows.exclude(**{name: value}).exists(), (key, name)
    # Nothing the person wrote is left in the tables the findings named.
    for model, fields in (
        (WeeklyReport, ("done", "next", "blockers")),
        (Submission, ("note", "link")),
        (Comment, ("body",)),
        (Issue, ("what",)),
        (Amendment, ("reason",)),
        (Idea, ("title", "description")),
        (HourEntry, ("note",)),
    ):
        for name in fields:
            assert not model.objects.filter(**{f"{name}__contains": MARK}).exists(), (model, name)
            assert not model.objects.filter(**{f"{name}__contains": "علامة-المتطوع"}).exclude(
                **{f"{name}__contains": "الآخر"}
            ).exists(), (model, name)
    assert not Idea.objects.visible().filter(proposer=volunteer).exclude(status="adopted").exists()
    assert not OutboundEmail.objects.filter(to__iexact=old_email).exists()
    assert not AuditEvent.objects.filter(data__icontains=old_email).exists()
    assert not Invitation.objects.filter(email__iexact=old_email).exists()
    assert not ProviderMember.objects.filter(invited_email__iexact=old_email).exists()
    assert not ImportedVolunteer.objects.filter(email__iexact=old_email).exists()
    assert not Notification.objects.filter(title__contains=old_name).exists()
    assert not Notification.objects.filter(body__contains=old_name).exists()
    assert not RelationshipContact.objects.filter(user=volunteer).exists()
    assert not MatchEntry.objects.filter(volunteer=profile).exists()


def test_sent_e_mails_are_purged_after_the_period(volunteer, settings):
    old = queue_email(to="a@example.sa", subject="قديم", body_text="x")
    recent = queue_email(to="b@example.sa", subject="حديث", body_text="x")
    waiting = queue_email(to="c@example.sa", subject="ينتظر", body_text="x")
    now = timezone.now()
    OutboundEmail.objects.filter(pk=old.pk).update(status="sent", sent_at=now - dt.timedelta(days=settings.PRIVACY_SENT_EMAIL_DAYS + 1))
    OutboundEmail.objects.filter(pk=recent.pk).update(status="sent", sent_at=now - dt.timedelta(days=1))
    OutboundEmail.objects.filter(pk=waiting.pk).update(status="queued", created_at=now - dt.timedelta(days=400))
    outcomes = {outcome.code: outcome for outcome in services.apply_retention(now=now)}
    assert outcomes["sent_emails"].done == 1
    assert set(OutboundEmail.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert "sent_emails" in {rule.code for rule in services.retention_table()}
