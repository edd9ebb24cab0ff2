"""Demo training: platform courses in the fields of the demo opportunities, a course of a demo
non-profit, an opportunity that requires a course, and completions of demo volunteers (one
confirmed, one self-declared). Through the services; keyed on titles, so running it again adds
nothing. Run after khibra.demo.loader (it looks the demo people up by e-mail)."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership, Organization
from khibra.reference.models import Field
from khibra.training import services
from khibra.training.models import Course, CourseCompletion, OpportunityCourse
from khibra.volunteers.models import VolunteerProfile

from . import data

ACADEMY = "https://academy.khibra.example/courses/"

PLATFORM_COURSES = (
    {
        "title_ar": "حماية البيانات الشخصية في الجهات غير الربحية",
        "title_en": "Personal data protection in non-profits",
        "field": "data-management",
        "specialty": "حماية البيانات",
        "description": "مبادئ نظام حماية البيانات الشخصية، وكيف يتعامل المتطوع مع بيانات المستفيدين وسجلاتهم بأمان.",
        "delivery": "external",
        "url": ACADEMY + "personal-data-protection",
        "duration_hours": Decimal("3"),
    },
    {
        "title_ar": "أساسيات أمن المعلومات للمتطوع التقني",
        "title_en": "Information security basics for technical volunteers",
        "field": "digital-infrastructure",
        "specialty": "أمن المعلومات",
        "description": "كلمات المرور والصلاحيات والنسخ الاحتياطي وتسليم الأنظمة للجمعية بأمان عند انتهاء الفرصة.",
        "delivery": "external",
        "url": ACADEMY + "information-security-basics",
        "duration_hours": Decimal("4"),
    },
    {
        "title_ar": "المعايير المحاسبية للقطاع غير الربحي",
        "title_en": "Accounting standards for the non-profit sector",
        "field": "finance-accounting",
        "specialty": "المحاسبة",
        "description": "معيار المحاسبة للجهات غير الهادفة للربح، والقوائم المالية المطلوبة من الجمعيات الأهلية.",
        "delivery": "internal",
        "url": "",
        "duration_hours": Decimal("6"),
    },
    {
        "title_ar": "التسويق الرقمي للجمعيات الأهلية",
        "title_en": "Digital marketing for non-profits",
        "field": "marketing",
        "specialty": "التسويق الرقمي",
        "description": "كيف تصل الجمعية إلى جمهورها ومتبرعيها عبر وسائل التواصل والبريد الإلكتروني، وقياس أثر الحملات.",
        "delivery": "external",
        "url": ACADEMY + "digital-marketing",
        "duration_hours": Decimal("5"),
    },
)

NONPROFIT_COURSE = {
    "registration_number": "1187",
    "title_ar": "سياسة حماية الطفل في جمعية ربيع",
    "title_en": "Rabee's child safeguarding policy",
    "field": "capacity-building",
    "specialty": "حماية الطفل",
    "description": "لقاء تعريفي يقدمه فريق الجمعية عن قواعد التعامل مع الأيتام وحماية خصوصيتهم، لكل متطوع يعمل مع المستفيدين.",
    "delivery": "internal",
    "url": "",
    "duration_hours": Decimal("1.5"),
}

# (the opportunity's organization, its template code, the platform course it requires)
REQUIREMENT = ("1187", "data-dashboard", "حماية البيانات الشخصية في الجهات غير الربحية")

# (volunteer e-mail local part, course title, confirmed?, days ago)
COMPLETIONS = (
    ("sara.alotaibi", "المعايير المحاسبية للقطاع غير الربحي", True, 40),
    ("abdullah.alghamdi", "حماية البيانات الشخصية في الجهات غير الربحية", False, 10),
)


def _course(spec: dict, *, by, provider=None) -> Course | None:
    existing = Course.objects.filter(provider=provider, title_ar=spec["title_ar"]).first()
    if existing is not None:
        return existing
    field = Field.objects.filter(code=spec["field"]).first()
    if field is None:
        return None
    values = {key: value for key, value in spec.items() if key not in ("field", "registration_number")}
    return services.create_course(by=by, provider=provider, field=field, **values)


def load(report) -> None:
    User = get_user_model()
    staff = User.objects.filter(email__iexact=data.STAFF.email).first()
    if staff is None:
        return
    added = 0
    for spec in PLATFORM_COURSES:
        if not Course.objects.filter(provider__isnull=True, title_ar=spec["title_ar"]).exists():
            added += _course(spec, by=staff) is not None

    organization = Organization.objects.filter(registration_number=NONPROFIT_COURSE["registration_number"], kind="nonprofit").first()
    manager = (
        Membership.objects.active().filter(organization=organization, role=Membership.Role.VOLUNTEER_MANAGER).select_related("user").first()
        if organization
        else None
    )
    if manager is not None and not Course.objects.filter(provider=organization, title_ar=NONPROFIT_COURSE["title_ar"]).exists():
        added += _course(NONPROFIT_COURSE, by=manager.user, provider=organization) is not None

    registration, template_code, course_title = REQUIREMENT
    opportunity = Opportunity.objects.filter(
        organization__registration_number=registration, organization__kind="nonprofit", template__code=template_code
    ).first()
    course = Course.objects.platform().filter(title_ar=course_title).first()
    if opportunity and course and manager and not OpportunityCourse.objects.filter(opportunity=opportunity, course=course).exists():
        services.require_course(opportunity=opportunity, course=course, by=manager.user)

    today = timezone.localdate()
    for local, title, confirmed, days_ago in COMPLETIONS:
        profile = VolunteerProfile.objects.filter(user__email__iexact=data.email(local)).select_related("user").first()
        course = Course.objects.platform().filter(title_ar=title).first()
        if profile is None or course is None or CourseCompletion.objects.filter(course=course, volunteer=profile).exists():
            continue
        completion = services.declare_completion(
            course=course, by=profile.user, completed_on=today - dt.timedelta(days=days_ago), evidence_url=""
        )
        if confirmed:
            services.confirm_completion(completion=completion, by=staff, note="")
    # DemoReport has no training counter yet; the lead may add one.
    if hasattr(report, "courses"):
        report.courses += added
