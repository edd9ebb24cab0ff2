"""Every rule and transition of the opportunity services, and the service-model recommendations."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
import pytest

from khibra.agreements.models import PartnerAgreement, ShortlistEntry
from khibra.core.models import AuditEvent
from khibra.opportunities import selectors, service_model_chooser, services
from khibra.opportunities.models import Opportunity, OpportunityTask, OpportunityTemplate
from khibra.opportunities.rules import TaskInput
from khibra.programs import services as programs
from khibra.testing.factories import OpportunityFactory, OrganizationFactory, UserFactory, city, field

from .conftest import make_ready

pytestmark = pytest.mark.django_db

START = dt.date(2027, 1, 10)
END = dt.date(2027, 2, 20)


def audit_verbs(opportunity) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="opportunities.opportunity", target_id=str(opportunity.pk))
        .order_by("created_at", "pk")
        .values_list("verb", flat=True)
    )


def design(**overrides) -> dict:
    values = {
        "title": "مطور موقع إلكتروني بلغة بايثون",
        "description": "برمجة موقع الجمعية.",
        "deliverables": "موقع مختبر.",
        "starts_on": START,
        "ends_on": END,
        "duration_days": 20,
        "hours_per_day": Decimal("5"),
        "hours_per_week": Decimal("25"),
        "fields": [field("digital-infrastructure")],
    }
    values.update(overrides)
    return values


# --- who may act ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_a", "manager_a"])
def test_admins_and_volunteer_managers_create_opportunities(request, persona, org_a):
    user = request.getfixturevalue(persona)
    opportunity = services.create_opportunity(organization=org_a, by=user, **design())
    assert opportunity.status == Opportunity.Status.DRAFT
    assert opportunity.created_by == user
    assert list(opportunity.fields.values_list("code", flat=True)) == ["digital-infrastructure"]
    event = AuditEvent.objects.get(verb="opportunity.created")
    assert event.organization == org_a and event.actor == user


@pytest.mark.parametrize("persona", ["supervisor_a", "admin_b", "volunteer", "staff"])
def test_others_cannot_create_opportunities(request, persona, org_a):
    with pytest.raises(PermissionDenied):
        services.create_opportunity(organization=org_a, by=request.getfixturevalue(persona), title="مراجع مالي")
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize("persona", ["supervisor_a", "admin_b"])
def test_others_cannot_change_or_publish(request, persona, chosen):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.update_opportunity(opportunity=chosen, by=user, title="عنوان آخر")
    with pytest.raises(PermissionDenied):
        services.publish_opportunity(opportunity=chosen, by=user)
    with pytest.raises(PermissionDenied):
        services.choose_service_model(opportunity=chosen, model="hackathon", reasoning="سبب", by=user)
    chosen.refresh_from_db()
    assert chosen.status == Opportunity.Status.DRAFT
    assert chosen.title == "مطور موقع إلكتروني بلغة بايثون"


def test_a_draft_needs_only_a_title(org_a, admin_a):
    opportunity = services.create_opportunity(organization=org_a, by=admin_a, title="  محلل بيانات  ")
    assert opportunity.title == "محلل بيانات"
    assert selectors.missing_for_publish(opportunity)


# --- design rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field_name",
    [
        ({"ends_on": START - dt.timedelta(days=1)}, "ends_on"),
        ({"seats": 0}, "seats"),
        ({"age_min": 30, "age_max": 20}, "age_max"),
        ({"execution_mode": "team", "team_size": 1}, "team_size"),
        ({"execution_mode": "team", "team_size": 4, "seats": 2}, "seats"),
        ({"english_allowed": True, "english_supervisor": ""}, "english_supervisor"),
        ({"nature": "remote", "venue": "مقر الجمعية"}, "venue"),
        ({"nature": "in_person", "city": None}, "city"),
        ({"nature": "both", "city": None}, "city"),
        ({"hours_per_day": Decimal("0")}, "hours_per_day"),
        ({"hours_per_day": Decimal("25")}, "hours_per_day"),
        ({"hours_per_week": Decimal("0")}, "hours_per_week"),
        ({"hours_per_day": Decimal("2"), "hours_per_week": Decimal("15")}, "hours_per_week"),
        ({"duration_days": 60}, "duration_days"),
        ({"duration_days": 0}, "duration_days"),
        ({"marketing_channels": ["billboards"]}, "marketing_channels"),
    ],
)
def test_design_mistakes_are_refused_with_a_message_on_the_field(org_a, admin_a, overrides, field_name):
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(organization=org_a, by=admin_a, **design(**overrides))
    assert field_name in error.value.message_dict
    assert not Opportunity.objects.exists()


def test_in_person_work_with_a_city_and_venue_is_fine(org_a, admin_a):
    opportunity = services.create_opportunity(
        organization=org_a, by=admin_a, **design(nature="in_person", city=city("jeddah"), venue="مقر الجمعية")
    )
    assert opportunity.venue == "مقر الجمعية"


def test_individual_work_has_a_team_of_one_and_english_supervisor_is_cleared(org_a, admin_a):
    opportunity = services.create_opportunity(
        organization=org_a, by=admin_a, **design(execution_mode="individual", team_size=5, english_supervisor="Sara")
    )
    assert opportunity.team_size == 1
    assert opportunity.english_supervisor == ""


def test_the_supervisor_must_be_an_active_member(org_a, admin_a, supervisor_a, admin_b):
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(organization=org_a, by=admin_a, **design(supervisor=admin_b))
    assert "supervisor" in error.value.message_dict
    opportunity = services.create_opportunity(organization=org_a, by=admin_a, **design(supervisor=supervisor_a))
    assert opportunity.supervisor == supervisor_a


def test_the_program_must_be_the_organizations_own(org_b, admin_b, program):
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(organization=org_b, by=admin_b, **design(program=program))
    assert "program" in error.value.message_dict


def test_total_hours_are_days_times_hours_per_day(draft):
    assert draft.total_hours == Decimal("100")


# --- tasks ---------------------------------------------------------------------------------------


def test_tasks_are_stored_in_chronological_order(org_a, admin_a):
    tasks = [
        TaskInput("تسليم واجهة الموقع", START + dt.timedelta(days=10)),
        TaskInput("تسليم تصور أولي للموقع", START + dt.timedelta(days=2)),
    ]
    opportunity = services.create_opportunity(organization=org_a, by=admin_a, tasks=tasks, **design())
    assert [task.title for task in opportunity.tasks.all()] == ["تسليم تصور أولي للموقع", "تسليم واجهة الموقع"]


@pytest.mark.parametrize(
    "due_on",
    [START - dt.timedelta(days=1), END + dt.timedelta(days=1)],
    ids=["before-the-start", "after-the-end"],
)
def test_a_task_outside_the_period_is_refused(org_a, admin_a, due_on):
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(organization=org_a, by=admin_a, tasks=[TaskInput("مهمة", due_on)], **design())
    assert "tasks" in error.value.message_dict
    assert not Opportunity.objects.exists()
    assert not OpportunityTask.objects.exists()


def test_the_same_task_twice_is_refused(draft, admin_a):
    with pytest.raises(ValidationError):
        services.replace_tasks(
            opportunity=draft,
            tasks=[TaskInput("تسليم التقرير", draft.starts_on), TaskInput("تسليم  التقرير", draft.ends_on)],
            by=admin_a,
        )
    assert draft.tasks.count() == 2  # unchanged


def test_replace_tasks_replaces_sorts_and_audits(draft, manager_a):
    tasks = services.replace_tasks(
        opportunity=draft,
        tasks=[{"title": "الإطلاق", "due_on": draft.ends_on}, {"title": "التقييم", "due_on": draft.starts_on, "details": "تقرير"}],
        by=manager_a,
    )
    assert [task.title for task in tasks] == ["التقييم", "الإطلاق"]
    assert tasks[0].details == "تقرير"
    assert "opportunity.tasks_replaced" in audit_verbs(draft)


def test_moving_the_dates_away_from_the_tasks_is_refused(draft, admin_a):
    with pytest.raises(ValidationError) as error:
        services.update_opportunity(
            opportunity=draft, by=admin_a, starts_on=draft.starts_on + dt.timedelta(days=20), ends_on=draft.ends_on + dt.timedelta(days=20)
        )
    assert "starts_on" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.starts_on is not None and draft.tasks.count() == 2


def test_dates_and_tasks_change_together(draft, admin_a):
    later = draft.starts_on + dt.timedelta(days=60)
    services.update_opportunity(
        opportunity=draft,
        by=admin_a,
        starts_on=later,
        ends_on=later + dt.timedelta(days=30),
        tasks=[TaskInput("تسليم الموقع", later + dt.timedelta(days=29))],
    )
    draft.refresh_from_db()
    assert draft.starts_on == later
    assert list(draft.tasks.values_list("title", flat=True)) == ["تسليم الموقع"]


# --- completeness and publishing -----------------------------------------------------------------


def test_missing_for_publish_names_every_missing_item(org_a, admin_a):
    opportunity = services.create_opportunity(organization=org_a, by=admin_a, title="محلل بيانات")
    codes = [item.code for item in selectors.publish_checklist(opportunity) if not item.done]
    assert codes == ["description", "deliverables", "fields", "dates", "tasks", "service_model"]
    assert len(selectors.missing_for_publish(opportunity)) == 6


def test_a_complete_draft_misses_only_its_service_model(draft):
    assert [item.code for item in selectors.publish_checklist(draft) if not item.done] == ["service_model"]


def test_an_incomplete_opportunity_cannot_be_published(draft, admin_a):
    with pytest.raises(ValidationError):
        services.publish_opportunity(opportunity=draft, by=admin_a)
    draft.refresh_from_db()
    assert draft.status == Opportunity.Status.DRAFT and draft.published_at is None


def test_publishing_a_complete_opportunity_in_a_ready_program(chosen, manager_a):
    opportunity = services.publish_opportunity(opportunity=chosen, by=manager_a)
    assert opportunity.status == Opportunity.Status.PUBLISHED
    assert opportunity.published_at is not None
    assert opportunity.readiness_override_reason == ""
    assert "opportunity.published" in audit_verbs(opportunity)


def test_publishing_before_the_program_is_ready_is_refused_without_an_admins_override(chosen, admin_a, program):
    Opportunity.objects.filter(pk=chosen.pk).update(program=program)
    chosen.refresh_from_db()
    assert selectors.needs_readiness_override(chosen)
    with pytest.raises(ValidationError) as error:
        services.publish_opportunity(opportunity=chosen, by=admin_a)
    assert error.value.error_list[0].code == "not_ready"
    chosen.refresh_from_db()
    assert chosen.status == Opportunity.Status.DRAFT


def test_a_ready_program_needs_no_reason(chosen, admin_a, program):
    make_ready(program, admin_a)
    Opportunity.objects.filter(pk=chosen.pk).update(program=program)
    chosen.refresh_from_db()
    assert not selectors.needs_readiness_override(chosen)
    services.publish_opportunity(opportunity=chosen, by=admin_a)
    assert not AuditEvent.objects.filter(verb="opportunity.published_before_readiness").exists()


# --- transitions ---------------------------------------------------------------------------------


def test_mark_ready_needs_a_complete_draft(draft, admin_a):
    with pytest.raises(ValidationError):
        services.mark_ready(opportunity=draft, by=admin_a)
    services.choose_service_model(opportunity=draft, model="skills_based", reasoning="", by=admin_a)
    assert services.mark_ready(opportunity=draft, by=admin_a).status == Opportunity.Status.READY
    with pytest.raises(ValidationError):
        services.mark_ready(opportunity=draft, by=admin_a)  # already ready
    assert services.return_to_draft(opportunity=draft, by=admin_a).status == Opportunity.Status.DRAFT


def test_a_ready_opportunity_that_loses_a_required_item_goes_back_to_draft(chosen, admin_a):
    services.mark_ready(opportunity=chosen, by=admin_a)
    services.update_opportunity(opportunity=chosen, by=admin_a, deliverables="")
    chosen.refresh_from_db()
    assert chosen.status == Opportunity.Status.DRAFT


def test_a_published_opportunity_must_stay_complete(published, admin_a):
    with pytest.raises(ValidationError):
        services.replace_tasks(opportunity=published, tasks=[], by=admin_a)
    assert published.tasks.count() == 2
    services.update_opportunity(opportunity=published, by=admin_a, seats=3)
    published.refresh_from_db()
    assert published.seats == 3 and published.status == Opportunity.Status.PUBLISHED


def test_close_reopen_and_complete(published, admin_a):
    first_published_at = published.published_at
    closed = services.close_opportunity(opportunity=published, by=admin_a)
    assert closed.status == Opportunity.Status.CLOSED
    reopened = services.publish_opportunity(opportunity=closed, by=admin_a)
    assert reopened.status == Opportunity.Status.PUBLISHED
    assert reopened.published_at == first_published_at
    completed = services.complete_opportunity(opportunity=reopened, by=admin_a)
    assert completed.status == Opportunity.Status.COMPLETED
    assert audit_verbs(published)[-4:] == ["opportunity.published", "opportunity.closed", "opportunity.reopened", "opportunity.completed"]


@pytest.mark.parametrize(
    "action, status",
    [
        ("close", "draft"),
        ("complete", "draft"),
        ("complete", "ready"),
        ("mark_ready", "published"),
        ("cancel", "completed"),
        ("cancel", "cancelled"),
        ("close", "closed"),
        ("publish", "completed"),
        ("publish", "published"),
    ],
)
def test_transitions_from_the_wrong_status_are_refused(chosen, admin_a, action, status):
    Opportunity.objects.filter(pk=chosen.pk).update(status=status, published_at=chosen.created_at)
    chosen.refresh_from_db()
    service = {
        "close": services.close_opportunity,
        "complete": services.complete_opportunity,
        "mark_ready": services.mark_ready,
        "cancel": services.cancel_opportunity,
        "publish": services.publish_opportunity,
    }[action]
    with pytest.raises(ValidationError):
        service(opportunity=chosen, by=admin_a)
    chosen.refresh_from_db()
    assert chosen.status == status


def test_cancel_records_the_reason(draft, manager_a):
    services.cancel_opportunity(opportunity=draft, by=manager_a, reason="تكفلت جهة أخرى بالموقع.")
    draft.refresh_from_db()
    assert draft.status == Opportunity.Status.CANCELLED
    assert AuditEvent.objects.get(verb="opportunity.cancelled").data["reason"] == "تكفلت جهة أخرى بالموقع."


def test_a_cancelled_opportunity_can_no_longer_be_changed(draft, admin_a):
    services.cancel_opportunity(opportunity=draft, by=admin_a)
    with pytest.raises(ValidationError):
        services.update_opportunity(opportunity=draft, by=admin_a, title="عنوان جديد")
    with pytest.raises(ValidationError):
        services.choose_service_model(opportunity=draft, model="hackathon", reasoning="سبب", by=admin_a)


# --- from a need ---------------------------------------------------------------------------------


def test_create_from_need_copies_the_need(need, manager_a, program):
    opportunity = services.create_from_need(need=need, by=manager_a)
    assert opportunity.need == need and opportunity.program == program
    assert opportunity.title == need.title
    assert opportunity.description == need.description
    assert opportunity.requirements == need.skills_required
    assert opportunity.seats == 1 and opportunity.execution_mode == "individual" and opportunity.team_size == 1
    assert list(opportunity.fields.all()) == [need.field]
    assert opportunity.status == Opportunity.Status.DRAFT
    assert "opportunity.created_from_need" in audit_verbs(opportunity)


def test_a_team_need_becomes_a_team_opportunity(program, admin_a):
    need = programs.add_need(
        program=program, by=admin_a, title="فريق خطة استراتيجية", volunteers_needed=3, execution_mode="team", suitability="volunteer"
    )
    opportunity = services.create_from_need(need=need, by=admin_a)
    assert (opportunity.execution_mode, opportunity.team_size, opportunity.seats) == ("team", 3, 3)


def test_a_declined_need_or_one_for_paid_staff_is_refused(need, program, admin_a):
    programs.decline_need(need=need, by=admin_a)
    need.refresh_from_db()
    with pytest.raises(ValidationError):
        services.create_from_need(need=need, by=admin_a)
    paid = programs.add_need(
        program=program, by=admin_a, title="محاسب دائم", suitability="paid_staff", paid_staff_reason="ongoing"
    )
    with pytest.raises(ValidationError):
        services.create_from_need(need=paid, by=admin_a)
    assert not Opportunity.objects.exists()


def test_a_supervisor_cannot_turn_a_need_into_an_opportunity(need, supervisor_a):
    with pytest.raises(PermissionDenied):
        services.create_from_need(need=need, by=supervisor_a)


# --- from a template -----------------------------------------------------------------------------


def test_create_from_template_in_arabic_dates_the_tasks(org_a, admin_a, program):
    template = OpportunityTemplate.objects.get(code="python-website-developer")
    opportunity = services.create_from_template(
        template=template, organization=org_a, by=admin_a, program=program, language="ar", starts_on=START
    )
    assert opportunity.title == "مطور موقع إلكتروني بلغة بايثون"
    assert opportunity.template == template and opportunity.program == program
    assert (opportunity.duration_days, opportunity.hours_per_day) == (20, Decimal("5"))
    assert opportunity.starts_on == START
    assert opportunity.ends_on == START + dt.timedelta(days=29)
    due = list(opportunity.tasks.values_list("due_on", flat=True))
    assert due == [START + dt.timedelta(days=task["day"]) for task in template.tasks]
    assert opportunity.service_model == ""  # step 3 is a decision, not a copy
    assert set(opportunity.required_professions.values_list("code", flat=True)) == {"web-developer", "software-engineer"}


def test_create_from_template_in_english(org_a, manager_a):
    template = OpportunityTemplate.objects.get(code="marketing-plan")
    opportunity = services.create_from_template(template=template, organization=org_a, by=manager_a, language="en", starts_on=START)
    assert opportunity.title == "Marketing planner"
    assert opportunity.tasks.first().title == template.tasks[0]["title_en"]


def test_an_inactive_template_cannot_be_used(org_a, admin_a):
    template = OpportunityTemplate.objects.get(code="marketing-plan")
    template.is_active = False
    template.save()
    with pytest.raises(ValidationError):
        services.create_from_template(template=template, organization=org_a, by=admin_a, language="ar")


def test_a_supervisor_cannot_use_a_template(org_a, supervisor_a):
    with pytest.raises(PermissionDenied):
        services.create_from_template(
            template=OpportunityTemplate.objects.first(), organization=org_a, by=supervisor_a, language="ar"
        )


# --- step 3: recommendations and the choice ------------------------------------------------------


def top(opportunity) -> str:
    return service_model_chooser.recommend_service_models(opportunity)[0].model


def test_the_guides_example_is_skills_based_volunteering(draft):
    recommendations = service_model_chooser.recommend_service_models(draft)
    assert recommendations[0].model == "skills_based"
    assert recommendations[0].reasons
    assert len(recommendations) <= 2


def test_a_team_with_a_partner_is_a_team_project(org_a):
    opportunity = OpportunityFactory(organization=org_a, title="فريق تطوير خطة استراتيجية", execution_mode="team", team_size=3, seats=3)
    ShortlistEntry.objects.create(opportunity=opportunity, kind="companies", name="شركة الاستشارات المتحدة")
    assert top(opportunity) == "team_project"


def test_a_partner_agreement_counts_as_a_partner(org_a, admin_a):
    opportunity = OpportunityFactory(organization=org_a, execution_mode="team", team_size=2, seats=2)
    partner = OrganizationFactory(kind="company", name_ar="شركة التقنية الحديثة")
    PartnerAgreement.objects.create(
        organization=org_a,
        partner=partner,
        opportunity=opportunity,
        impact_preamble="أثر",
        starts_on=opportunity.starts_on,
        ends_on=opportunity.ends_on,
        partner_obligations="توفير الفريق",
        communication_channels="البريد",
        communication_frequency="أسبوعيًا",
        deliverables_follow_up="تقرير أسبوعي",
        created_by=admin_a,
    )
    recommendation = service_model_chooser.recommend_service_models(opportunity)[0]
    assert recommendation.model == "team_project"
    assert len(recommendation.reasons) >= 2


def test_a_short_urgent_team_challenge_is_a_hackathon(org_a):
    opportunity = OpportunityFactory(
        organization=org_a, title="فريق تقني لتحدي التسجيل", execution_mode="team", team_size=4, seats=4,
        duration_days=2, hours_per_day=8, hours_per_week=16, urgent=True, tasks=[],
    )
    assert top(opportunity) == "hackathon"


def test_a_governance_role_is_board_service(org_a):
    opportunity = OpportunityFactory(
        organization=org_a, title="عضو مجلس إدارة مختص بالمالية", fields=[field("governance")],
        duration_days=24, hours_per_day=3, hours_per_week=3, tasks=[],
    )
    recommendations = service_model_chooser.recommend_service_models(opportunity)
    assert recommendations[0].model == "board_service"


def test_mentoring_a_manager_is_coaching(org_a):
    opportunity = OpportunityFactory(
        organization=org_a, title="موجّه مهني لمدير الجمعية", description="توجيه المدير التنفيذي لثلاثة أشهر.",
        duration_days=12, hours_per_day=2, hours_per_week=2, tasks=[],
    )
    assert top(opportunity) == "coaching"


def test_full_time_for_months_is_a_secondment(org_a):
    opportunity = OpportunityFactory(
        organization=org_a, title="مدير مشروع متفرغ", duration_days=30, hours_per_day=8, hours_per_week=40, tasks=[],
    )
    assert top(opportunity) == "secondment"


def test_a_companys_commercial_service_is_free_commercial(org_a):
    opportunity = OpportunityFactory(
        organization=org_a, title="مراجع قوائم مالية", description="يقدم مكتب محاسبة خدمته التجارية في المراجعة دون مقابل.",
        duration_days=10, hours_per_day=4, hours_per_week=12, tasks=[],
    )
    assert top(opportunity) == "free_commercial"


def test_the_templates_usual_model_counts(org_a, admin_a):
    template = OpportunityTemplate.objects.get(code="legal-contract-review")
    opportunity = services.create_from_template(template=template, organization=org_a, by=admin_a, language="ar", starts_on=START)
    models = [recommendation.model for recommendation in service_model_chooser.recommend_service_models(opportunity)]
    assert "free_commercial" in models


def test_choosing_a_recommended_model_keeps_its_reasons(draft, manager_a):
    opportunity = services.choose_service_model(opportunity=draft, model="skills_based", reasoning="", by=manager_a)
    assert opportunity.service_model == "skills_based"
    assert opportunity.service_model_reasoning
    assert opportunity.service_model_chosen_by == manager_a
    assert opportunity.service_model_chosen_at is not None
    event = AuditEvent.objects.get(verb="opportunity.service_model_chosen")
    assert event.data["model"] == "skills_based" and event.data["skips_agreements"] is False


def test_another_model_needs_a_reason(draft, admin_a):
    with pytest.raises(ValidationError) as error:
        services.choose_service_model(opportunity=draft, model="board_service", reasoning="", by=admin_a)
    assert "reasoning" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.service_model == ""
    services.choose_service_model(opportunity=draft, model="board_service", reasoning="المتطوع عضو في اللجنة التقنية.", by=admin_a)
    draft.refresh_from_db()
    assert draft.service_model_reasoning == "المتطوع عضو في اللجنة التقنية."


def test_an_unknown_model_is_refused(draft, admin_a):
    with pytest.raises(ValidationError):
        services.choose_service_model(opportunity=draft, model="crowdsourcing", reasoning="سبب", by=admin_a)


def test_free_commercial_services_skip_the_agreements(draft, admin_a):
    services.choose_service_model(opportunity=draft, model="free_commercial", reasoning="مكتب محاماة يقدم خدمته مجانًا.", by=admin_a)
    draft.refresh_from_db()
    assert service_model_chooser.skips_agreements(draft)
    assert AuditEvent.objects.get(verb="opportunity.service_model_chosen").data["skips_agreements"] is True


def test_every_model_has_pros_cons_and_fit():
    from khibra.opportunities.models import ServiceModel
    from khibra.opportunities.service_models import SERVICE_MODELS

    assert set(SERVICE_MODELS) == set(ServiceModel.values)
    for info in SERVICE_MODELS.values():
        assert info.summary and info.pros and info.cons and info.fits_when
    assert [code for code, info in SERVICE_MODELS.items() if info.skips_agreements] == ["free_commercial"]


def test_a_user_without_membership_cannot_act(draft):
    with pytest.raises(PermissionDenied):
        services.mark_ready(opportunity=draft, by=UserFactory())
