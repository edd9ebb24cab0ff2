"""Demo data of the value of an hour and of the impact figures: market rates for professional work
(finance, law, IT in 2025 and 2026), who benefits from the demo programs' opportunities, and the
outcome of closed demo engagements. Idempotent: it creates or fills in only what is missing."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from khibra.engagements.models import Engagement
from khibra.evaluation.models import MarketRate
from khibra.opportunities import services as opportunity_services
from khibra.opportunities.models import BeneficiaryCategory, Opportunity
from khibra.organizations.models import Membership
from khibra.reference.models import Field, Profession

from . import data

DEMO_ORGANIZATIONS = [spec.registration_number for spec in data.ORGANIZATIONS]

# (profession code or None, field code or None, year, SAR per hour): indicative Saudi market rates.
MARKET_RATES = (
    (None, "finance-accounting", 2025, "350"),
    (None, "finance-accounting", 2026, "375"),
    ("chartered-accountant", None, 2025, "450"),
    ("chartered-accountant", None, 2026, "480"),
    (None, "legal-affairs", 2025, "500"),
    (None, "legal-affairs", 2026, "525"),
    ("lawyer", None, 2026, "600"),
    (None, "digital-infrastructure", 2025, "300"),
    (None, "digital-infrastructure", 2026, "320"),
    ("software-engineer", None, 2026, "380"),
)

# Who benefits from each demo non-profit's opportunities (by registration number).
BENEFICIARIES = {
    "1187": (BeneficiaryCategory.INDIVIDUALS, 250),  # orphans sponsored by the association
    "2241": (BeneficiaryCategory.NONPROFITS, None),  # the association's own finances
    "3156": (BeneficiaryCategory.INDIVIDUALS, 400),  # blind people of the Eastern Province
}

# What the organization records when it closes a completed engagement, by beneficiary category.
OUTCOMES = {
    BeneficiaryCategory.INDIVIDUALS: ("صار المستفيدون يصلون إلى خدمات الجمعية ويسجلون فيها إلكترونيًا.", 40),
    BeneficiaryCategory.NONPROFITS: ("أصبحت لدى الجمعية قوائم مالية مراجعة وخطة واضحة لتنمية مواردها.", 1),
    BeneficiaryCategory.GOVERNMENT: ("سُلّمت للجهة الحكومية دراسة تعتمد عليها في قرارها.", 1),
    BeneficiaryCategory.ENVIRONMENT: ("نُفّذت حملة تشجير وتنظيف في الموقع المستهدف.", 0),
    "": ("سُلّمت المخرجات المتفق عليها واعتمدتها الجمعية.", None),
}


def load(report) -> None:
    _market_rates()
    _beneficiaries()
    _agreements_accepted()
    _outcomes()


def _agreements_accepted() -> None:
    """Each volunteer at work accepts the current agreement of their opportunity, as the product
    asks before the work starts (step 4 is done only once the agreements are accepted)."""
    from django.core.exceptions import PermissionDenied

    from khibra.agreements import services as agreement_services
    from khibra.agreements.selectors import current_agreement, needs_acceptance

    from .journeys import AGREEMENT_WAITS_MOTIVATION

    engagements = (
        Engagement.objects.filter(status="active", opportunity__organization__registration_number__in=DEMO_ORGANIZATIONS)
        .exclude(application__motivation=AGREEMENT_WAITS_MOTIVATION)  # left for the manager's inbox (journeys.py)
        .select_related("opportunity", "volunteer__user")
        .order_by("pk")
    )
    for engagement in engagements:
        user, opportunity = engagement.volunteer.user, engagement.opportunity
        if not needs_acceptance(volunteer=user, opportunity=opportunity):
            continue
        try:
            agreement_services.accept_volunteer_agreement(agreement=current_agreement(opportunity), volunteer=user)
        except (ValidationError, PermissionDenied):
            continue


def _market_rates() -> None:
    fields = {f.code: f for f in Field.objects.filter(code__in={f for _p, f, _y, _v in MARKET_RATES if f})}
    professions = {p.code: p for p in Profession.objects.filter(code__in={p for p, _f, _y, _v in MARKET_RATES if p})}
    for profession_code, field_code, year, value in MARKET_RATES:
        profession, field = professions.get(profession_code), fields.get(field_code)
        if (profession_code and profession is None) or (field_code and field is None):
            continue  # reference data not loaded
        MarketRate.objects.get_or_create(profession=profession, field=field, year=year, defaults={"value_sar": Decimal(value)})


def fill_beneficiaries() -> None:
    """Also called by journeys.py for the opportunities it makes after this part ran."""
    _beneficiaries()


def _beneficiaries() -> None:
    """Through the opportunities service, by a manager of the organization (the same rules as the form)."""
    for registration_number, (category, expected) in BENEFICIARIES.items():
        opportunities = Opportunity.objects.filter(
            organization__registration_number=registration_number, beneficiary_category="",
        ).exclude(status__in=["completed", "cancelled"])
        for opportunity in opportunities:
            manager = (
                Membership.objects.active().filter(organization=opportunity.organization, role__in=[Membership.Role.ADMIN, Membership.Role.VOLUNTEER_MANAGER])
                .select_related("user").order_by("role", "pk").first()
            )
            if manager is None:
                continue
            try:
                opportunity_services.update_opportunity(
                    opportunity=opportunity, by=manager.user, beneficiary_category=category, beneficiaries_expected=expected
                )
            except ValidationError:
                continue  # an opportunity the demo left in a state the service refuses to edit


def _outcomes() -> None:
    """Closed demo engagements carry what changed; recorded as the close form records it."""
    closed = Engagement.objects.filter(
        status="completed", outcome="", beneficiaries_reached__isnull=True,
        opportunity__organization__registration_number__in=DEMO_ORGANIZATIONS,  # never anybody else's data
    ).select_related("opportunity")
    for engagement in closed:
        text, reached = OUTCOMES.get(engagement.opportunity.beneficiary_category, OUTCOMES[""])
        Engagement.objects.filter(pk=engagement.pk, outcome="").update(outcome=text, beneficiaries_reached=reached)
