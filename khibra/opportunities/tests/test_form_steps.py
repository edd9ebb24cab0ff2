"""The long design form in steps (issue 19): a list of its sections with their state, a "Save and
continue" at the end of each that saves everything typed and comes back at the next section, and
errors counted in the section where they are."""

import re

from django.urls import reverse
import pytest

from khibra.opportunities.models import Opportunity

from .test_forms import form_data

pytestmark = pytest.mark.django_db


def _edit_url(opportunity) -> str:
    return reverse("opportunities:edit", args=[opportunity.organization.slug, opportunity.pk])


def test_it_lists_the_sections_with_their_progress(client, draft, admin_a):
    client.force_login(admin_a)
    page = client.get(_edit_url(draft)).content.decode()
    links = re.findall(r'href="#section-([a-z]+)" id="step-link-', page)
    assert links == ["role", "beneficiaries", "people", "place", "time", "support", "tasks"]
    for key in links:
        assert f'<fieldset id="section-{key}"' in page
    assert 'id="form-steps-progress"' in page and 'max="7"' in page
    # every section but the last has its own save, naming the section that follows
    assert re.findall(r'name="continue" value="([a-z]+)"', page) == [
        "beneficiaries",
        "people",
        "place",
        "time",
        "support",
        "tasks",
    ]


def test_save_and_continue_saves_everything_and_comes_back_at_the_next_section(client, draft, admin_a):
    client.force_login(admin_a)
    data = form_data(title="مطور مواقع بايثون وجانغو", seats="2", nature="in_person", program=str(draft.program_id))
    data["city"] = str(draft.organization.city_id)
    response = client.post(_edit_url(draft), {**data, "continue": "time"})
    assert response.status_code == 302
    assert response["Location"] == _edit_url(draft) + "#section-time"
    draft.refresh_from_db()
    # the role section (before) and the place section (the one saved) both kept their answers
    assert draft.title == "مطور مواقع بايثون وجانغو" and draft.seats == 2 and draft.nature == "in_person"


def test_an_unknown_section_goes_to_the_opportunity_page(client, draft, admin_a):
    client.force_login(admin_a)
    response = client.post(_edit_url(draft), {**form_data(program=str(draft.program_id)), "continue": "../../admin"})
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:detail", args=[draft.organization.slug, draft.pk])


def test_errors_are_counted_in_their_own_section_and_nothing_typed_is_lost(client, draft, admin_a):
    client.force_login(admin_a)
    before = draft.title
    data = form_data(title="عنوان جديد لم يحفظ", duration_days="", program=str(draft.program_id))
    response = client.post(_edit_url(draft), {**data, "continue": "place"})
    assert response.status_code == 400
    page = response.content.decode()
    time_section = page[page.index('<fieldset id="section-time"') : page.index('<fieldset id="section-support"')]
    assert "form-step-invalid" in time_section
    assert 'class="form-steps-item is-invalid"' in page
    role_section = page[page.index('<fieldset id="section-role"') : page.index('<fieldset id="section-beneficiaries"')]
    assert "form-step-invalid" not in role_section
    assert 'value="عنوان جديد لم يحفظ"' in page  # what was typed stays in the form
    draft.refresh_from_db()
    assert draft.title == before  # and nothing was half-saved


def test_a_new_opportunity_saved_from_a_section_opens_in_its_edit_form(client, org_a, admin_a, program):
    client.force_login(admin_a)
    data = form_data(program=str(program.pk))
    response = client.post(reverse("opportunities:create", args=[org_a.slug]), {**data, "continue": "beneficiaries"})
    assert response.status_code == 302
    created = Opportunity.objects.get(organization=org_a)
    assert response["Location"] == _edit_url(created) + "#section-beneficiaries"
