"""Step 1's pages: the guiding questions, the needs list (add, edit, reorder, complete), the inbox
of needs raised by departments, the department's own page, and starting an opportunity."""

from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent
from khibra.opportunities.models import Opportunity
from khibra.programs import services
from khibra.programs.models import Need, NeedsAssessment, NeedStatus, Suitability

from .conftest import add_need, answer_questions

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_persona(client, request, org_a, org_b):
    def login(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


def url(name, program, **kwargs):
    return reverse(f"programs:{name}", kwargs={"org_slug": program.organization.slug, "pk": program.pk, **kwargs})


def need_data(**overrides):
    return {
        "title": "موقع إلكتروني",
        "description": "موقع حديث يعرض برامج الجمعية ويستقبل التبرعات.",
        "department": "الاتصال المؤسسي",
        "skills_required": "تطوير مواقع، تجربة المستخدم",
        "suitability": Suitability.VOLUNTEER,
        "paid_staff_reason": "",
        "suitability_note": "",
        "volunteers_needed": "1",
        "execution_mode": "individual",
        **overrides,
    }


@pytest.fixture
def submitted(program, supervisor_a):
    return services.submit_need(program=program, by=supervisor_a, title="تصميم هوية بصرية", department="الإعلام")


# --- access ----------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, program, need):
    for address in (url("needs", program), url("need_add", program), url("need_submit", program), url("need_edit", program, need_pk=need.pk)):
        response = client.get(address)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["volunteer", "admin_b", "manager_b"])
def test_outsiders_get_404_everywhere(as_persona, persona, program, need, submitted):
    client = as_persona(persona)
    for address in (url("needs", program), url("need_add", program), url("need_submit", program), url("need_edit", program, need_pk=need.pk)):
        assert client.get(address).status_code == 404, address
    posts = [
        (url("needs", program), {"stalled_work": "x"}),
        (url("need_add", program), need_data()),
        (url("need_submit", program), need_data()),
        (url("needs_reorder", program), {"order": [need.pk], f"priority-{need.pk}": "1"}),
        (url("needs_complete", program), {}),
        (url("need_accept", program, need_pk=submitted.pk), {}),
        (url("need_decline", program, need_pk=submitted.pk), {}),
        (url("need_merge", program, need_pk=submitted.pk), {"into": need.pk}),
        (url("need_start_opportunity", program, need_pk=need.pk), {}),
    ]
    for address, data in posts:
        assert client.post(address, data).status_code == 404, address
    assert Need.objects.count() == 2
    assert Need.objects.get(pk=submitted.pk).status == NeedStatus.SUBMITTED
    assert not Opportunity.objects.exists()


def test_org_b_cannot_reach_org_a_needs_through_its_own_address(as_persona, program, program_b, need):
    client = as_persona("manager_b")
    address = reverse("programs:need_edit", kwargs={"org_slug": "birr-riyadh", "pk": program.pk, "need_pk": need.pk})
    assert client.get(address).status_code == 404
    address = reverse("programs:need_edit", kwargs={"org_slug": "birr-riyadh", "pk": program_b.pk, "need_pk": need.pk})
    assert client.get(address).status_code == 404
    content = client.get(url("needs", program_b)).content.decode()
    assert f'id="need-{need.pk}"' not in content


@pytest.mark.parametrize("persona", ["admin_a", "manager_a"])
def test_the_admin_and_the_manager_see_the_needs_page(as_persona, persona, program, need, submitted):
    response = as_persona(persona).get(url("needs", program))
    assert response.status_code == 200
    content = response.content.decode()
    for element in ("questions-form", "needs-table", "need-form", "reorder-form", "needs-inbox", "complete-assessment"):
        assert f'id="{element}"' in content, element
    assert f'id="need-{need.pk}"' in content
    assert f'id="inbox-need-{submitted.pk}"' in content
    assert f'id="start-opportunity-{need.pk}"' in content


def test_a_supervisor_reads_the_needs_of_a_program_they_take_part_in(as_persona, program, manager_a, supervisor_a, need):
    client = as_persona("supervisor_a")
    assert client.get(url("needs", program)).status_code == 404
    services.update_plan_step(step=program.plan_steps.get(step=1), by=manager_a, responsible_user=supervisor_a)
    content = client.get(url("needs", program)).content.decode()
    assert 'id="needs-table"' in content
    assert 'id="questions-answers"' in content
    for element in ("questions-form", "need-form", "reorder-form", "needs-inbox", f"start-opportunity-{need.pk}"):
        assert f'id="{element}"' not in content, element


