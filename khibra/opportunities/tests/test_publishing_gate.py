"""Publishing needs a ready program (step 5), or an override recorded by an admin who neither
designed the opportunity nor publishes it; every opportunity belongs to a program (the first one
is created with the organization's first opportunity); dates that have passed block publishing.
Through the services and the API."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.core.models import AuditEvent
from khibra.opportunities import selectors, services
from khibra.opportunities.models import Opportunity
from khibra.programs.models import Program
from khibra.programs.readiness import CRITERIA
from khibra.programs.steps import step_states
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import MembershipFactory, OpportunityFactory, field, program_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_ready(org_a):
    return program_of(org_a, ready=False, name="برنامج لم يجتز فحص الجاهزية")


@pytest.fixture
def second_admin(org_a):
    return MembershipFactory(organization=org_a, role="admin").user


@pytest.fixture
def waiting(org_a, manager_a, not_ready):
    """A complete opportunity of a program that is not ready, designed by the volunteer manager."""
    return OpportunityFactory(organization=org_a, program=not_ready, created_by=manager_a, service_model="skills_based")


def test_it_refuses_to_publish_without_a_ready_verdict(waiting, manager_a, admin_a):
    for person in (manager_a, admin_a):
        with pytest.raises(ValidationError) as error:
            services.publish_opportunity(opportunity=waiting, by=person)
        assert error.value.error_list[0].code == "not_ready"
    waiting.refresh_from_db()
    assert waiting.status == Opportunity.Status.DRAFT
    assert not AuditEvent.objects.filter(verb__startswith="opportunity.published").exists()


def test_the_author_cannot_override_readiness_even_as_admin(org_a, admin_a, not_ready):
    own = OpportunityFactory(organization=org_a, program=not_ready, created_by=admin_a, service_model="skills_based")
    with pytest.raises(ValidationError) as error:
        services.override_readiness(opportunity=own, by=admin_a, reason="نحتاجها قبل رمضان.")
    assert error.value.error_list[0].code == "own_opportunity"
    own.refresh_from_db()
    assert own.readiness_override_by is None and own.readiness_override_reason == ""


def test_a_volunteer_manager_cannot_override_readiness(waiting, org_a):
    other_manager = MembershipFactory(organization=org_a, role="manager").user
    with pytest.raises(PermissionDenied):
        services.override_readiness(opportunity=waiting, by=other_manager, reason="عاجل.")


def test_an_admin_of_another_organization_cannot_override(waiting, admin_b):
    with pytest.raises(PermissionDenied):
        services.override_readiness(opportunity=waiting, by=admin_b, reason="عاجل.")


def test_an_override_needs_a_reason_and_writes_nothing_without_one(waiting, admin_a):
    with pytest.raises(ValidationError) as error:
        services.override_readiness(opportunity=waiting, by=admin_a, reason="   ")
    assert "reason" in error.value.message_dict
    waiting.refresh_from_db()
    assert waiting.readiness_override_by is None
    assert not AuditEvent.objects.filter(verb="opportunity.readiness_overridden").exists()


def test_another_admins_override_lets_the_manager_publish_and_is_audited_and_on_the_tracker(waiting, admin_a, manager_a, not_ready):
    services.override_readiness(opportunity=waiting, by=admin_a, reason="حملة رمضان تبدأ قريبًا.")
    published = services.publish_opportunity(opportunity=waiting, by=manager_a)
    assert published.status == Opportunity.Status.PUBLISHED
    override = AuditEvent.objects.get(verb="opportunity.readiness_overridden")
    assert override.actor == admin_a and override.data["reason"] == "حملة رمضان تبدأ قريبًا."
    event = AuditEvent.objects.get(verb="opportunity.published_before_readiness")
    assert event.actor == manager_a and event.data["approved_by"] == admin_a.pk
    step5 = next(state for state in step_states(not_ready) if state.number == 5)
    assert step5.status != "done"
    assert any("حملة رمضان تبدأ قريبًا." in note for note in step5.notes)


def test_the_approving_admin_does_not_publish_it_too(waiting, admin_a):
    services.override_readiness(opportunity=waiting, by=admin_a, reason="حملة رمضان.")
    with pytest.raises(ValidationError) as error:
        services.publish_opportunity(opportunity=waiting, by=admin_a)
    assert error.value.error_list[0].code == "not_ready"


def test_an_override_is_dropped_when_the_opportunity_moves_to_another_program(waiting, admin_a, manager_a, org_a):
    services.override_readiness(opportunity=waiting, by=admin_a, reason="حملة رمضان.")
    other = program_of(org_a, ready=False, name="برنامج آخر")
    services.update_opportunity(opportunity=waiting, by=manager_a, program=other)
    waiting.refresh_from_db()
    assert waiting.readiness_override_by is None and waiting.readiness_override_reason == ""


def test_the_tracker_shows_no_note_without_an_override(not_ready, waiting):
    assert next(state for state in step_states(not_ready) if state.number == 5).notes == []


def test_the_program_page_shows_the_override(client, waiting, admin_a, manager_a, org_a, not_ready):
    services.override_readiness(opportunity=waiting, by=admin_a, reason="حملة رمضان.")
    client.force_login(manager_a)
    page = client.get(reverse("programs:detail", args=[org_a.slug, not_ready.pk])).content.decode()
    assert 'id="step-5-notes"' in page and "حملة رمضان." in page


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("change", ["ends_on", "apply_by", "starts_on"])
def test_passed_dates_block_publishing(org_a, manager_a, change):
    today = timezone.localdate()
    opportunity = OpportunityFactory(organization=org_a, created_by=manager_a, service_model="skills_based")
    values = {
        "ends_on": {"starts_on": today - dt.timedelta(days=30), "ends_on": today - dt.timedelta(days=1)},
        "apply_by": {"apply_by": today - dt.timedelta(days=1), "starts_on": today + dt.timedelta(days=3)},
        "starts_on": {"starts_on": today - dt.timedelta(days=2)},
    }[change]
    Opportunity.objects.filter(pk=opportunity.pk).update(**values)
    with pytest.raises(ValidationError) as error:
        services.publish_opportunity(opportunity=opportunity, by=manager_a)
    codes = {item.code for items in error.value.error_dict.values() for item in items}
    assert codes == {"dates_passed"}
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.DRAFT


def test_a_deadline_after_the_end_is_refused(org_a, manager_a):
    opportunity = OpportunityFactory(organization=org_a, created_by=manager_a)
    with pytest.raises(ValidationError) as error:
        services.update_opportunity(opportunity=opportunity, by=manager_a, apply_by=opportunity.ends_on + dt.timedelta(days=1))
    assert "apply_by" in error.value.message_dict
    opportunity.refresh_from_db()
    assert opportunity.apply_by is None


def test_a_later_deadline_keeps_the_listing_open_after_the_start(org_a, manager_a):
    today = timezone.localdate()
    opportunity = OpportunityFactory(organization=org_a, created_by=manager_a, service_model="skills_based")
    Opportunity.objects.filter(pk=opportunity.pk).update(starts_on=today - dt.timedelta(days=1), apply_by=today + dt.timedelta(days=5))
    opportunity.refresh_from_db()
    services.publish_opportunity(opportunity=opportunity, by=manager_a)
    assert selectors.is_open(opportunity)


# --- every opportunity in a program ----------------------------------------------------------------


def _quick_program(**readiness):
    today = timezone.localdate()
    return services.NewProgram(
        name="برنامج التطوع الاحترافي ١٤٤٨",
        goal="تطوير الموقع والأنظمة المالية بخبرات المتطوعين.",
        starts_on=today,
        ends_on=today + dt.timedelta(days=365),
        readiness=readiness,
    )


def test_the_first_opportunity_creates_the_program_with_its_readiness_answers(org_without_program, admin_a):
    answers = {criterion.code: ("yes", "") for criterion in CRITERIA}
    opportunity = services.create_opportunity(
        organization=org_without_program, by=admin_a, title="محاسب متطوع", new_program=_quick_program(**answers)
    )
    program = Program.objects.get(organization=org_without_program)
    assert opportunity.program == program and program.name == "برنامج التطوع الاحترافي ١٤٤٨"
    assert not selectors.needs_readiness_override(opportunity)
    # The next one joins it without being told.
    second = services.create_opportunity(organization=org_without_program, by=admin_a, title="مصمم متطوع")
    assert second.program == program


def test_without_a_program_and_without_a_new_one_nothing_is_written(org_without_program, admin_a):
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(organization=org_without_program, by=admin_a, title="محاسب متطوع")
    assert error.value.error_dict["program"][0].code == "program_required"
    assert not Opportunity.objects.exists() and not Program.objects.exists()


def test_a_bad_new_program_writes_nothing(org_without_program, admin_a):
    bad = _quick_program(clear_goals=("maybe", ""))
    with pytest.raises(ValidationError):
        services.create_opportunity(organization=org_without_program, by=admin_a, title="محاسب متطوع", new_program=bad)
    assert not Opportunity.objects.exists() and not Program.objects.exists()


def test_with_several_programs_one_must_be_chosen(org_a, admin_a):
    program_of(org_a, name="برنامج ثان")
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(organization=org_a, by=admin_a, title="محاسب متطوع")
    assert error.value.error_dict["program"][0].code == "program_required"


def test_the_create_page_asks_for_the_first_program(client, org_without_program, admin_a):
    client.force_login(admin_a)
    url = reverse("opportunities:create", args=[org_without_program.slug])
    page = client.get(url).content.decode()
    assert 'id="section-new-program"' in page and 'id="section-new-program-readiness"' in page
    data = {
        "title": "محاسب متطوع",
        "level": "professional", "execution_mode": "individual", "team_size": "1", "seats": "1", "nature": "remote",
        "duration_days": "1", "hours_per_day": "1", "hours_per_week": "1", "min_years_experience": "0",
        "tasks-TOTAL_FORMS": "0", "tasks-INITIAL_FORMS": "0", "tasks-MIN_NUM_FORMS": "0", "tasks-MAX_NUM_FORMS": "30",
        "program-name": "", "program-goal": "", "program-starts_on": "", "program-ends_on": "",
    }
    assert client.post(url, data).status_code == 400
    assert not Opportunity.objects.exists() and not Program.objects.exists()
    today = timezone.localdate()
    data.update({
        "program-name": "برنامج ١٤٤٨", "program-goal": "تطوير الجمعية.",
        "program-starts_on": today.isoformat(), "program-ends_on": (today + dt.timedelta(days=200)).isoformat(),
        "readiness-clear_goals-answer": "yes",
    })
    assert client.post(url, data).status_code == 302
    opportunity = Opportunity.objects.get()
    assert opportunity.program.name == "برنامج ١٤٤٨"
    assert opportunity.program.readiness.items.get().criterion == "clear_goals"


# --- through the API --------------------------------------------------------------------------------


def _body(**extra):
    starts = timezone.localdate() + dt.timedelta(days=7)
    return {
        "title": "محلل بيانات",
        "description": "تحليل بيانات المستفيدين.",
        "deliverables": "لوحة متابعة.",
        "fields": [field("digital-infrastructure").pk],
        "starts_on": starts.isoformat(),
        "ends_on": (starts + dt.timedelta(days=30)).isoformat(),
        "duration_days": 10, "hours_per_day": 2, "hours_per_week": 6,
        "tasks": [{"title": "تسليم التقرير", "due_on": (starts + dt.timedelta(days=5)).isoformat()}],
        **extra,
    }


class TestApi:
    def test_publish_is_refused_with_not_ready_then_allowed_after_another_admins_override(self, waiting, manager_a, admin_a):
        manager = ApiClient(manager_a, language="en")
        refused = manager.post(f"/opportunities/{waiting.pk}/publish/", {})
        assert refused.status_code == 400 and error_of(refused)["code"] == "not_ready"
        assert manager.post(f"/opportunities/{waiting.pk}/readiness-override/", {"reason": "عاجل."}).status_code == 403

        admin = ApiClient(admin_a, language="en")
        empty = admin.post(f"/opportunities/{waiting.pk}/readiness-override/", {"reason": ""})
        assert empty.status_code == 400 and "reason" in error_of(empty)["fields"]
        ok = admin.post(f"/opportunities/{waiting.pk}/readiness-override/", {"reason": "حملة رمضان."})
        assert ok.status_code == 200 and ok.json()["management"]["readiness_override_by"] == admin_a.pk
        assert error_of(admin.post(f"/opportunities/{waiting.pk}/publish/", {}))["code"] == "not_ready"

        published = manager.post(f"/opportunities/{waiting.pk}/publish/", {})
        assert published.status_code == 200 and published.json()["status"] == "published"

    def test_the_author_gets_own_opportunity(self, org_a, admin_a, not_ready):
        own = OpportunityFactory(organization=org_a, program=not_ready, created_by=admin_a, service_model="skills_based")
        response = ApiClient(admin_a).post(f"/opportunities/{own.pk}/readiness-override/", {"reason": "عاجل."})
        assert response.status_code == 400 and error_of(response)["code"] == "own_opportunity"

    def test_another_organization_cannot_reach_the_override(self, waiting, admin_b):
        response = ApiClient(admin_b).post(f"/opportunities/{waiting.pk}/readiness-override/", {"reason": "عاجل."})
        assert response.status_code == 404

    def test_passed_dates_give_dates_passed(self, org_a, manager_a):
        today = timezone.localdate()
        opportunity = OpportunityFactory(organization=org_a, created_by=manager_a, service_model="skills_based")
        Opportunity.objects.filter(pk=opportunity.pk).update(starts_on=today - dt.timedelta(days=1))
        response = ApiClient(manager_a).post(f"/opportunities/{opportunity.pk}/publish/", {})
        assert response.status_code == 400 and error_of(response)["code"] == "dates_passed"

    def test_the_first_opportunity_creates_its_program(self, org_without_program, admin_a):
        client = ApiClient(admin_a, language="en")
        refused = client.post(f"/organizations/{org_without_program.pk}/opportunities/", _body())
        assert refused.status_code == 400 and error_of(refused)["code"] == "program_required"
        today = timezone.localdate()
        new_program = {
            "name": "برنامج ١٤٤٨", "goal": "تطوير الجمعية.",
            "starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=300)).isoformat(),
            "readiness": {criterion.code: {"answer": "yes"} for criterion in CRITERIA},
        }
        bad = client.post(
            f"/organizations/{org_without_program.pk}/opportunities/",
            _body(new_program={**new_program, "readiness": {"clear_goals": {"answer": "maybe"}}}),
        )
        assert bad.status_code == 400 and "new_program.readiness.clear_goals" in error_of(bad)["fields"]
        unknown = client.post(
            f"/organizations/{org_without_program.pk}/opportunities/", _body(new_program={**new_program, "readiness": {"luck": {"answer": "yes"}}})
        )
        assert unknown.status_code == 400
        assert not Program.objects.exists() and not Opportunity.objects.exists()
        created = client.post(f"/organizations/{org_without_program.pk}/opportunities/", _body(new_program=new_program))
        assert created.status_code == 201, created.content
        assert created.json()["management"]["needs_readiness_override"] is False
