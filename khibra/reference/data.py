"""The reference data the platform starts with. Loaded by migrations; staff edit it in the admin.

Loading is by `code`, so running it again updates names and adds new rows but never duplicates
and never removes what staff added.
"""

# The fields of a professional opportunity, in the national model's order; "other" last.
FIELDS = [
    ("project-management", "إدارة المشاريع", "Project management"),
    ("communication-pr-media", "التواصل المؤسسي والعلاقات العامة والإعلام", "Corporate communication, PR and media"),
    ("governance", "الحوكمة", "Governance"),
    ("administration", "الإدارة", "Administration"),
    ("marketing", "التسويق", "Marketing"),
    ("fundraising", "إدارة التبرعات", "Fundraising"),
    ("institutional-building", "البناء المؤسسي للمنظمة", "Institutional building"),
    ("volunteer-institutionalization", "مأسسة العمل التطوعي", "Institutionalizing volunteer work"),
    ("strategic-planning", "التخطيط الاستراتيجي", "Strategic planning"),
    ("human-resources", "الموارد البشرية", "Human resources"),
    ("legal-affairs", "الشؤون القانونية", "Legal affairs"),
    ("finance-accounting", "المالية والمحاسبة", "Finance and accounting"),
    ("business-development", "تطوير الأعمال", "Business development"),
    ("capacity-building", "بناء القدرات البشرية (التدريب والتطوير)", "Human capacity building (training and development)"),
    ("financial-resources", "الموارد المالية (التمويل والاستثمار وتنويع مصادر الدخل)", "Financial resources (funding, investment, income diversification)"),
    ("sustainable-services", "تصميم الخدمات والبرامج ذات الأثر المستدام", "Design of sustainable-impact services and programs"),
    ("data-management", "إدارة البيانات", "Data management"),
    ("digital-infrastructure", "البنية الرقمية والتقنية", "Digital and technical infrastructure"),
    ("partnerships", "بناء الشراكات مع القطاعات المختلفة", "Partnerships across sectors"),
    ("other", "أخرى", "Other"),
]

REGIONS = [
    ("riyadh", "منطقة الرياض", "Riyadh Region"),
    ("makkah", "منطقة مكة المكرمة", "Makkah Region"),
    ("madinah", "منطقة المدينة المنورة", "Madinah Region"),
    ("qassim", "منطقة القصيم", "Qassim Region"),
    ("eastern", "المنطقة الشرقية", "Eastern Province"),
    ("asir", "منطقة عسير", "Asir Region"),
    ("tabuk", "منطقة تبوك", "Tabuk Region"),
    ("hail", "منطقة حائل", "Hail Region"),
    ("northern-borders", "منطقة الحدود الشمالية", "Northern Borders Region"),
    ("jazan", "منطقة جازان", "Jazan Region"),
    ("najran", "منطقة نجران", "Najran Region"),
    ("bahah", "منطقة الباحة", "Al Bahah Region"),
    ("jouf", "منطقة الجوف", "Al Jouf Region"),
]

