"""Every opportunity belongs to a program; providers no longer own opportunities.

1. An organization whose opportunities have no program gets one program, named for it, that
   holds them. It has no readiness answers yet: the opportunities already published stay
   published, but publishing again (or any new one) needs the readiness check or an admin's
   override.
2. Opportunities of providers (companies, government bodies, universities), which now offer work
   only through a beneficiary organization: each becomes an unsent proposal the provider can send
   to a beneficiary. A draft or ready one is cancelled (nobody saw it); a published one is closed
   (it stops taking applications, the accepted volunteers' work goes on and pending applicants
   stay on its selection board); closed, completed and cancelled ones stay as they are (history:
   hours and certificates point to them).
"""

import datetime as dt

from django.db import migrations

PROVIDER_KINDS = ("company", "government", "university")
UNPUBLISHED = ("draft", "ready")


def _period(opportunities) -> tuple[dt.date, dt.date]:
    starts = [o.created_at.date() for o in opportunities] + [o.starts_on for o in opportunities if o.starts_on]
    starts_on = min(starts)
    ends = [o.ends_on for o in opportunities if o.ends_on] + [starts_on + dt.timedelta(days=365)]
    return starts_on, max(ends)


def programs_for_every_opportunity(apps, schema_editor):
    Opportunity = apps.get_model("opportunities", "Opportunity")
    Program = apps.get_model("programs", "Program")
    Organization = apps.get_model("organizations", "Organization")
    organization_ids = Opportunity.objects.filter(program__isnull=True).values_list("organization_id", flat=True).distinct()
    for organization in Organization.objects.filter(pk__in=list(organization_ids)).order_by("pk"):
        opportunities = list(Opportunity.objects.filter(organization=organization, program__isnull=True))
        starts_on, ends_on = _period(opportunities)
        program = Program.objects.create(
            organization=organization,
            name=f"برنامج التطوع الاحترافي — {organization.name_ar}"[:200],
            goal=(
                "برنامج أُنشئ ليضم فرص الجهة التي صُممت قبل أن ترتبط كل فرصة ببرنامج. "
                "حدّثوا هدفه وتواريخه وأجيبوا عن أسئلة الجاهزية قبل نشر فرص جديدة."
            ),
            starts_on=starts_on,
            ends_on=ends_on,
        )
        Opportunity.objects.filter(pk__in=[o.pk for o in opportunities]).update(program=program)


def providers_offer_through_proposals(apps, schema_editor):
    Opportunity = apps.get_model("opportunities", "Opportunity")
    Proposal = apps.get_model("opportunities", "OpportunityProposal")
    owned = Opportunity.objects.filter(organization__kind__in=PROVIDER_KINDS, status__in=(*UNPUBLISHED, "published"))
    for opportunity in owned.order_by("pk"):
        proposal = Proposal.objects.create(
            provider_id=opportunity.organization_id,
            status="unsent",
            title=opportunity.title,
            description=opportunity.description or opportunity.title,
            deliverables=opportunity.deliverables,
            requirements=opportunity.requirements,
            seats=opportunity.seats,
            nature=opportunity.nature,
            duration_days=opportunity.duration_days,
            hours_per_day=opportunity.hours_per_day,
            created_by_id=opportunity.created_by_id,
        )
        proposal.fields.set(opportunity.fields.all())
        opportunity.status = "cancelled" if opportunity.status in UNPUBLISHED else "closed"
        opportunity.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0014_deadline_override_proposals"),
        ("programs", "0001_initial"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(programs_for_every_opportunity, migrations.RunPython.noop),
        migrations.RunPython(providers_offer_through_proposals, migrations.RunPython.noop),
    ]
