"""The shared world of the permission matrix: organizations A and B (non-profits), provider P,
their people, and one object of every kind a URL can name, each owned by A, by provider P or by
the volunteer persona. Built once per test module inside a transaction that is rolled back."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone

from khibra.organizations.models import Membership
from khibra.testing.factories import (
    MembershipFactory,
    OpportunityFactory,
    OrganizationFactory,
    QualificationFactory,
    ScreeningQuestionFactory,
    UserFactory,
    VolunteerProfileFactory,
    accept_agreement,
    field,
    national_id,
    published_opportunity,
    ready_volunteer,
)

ROLES = (
    "anonymous",
    "volunteer",
    "other_volunteer",
    "admin_a",
    "manager_a",
    "supervisor_a",
    "admin_b",
    "manager_b",
    "supervisor_b",
    "coordinator_p",
    "staff",
)


def _member(org, role, **user):
    return MembershipFactory(organization=org, role=role, user=UserFactory(**user)).user


def build_world() -> SimpleNamespace:
    from khibra.agreements import services as agreement_services
    from khibra.api import services as api_services
    from khibra.certificates.models import Certificate, Portfolio, Thanks
    from khibra.engagements import services as engagement_services
    from khibra.engagements.models import Engagement
    from khibra.evaluation import services as evaluation_services
    from khibra.evaluation.models import ProgramLessons, VolunteerSurvey
    from khibra.exports.models import Export
    from khibra.hours import services as hour_services
    from khibra.hours.models import HourEntry
    from khibra.ideas.models import Idea
    from khibra.matching.alerts import preference_for
    from khibra.national.figures import refresh as refresh_open_figures
    from khibra.national.models import HourRecord
    from khibra.opportunities.models import OpportunityTemplate
    from khibra.organizations import services as organization_services
    from khibra.programs import services as program_services
    from khibra.providers import services as provider_services
    from khibra.providers.models import MemberStatus, Participation, ProviderMember
    from khibra.recruitment.services import applications, plans
    from khibra.teams.models import Team, TeamAssignment, TeamMember
    from khibra.training import services as training_services
    from khibra.training.models import CourseCompletion
    from khibra.volunteers.models import IdentityStatus

    w = SimpleNamespace()
    today = timezone.localdate()
    w.org_a = OrganizationFactory(slug="orphans-jeddah")
    w.org_b = OrganizationFactory(slug="birr-riyadh")
    w.provider_p = OrganizationFactory(kind="company", slug="madar-co")
    w.admin_a = _member(w.org_a, Membership.Role.ADMIN)
    w.manager_a = _member(w.org_a, Membership.Role.VOLUNTEER_MANAGER)
    w.supervisor_a = _member(w.org_a, Membership.Role.SUPERVISOR)
    w.admin_b = _member(w.org_b, Membership.Role.ADMIN)
    w.manager_b = _member(w.org_b, Membership.Role.VOLUNTEER_MANAGER)
    w.supervisor_b = _member(w.org_b, Membership.Role.SUPERVISOR)
    w.admin_p = _member(w.provider_p, Membership.Role.ADMIN)
    w.coordinator_p = _member(w.provider_p, Membership.Role.COORDINATOR)
    w.staff = UserFactory(is_staff=True)
    w.volunteer = ready_volunteer(VolunteerProfileFactory()).user
    w.other_volunteer = ready_volunteer(VolunteerProfileFactory()).user
    w.anonymous = None
    w.profile = w.volunteer.volunteer_profile
    w.other_profile = w.other_volunteer.volunteer_profile

    # Provider P: the volunteer is its verified employee in an active program (so their
    # engagement opens a participation), and somebody else holds an open invitation.
    w.provider_program = provider_services.create_program(
        provider=w.provider_p, by=w.admin_p, name="برنامج مدار للتطوع", audience="employees",
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=300),
    )
    w.provider_domain = provider_services.add_domain(provider=w.provider_p, by=w.admin_p, domain="madar.example")
    w.provider_member = ProviderMember.objects.create(
        provider=w.provider_p, user=w.volunteer, program=w.provider_program, status=MemberStatus.VERIFIED,
        how="invited", share_with_nonprofits=True, verified_at=timezone.now(),
    )
    w.provider_invitation = provider_services.invite_member(provider=w.provider_p, by=w.coordinator_p, email="new.employee@madar.example")

    # Organization A: a program with a need, a published opportunity (supervised by supervisor_a)
    # with its agreement, the volunteer's accepted application turned into an engagement.
    w.program = program_services.create_program(
        organization=w.org_a, by=w.admin_a, name="برنامج التحول الرقمي", goal="رقمنة خدمات الجمعية",
        starts_on=today, ends_on=today + dt.timedelta(days=180),
    )
    w.need = program_services.add_need(program=w.program, by=w.admin_a, title="موقع إلكتروني", field=field("digital-infrastructure"))
    w.opportunity = published_opportunity(w.org_a, supervisor=w.supervisor_a, program=w.program, service_model="skills_based")
    ScreeningQuestionFactory(opportunity=w.opportunity)
    w.agreement = agreement_services.generate_volunteer_agreement(opportunity=w.opportunity, by=w.manager_a)
    w.application = applications.apply(
        opportunity=w.opportunity, volunteer=w.profile, motivation="أرغب في خدمة الجمعية بخبرتي.",
        answers={str(q.pk): "منصة تبرعات" for q in w.opportunity.screening_questions.all()}, availability_confirmed=True,
    )
    w.engagement = applications.accept_application(application=w.application, by=w.manager_a)
    accept_agreement(w.engagement)  # the work opens once the volunteer accepts the agreement
    # The interview the volunteer had before being accepted (its "Add to calendar" file).
    from khibra.recruitment.models import Interview

    w.interview = Interview.objects.create(
        application=w.application, scheduled_at=timezone.now() - dt.timedelta(days=3), mode="online",
        meeting_link="https://meet.example/khibra", created_by=w.manager_a,
    )
    w.participation = Participation.objects.filter(engagement=w.engagement).first()
    w.other_application = applications.apply(
        opportunity=w.opportunity, volunteer=w.other_profile, motivation="أرغب في المساعدة.",
        answers={str(q.pk): "متجر إلكتروني" for q in w.opportunity.screening_questions.all()}, availability_confirmed=True,
    )
    # A volunteer whose engagement with A is over: a past relationship of the organization.
    w.past_volunteer = ready_volunteer(VolunteerProfileFactory()).user
    past = applications.accept_application(
        application=applications.apply(
            opportunity=w.opportunity, volunteer=w.past_volunteer.volunteer_profile, motivation="خبرة سابقة.",
            answers={str(q.pk): "موقع جمعية" for q in w.opportunity.screening_questions.all()}, availability_confirmed=True,
        ),
        by=w.manager_a,
    )
    Engagement.objects.filter(pk=past.pk).update(status="completed", started_on=today - dt.timedelta(days=60), ended_on=today)
    w.work_item = w.engagement.work_items.order_by("pk").first()
    type(w.work_item).objects.filter(pk=w.work_item.pk).update(due_on=today + dt.timedelta(days=14))  # its calendar file
    w.onboarding_item = w.engagement.onboarding_items.order_by("pk").first()
    w.issue = engagement_services.log_issue(engagement=w.engagement, by=w.volunteer, what="تأخر الرد على الاستفسارات")
    w.hours = hour_services.log_hours(
        engagement=w.engagement, by=w.volunteer, date=today, hours=Decimal("2"), note="تحليل المتطلبات",
    )
    # A national record exists only for approved (final) hours: a copy of the entry, approved.
    approved = HourEntry.objects.get(pk=w.hours.pk)
    approved.pk, approved.status, approved.reviewed_by, approved.reviewed_at = None, "approved", w.manager_a, timezone.now()
    approved.date = today - dt.timedelta(days=1)
    approved.save()
    w.hour_record = HourRecord.objects.create(
        entry=approved, idempotency_key="khibra:hours:matrix:0", status="rejected", reason_code="unknown_person", reason="غير معروف"
    )
    w.open_figures = refresh_open_figures()
    w.certificate = Certificate.objects.create(
        kind="participation", engagement=w.engagement, volunteer=w.profile, organization=w.org_a,
        volunteer_name=w.volunteer.full_name, opportunity_title=w.opportunity.title, organization_name_ar=w.org_a.name_ar,
        organization_name_en=w.org_a.name_en, hours=Decimal("2"), started_on=today, ended_on=today,
        issued_at=timezone.now(), issued_by=w.manager_a,
    )
    w.thanks = Thanks.objects.create(
        engagement=w.engagement, volunteer=w.profile, organization=w.org_a, message="شكرًا لجهودك", created_by=w.manager_a,
    )
    w.partner_agreement = agreement_services.create_partner_agreement(
        organization=w.org_a, partner=w.provider_p, opportunity=w.opportunity, by=w.manager_a,
        impact_preamble="خدمة المجتمع.", volunteers_count=2, starts_on=today, ends_on=today + dt.timedelta(days=90),
        partner_obligations="ترشيح متطوعين.", communication_channels="البريد", communication_frequency="أسبوعي",
        deliverables_follow_up="مراجعة المخرجات.",
    )
    w.partner_agreement = agreement_services.propose_partner_agreement(agreement=w.partner_agreement, by=w.manager_a)
    w.shortlist_entry = agreement_services.add_shortlist_entry(opportunity=w.opportunity, by=w.manager_a, kind="companies", name="شركة مدار")
    w.share_link = plans.referral_link(opportunity=w.opportunity, volunteer=w.volunteer)
    w.org_invitation = organization_services.invite_member(organization=w.org_a, email="new.manager@example.sa", role="manager", by=w.admin_a)
    w.membership = Membership.objects.get(organization=w.org_a, user=w.supervisor_a)
    w.import_invitation = _import_invitation(w)
    course = {"description": "دورة", "field": field("digital-infrastructure"), "duration_hours": Decimal("2")}
    w.org_course = training_services.create_course(by=w.admin_a, provider=w.org_a, title_ar="أمن المعلومات", title_en="Security", **course)
    w.course = training_services.create_course(by=w.staff, title_ar="أخلاقيات التطوع", title_en="Ethics", **course)
    w.org_completion = CourseCompletion.objects.create(course=w.org_course, volunteer=w.profile, completed_on=today)
    w.completion = CourseCompletion.objects.create(course=w.course, volunteer=w.profile, completed_on=today)
    training_services.require_course(opportunity=w.opportunity, course=w.org_course, by=w.manager_a)
    w.survey = VolunteerSurvey.objects.create(
        volunteer=w.profile, organization=w.org_a, engagement=w.engagement, kind="engagement", year=today.year
    )
    w.misconduct_report = evaluation_services.report_misconduct(by=w.volunteer, reason="other", details="سلوك غير لائق", organization=w.org_a)
    w.market_rate = evaluation_services.set_market_rate(by=w.staff, year=today.year, value_sar=Decimal("150"), field=field("finance-accounting"))
    w.export = Export(
        requested_by=w.admin_a, organization=w.org_a, kind="hours", params={}, request_key="k-a", format="csv", language="ar",
        status="done", finished_at=timezone.now(),
    )
    w.export.file.save("permissions-matrix.csv", ContentFile(b"date,hours\n"), save=True)
    w.volunteer_export = Export.objects.create(
        requested_by=w.volunteer, kind="my_hours", params={}, request_key="k-v", format="csv", language="ar"
    )
    w.idea = Idea.objects.create(title="منصة للأيتام", description="فكرة", field=field("digital-infrastructure"), proposer=w.volunteer)
    w.alert_preference = preference_for(w.profile)
    w.api_key, _secret = api_services.create_api_key(organization=w.org_a, by=w.admin_a, name="التكامل", scopes=["opportunities:read"])
    w.api_token, _secret = api_services.issue_token(user=w.volunteer, name="هاتفي")
    w.qualification = QualificationFactory(profile=w.profile)
    w.other_profile.identity_status = IdentityStatus.PENDING
    w.other_profile.national_id = national_id("100000001")
    w.other_profile.save(update_fields=["identity_status", "national_id"])
    w.template = OpportunityTemplate.objects.filter(is_active=True).order_by("pk").first()

    w.lessons = ProgramLessons.objects.create(program=w.program, what_worked="العمل عن بعد", published_at=timezone.now(), public_impact=True)
    # Step 8's evidence and step 9's next cycle of A's program (only A's managers see the new cycle).
    from django.core.files.uploadedfile import SimpleUploadedFile

    from khibra.evaluation.models import CarriedLesson

    w.evidence = evaluation_services.add_evidence(
        program=w.program, by=w.admin_a, kind="focus_group", held_on=today, participants="خمسة متطوعين",
        findings="رضا عام.", file=SimpleUploadedFile("محضر.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    w.survey_question = evaluation_services.add_survey_question(organization=w.org_a, by=w.admin_a, text="ما أكثر ما أعجبك؟", kind="text")
    w.next_program = program_services.create_program(
        organization=w.org_a, by=w.admin_a, name="الدورة الثانية", goal="هدف", starts_on=today, ends_on=today,
    )
    w.next_program.previous = w.program
    w.next_program.save(update_fields=["previous"])
    w.carried_lesson = CarriedLesson.objects.create(program=w.next_program, section="what_worked", text="العمل عن بعد")
    w.portfolio = Portfolio.objects.create(volunteer=w.profile, is_public=True)

    # Objects that are not public: a draft opportunity of A, the other volunteer's private
    # portfolio, an organization still under review (its admin is nobody of the roles).
    w.draft_opportunity = OpportunityFactory(organization=w.org_a, supervisor=w.supervisor_a)
    # A provider's proposal addressed to organization A (propose → adopt).
    from khibra.opportunities.models import OpportunityProposal

    w.proposal = OpportunityProposal.objects.create(
        provider=w.provider_p, beneficiary=w.org_a, title="مراجعة القوائم المالية", description="فريق محاسبين يراجع القوائم.",
        created_by=w.coordinator_p,
    )
    w.private_portfolio = Portfolio.objects.create(volunteer=w.other_profile, is_public=False)
    w.org_pending = OrganizationFactory(verification_status="pending", verified_at=None)
    w.pending_opportunity = published_opportunity(w.org_pending)

    # A team led by the volunteer with the other volunteer invited, applied to A's opportunity.
    w.team = Team.objects.create(name="فريق المطورين", leader=w.volunteer, created_by=w.volunteer)
    w.team_lead = TeamMember.objects.create(team=w.team, volunteer=w.profile, role="leader", status="active", joined_at=timezone.now())
    w.team_member = TeamMember.objects.create(
        team=w.team, volunteer=w.other_profile, role="member", status="invited", invited_by=w.volunteer
    )
    w.assignment = TeamAssignment.objects.create(
        team=w.team, opportunity=w.opportunity, status="applied", motivation="نحن فريق متكامل", applied_by=w.volunteer
    )

    for user in (w.volunteer, w.other_volunteer):
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return w


IMPORT_TOKEN = "matrix-import-invitation-token"


def _import_invitation(w):
    """An organization A import invitation to an address nobody in the world has; the link's
    token (only ever e-mailed) is known here so the matrix can open it."""
    from khibra.recruitment.models import ImportedVolunteer, VolunteerImport
    from khibra.recruitment.services.imports import _hash

    record = VolunteerImport.objects.create(organization=w.org_a, created_by=w.admin_a, filename="v.csv", rows_total=1, invited_count=1)
    ImportedVolunteer.objects.create(
        organization=w.org_a, volunteer_import=record, email="invited.person@example.sa", name="ريم",
        token_hash=_hash(IMPORT_TOKEN), invited_at=timezone.now(),
    )
    return SimpleNamespace(token=IMPORT_TOKEN)