# (code, Arabic, English, region code)
CITIES = [
    ("riyadh", "الرياض", "Riyadh", "riyadh"),
    ("al-kharj", "الخرج", "Al Kharj", "riyadh"),
    ("ad-diriyah", "الدرعية", "Diriyah", "riyadh"),
    ("al-majmaah", "المجمعة", "Al Majmaah", "riyadh"),
    ("wadi-ad-dawasir", "وادي الدواسر", "Wadi Ad-Dawasir", "riyadh"),
    ("az-zulfi", "الزلفي", "Az Zulfi", "riyadh"),
    ("shaqra", "شقراء", "Shaqra", "riyadh"),
    ("jeddah", "جدة", "Jeddah", "makkah"),
    ("makkah", "مكة المكرمة", "Makkah", "makkah"),
    ("taif", "الطائف", "Taif", "makkah"),
    ("rabigh", "رابغ", "Rabigh", "makkah"),
    ("al-qunfudhah", "القنفذة", "Al Qunfudhah", "makkah"),
    ("madinah", "المدينة المنورة", "Madinah", "madinah"),
    ("yanbu", "ينبع", "Yanbu", "madinah"),
    ("al-ula", "العلا", "AlUla", "madinah"),
    ("buraydah", "بريدة", "Buraydah", "qassim"),
    ("unaizah", "عنيزة", "Unaizah", "qassim"),
    ("ar-rass", "الرس", "Ar Rass", "qassim"),
    ("dammam", "الدمام", "Dammam", "eastern"),
    ("khobar", "الخبر", "Khobar", "eastern"),
    ("dhahran", "الظهران", "Dhahran", "eastern"),
    ("al-ahsa", "الأحساء", "Al Ahsa", "eastern"),
    ("jubail", "الجبيل", "Jubail", "eastern"),
    ("qatif", "القطيف", "Qatif", "eastern"),
    ("hafar-al-batin", "حفر الباطن", "Hafar Al Batin", "eastern"),
    ("abha", "أبها", "Abha", "asir"),
    ("khamis-mushait", "خميس مشيط", "Khamis Mushait", "asir"),
    ("bisha", "بيشة", "Bisha", "asir"),
    ("tabuk", "تبوك", "Tabuk", "tabuk"),
    ("neom", "نيوم", "NEOM", "tabuk"),
    ("hail", "حائل", "Hail", "hail"),
    ("arar", "عرعر", "Arar", "northern-borders"),
    ("turaif", "طريف", "Turaif", "northern-borders"),
    ("jazan", "جازان", "Jazan", "jazan"),
    ("sabya", "صبيا", "Sabya", "jazan"),
    ("najran", "نجران", "Najran", "najran"),
    ("al-bahah", "الباحة", "Al Bahah", "bahah"),
    ("sakaka", "سكاكا", "Sakaka", "jouf"),
    ("dumat-al-jandal", "دومة الجندل", "Dumat Al Jandal", "jouf"),
]

# (code, Arabic, English, field code)
PROFESSIONS = [
    ("chartered-accountant", "محاسب قانوني", "Chartered accountant (CPA/SOCPA)", "finance-accounting"),
    ("accountant", "محاسب", "Accountant", "finance-accounting"),
    ("financial-analyst", "محلل مالي", "Financial analyst", "financial-resources"),
    ("internal-auditor", "مراجع داخلي", "Internal auditor", "finance-accounting"),
    ("lawyer", "محامٍ", "Lawyer", "legal-affairs"),
    ("legal-advisor", "مستشار قانوني", "Legal advisor", "legal-affairs"),
    ("software-engineer", "مهندس برمجيات", "Software engineer", "digital-infrastructure"),
    ("web-developer", "مطور مواقع", "Web developer", "digital-infrastructure"),
    ("data-analyst", "محلل بيانات", "Data analyst", "data-management"),
    ("data-scientist", "عالم بيانات", "Data scientist", "data-management"),
    ("it-infrastructure", "أخصائي بنية تحتية تقنية", "IT infrastructure specialist", "digital-infrastructure"),
    ("cybersecurity", "أخصائي أمن سيبراني", "Cybersecurity specialist", "digital-infrastructure"),
    ("project-manager", "مدير مشاريع", "Project manager", "project-management"),
    ("strategy-consultant", "مستشار استراتيجي", "Strategy consultant", "strategic-planning"),
    ("management-consultant", "مستشار إداري", "Management consultant", "institutional-building"),
    ("governance-specialist", "أخصائي حوكمة", "Governance specialist", "governance"),
    ("hr-specialist", "أخصائي موارد بشرية", "Human resources specialist", "human-resources"),
    ("trainer", "مدرب معتمد", "Certified trainer", "capacity-building"),
    ("marketing-specialist", "أخصائي تسويق", "Marketing specialist", "marketing"),
    ("digital-marketer", "مسوق رقمي", "Digital marketer", "marketing"),
    ("graphic-designer", "مصمم جرافيك", "Graphic designer", "marketing"),
    ("ux-designer", "مصمم تجربة مستخدم", "UX designer", "sustainable-services"),
    ("pr-specialist", "أخصائي علاقات عامة", "Public relations specialist", "communication-pr-media"),
    ("journalist", "صحفي وكاتب محتوى", "Journalist and content writer", "communication-pr-media"),
    ("fundraiser", "أخصائي تنمية موارد", "Fundraising specialist", "fundraising"),
    ("investment-specialist", "أخصائي استثمار", "Investment specialist", "financial-resources"),
    ("business-developer", "أخصائي تطوير أعمال", "Business development specialist", "business-development"),
    ("partnerships-manager", "مدير شراكات", "Partnerships manager", "partnerships"),
    ("volunteer-manager", "مدير تطوع", "Volunteer manager", "volunteer-institutionalization"),
    ("office-manager", "مدير مكتب", "Office manager", "administration"),
    ("physician", "طبيب", "Physician", "other"),
    ("psychologist", "أخصائي نفسي", "Psychologist", "other"),
    ("social-worker", "أخصائي اجتماعي", "Social worker", "sustainable-services"),
    ("civil-engineer", "مهندس مدني", "Civil engineer", "other"),
    ("architect", "مهندس معماري", "Architect", "other"),
    ("translator", "مترجم", "Translator", "communication-pr-media"),
    ("university-professor", "أستاذ جامعي", "University professor", "capacity-building"),
]