def test_a_supervisor_cannot_change_the_needs(as_persona, program, need, submitted):
    client = as_persona("supervisor_a")
    assert client.post(url("needs", program), {"stalled_work": "تغيير"}).status_code == 403
    assert client.get(url("need_add", program)).status_code == 403
    assert client.post(url("need_add", program), need_data()).status_code == 403
    assert client.get(url("need_edit", program, need_pk=need.pk)).status_code == 403
    assert client.post(url("need_edit", program, need_pk=need.pk), need_data(title="تغيير")).status_code == 403
    assert client.post(url("needs_reorder", program), {"order": [need.pk], f"priority-{need.pk}": "1"}).status_code == 403
    assert client.post(url("needs_complete", program)).status_code == 403
    assert client.post(url("need_accept", program, need_pk=submitted.pk)).status_code == 403
    assert client.post(url("need_decline", program, need_pk=submitted.pk)).status_code == 403
    assert client.post(url("need_start_opportunity", program, need_pk=need.pk)).status_code == 403
    assert Need.objects.get(pk=need.pk).title == "موقع إلكتروني"
    assert Need.objects.get(pk=submitted.pk).status == NeedStatus.SUBMITTED
    assert not NeedsAssessment.objects.get(program=program).stalled_work


# --- questions ---------------------------------------------------------------------------------------


def test_the_manager_answers_the_guiding_questions(as_persona, program):
    response = as_persona("manager_a").post(
        url("needs", program),
        {"stalled_work": "الموقع متعثر", "capability_gaps": "لا مطور", "development_roles": "البيانات", "initiatives": "حملة رمضان"},
    )
    assert response.status_code == 302
    assessment = NeedsAssessment.objects.get(program=program)
    assert (assessment.stalled_work, assessment.initiatives) == ("الموقع متعثر", "حملة رمضان")


def test_a_too_long_answer_is_refused(as_persona, program):
    response = as_persona("manager_a").post(url("needs", program), {"stalled_work": "ن" * 4001})
    assert response.status_code == 400
    assert 'id="id_stalled_work_error"' in response.content.decode()
    assert not NeedsAssessment.objects.get(program=program).stalled_work


# --- add and edit -------------------------------------------------------------------------------------


def test_the_manager_adds_a_need_with_a_plain_post(as_persona, program):
    response = as_persona("manager_a").post(url("need_add", program), need_data(volunteers_needed="٣", execution_mode="team"))
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#need-{need.pk}")
    assert (need.status, need.priority, need.volunteers_needed) == (NeedStatus.ACCEPTED, 1, 3)
    assert AuditEvent.objects.filter(verb="need.added", organization=program.organization).exists()


def test_the_manager_adds_a_need_with_htmx(as_persona, program):
    response = as_persona("manager_a").post(url("need_add", program), need_data(), **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="need-form-panel"' in content
    assert 'id="needs-section"' in content and 'hx-swap-oob="true"' in content
    assert f'id="need-{Need.objects.get().pk}"' in content
    assert "<html" not in content


def test_an_htmx_add_with_errors_returns_the_form_with_its_errors(as_persona, program):
    response = as_persona("manager_a").post(url("need_add", program), need_data(title=""), **HTMX)
    assert response.status_code == 200
    assert 'id="need_title_error"' in response.content.decode()
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"title": "م" * 201}, "title"),
        ({"description": "م" * 4001}, "description"),
        ({"volunteers_needed": "خمسة"}, "volunteers_needed"),
        ({"volunteers_needed": "0"}, "volunteers_needed"),
        ({"volunteers_needed": "101"}, "volunteers_needed"),
        ({"suitability": "maybe"}, "suitability"),
        ({"suitability": Suitability.PAID_STAFF}, "paid_staff_reason"),
        ({"execution_mode": "team", "volunteers_needed": "1"}, "volunteers_needed"),
        ({"field": "999999"}, "field"),
    ],
)
def test_a_bad_need_is_refused_and_nothing_is_written(as_persona, program, overrides, field):
    response = as_persona("manager_a").post(url("need_add", program), need_data(**overrides))
    assert response.status_code == 400
    assert f'id="need_{field}_error"' in response.content.decode()
    assert not Need.objects.exists()


def test_work_for_paid_staff_is_accepted_with_a_reason(as_persona, program):
    as_persona("manager_a").post(
        url("need_add", program), need_data(title="محاسب دائم", suitability=Suitability.PAID_STAFF, paid_staff_reason="ongoing")
    )
    need = Need.objects.get()
    assert (need.suitability, need.paid_staff_reason) == (Suitability.PAID_STAFF, "ongoing")


def test_the_manager_edits_a_need_inline_with_htmx(as_persona, program, need):
    client = as_persona("manager_a")
    form = client.get(url("need_edit", program, need_pk=need.pk), **HTMX)
    assert form.status_code == 200
    assert f'id="need-edit-form-{need.pk}"' in form.content.decode()
    response = client.post(url("need_edit", program, need_pk=need.pk), need_data(title="متجر إلكتروني"), **HTMX)
    assert response.status_code == 200
    assert 'id="needs-section"' in response.content.decode()
    need.refresh_from_db()
    assert need.title == "متجر إلكتروني"


