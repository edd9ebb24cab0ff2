"""The demo's programs and opportunities: each non-profit runs a program, assesses its needs,
designs opportunities from the templates library and publishes them — all through the services,
so the demo exercises the same rules as the product. Keyed on (organization, program name) and
(organization, opportunity title): running it again adds nothing."""

from dataclasses import dataclass
import datetime as dt

from django.utils import timezone

from khibra.agreements import services as agreement_services
from khibra.opportunities import services as opportunity_services
from khibra.opportunities.models import Opportunity, OpportunityTemplate
from khibra.organizations.models import Membership, Organization
from khibra.programs import services as program_services
from khibra.programs.models import Program
from khibra.programs.readiness import CRITERIA


@dataclass(frozen=True)
class DemoOpportunity:
    template: str  # an OpportunityTemplate code
    service_model: str
    reasoning: str
    publish: bool = True


@dataclass(frozen=True)
class DemoProgram:
    registration_number: str  # of the non-profit running it
    name: str
    goal: str
    need: str
    opportunities: tuple[DemoOpportunity, ...]
    ready: bool = True


PROGRAMS = (
    DemoProgram(
        registration_number="1187",
        name="برنامج التحول الرقمي للجمعية",
        goal="أن يعرّف موقع الجمعية بخدماتها لكفالة الأيتام ويستقبل التبرعات إلكترونيًا، وأن تُبنى لوحة بيانات تتابع أثر البرامج.",
        need="موقع إلكتروني يعرّف بالجمعية ويستقبل التبرعات",
        opportunities=(
            DemoOpportunity("python-website-developer", "skills_based", "مهمة فردية محددة المخرجات ومدتها قصيرة، ولا تحتاج إلى شريك."),
            DemoOpportunity("data-dashboard", "skills_based", "محلل بيانات واحد يبني اللوحة بالتعاون مع فريق البرامج."),
        ),
    ),
    DemoProgram(
        registration_number="2241",
        name="برنامج الاستدامة المالية",
        goal="تنويع مصادر دخل الجمعية ومراجعة قوائمها المالية قبل اجتماع الجمعية العمومية.",
        need="مراجعة القوائم المالية وخطة لتنمية الموارد",
        opportunities=(
            DemoOpportunity("financial-statements-review", "skills_based", "تحتاج خبرة محاسب قانوني لمدة محددة."),
            DemoOpportunity("fundraising-plan", "coaching", "يرافق الخبير مسؤول تنمية الموارد ويدرّبه أثناء إعداد الخطة.", publish=False),
        ),
    ),
    DemoProgram(
        registration_number="3156",
        name="برنامج الوصول والتسويق",
        goal="أن يعرف المجتمع في المنطقة الشرقية خدمات الجمعية للمكفوفين وأن يزيد عدد المستفيدين المسجلين.",
        need="خطة تسويق وهوية بصرية موحدة",
        opportunities=(
            DemoOpportunity("marketing-plan", "skills_based", "مسوق محترف يضع الخطة خلال شهر بالتعاون مع فريق الجمعية."),
            DemoOpportunity("brand-identity", "team_project", "فريق تصميم من شركة شريكة يسلّم الهوية كاملة في مدة محددة."),
        ),
    ),
)


def load(report) -> None:
    today = timezone.localdate()
    for spec in PROGRAMS:
        organization = Organization.objects.filter(registration_number=spec.registration_number).first()
        if organization is None:
            continue
        manager = (
            Membership.objects.active()
            .filter(organization=organization, role=Membership.Role.VOLUNTEER_MANAGER)
            .select_related("user")
            .first()
        )
        if manager is None:
            continue
        by = manager.user
        program = Program.objects.filter(organization=organization, name=spec.name).first()
        if program is None:
            program = _program(spec, organization, by, today)
            report.programs += 1
        for opportunity_spec in spec.opportunities:
            if _opportunity(opportunity_spec, organization, program, by, today):
                report.opportunities += 1


def _program(spec: DemoProgram, organization, by, today: dt.date) -> Program:
    program = program_services.create_program(
        organization=organization, by=by, name=spec.name, goal=spec.goal, starts_on=today, ends_on=today + dt.timedelta(days=300)
    )
    program_services.save_needs_assessment(
        program=program,
        by=by,
        stalled_work="مشروعات تنتظر منذ أشهر لأن الفريق لا يملك الخبرة اللازمة لها.",
        capability_gaps="لا يوجد في الفريق متخصص في هذا المجال، ووقت الموظفين مشغول بالخدمات اليومية.",
        development_roles="أدوار تطوّر عمل الجمعية لم يتولّها أحد بعد.",
        initiatives="مبادرات الجمعية السنوية وحملات التبرع الموسمية.",
    )
    program_services.add_need(program=program, by=by, title=spec.need, suitability="volunteer", volunteers_needed=1)
    program_services.complete_needs_assessment(program=program, by=by)
    if spec.ready:
        program_services.save_readiness(
            program=program, by=by, answers={criterion.code: ("yes", "") for criterion in CRITERIA}
        )
    return program


def _opportunity(spec: DemoOpportunity, organization, program, by, today: dt.date) -> bool:
    template = OpportunityTemplate.objects.filter(code=spec.template).first()
    if template is None:
        return False
    if Opportunity.objects.filter(organization=organization, title=template.title_ar).exists():
        return False
    opportunity = opportunity_services.create_from_template(
        template=template, organization=organization, by=by, program=program, language="ar", starts_on=today + dt.timedelta(days=14)
    )
    opportunity_services.choose_service_model(opportunity=opportunity, model=spec.service_model, reasoning=spec.reasoning, by=by)
    if spec.service_model != "free_commercial":
        agreement_services.generate_volunteer_agreement(opportunity=opportunity, by=by)
    if spec.publish:
        opportunity_services.publish_opportunity(opportunity=opportunity, by=by)
    return True