LANGUAGES = [
    ("ar", "العربية", "Arabic"),
    ("en", "الإنجليزية", "English"),
    ("fr", "الفرنسية", "French"),
    ("ur", "الأردية", "Urdu"),
    ("hi", "الهندية", "Hindi"),
    ("bn", "البنغالية", "Bengali"),
    ("tl", "الفلبينية", "Filipino"),
    ("id", "الإندونيسية", "Indonesian"),
    ("tr", "التركية", "Turkish"),
    ("fa", "الفارسية", "Persian"),
    ("es", "الإسبانية", "Spanish"),
    ("de", "الألمانية", "German"),
    ("zh", "الصينية", "Chinese"),
    ("sgn-sa", "لغة الإشارة", "Sign language"),
]


def load(apps) -> None:
    """Create or update every reference row by code. Works with historical or real models."""
    Field = apps.get_model("reference", "Field")
    Region = apps.get_model("reference", "Region")
    City = apps.get_model("reference", "City")
    Profession = apps.get_model("reference", "Profession")
    Language = apps.get_model("reference", "Language")

    for order, (code, ar, en) in enumerate(FIELDS, start=1):
        Field.objects.update_or_create(
            code=code, defaults={"name_ar": ar, "name_en": en, "sort_order": order, "is_other": code == "other"}
        )
    regions = {}
    for order, (code, ar, en) in enumerate(REGIONS, start=1):
        regions[code], _ = Region.objects.update_or_create(code=code, defaults={"name_ar": ar, "name_en": en, "sort_order": order})
    for order, (code, ar, en, region) in enumerate(CITIES, start=1):
        City.objects.update_or_create(
            code=code, defaults={"name_ar": ar, "name_en": en, "sort_order": order, "region": regions[region]}
        )
    fields = {field.code: field for field in Field.objects.all()}
    for order, (code, ar, en, field) in enumerate(PROFESSIONS, start=1):
        Profession.objects.update_or_create(
            code=code, defaults={"name_ar": ar, "name_en": en, "sort_order": order, "field": fields.get(field)}
        )
    for order, (code, ar, en) in enumerate(LANGUAGES, start=1):
        Language.objects.update_or_create(code=code, defaults={"name_ar": ar, "name_en": en, "sort_order": order})