def test_an_inline_edit_with_errors_goes_back_into_its_row(as_persona, program, need):
    response = as_persona("manager_a").post(url("need_edit", program, need_pk=need.pk), need_data(title=""), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#need-{need.pk}"
    assert f'id="need_{need.pk}_title_error"' in response.content.decode()
    assert Need.objects.get(pk=need.pk).title == "موقع إلكتروني"


def test_the_manager_edits_a_need_without_script(as_persona, program, need):
    client = as_persona("manager_a")
    assert 'id="need-form"' in client.get(url("need_edit", program, need_pk=need.pk)).content.decode()
    response = client.post(url("need_edit", program, need_pk=need.pk), need_data(department="تقنية المعلومات"))
    assert response.status_code == 302
    assert Need.objects.get(pk=need.pk).department == "تقنية المعلومات"


# --- priorities -----------------------------------------------------------------------------------


def test_the_manager_reorders_by_typing_numbers(as_persona, program, manager_a):
    first, second, third = (add_need(program, manager_a, title=title) for title in ("أ", "ب", "ج"))
    response = as_persona("manager_a").post(
        url("needs_reorder", program),
        {
            "order": [first.pk, second.pk, third.pk],
            f"priority-{first.pk}": "٣",
            f"priority-{second.pk}": "1",
            f"priority-{third.pk}": "2",
        },
    )
    assert response.status_code == 302
    order = list(Need.objects.on_list().filter(program=program).order_by("priority").values_list("title", flat=True))
    assert order == ["ب", "ج", "أ"]


def test_a_drag_and_drop_posts_the_new_order(as_persona, program, manager_a):
    first, second = add_need(program, manager_a, title="أ"), add_need(program, manager_a, title="ب")
    as_persona("manager_a").post(
        url("needs_reorder", program), {"order": [second.pk, first.pk], f"priority-{second.pk}": "1", f"priority-{first.pk}": "2"}
    )
    assert Need.objects.get(pk=second.pk).priority == 1


def test_equal_numbers_keep_the_order_shown(as_persona, program, manager_a):
    first, second = add_need(program, manager_a, title="أ"), add_need(program, manager_a, title="ب")
    as_persona("manager_a").post(
        url("needs_reorder", program), {"order": [second.pk, first.pk], f"priority-{second.pk}": "1", f"priority-{first.pk}": "1"}
    )
    assert (Need.objects.get(pk=second.pk).priority, Need.objects.get(pk=first.pk).priority) == (1, 2)


@pytest.mark.parametrize("bad", ["missing", "letters", "zero", "foreign", "duplicate"])
def test_a_bad_order_is_refused(as_persona, program, program_b, manager_a, manager_b, bad):
    first, second = add_need(program, manager_a, title="أ"), add_need(program, manager_a, title="ب")
    data = {"order": [first.pk, second.pk], f"priority-{first.pk}": "2", f"priority-{second.pk}": "1"}
    if bad == "missing":
        del data[f"priority-{second.pk}"]
    elif bad == "letters":
        data[f"priority-{first.pk}"] = "الأول"
    elif bad == "zero":
        data[f"priority-{first.pk}"] = "0"
    elif bad == "foreign":
        data["order"].append(add_need(program_b, manager_b).pk)
    elif bad == "duplicate":
        data["order"].append(first.pk)
    response = as_persona("manager_a").post(url("needs_reorder", program), data)
    assert response.status_code == 400
    assert 'id="order-errors"' in response.content.decode()
    assert Need.objects.get(pk=first.pk).priority == 1


def test_a_reorder_with_htmx_returns_the_list(as_persona, program, manager_a):
    first, second = add_need(program, manager_a, title="أ"), add_need(program, manager_a, title="ب")
    response = as_persona("manager_a").post(
        url("needs_reorder", program), {"order": [first.pk, second.pk], f"priority-{first.pk}": "2", f"priority-{second.pk}": "1"}, **HTMX
    )
    assert response.status_code == 200
    assert 'id="needs-section"' in response.content.decode()
    assert Need.objects.get(pk=second.pk).priority == 1


# --- the inbox ---------------------------------------------------------------------------------------


def test_the_manager_accepts_a_submitted_need(as_persona, program, need, submitted):
    response = as_persona("manager_a").post(url("need_accept", program, need_pk=submitted.pk))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.priority) == (NeedStatus.ACCEPTED, 2)


