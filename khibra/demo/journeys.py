"""The demo's journeys, dated relative to today, so that every role's home has something to show:

- published opportunities keep places left (a full listing shows nothing to apply to);
- Sara, the verified professional, finished a first cycle of Osar's financial governance program
  (a certificate, approved hours, the program evaluated with a public impact page and its next
  cycle planned) and now works on Osar's financial statements review (agreement accepted, hours
  logged and partly approved, a task handed in, a weekly report sent and the next one late);
- Osar's volunteer manager finds every kind of item in the inbox: an application to answer, an
  interview coming, hours to approve, work to review, a late weekly report, an agreement not yet
  accepted and a readiness check (the next cycle);
- the ideas bank holds volunteers' ideas.

Everything goes through the services. The only direct writes move a finished cycle's dates into
the past, and an engagement's start weeks back (no service back-dates work, as none should).
Idempotent: each journey is keyed on what it creates and skipped when it exists.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from khibra.agreements import services as agreement_services
from khibra.certificates.models import Certificate
from khibra.engagements import services as engagement_services
from khibra.engagements.models import Engagement, EngagementStatus, WorkItem
from khibra.evaluation.services import learning
from khibra.hours import services as hour_services
from khibra.hours.models import HourEntry
from khibra.ideas import services as idea_services
from khibra.ideas.models import Idea
from khibra.opportunities import services as opportunity_services
from khibra.opportunities.models import Opportunity, OpportunityTask, OpportunityTemplate
from khibra.organizations.models import Membership, Organization
from khibra.programs import services as program_services
from khibra.programs.models import Program
from khibra.programs.readiness import CRITERIA
from khibra.recruitment.services import applications
from khibra.reference.models import City, Field
from khibra.volunteers.models import VolunteerProfile

from . import evaluation
from .agreements import accept_current_agreement
from .data import DOMAIN

OSAR = "2241"
SARA = f"sara.alotaibi@{DOMAIN}"
FIRST_CYCLE = "الدورة الأولى لبرنامج الحوكمة المالية"
NEXT_CYCLE = "الدورة الثانية لبرنامج الحوكمة المالية"
# How far back the finished cycle is moved: it ended a month ago.
FIRST_CYCLE_SHIFT = dt.timedelta(days=120)
MOTIVATION = "أعمل في هذا المجال منذ سنوات، وأرغب أن أضع خبرتي في خدمة الجمعية ومستفيديها."
# The application of the one volunteer the demo leaves with an agreement still to accept (the
# manager's inbox shows it): evaluation.py's acceptance of the demo's agreements skips it.
AGREEMENT_WAITS_MOTIVATION = "أستطيع البدء فورًا، وسأقرأ الاتفاقية قبل أول اجتماع."

IDEAS = (
    ("hassan.alsalem", "دليل مبسط لحوكمة الجمعيات الصغيرة", "دليل من عشر صفحات يشرح لمجالس إدارة الجمعيات الصغيرة مسؤولياتها وكيف تبني سياساتها الأساسية.", "strategic-planning"),
    ("mohammed.alqahtani", "عيادة تسويق رقمي شهرية للجمعيات", "ساعتان كل شهر يجيب فيهما مسوقون محترفون عن أسئلة الجمعيات في حملاتها وحساباتها على وسائل التواصل.", "business-development"),
    ("sara.alotaibi", "مراجعة سريعة لقوائم الجمعيات قبل الجمعية العمومية", "محاسبون قانونيون يراجعون القوائم المالية للجمعيات الناشئة قبل اعتمادها، ويقترحون تحسينات على العرض والإفصاح.", "finance-accounting"),
)


def load(report) -> None:
    osar = Organization.objects.filter(registration_number=OSAR).first()
    manager = _staff(osar, Membership.Role.VOLUNTEER_MANAGER) if osar else None
    sara = VolunteerProfile.objects.filter(user__email__iexact=SARA).select_related("user").first()
    open_places()
    if osar is not None and manager is not None and sara is not None:
        _first_cycle(osar, manager, sara, report)
        _current_work(osar, manager, sara)
        _inbox(osar, manager)
    open_places()  # again: the inbox's volunteers took places
    evaluation.fill_beneficiaries()  # the opportunities made here say whom they serve, as the others do
    _ideas()


def _staff(organization, role):
    membership = Membership.objects.active().filter(organization=organization, role=role).select_related("user").order_by("pk").first()
    return membership.user if membership else None


def _manager_of(organization):
    return _staff(organization, Membership.Role.VOLUNTEER_MANAGER) or _staff(organization, Membership.Role.ADMIN)


# --- places left --------------------------------------------------------------------------------


def open_places(*, extra: int = 2) -> None:
    """Individual published listings with no place left get `extra` more (teams fill theirs).
    Also run before the providers' members look for work (places.py), so that a second load
    finds no place the first one could have taken."""
    full = [o for o in Opportunity.objects.public().exclude(execution_mode="team").order_by("pk") if o.seats_filled >= o.seats]
    for opportunity in full:
        manager = _manager_of(opportunity.organization)
        if manager is None:
            continue
        try:
            opportunity_services.update_opportunity(opportunity=opportunity, by=manager, seats=opportunity.seats_filled + extra)
        except ValidationError:
            continue


# --- Sara's finished first cycle ------------------------------------------------------------------


def _first_cycle(osar, manager, sara, report) -> None:
    if Program.objects.filter(organization=osar, name=FIRST_CYCLE).exists():
        return
    today = timezone.localdate()
    program = program_services.create_program(
        organization=osar, by=manager, name=FIRST_CYCLE, starts_on=today, ends_on=today + dt.timedelta(days=90),
        goal="أن تعتمد الجمعية سياسات مالية مكتوبة وتعرض قوائمها على الجمعية العمومية في موعدها.",
    )
    program_services.save_readiness(program=program, by=manager, answers={criterion.code: ("yes", "") for criterion in CRITERIA})
    report.programs += 1
    opportunity = _published(osar, manager, program, "board-member-finance", today)
    if opportunity is None:
        return
    report.opportunities += 1
    engagement = _engage(opportunity, sara, manager)
    if engagement is None:
        return
    accept_current_agreement(engagement)
    entry = hour_services.log_hours(engagement=engagement, by=sara.user, date=today, hours=Decimal("6"),
                                    note="مراجعة السياسات المالية مع أمين الصندوق.", confirm_over_plan=True)
    hour_services.approve_hours(entry=entry, by=manager)
    for item in engagement.work_items.order_by("-kind", "pk"):  # the tasks, then the final deliverable
        engagement_services.start_work(item=item, by=sara.user)
        engagement_services.submit_work(item=item, by=sara.user, link="https://docs.example.org/khibra-demo/finance-policies")
        engagement_services.review_work(item=item, by=manager, accept=True)
    engagement_services.close_engagement(
        engagement=engagement, by=manager, completed=True, note="سلّمت المتطوعة السياسات المالية واعتمدها مجلس الإدارة.",
        outcome="أصبحت لدى الجمعية سياسات مالية مكتوبة معتمدة، وعُرضت قوائمها على الجمعية العمومية في موعدها.",
        beneficiaries_reached=1,
    )
    for step in (opportunity_services.close_opportunity, opportunity_services.complete_opportunity):
        try:
            step(opportunity=opportunity, by=manager)
        except (ValidationError, PermissionDenied):
            break
    learning.save_program_evaluation(
        program=program, by=manager, complete=True, staff_hours=Decimal("24"),
        goal_summary="تحقق الهدف: اعتُمدت السياسات المالية وعُرضت القوائم في موعدها.",
        helped="خبرة المتطوعة في مراجعة الجمعيات وسرعة تجاوب أمين الصندوق.",
        blocked="تأخر توفير بعض المستندات في الأسبوع الأول.",
        successes="سياسة الصرف وسياسة تعارض المصالح معتمدتان ومنشورتان.",
        challenges="ضيق وقت أعضاء المجلس لمراجعة المسودات.",
    )
    learning.save_lessons(
        program=program, by=manager, publish=True,
        what_worked="تحديد مخرج واحد واضح لكل مهمة ومراجعة أسبوعية قصيرة.",
        challenges_overcome="جمعنا المستندات الناقصة في قائمة واحدة يتابعها أمين الصندوق.",
        impact_examples="عرضت الجمعية قوائمها المالية على الجمعية العمومية في موعدها لأول مرة منذ ثلاث سنوات.",
        advice="اطلبوا المستندات كلها قبل بدء المتطوع.",
    )
    learning.set_public_impact(program=program, by=manager, public=True)
    _move_back(program, engagement, FIRST_CYCLE_SHIFT)
    # Step 9: the next cycle, planned from this one; its readiness is still to confirm.
    learning.plan_again(program=program, by=manager, name=NEXT_CYCLE, starts_on=today + dt.timedelta(days=21),
                        ends_on=today + dt.timedelta(days=200))
    report.programs += 1


def _published(organization, manager, program, template_code: str, today: dt.date) -> Opportunity | None:
    template = OpportunityTemplate.objects.filter(code=template_code).first()
    if template is None:
        return None
    opportunity = opportunity_services.create_from_template(
        template=template, organization=organization, by=manager, program=program, language="ar", starts_on=today + dt.timedelta(days=1)
    )
    opportunity_services.choose_service_model(opportunity=opportunity, model="skills_based", by=manager,
                                              reasoning="خبير واحد لمدة محددة، ولا حاجة إلى شريك.")
    agreement_services.generate_volunteer_agreement(opportunity=opportunity, by=manager)
    return opportunity_services.publish_opportunity(opportunity=opportunity, by=manager)


def _engage(opportunity, profile, manager) -> Engagement | None:
    application = _apply(opportunity, profile)
    if application is None:
        return None
    return applications.accept_application(application=application, by=manager)


def _apply(opportunity, profile, motivation: str = MOTIVATION):
    if applications.apply_blockers(opportunity=opportunity, volunteer=profile):
        return None
    try:
        return applications.apply(
            opportunity=opportunity, volunteer=profile, motivation=motivation, availability_confirmed=True,
            answers={str(q.pk): "نعم، لدي خبرة عملية في هذا النوع من العمل." for q in opportunity.screening_questions.all()},
        )
    except ValidationError:
        return None


def _move_back(program, engagement, shift: dt.timedelta) -> None:
    """The finished cycle happened months ago: move its dates back by `shift`."""
    Program.objects.filter(pk=program.pk).update(starts_on=program.starts_on - shift, ends_on=program.ends_on - shift)
    opportunity = engagement.opportunity
    for row in Opportunity.objects.filter(pk=opportunity.pk):
        Opportunity.objects.filter(pk=row.pk).update(
            starts_on=row.starts_on and row.starts_on - shift, ends_on=row.ends_on and row.ends_on - shift,
            apply_by=row.apply_by and row.apply_by - shift, published_at=row.published_at and row.published_at - shift,
        )
    for task in OpportunityTask.objects.filter(opportunity=opportunity):
        OpportunityTask.objects.filter(pk=task.pk).update(due_on=task.due_on and task.due_on - shift)
    for item in WorkItem.objects.filter(engagement=engagement):
        WorkItem.objects.filter(pk=item.pk).update(due_on=item.due_on and item.due_on - shift)
    engagement.refresh_from_db()
    Engagement.objects.filter(pk=engagement.pk).update(
        started_on=engagement.started_on and engagement.started_on - shift,
        ended_on=engagement.ended_on and engagement.ended_on - shift,
        planned_end_on=engagement.planned_end_on and engagement.planned_end_on - shift,
    )
    for entry in HourEntry.objects.filter(engagement=engagement):
        HourEntry.objects.filter(pk=entry.pk).update(date=entry.date - shift)
    for certificate in Certificate.objects.filter(engagement=engagement):
        Certificate.objects.filter(pk=certificate.pk).update(
            started_on=certificate.started_on and certificate.started_on - shift,
            ended_on=certificate.ended_on and certificate.ended_on - shift,
            issued_at=certificate.issued_at - shift,
        )


# --- Sara at work now -----------------------------------------------------------------------------


def _current_work(osar, manager, sara) -> None:
    if Engagement.objects.filter(volunteer=sara, status=EngagementStatus.ACTIVE).exists():
        return
    opportunity = Opportunity.objects.public().filter(organization=osar, execution_mode="individual").order_by("pk").first()
    opportunity = opportunity or Opportunity.objects.public().filter(organization=osar).order_by("pk").first()
    if opportunity is None:
        return
    engagement = _engage(opportunity, sara, manager)
    if engagement is None:
        return
    accept_current_agreement(engagement)
    # She started three weeks ago (Sunday): two weekly reports were owed, she sent the first.
    today = timezone.localdate()
    started = today - dt.timedelta(days=(today.weekday() + 1) % 7) - dt.timedelta(days=21)
    Engagement.objects.filter(pk=engagement.pk).update(started_on=started)
    engagement.refresh_from_db()
    # The older entries and one of this week are approved; the two latest wait for the manager.
    for days, hours, approve in ((20, "3", True), (13, "4", True), (6, "2.5", True), (2, "1.5", False), (1, "2", False)):
        entry = hour_services.log_hours(engagement=engagement, by=sara.user, date=today - dt.timedelta(days=days),
                                        hours=Decimal(hours), note="مراجعة القيود وتسوية الحسابات البنكية.", confirm_over_plan=True)
        if approve:
            hour_services.approve_hours(entry=entry, by=manager)
    engagement_services.submit_weekly_report(
        engagement=engagement, by=sara.user, week_of=started, hours_spent=Decimal("3"),
        done="اطلعت على القوائم المالية للعام الماضي وحددت البنود التي تحتاج إلى مستندات.", next="مراجعة تسويات البنوك.",
    )
    item = engagement.work_items.filter(kind="task").order_by("due_on", "pk").first()
    if item is not None:
        engagement_services.start_work(item=item, by=sara.user)
        engagement_services.submit_work(item=item, by=sara.user, link="https://docs.example.org/khibra-demo/bank-reconciliation",
                                        note="المسودة الأولى لتسويات البنوك.")


# --- opportunities that fit Sara ---------------------------------------------------------------

# (registration number of the non-profit, template): finance work open at other non-profits, so
# that the recommendations of a chartered accountant are not empty.
FOR_SARA = (("3156", "financial-statements-review"),)


def fitting_sara(report) -> None:
    """Run before the providers' members look for work (places.py): a listing made after them
    would be taken by a second load."""
    today = timezone.localdate()
    for registration_number, code in FOR_SARA:
        organization = Organization.objects.filter(registration_number=registration_number).first()
        template = OpportunityTemplate.objects.filter(code=code).first()
        manager = _manager_of(organization) if organization else None
        program = Program.objects.filter(organization=organization, ends_on__gte=today).order_by("pk").first() if organization else None
        if None in (organization, template, manager, program):
            continue
        if Opportunity.objects.filter(organization=organization, title=template.title_ar).exists():
            continue
        if _published(organization, manager, program, code, today + dt.timedelta(days=13)) is not None:
            report.opportunities += 1


# --- the rest of Osar's inbox -------------------------------------------------------------------


def _inbox(osar, manager) -> None:
    """An application to answer, an interview coming and an agreement not accepted, at Osar."""
    opportunities = list(Opportunity.objects.public().filter(organization=osar).exclude(execution_mode="team").order_by("pk"))
    if not opportunities or opportunities[0].applications.filter(status__in=["applied", "interview"]).exists():
        return
    volunteers = VolunteerProfile.objects.exclude(user__email__iexact=SARA).exclude(engagements__status="active").order_by("pk")
    needed = ["applied", "interview", "agreement"]
    for profile in volunteers:
        if not needed:
            break
        for opportunity in opportunities:
            motivation = AGREEMENT_WAITS_MOTIVATION if needed[0] == "agreement" else MOTIVATION
            application = _apply(opportunity, profile, motivation)
            if application is None:
                continue
            step = needed.pop(0)
            if step == "interview":
                applications.schedule_interview(
                    application=application, by=manager, scheduled_at=_working_day_at(3, 10), mode="online",
                    meeting_link="https://meet.example.org/khibra-demo-interview",
                )
            elif step == "agreement":
                applications.accept_application(application=application, by=manager)  # not accepted by the volunteer yet
            break


def _working_day_at(days: int, hour: int) -> dt.datetime:
    from khibra.core.workdays import add_working_days

    day = add_working_days(timezone.localdate(), days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


# --- the ideas bank -------------------------------------------------------------------------------


def _ideas() -> None:
    riyadh = City.objects.filter(code="riyadh").first()
    for local, title, description, field_code in IDEAS:
        if Idea.objects.filter(title=title).exists():
            continue
        profile = VolunteerProfile.objects.filter(user__email__iexact=f"{local}@{DOMAIN}").select_related("user").first()
        field = Field.objects.filter(code=field_code).first() or Field.objects.active().first()
        if profile is None or field is None:
            continue
        try:
            idea = idea_services.propose_idea(by=profile.user, title=title, description=description, field=field, city=riyadh)
        except (ValidationError, PermissionDenied):
            continue
        for supporter in VolunteerProfile.objects.exclude(pk=profile.pk).select_related("user").order_by("pk")[:3]:
            try:
                idea_services.support_idea(idea=idea, by=supporter.user)
            except (ValidationError, PermissionDenied):
                continue
