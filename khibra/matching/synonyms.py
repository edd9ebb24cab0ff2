"""The starter set of synonym groups (skills and professions, Arabic and English).

Loaded by migration 0002; platform staff edit and extend the groups in the admin afterwards.
"""

from .terms import term_key

STARTER_GROUPS: list[tuple[str, list[str]]] = [
    ("Chartered accountant", ["محاسب قانوني", "محاسب قانوني معتمد", "CPA", "SOCPA", "زمالة الهيئة السعودية للمراجعين والمحاسبين", "chartered accountant", "certified public accountant", "ACCA"]),
    ("Accountant", ["محاسب", "محاسبة", "accountant", "accounting", "bookkeeping", "مسك الدفاتر"]),
    ("Management accountant", ["محاسب إداري", "CMA", "management accountant", "محاسبة إدارية", "management accounting"]),
    ("Financial analyst", ["محلل مالي", "CFA", "financial analyst", "تحليل مالي", "financial analysis"]),
    ("Financial statements", ["قوائم مالية", "القوائم المالية", "financial statements", "IFRS", "المعايير الدولية لإعداد التقارير المالية", "تقارير مالية", "financial reporting"]),
    ("Audit", ["مراجعة", "تدقيق", "مراجع حسابات", "مدقق حسابات", "audit", "auditor", "auditing"]),
    ("Internal audit", ["مراجع داخلي", "مراجعة داخلية", "تدقيق داخلي", "internal auditor", "internal audit", "CIA"]),
    ("Zakat and tax", ["زكاة", "ضريبة", "ضريبة القيمة المضافة", "zakat", "tax", "VAT", "taxation"]),
    ("Budgeting", ["موازنة", "ميزانية", "الموازنة التقديرية", "budget", "budgeting", "financial planning", "تخطيط مالي"]),
    ("Lawyer", ["محامي", "محامٍ", "محاماة", "lawyer", "attorney", "advocate"]),
    ("Legal advisor", ["مستشار قانوني", "legal advisor", "legal counsel", "استشارات قانونية", "legal consultant"]),
    ("Contracts", ["صياغة العقود", "عقود", "contract drafting", "contracts", "مراجعة العقود", "contract review"]),
    ("Software engineer", ["مهندس برمجيات", "مبرمج", "مطور برمجيات", "software engineer", "software developer", "programmer"]),
    ("Web developer", ["مطور مواقع", "مطور ويب", "تطوير المواقع", "برمجة المواقع", "web developer", "web development", "full stack", "frontend", "backend"]),
    ("Python", ["بايثون", "Python", "Django", "جانغو"]),
    ("Mobile apps", ["تطبيقات الجوال", "مطور تطبيقات", "mobile apps", "mobile developer", "iOS", "Android", "Flutter"]),
    ("Data analyst", ["محلل بيانات", "تحليل البيانات", "data analyst", "data analysis", "Power BI", "Tableau", "ذكاء الأعمال", "business intelligence"]),
    ("Data scientist", ["عالم بيانات", "علم البيانات", "data scientist", "data science", "تعلم الآلة", "machine learning", "ذكاء اصطناعي", "artificial intelligence", "AI"]),
    ("Cybersecurity", ["أمن سيبراني", "الأمن السيبراني", "أمن المعلومات", "cybersecurity", "information security", "CISSP"]),
    ("IT infrastructure", ["بنية تحتية تقنية", "شبكات", "network engineer", "IT infrastructure", "system administrator", "مدير أنظمة", "cloud", "حوسبة سحابية"]),
    ("Project manager", ["مدير مشاريع", "إدارة المشاريع", "مدير مشروع", "project manager", "project management", "PMP", "PMO"]),
    ("Agile", ["أجايل", "سكرم", "agile", "scrum", "scrum master"]),
    ("Strategic planning", ["تخطيط استراتيجي", "التخطيط الاستراتيجي", "خطة استراتيجية", "strategic planning", "strategy", "استراتيجية", "strategic plan"]),
    ("Management consultant", ["مستشار إداري", "استشارات إدارية", "management consultant", "management consulting"]),
    ("Governance", ["حوكمة", "الحوكمة", "governance", "corporate governance", "مجلس الإدارة", "board of directors"]),
    ("Compliance", ["امتثال", "الالتزام", "compliance", "إدارة المخاطر", "risk management"]),
    ("Human resources", ["موارد بشرية", "الموارد البشرية", "human resources", "HR", "توظيف", "recruitment", "SHRM", "CIPD"]),
    ("Training", ["مدرب", "مدرب معتمد", "تدريب", "trainer", "training", "بناء القدرات", "capacity building", "تطوير الموظفين"]),
    ("Coaching", ["كوتشينغ", "توجيه", "إرشاد مهني", "coaching", "mentoring", "coach", "mentor"]),
    ("Marketing", ["تسويق", "أخصائي تسويق", "marketing", "marketing specialist", "خطة تسويقية", "marketing plan"]),
    ("Digital marketing", ["تسويق رقمي", "مسوق رقمي", "digital marketing", "digital marketer", "وسائل التواصل الاجتماعي", "social media", "SEO", "تحسين محركات البحث"]),
    ("Graphic design", ["تصميم جرافيك", "مصمم جرافيك", "graphic design", "graphic designer", "هوية بصرية", "visual identity", "branding"]),
    ("UX design", ["تجربة المستخدم", "مصمم تجربة مستخدم", "واجهات المستخدم", "UX", "UI", "UX designer", "user experience"]),
    ("Public relations", ["علاقات عامة", "العلاقات العامة", "public relations", "PR", "تواصل مؤسسي", "corporate communication", "إعلام", "media"]),
    ("Content writing", ["كتابة المحتوى", "كاتب محتوى", "صحفي", "content writing", "copywriting", "journalist", "تحرير", "editing"]),
    ("Translation", ["ترجمة", "مترجم", "translation", "translator"]),
    ("Fundraising", ["تنمية الموارد", "أخصائي تنمية موارد", "جمع التبرعات", "fundraising", "fundraiser", "resource development", "منح", "grants", "grant writing"]),
    ("Investment", ["استثمار", "أخصائي استثمار", "investment", "الأوقاف", "endowment", "waqf", "وقف"]),
    ("Business development", ["تطوير أعمال", "تطوير الأعمال", "business development", "خطة عمل", "business plan", "ريادة أعمال", "entrepreneurship"]),
    ("Partnerships", ["شراكات", "مدير شراكات", "بناء الشراكات", "partnerships", "partnerships manager", "stakeholder management"]),
    ("Volunteer management", ["إدارة التطوع", "مدير التطوع", "مدير متطوعين", "volunteer management", "volunteer manager", "مأسسة العمل التطوعي"]),
    ("Impact measurement", ["قياس الأثر", "الأثر الاجتماعي", "impact measurement", "social impact", "SROI", "العائد الاجتماعي على الاستثمار", "monitoring and evaluation", "المتابعة والتقييم"]),
    ("Quality", ["إدارة الجودة", "جودة", "quality management", "ISO", "أيزو", "تحسين العمليات", "process improvement"]),
]


def load(SynonymGroup, SynonymTerm) -> int:
    """Create missing groups by name (models may be historical). Returns groups created."""
    created = 0
    for name, terms in STARTER_GROUPS:
        group, is_new = SynonymGroup.objects.get_or_create(name=name, defaults={"terms": "\n".join(terms)})
        created += is_new
        keys = {term_key(term) for term in terms} - {""}
        existing = set(SynonymTerm.objects.filter(group=group).values_list("key", flat=True))
        SynonymTerm.objects.bulk_create([SynonymTerm(group=group, key=key) for key in sorted(keys - existing)])
    return created