def test_the_manager_merges_a_submitted_need(as_persona, program, need, submitted):
    response = as_persona("manager_a").post(url("need_merge", program, need_pk=submitted.pk), {"into": need.pk})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.merged_into_id) == (NeedStatus.MERGED, need.pk)


def test_a_merge_into_a_need_off_the_list_is_refused(as_persona, program, need, submitted, supervisor_a):
    other = services.submit_need(program=program, by=supervisor_a, title="حاجة أخرى")
    response = as_persona("manager_a").post(url("need_merge", program, need_pk=submitted.pk), {"into": other.pk})
    assert response.status_code == 400
    assert 'id="inbox-errors"' in response.content.decode()
    assert Need.objects.get(pk=submitted.pk).status == NeedStatus.SUBMITTED


def test_the_manager_declines_a_submitted_need(as_persona, program, submitted):
    as_persona("manager_a").post(url("need_decline", program, need_pk=submitted.pk))
    assert Need.objects.get(pk=submitted.pk).status == NeedStatus.DECLINED


def test_a_decision_is_taken_once(as_persona, program, submitted):
    client = as_persona("manager_a")
    client.post(url("need_decline", program, need_pk=submitted.pk))
    response = client.post(url("need_accept", program, need_pk=submitted.pk))
    assert response.status_code == 302
    assert Need.objects.get(pk=submitted.pk).status == NeedStatus.DECLINED


# --- the department's page ---------------------------------------------------------------------------


def test_a_supervisor_raises_a_need_for_any_program_of_the_organization(as_persona, program, supervisor_a):
    client = as_persona("supervisor_a")
    content = client.get(url("need_submit", program)).content.decode()
    assert 'id="need-form"' in content
    assert 'name="suitability"' not in content
    response = client.post(url("need_submit", program), need_data(title="تدقيق القوائم المالية", suitability=Suitability.VOLUNTEER))
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.status, need.submitted_by, need.suitability) == (NeedStatus.SUBMITTED, supervisor_a, Suitability.UNDECIDED)
    assert f'id="my-need-{need.pk}"' in client.get(url("need_submit", program)).content.decode()


def test_a_raised_need_with_bad_input_is_refused(as_persona, program):
    response = as_persona("supervisor_a").post(url("need_submit", program), need_data(title="", volunteers_needed="abc"))
    assert response.status_code == 400
    assert 'id="need_title_error"' in response.content.decode()
    assert not Need.objects.exists()


# --- completing the assessment -----------------------------------------------------------------------


def test_completing_too_early_shows_what_is_missing(as_persona, program, manager_a):
    add_need(program, manager_a, suitability=Suitability.UNDECIDED)
    response = as_persona("manager_a").post(url("needs_complete", program))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="completion-errors"' in content
    assert NeedsAssessment.objects.get(program=program).completed_at is None


def test_the_page_lists_what_is_missing_before_completion(as_persona, program):
    content = as_persona("manager_a").get(url("needs", program)).content.decode()
    assert 'id="assessment-gaps"' in content
    assert 'id="complete-assessment-button"' in content


def test_the_manager_completes_the_assessment(as_persona, program, manager_a, need):
    answer_questions(program, manager_a)
    client = as_persona("manager_a")
    response = client.post(url("needs_complete", program))
    assert response.status_code == 302
    assert NeedsAssessment.objects.get(program=program).completed_at is not None
    content = client.get(url("needs", program)).content.decode()
    assert 'id="assessment-completed"' in content
    assert 'id="complete-assessment-button"' not in content


# --- step 1 → step 2 --------------------------------------------------------------------------------


def test_start_opportunity_creates_a_draft_and_opens_its_edit_page(as_persona, program, need):
    response = as_persona("manager_a").post(url("need_start_opportunity", program, need_pk=need.pk))
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "opportunities:edit", kwargs={"org_slug": program.organization.slug, "pk": opportunity.pk}
    )
    assert (opportunity.need, opportunity.program, opportunity.status) == (need, program, "draft")


def test_only_suitable_needs_offer_to_start_an_opportunity(as_persona, program, manager_a):
    paid = add_need(program, manager_a, title="محاسب دائم", suitability=Suitability.PAID_STAFF, paid_staff_reason="ongoing")
    content = as_persona("manager_a").get(url("needs", program)).content.decode()
    assert f'id="need-{paid.pk}"' in content
    assert f'id="start-opportunity-{paid.pk}"' not in content


def test_a_need_for_paid_staff_does_not_become_an_opportunity(as_persona, program, manager_a):
    paid = add_need(program, manager_a, title="محاسب دائم", suitability=Suitability.PAID_STAFF, paid_staff_reason="ongoing")
    response = as_persona("manager_a").post(url("need_start_opportunity", program, need_pk=paid.pk))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#need-{paid.pk}")
    assert not Opportunity.objects.exists()
