"""The templates the platform starts with: at least twelve, bilingual, complete, and each one
makes a valid opportunity that can be published once its service model is chosen."""

import datetime as dt

from django.apps import apps
import pytest

from khibra.opportunities import selectors, services, template_data
from khibra.opportunities.models import Opportunity, OpportunityTemplate
from khibra.reference import data as reference

pytestmark = pytest.mark.django_db

CODES = [template["code"] for template in template_data.TEMPLATES]
REQUIRED = [
    "python-website-developer", "strategic-plan", "marketing-plan", "financial-statements-review",
    "legal-contract-review", "hr-policies", "fundraising-plan", "data-dashboard", "brand-identity",
    "board-member-finance", "manager-mentoring", "hackathon-challenge",
]


def test_there_are_at_least_twelve_templates_with_the_required_ones():
    assert len(CODES) >= 12
    assert len(set(CODES)) == len(CODES)
    assert set(REQUIRED) <= set(CODES)
    assert OpportunityTemplate.objects.filter(is_active=True).count() >= 12


@pytest.mark.parametrize("data", template_data.TEMPLATES, ids=CODES)
def test_every_template_is_complete_in_both_languages(data):
    for name in ("title", "summary", "description", "deliverables", "responsibilities", "requirements"):
        assert data[f"{name}_ar"].strip() and data[f"{name}_en"].strip(), name
    assert data["tasks"]
    for task in data["tasks"]:
        assert task["title_ar"].strip() and task["title_en"].strip() and task["day"] >= 0
    assert [task["day"] for task in data["tasks"]] == sorted(task["day"] for task in data["tasks"])
    field_codes = {code for code, _ar, _en in reference.FIELDS}
    profession_codes = {row[0] for row in reference.PROFESSIONS}
    assert data["fields"] and set(data["fields"]) <= field_codes
    assert data["professions"] and set(data["professions"]) <= profession_codes
    assert data["service_model"]


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_template_copies_into_a_valid_opportunity_that_can_be_published(code, language, org_a, admin_a):
    template = OpportunityTemplate.objects.get(code=code)
    opportunity = services.create_from_template(
        template=template, organization=org_a, by=admin_a, language=language, starts_on=dt.date(2027, 3, 1)
    )
    opportunity.full_clean()
    assert opportunity.title == getattr(template, f"title_{language}")
    assert selectors.missing_for_publish(opportunity) == [selectors.publish_checklist(opportunity)[-1].label]
    assert opportunity.tasks.count() == len(template.tasks)
    assert opportunity.fields.count() == len(template_data.TEMPLATES[CODES.index(code)]["fields"])

    services.choose_service_model(opportunity=opportunity, model=template.service_model, reasoning="النموذج المعتاد لهذا القالب.", by=admin_a)
    services.publish_opportunity(opportunity=opportunity, by=admin_a)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED


def test_loading_again_updates_without_duplicating_or_removing(db):
    staff_made = OpportunityTemplate.objects.create(
        code="translator", title_ar="مترجم", title_en="Translator", summary_ar="ترجمة", summary_en="Translation",
        description_ar="ترجمة", description_en="Translation", deliverables_ar="نصوص", deliverables_en="Texts",
    )
    OpportunityTemplate.objects.filter(code="marketing-plan").update(title_en="changed")
    before = OpportunityTemplate.objects.count()
    template_data.load(apps)
    template_data.load(apps)
    assert OpportunityTemplate.objects.count() == before
    assert OpportunityTemplate.objects.get(code="marketing-plan").title_en == "Marketing planner"
    assert OpportunityTemplate.objects.filter(pk=staff_made.pk).exists()
