"""The content of the Arabic demo world. Every organization and person here is fictional.

Pure data: the loader (`khibra.demo.loader`) builds it through the services. Codes refer to
the reference data (khibra/reference/data.py). E-mail addresses use the reserved `.example`
domain so that no real mailbox ever receives a demo message.
"""

from dataclasses import dataclass

DEMO_PASSWORD = "khibra-demo-2026"  # noqa: S105 — a documented demo password, never a real secret
DOMAIN = "khibra.example"


def email(local: str) -> str:
    return f"{local}@{DOMAIN}"


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    language: str = "ar"


@dataclass(frozen=True)
class DemoOrganization:
    kind: str  # OrganizationKind value
    name_ar: str
    name_en: str
    registration_number: str
    city: str
    fields: tuple[str, ...]
    description: str
    contact_email: str
    contact_phone: str
    admin: Person
    members: tuple[tuple[str, Person], ...] = ()  # (MembershipRole value, person)
    verified: bool = True


@dataclass(frozen=True)
class Qual:
    kind: str  # "degree" | "certificate" | "license"
    title: str
    institution: str = ""
    year: int | None = None


@dataclass(frozen=True)
class Guardian:
    name: str
    relationship: str
    phone: str


@dataclass(frozen=True)
class DemoVolunteer:
    local: str  # the part of the e-mail address before @
    name: str
    gender: str
    city: str
    birth_year: int | None  # None for the minor, whose age is computed from today
    headline: str
    bio: str = ""
    profession: str | None = None
    specialty: str = ""
    years: int = 0
    fields: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("ar",)
    hours: int = 4
    days: str = ""  # space-separated: sun mon tue wed thu fri sat
    times: str = ""  # space-separated: morning afternoon evening
    work_mode: str = "both"
    work_cities: tuple[str, ...] = ()
    qualifications: tuple[Qual, ...] = ()
    charter: bool = True
    identity: tuple[str, str] | None = None  # (national ID / iqama number, "pending" | "verified")
    guardian: Guardian | None = None
    language: str = "ar"
    portfolio_url: str = ""

    @property
    def email(self) -> str:
        return email(self.local)


# --- Platform staff (the support and facilitation body) -------------------------------------------

SUPERUSER = Person(email("admin"), "عبدالعزيز سعود الفالح")
STAFF = Person(email("staff"), "منى عبدالله العبيد")

# --- Organizations ---------------------------------------------------------------------------------

NONPROFIT, COMPANY, UNIVERSITY = "nonprofit", "company", "university"
ADMIN, MANAGER, SUPERVISOR, COORDINATOR = "admin", "manager", "supervisor", "coordinator"

ORGANIZATIONS = (
    DemoOrganization(
        kind=NONPROFIT,
        name_ar="جمعية ربيع لرعاية الأيتام",
        name_en="Rabee Orphan Care Association",
        registration_number="1187",
        city="jeddah",
        fields=("capacity-building", "fundraising", "sustainable-services", "digital-infrastructure"),
        description=(
            "ترعى جمعية ربيع أكثر من ستمئة يتيم ويتيمة في جدة وما حولها، وتقدّم لهم ولأسرهم الكفالة "
            "والدعم التعليمي والنفسي وبرامج التأهيل للحياة المستقلة بعد الثامنة عشرة. "
            "نبحث عن خبراء يساعدوننا في بناء نظام لمتابعة المستفيدين، وتطوير برامج الإرشاد، وتنويع مصادر التمويل."
        ),
        contact_email=email("contact.rabee"),
        contact_phone="0126650400",
        admin=Person(email("rabee.admin"), "هالة عمر باخشب"),
        members=(
            (MANAGER, Person(email("rabee.manager"), "رنا فيصل باعشن")),
            (SUPERVISOR, Person(email("rabee.supervisor"), "ياسر حامد الحربي")),
        ),
    ),
    DemoOrganization(
        kind=NONPROFIT,
        name_ar="جمعية أُسر للتنمية الأسرية",
        name_en="Osar Family Development Association",
        registration_number="2241",
        city="riyadh",
        fields=("strategic-planning", "governance", "human-resources", "sustainable-services"),
        description=(
            "جمعية أهلية في الرياض تعمل على استقرار الأسرة من خلال الإرشاد الأسري، وتأهيل المقبلين على الزواج، "
            "وبرامج التمكين الاقتصادي للأسر المنتجة. "
            "نستعين بالمتطوعين المحترفين في التخطيط الاستراتيجي والحوكمة وقياس أثر برامجنا."
        ),
        contact_email=email("contact.osar"),
        contact_phone="0114870220",
        admin=Person(email("osar.admin"), "سلطان محمد الشثري"),
        members=(
            (MANAGER, Person(email("osar.manager"), "نجلاء سعد القحطاني")),
            (SUPERVISOR, Person(email("osar.supervisor"), "ماجد عبدالله الرشيد")),
        ),
    ),
    DemoOrganization(
        kind=NONPROFIT,
        name_ar="جمعية ضياء لذوي الإعاقة البصرية",
        name_en="Diyaa Association for the Visually Impaired",
        registration_number="3156",
        city="dammam",
        fields=("digital-infrastructure", "capacity-building", "communication-pr-media", "partnerships"),
        description=(
            "تخدم جمعية ضياء المكفوفين وضعاف البصر في المنطقة الشرقية بالتدريب على التقنيات المساعدة، "
            "وطباعة الكتب بطريقة برايل، والتأهيل لسوق العمل. "
            "نحتاج إلى خبرات في إتاحة المواقع والتطبيقات، والتسويق المجتمعي، وبناء الشراكات مع الشركات."
        ),
        contact_email=email("contact.diyaa"),
        contact_phone="0138094410",
        admin=Person(email("diyaa.admin"), "عبدالمحسن يوسف الدوسري"),
        members=(
            (MANAGER, Person(email("diyaa.manager"), "زينب حسن آل سيف")),
            (SUPERVISOR, Person(email("diyaa.supervisor"), "طلال فهد الخالدي")),
        ),
    ),
    DemoOrganization(
        kind=COMPANY,
        name_ar="شركة مدار للحلول الرقمية",
        name_en="Madar Digital Solutions",
        registration_number="2051048327",
        city="khobar",
        fields=("digital-infrastructure", "data-management", "project-management"),
        description=(
            "شركة سعودية للبرمجيات والحلول السحابية في الخبر، لديها برنامج للتطوع المهني يتيح لموظفيها "
            "تخصيص ساعات من وقت العمل لخدمة الجمعيات الأهلية في مشاريع التحول الرقمي."
        ),
        contact_email=email("csr.madar"),
        contact_phone="0138871200",
        admin=Person(email("madar.admin"), "فيصل أحمد الزامل"),
        members=((COORDINATOR, Person(email("madar.coordinator"), "ديمة خالد الشهري")),),
    ),
    DemoOrganization(
        kind=UNIVERSITY,
        name_ar="جامعة السراة الأهلية",
        name_en="Al-Sarat Private University",
        registration_number="1429",
        city="abha",
        fields=("capacity-building", "strategic-planning", "data-management"),
        description=(
            "جامعة أهلية في أبها تربط طلبة الدراسات العليا وأعضاء هيئة التدريس بالجمعيات الأهلية في منطقة عسير، "
            "فتُحتسب ساعات تطوعهم المهني ضمن برامج خدمة المجتمع."
        ),
        contact_email=email("community.sarat"),
        contact_phone="0172290500",
        admin=Person(email("sarat.admin"), "علي محمد العسيري"),
        members=((COORDINATOR, Person(email("sarat.coordinator"), "أروى سعيد الشهري")),),
    ),
    # Registered and waiting in the platform's verification queue.
    DemoOrganization(
        kind=NONPROFIT,
        name_ar="جمعية واحة عسير للتنمية البيئية",
        name_en="Asir Oasis Environmental Association",
        registration_number="4078",
        city="abha",
        fields=("sustainable-services", "partnerships"),
        description=(
            "جمعية ناشئة تعمل على حماية الغطاء النباتي في مرتفعات عسير، وتنظيم حملات التشجير "
            "والتوعية البيئية مع المدارس والبلديات."
        ),
        contact_email=email("contact.waha"),
        contact_phone="0172241870",
        admin=Person(email("waha.admin"), "مريم عبدالله عسيري"),
        verified=False,
    ),
)

# --- Volunteers ------------------------------------------------------------------------------------

VOLUNTEERS = (
    DemoVolunteer(
        "sara.alotaibi", "سارة محمد العتيبي", "female", "riyadh", 1988,
        headline="محاسبة قانونية، ١٢ سنة في مراجعة حسابات المنشآت غير الربحية",
        bio="أعمل مديرة مراجعة في مكتب محاسبة، وأحب أن أساعد الجمعيات على إعداد قوائم مالية واضحة تكسب ثقة المانحين.",
        profession="chartered-accountant", specialty="المراجعة الخارجية للجمعيات الأهلية", years=12,
        fields=("finance-accounting", "governance"),
        skills=("إعداد القوائم المالية", "المراجعة الخارجية", "معايير المحاسبة للمنشآت غير الهادفة للربح", "Excel"),
        languages=("ar", "en"), hours=6, days="sun tue thu", times="evening", work_cities=("riyadh",),
        qualifications=(
            Qual(
                "license",
                "زمالة الهيئة السعودية للمراجعين والمحاسبين (SOCPA)",
                "الهيئة السعودية للمراجعين والمحاسبين",
                2016,
            ),
            Qual("degree", "بكالوريوس المحاسبة", "جامعة الملك سعود", 2011),
        ),
        identity=("1526018153", "verified"),
    ),
    DemoVolunteer(
        "mohammed.alqahtani", "محمد عبدالله القحطاني", "male", "abha", 1986,
        headline="محامٍ مرخّص، متخصص في الأوقاف وأنظمة الجمعيات",
        bio="أقدّم الاستشارات القانونية للجمعيات في عسير منذ تسع سنوات، وأراجع عقودها ولوائحها.",
        profession="lawyer", specialty="الأوقاف ونظام الجمعيات والمؤسسات الأهلية", years=9,
        fields=("legal-affairs", "governance"),
        skills=("صياغة العقود", "نظام الجمعيات والمؤسسات الأهلية", "الأوقاف"),
        hours=4, days="sat mon", times="evening", work_cities=("abha", "khamis-mushait"),
        qualifications=(
            Qual("license", "رخصة مزاولة مهنة المحاماة", "وزارة العدل", 2017),
            Qual("degree", "بكالوريوس الشريعة", "جامعة الملك خالد", 2014),
        ),
        identity=("1908301664", "pending"),
    ),
    DemoVolunteer(
        "noura.alshehri", "نورة سعد الشهري", "female", "jeddah", 1995,
        headline="مسوّقة رقمية، أدير حملات التواصل الاجتماعي",
        bio="ساعدت متاجر ناشئة على مضاعفة جمهورها، وأريد أن أوظّف هذه الخبرة في حملات التبرع.",
        profession="digital-marketer", specialty="التسويق عبر منصات التواصل الاجتماعي", years=6,
        fields=("marketing", "communication-pr-media", "fundraising"),
        skills=("إدارة الحملات الرقمية", "كتابة المحتوى التسويقي", "تحليلات منصات التواصل"),
        languages=("ar", "en"), hours=5, days="sun mon tue wed", times="evening", work_mode="remote",
        qualifications=(
            Qual("certificate", "شهادة جوجل في التسويق الرقمي والتجارة الإلكترونية", "Google", 2020),
            Qual("degree", "بكالوريوس إدارة الأعمال – تخصص التسويق", "جامعة الملك عبدالعزيز", 2018),
        ),
    ),
    DemoVolunteer(
        "abdullah.alghamdi", "عبدالله أحمد الغامدي", "male", "jeddah", 1992,
        headline="مهندس برمجيات، أبني تطبيقات الويب ببايثون وجانغو",
        bio="أعمل في شركة تقنية مالية، وأتطوع في عطلة نهاية الأسبوع لبناء أنظمة بسيطة تخدم الجمعيات.",
        profession="software-engineer", specialty="تطوير تطبيقات الويب", years=8,
        fields=("digital-infrastructure", "data-management"),
        skills=("Python", "Django", "PostgreSQL", "تصميم واجهات برمجة التطبيقات"),
        languages=("ar", "en"), hours=8, days="fri sat", times="morning afternoon", work_cities=("jeddah", "makkah"),
        qualifications=(
            Qual("degree", "بكالوريوس علوم الحاسب", "جامعة الملك عبدالعزيز", 2016),
            Qual("certificate", "AWS Certified Developer – Associate", "Amazon Web Services", 2021),
        ),
        portfolio_url="https://portfolio.khibra.example/abdullah",
    ),
    DemoVolunteer(
        "reem.aldosari", "ريم خالد الدوسري", "female", "riyadh", 1991,
        headline="أخصائية موارد بشرية، أبني السياسات والهياكل التنظيمية",
        profession="hr-specialist", specialty="استقطاب الكفاءات وبناء الهياكل التنظيمية", years=7,
        fields=("human-resources", "institutional-building"),
        skills=("بناء السياسات واللوائح", "تقييم الأداء", "الوصف الوظيفي"),
        languages=("ar", "en"), hours=4, days="mon wed", times="evening", work_mode="remote",
        qualifications=(
            Qual("certificate", "SHRM-CP", "جمعية إدارة الموارد البشرية (SHRM)", 2019),
            Qual("degree", "ماجستير إدارة الموارد البشرية", "جامعة الأمير سلطان", 2017),
        ),
    ),
    DemoVolunteer(
        "fahad.alharbi", "فهد ناصر الحربي", "male", "buraydah", 1983,
        headline="مدير مشاريع معتمد، ١٥ سنة في المشاريع التنموية",
        bio="أدرت مشاريع بلدية وتنموية في القصيم، وأؤمن أن الجمعيات تحتاج إلى إدارة مشاريع بسيطة ومنضبطة.",
        profession="project-manager", specialty="إدارة المشاريع التنموية", years=15,
        fields=("project-management", "strategic-planning"),
        skills=("إدارة المخاطر", "جدولة المشاريع", "MS Project"),
        languages=("ar", "en"), hours=5, days="sat", times="morning", work_cities=("buraydah", "unaizah"),
        qualifications=(
            Qual("certificate", "محترف إدارة المشاريع (PMP)", "معهد إدارة المشاريع (PMI)", 2013),
            Qual("degree", "بكالوريوس الهندسة الصناعية", "جامعة القصيم", 2009),
        ),
    ),
    DemoVolunteer(
        "hind.alzahrani", "هند علي الزهراني", "female", "jeddah", 1987,
        headline="أخصائية نفسية إكلينيكية للأطفال واليافعين",
        bio="عملت عشر سنوات مع الأطفال الذين مرّوا بتجارب فقد، وأحب تدريب المشرفين على الدعم النفسي الأولي.",
        profession="psychologist", specialty="الدعم النفسي للأطفال والمراهقين", years=10,
        fields=("sustainable-services", "capacity-building"),
        skills=("الإرشاد الأسري", "العلاج المعرفي السلوكي", "التعامل مع الصدمات"),
        languages=("ar", "en"), hours=3, days="tue thu", times="afternoon", work_mode="in_person",
        work_cities=("jeddah",),
        qualifications=(
            Qual("license", "تصنيف أخصائي نفسي ممارس", "الهيئة السعودية للتخصصات الصحية", 2015),
            Qual("degree", "ماجستير علم النفس الإكلينيكي", "جامعة الملك عبدالعزيز", 2014),
        ),
    ),
    DemoVolunteer(
        "khalid.alshammari", "خالد فيصل الشمري", "male", "hail", 1997,
        headline="محلل بيانات، أصمم لوحات المؤشرات",
        profession="data-analyst", specialty="تحليل بيانات المستفيدين ولوحات المؤشرات", years=4,
        fields=("data-management",),
        skills=("Power BI", "SQL", "تنظيف البيانات"),
        languages=("ar", "en"), hours=6, days="sun mon tue", times="evening", work_mode="remote",
        qualifications=(
            Qual("certificate", "Microsoft Certified: Power BI Data Analyst Associate", "Microsoft", 2022),
            Qual("degree", "بكالوريوس نظم المعلومات", "جامعة حائل", 2020),
        ),
    ),
    DemoVolunteer(
        "lama.alsubaie", "لمى عبدالرحمن السبيعي", "female", "riyadh", 1996,
        headline="مصممة تجربة مستخدم للخدمات الرقمية",
        bio="أؤمن أن الخدمة الجيدة تبدأ من فهم المستفيد، وأحب إجراء مقابلات المستخدمين واختبار النماذج الأولية.",
        profession="ux-designer", specialty="تصميم تجربة المستخدم للخدمات الرقمية", years=5,
        fields=("sustainable-services", "digital-infrastructure"),
        skills=("Figma", "أبحاث المستخدمين", "اختبار قابلية الاستخدام"),
        languages=("ar", "en"), hours=5, days="wed thu", times="evening", work_mode="remote",
        qualifications=(
            Qual("certificate", "شهادة جوجل في تصميم تجربة المستخدم", "Google", 2021),
            Qual("degree", "بكالوريوس التصميم الجرافيكي والوسائط الرقمية", "جامعة الأميرة نورة بنت عبدالرحمن", 2019),
        ),
        portfolio_url="https://portfolio.khibra.example/lama",
    ),
    DemoVolunteer(
        "turki.almutairi", "تركي سلمان المطيري", "male", "riyadh", 1979,
        headline="مستشار استراتيجي، ١٨ سنة في التخطيط ومؤشرات الأداء",
        bio="شاركت في إعداد الخطط الاستراتيجية لأكثر من عشرين جهة حكومية وأهلية.",
        profession="strategy-consultant", specialty="الخطط الاستراتيجية ومؤشرات الأداء للقطاع غير الربحي", years=18,
        fields=("strategic-planning", "governance", "institutional-building"),
        skills=("بطاقة الأداء المتوازن", "إدارة ورش العمل", "تحليل أصحاب المصلحة"),
        languages=("ar", "en", "fr"), hours=4, days="sat", times="morning", work_cities=("riyadh", "al-kharj"),
        qualifications=(
            Qual("degree", "ماجستير إدارة الأعمال (MBA)", "جامعة الملك فهد للبترول والمعادن", 2008),
            Qual("certificate", "محترف بطاقة الأداء المتوازن", "Balanced Scorecard Institute", 2012),
        ),
    ),
    DemoVolunteer(
        "amal.alqurashi", "أمل يوسف القرشي", "female", "makkah", 1990,
        headline="أخصائية تنمية موارد وكتابة مقترحات المنح",
        profession="fundraiser", specialty="تنمية الموارد المالية والمنح", years=8,
        fields=("fundraising", "financial-resources", "partnerships"),
        skills=("كتابة مقترحات المنح", "إدارة علاقات المانحين", "الأوقاف الاستثمارية"),
        hours=5, days="sun tue", times="morning", work_cities=("makkah", "jeddah"),
        qualifications=(
            Qual("certificate", "دبلوم تنمية الموارد المالية للمنظمات غير الربحية", "معهد الإدارة العامة", 2020),
            Qual("degree", "بكالوريوس الاقتصاد الإسلامي", "جامعة أم القرى", 2015),
        ),
    ),
    DemoVolunteer(
        "saad.alanazi", "سعد مشعل العنزي", "male", "tabuk", 1989,
        headline="أخصائي شبكات وبنية سحابية",
        profession="it-infrastructure", specialty="الشبكات والبنية السحابية للمنشآت الصغيرة", years=11,
        fields=("digital-infrastructure",),
        skills=("Microsoft 365", "الشبكات", "النسخ الاحتياطي والاستعادة"),
        languages=("ar", "en"), hours=4, days="fri", times="afternoon", work_mode="remote",
        qualifications=(
            Qual("certificate", "Cisco Certified Network Associate (CCNA)", "Cisco", 2015),
            Qual("degree", "بكالوريوس هندسة الحاسب", "جامعة تبوك", 2013),
        ),
    ),
    DemoVolunteer(
        "maha.albuainain", "مها إبراهيم البوعينين", "female", "dammam", 1990,
        headline="مراجعة داخلية معتمدة، أقيّم الضوابط والمخاطر",
        profession="internal-auditor", specialty="المراجعة الداخلية وإدارة المخاطر", years=9,
        fields=("finance-accounting", "governance"),
        skills=("تقييم الضوابط الداخلية", "إدارة المخاطر", "لوائح الحوكمة"),
        languages=("ar", "en"), hours=4, days="mon wed", times="evening", work_cities=("dammam", "khobar"),
        qualifications=(
            Qual("certificate", "مراجع داخلي معتمد (CIA)", "معهد المراجعين الداخليين (IIA)", 2018),
            Qual("degree", "بكالوريوس المحاسبة", "جامعة الإمام عبدالرحمن بن فيصل", 2014),
        ),
    ),
    DemoVolunteer(
        "yousef.alhajri", "يوسف عادل الهاجري", "male", "khobar", 1996,
        headline="أخصائي أمن سيبراني وحماية البيانات",
        bio="أساعد الجمعيات على حماية بيانات المستفيدين والالتزام بنظام حماية البيانات الشخصية.",
        profession="cybersecurity", specialty="أمن المعلومات وحماية بيانات المستفيدين", years=6,
        fields=("digital-infrastructure", "data-management"),
        skills=("تقييم الثغرات", "سياسات أمن المعلومات", "نظام حماية البيانات الشخصية"),
        languages=("ar", "en"), hours=3, days="thu", times="evening", work_mode="remote",
        qualifications=(
            Qual("certificate", "CompTIA Security+", "CompTIA", 2020),
            Qual("degree", "بكالوريوس الأمن السيبراني", "جامعة الملك فهد للبترول والمعادن", 2019),
        ),
    ),
    DemoVolunteer(
        "ahmed.altayeb", "أحمد عثمان الطيب", "male", "riyadh", 1980,
        headline="مهندس مدني، عشرون سنة في الإشراف على المباني",
        bio="مقيم في الرياض منذ خمس عشرة سنة، وأتطوع في مراجعة مشاريع ترميم مقرات الجمعيات ودور الرعاية.",
        profession="civil-engineer", specialty="الإشراف الهندسي على مشاريع المباني الخدمية", years=20,
        fields=("project-management", "other"),
        skills=("الإشراف على التنفيذ", "حساب الكميات", "AutoCAD"),
        languages=("ar", "en"), hours=4, days="sat", times="morning", work_mode="in_person", work_cities=("riyadh",),
        qualifications=(
            Qual("license", "عضوية الهيئة السعودية للمهندسين – مهندس محترف", "الهيئة السعودية للمهندسين", 2010),
            Qual("degree", "بكالوريوس الهندسة المدنية", "جامعة الخرطوم", 2004),
        ),
        identity=("2131860914", "verified"),
    ),
    DemoVolunteer(
        "fatimah.alnasser", "فاطمة حسن الناصر", "female", "al-ahsa", 1985,
        headline="أخصائية اجتماعية، أصمم برامج التمكين الأسري",
        profession="social-worker", specialty="دراسة الحالات الاجتماعية وبرامج التمكين الأسري", years=12,
        fields=("sustainable-services", "volunteer-institutionalization"),
        skills=("دراسة الحالة", "إدارة الحالات", "قياس أثر البرامج الاجتماعية"),
        hours=6, days="sun mon tue wed", times="morning", work_mode="in_person", work_cities=("al-ahsa", "dammam"),
        qualifications=(Qual("degree", "ماجستير الخدمة الاجتماعية", "جامعة الملك فيصل", 2013),),
    ),
    DemoVolunteer(
        "omar.alsaleh", "عمر عبدالعزيز الصالح", "male", "unaizah", 1982,
        headline="مدرب معتمد، أصمم الحقائب التدريبية وأدرّب المدربين",
        profession="trainer", specialty="تصميم الحقائب التدريبية وتدريب المدربين", years=14,
        fields=("capacity-building", "human-resources"),
        skills=("تصميم الحقائب التدريبية", "تدريب المدربين", "قياس أثر التدريب"),
        hours=4, days="thu fri", times="afternoon", work_cities=("unaizah", "buraydah"),
        qualifications=(
            Qual("certificate", "مدرب معتمد", "المؤسسة العامة للتدريب التقني والمهني", 2012),
            Qual("degree", "بكالوريوس التربية", "جامعة القصيم", 2008),
        ),
    ),
    DemoVolunteer(
        "jawaher.alrashid", "جواهر منصور الراشد", "female", "riyadh", 1993,
        headline="أخصائية حوكمة، أكتب اللوائح وأدلة الصلاحيات",
        profession="governance-specialist", specialty="أدلة الحوكمة واللوائح الداخلية للجمعيات", years=7,
        fields=("governance", "legal-affairs"),
        skills=("إعداد اللوائح الداخلية", "مصفوفة الصلاحيات", "الإفصاح والشفافية"),
        languages=("ar", "en"), hours=3, days="mon", times="evening", work_mode="remote",
        qualifications=(
            Qual("certificate", "دبلوم الحوكمة في المنظمات غير الربحية", "معهد الإدارة العامة", 2021),
            Qual("degree", "بكالوريوس القانون", "جامعة الملك سعود", 2017),
        ),
    ),
    DemoVolunteer(
        "bandar.alotaibi", "بندر سلطان العتيبي", "male", "taif", 1981,
        headline="استشاري طب الأسرة، أقدّم برامج التثقيف الصحي",
        profession="physician", specialty="طب الأسرة والتثقيف الصحي", years=16,
        fields=("other", "sustainable-services"),
        skills=("التثقيف الصحي", "الإسعافات الأولية", "تدريب الكوادر الصحية"),
        languages=("ar", "en"), hours=2, days="fri", times="morning", work_mode="in_person", work_cities=("taif",),
        qualifications=(
            Qual("license", "تصنيف استشاري طب الأسرة", "الهيئة السعودية للتخصصات الصحية", 2014),
            Qual("degree", "بكالوريوس الطب والجراحة", "جامعة أم القرى", 2007),
        ),
    ),
    DemoVolunteer(
        "nouf.almalki", "نوف مساعد المالكي", "female", "jeddah", 1999,
        headline="مصممة جرافيك، أصمم الهويات البصرية والتقارير السنوية",
        profession="graphic-designer", specialty="الهوية البصرية والتقارير السنوية", years=3,
        fields=("marketing", "communication-pr-media"),
        skills=("Adobe Illustrator", "الهوية البصرية", "تصميم التقارير السنوية"),
        languages=("ar", "en"), hours=6, days="sun tue thu", times="evening", work_mode="remote",
        qualifications=(Qual("degree", "بكالوريوس التصميم الجرافيكي", "جامعة جدة", 2022),),
        portfolio_url="https://portfolio.khibra.example/nouf",
    ),
    DemoVolunteer(
        "hassan.alsalem", "حسن علي آل سالم", "male", "najran", 2001,
        headline="محاسب حديث التخرج في مكتب محاسبة",
        bio="أتطوع لأكتسب خبرة في حسابات الجمعيات، ويمكنني مساعدة الجمعيات الصغيرة في قيودها اليومية.",
        profession="accountant", specialty="القيود المحاسبية والزكاة", years=2,
        fields=("finance-accounting",),
        skills=("القيود المحاسبية", "الزكاة وضريبة القيمة المضافة"),
        hours=5, days="sat sun", times="evening", work_cities=("najran",),
        qualifications=(Qual("degree", "بكالوريوس المحاسبة", "جامعة نجران", 2023),),
    ),
    DemoVolunteer(
        "ghada.alharthi", "غادة ماجد الحارثي", "female", "riyadh", 1990,
        headline="أخصائية علاقات عامة وإدارة أزمات إعلامية",
        profession="pr-specialist", specialty="العلاقات الإعلامية وإدارة الأزمات", years=10,
        fields=("communication-pr-media", "partnerships"),
        skills=("كتابة البيانات الصحفية", "إدارة الأزمات الإعلامية", "تنظيم الفعاليات"),
        languages=("ar", "en"), hours=4, days="tue wed", times="evening", work_cities=("riyadh",),
        qualifications=(
            Qual("degree", "بكالوريوس الإعلام – العلاقات العامة", "جامعة الإمام محمد بن سعود الإسلامية", 2014),
        ),
    ),
    DemoVolunteer(
        "majed.aljohani", "ماجد صالح الجهني", "male", "madinah", 1989,
        headline="مترجم قانوني ومؤسسي (عربي – إنجليزي)",
        profession="translator", specialty="الترجمة القانونية والتقارير المؤسسية", years=8,
        fields=("communication-pr-media",),
        skills=("الترجمة القانونية", "التدقيق اللغوي", "أدوات الترجمة بمساعدة الحاسب"),
        languages=("ar", "en"), hours=5, days="sun mon tue wed thu", times="evening", work_mode="remote",
        qualifications=(Qual("degree", "ماجستير الترجمة", "جامعة الملك سعود", 2016),),
    ),
    DemoVolunteer(
        "shahad.alkhaldi", "شهد بدر الخالدي", "female", "khobar", 1997,
        headline="عالمة بيانات، أقيس أثر البرامج بالأرقام",
        profession="data-scientist", specialty="نماذج التنبؤ وتحليل أثر البرامج", years=4,
        fields=("data-management", "sustainable-services"),
        skills=("Python", "تعلم الآلة", "تصميم الاستبانات وتحليلها"),
        languages=("ar", "en"), hours=5, days="sat sun", times="afternoon", work_mode="remote",
        qualifications=(Qual("degree", "ماجستير علم البيانات", "جامعة الملك فهد للبترول والمعادن", 2021),),
    ),
    DemoVolunteer(
        "abdulrahman.alyami", "عبدالرحمن هادي اليامي", "male", "riyadh", 1984,
        headline="مستشار قانوني في أنظمة العمل والتطوع",
        profession="legal-advisor", specialty="أنظمة العمل والتطوع وعقود الشراكات", years=13,
        fields=("legal-affairs", "partnerships"),
        skills=("نظام العمل", "لائحة العمل التطوعي", "مراجعة اتفاقيات الشراكة"),
        languages=("ar", "en"), hours=3, days="sun", times="evening", work_mode="remote",
        qualifications=(
            Qual("license", "رخصة مزاولة مهنة المحاماة", "وزارة العدل", 2012),
            Qual("degree", "ماجستير الأنظمة", "معهد الإدارة العامة", 2011),
        ),
    ),
    DemoVolunteer(
        "asma.alharbi", "أسماء فهد الحربي", "female", "madinah", 1992,
        headline="مديرة تطوع، أصمم الفرص وأتابع المتطوعين",
        profession="volunteer-manager", specialty="إدارة برامج التطوع وتصميم الفرص", years=6,
        fields=("volunteer-institutionalization", "human-resources"),
        skills=("تصميم الفرص التطوعية", "استقطاب المتطوعين", "قياس رضا المتطوعين"),
        hours=4, days="mon wed", times="morning", work_cities=("madinah", "yanbu"),
        qualifications=(
            Qual("certificate", "شهادة مدير تطوع محترف", "برنامج مهنية إدارة التطوع", 2022),
            Qual("degree", "بكالوريوس علم الاجتماع", "جامعة طيبة", 2016),
        ),
    ),
    DemoVolunteer(
        "ibrahim.madkhali", "إبراهيم محمد مدخلي", "male", "jazan", 1988,
        headline="أخصائي تطوير أعمال للمؤسسات الاجتماعية",
        profession="business-developer", specialty="نماذج الأعمال للمؤسسات الاجتماعية", years=7,
        fields=("business-development", "financial-resources"),
        skills=("نماذج الأعمال", "دراسات الجدوى", "التسعير"),
        languages=("ar", "en"), hours=4, days="thu", times="evening", work_mode="remote",
        qualifications=(Qual("degree", "ماجستير إدارة الأعمال", "جامعة جازان", 2019),),
    ),
    DemoVolunteer(
        "raghad.alomari", "رغد سامي العمري", "female", "abha", 2000,
        headline="أخصائية تسويق في بداية مسيرتها، مهتمة بأبحاث السوق",
        profession="marketing-specialist", specialty="أبحاث السوق وتحليل الجمهور", years=2,
        fields=("marketing",),
        skills=("أبحاث السوق", "استطلاعات الرأي"),
        languages=("ar", "en"), hours=6, days="sun mon tue", times="evening", work_mode="remote",
        qualifications=(Qual("degree", "بكالوريوس التسويق", "جامعة الملك خالد", 2023),),
    ),
    DemoVolunteer(
        "nasser.alshahrani", "ناصر عوض الشهراني", "male", "khamis-mushait", 1985,
        headline="أخصائي استثمار، أدير المحافظ الوقفية",
        profession="investment-specialist", specialty="إدارة المحافظ الوقفية وتنويع مصادر الدخل", years=12,
        fields=("financial-resources", "finance-accounting"),
        skills=("الاستثمار الوقفي", "تقييم المشاريع", "النمذجة المالية"),
        languages=("ar", "en"), hours=3, days="sat", times="evening", work_cities=("khamis-mushait", "abha"),
        qualifications=(
            Qual("certificate", "المحلل المالي المعتمد (CFA)", "CFA Institute", 2017),
            Qual("degree", "بكالوريوس المالية", "جامعة الملك فهد للبترول والمعادن", 2012),
        ),
    ),
    DemoVolunteer(
        "dana.alfaisal", "دانة عبدالله الفيصل", "female", "riyadh", 1996,
        headline="مهندسة معمارية، أصمم مساحات يسهل الوصول إليها",
        profession="architect", specialty="التصميم الشامل وإعادة تأهيل المباني المجتمعية", years=5,
        fields=("other", "sustainable-services"),
        skills=("Revit", "التصميم الشامل لذوي الإعاقة", "إعادة تأهيل المباني"),
        languages=("ar", "en"), hours=3, days="fri sat", times="morning", work_cities=("riyadh", "ad-diriyah"),
        qualifications=(
            Qual("degree", "بكالوريوس العمارة وعلوم البناء", "جامعة الملك سعود", 2019),
            Qual("license", "عضوية الهيئة السعودية للمهندسين", "الهيئة السعودية للمهندسين", 2020),
        ),
    ),
    DemoVolunteer(
        "mishari.alsahli", "مشاري حمد السهلي", "male", "dhahran", 1990,
        headline="مستشار إداري، أعيد هندسة الإجراءات وأكتب الأدلة التشغيلية",
        profession="management-consultant", specialty="إعادة هندسة الإجراءات والأدلة التشغيلية", years=9,
        fields=("institutional-building", "administration"),
        skills=("إعادة هندسة الإجراءات", "أدلة السياسات والإجراءات", "Lean Six Sigma"),
        languages=("ar", "en"), hours=4, days="mon thu", times="evening", work_cities=("dhahran", "khobar", "dammam"),
        qualifications=(
            Qual("certificate", "Lean Six Sigma Green Belt", "", 2018),
            Qual("degree", "بكالوريوس الإدارة الصناعية", "جامعة الملك فهد للبترول والمعادن", 2015),
        ),
    ),
    DemoVolunteer(
        "afnan.alsulami", "أفنان حامد السلمي", "female", "jeddah", 1995,
        headline="صحفية وكاتبة محتوى، أروي قصص الأثر",
        profession="journalist", specialty="كتابة القصص الإنسانية وتقارير الأثر", years=6,
        fields=("communication-pr-media", "fundraising"),
        skills=("كتابة قصص الأثر", "التحرير الصحفي", "إعداد المحتوى المرئي"),
        languages=("ar", "en"), hours=4, days="sun wed", times="evening", work_mode="remote",
        qualifications=(Qual("degree", "بكالوريوس الإعلام", "جامعة الملك عبدالعزيز", 2018),),
    ),
    DemoVolunteer(
        "waleed.alhamdan", "وليد عبدالكريم الحمدان", "male", "riyadh", 2002,
        headline="مطوّر مواقع مبتدئ، أبني مواقع ووردبريس",
        bio="تخرجت من معسكر برمجة قبل سنة، وأبحث عن مشاريع حقيقية أطوّر فيها مهاراتي.",
        profession="web-developer", specialty="مواقع ووردبريس", years=1,
        fields=("digital-infrastructure", "marketing"),
        skills=("WordPress", "HTML", "CSS"),
        languages=("ar", "en"), hours=10, days="sun mon tue wed thu fri sat", times="evening", work_mode="remote",
        charter=False,
    ),
    DemoVolunteer(
        "rayan.alosaimi", "ريان فهد العصيمي", "male", "riyadh", 2004,
        headline="طالب جامعي يرغب في خدمة مجتمعه",
        hours=4, days="fri sat", times="morning", work_mode="in_person", work_cities=("riyadh",),
        charter=False,
    ),
    DemoVolunteer(
        "joud.alruwaili", "جود ناصر الرويلي", "female", "sakaka", 2002,
        headline="خريجة حديثة تبحث عن أول تجربة تطوعية",
        hours=5, days="sun mon", times="morning afternoon", work_cities=("sakaka",),
    ),
    DemoVolunteer(
        "abdulilah.althubaiti", "عبدالإله محمد الثبيتي", "male", "taif", 1999,
        headline="موظف حكومي يتطوع في الفعاليات المجتمعية",
        hours=3, days="fri", times="afternoon", work_mode="in_person", work_cities=("taif",),
        charter=False,
    ),
    DemoVolunteer(
        "layan.alghamdi", "ليان خالد الغامدي", "female", "jeddah", None,
        headline="طالبة في المرحلة الثانوية، أحب التصوير والتصميم",
        skills=("التصوير الفوتوغرافي", "التصميم بأداة كانفا"),
        hours=3, days="fri sat", times="afternoon", work_mode="in_person", work_cities=("jeddah",),
        guardian=Guardian("خالد سعيد الغامدي", "الأب", "0551234567"),
    ),
    DemoVolunteer(
        "munira.alajmi", "منيرة سليمان العجمي", "female", "riyadh", 1987,
        headline="مترجمة لغة الإشارة للفعاليات والمحتوى المرئي",
        profession="translator", specialty="ترجمة لغة الإشارة السعودية", years=9,
        fields=("communication-pr-media", "sustainable-services"),
        skills=("لغة الإشارة السعودية", "الترجمة الفورية"),
        languages=("ar", "sgn-sa"), hours=3, days="tue", times="evening", work_cities=("riyadh",),
        qualifications=(Qual("certificate", "شهادة مترجم لغة إشارة معتمد", "", 2016),),
    ),
    DemoVolunteer(
        "haifa.almoqren", "هيفاء عبدالله المقرن", "female", "riyadh", 1972,
        headline="أستاذة الإدارة العامة، متخصصة في تقييم البرامج",
        bio="أشرفت على عشرات الرسائل في تقييم البرامج الاجتماعية، وأسعد بمساعدة الجمعيات على قياس أثرها.",
        profession="university-professor", specialty="الإدارة العامة وتقييم البرامج", years=22,
        fields=("strategic-planning", "capacity-building"),
        skills=("تقييم البرامج", "البحث العلمي", "تصميم مؤشرات الأداء"),
        languages=("ar", "en"), hours=2, days="wed", times="afternoon", work_mode="remote",
        qualifications=(Qual("degree", "دكتوراه الإدارة العامة", "جامعة مانشستر", 2005),),
    ),
    DemoVolunteer(
        "sami.albalawi", "سامي خليل البلوي", "male", "tabuk", 1984,
        headline="مدير مكتب، أنظّم الأعمال الإدارية والأرشفة",
        profession="office-manager", specialty="تنظيم الأعمال الإدارية والأرشفة الإلكترونية", years=10,
        fields=("administration",),
        skills=("الأرشفة الإلكترونية", "إدارة الاجتماعات"),
        hours=5, days="sun mon tue wed thu", times="morning", work_mode="in_person", work_cities=("tabuk",),
        charter=False,
    ),
    DemoVolunteer(
        "lulwa.aljabr", "لولوة أحمد الجبر", "female", "al-ahsa", 1986,
        headline="مديرة شراكات مع القطاع الخاص",
        profession="partnerships-manager", specialty="الشراكات والمسؤولية الاجتماعية للشركات", years=11,
        fields=("partnerships", "fundraising", "business-development"),
        skills=("المسؤولية الاجتماعية للشركات", "التفاوض", "إدارة الاتفاقيات"),
        languages=("ar", "en"), hours=3, days="tue", times="evening", work_cities=("al-ahsa", "dammam"),
        qualifications=(Qual("degree", "ماجستير إدارة الأعمال", "جامعة الملك فيصل", 2014),),
    ),
    DemoVolunteer(
        "maria.santos", "ماريا سانتوس", "female", "riyadh", 1989,
        headline="Financial analyst: budgets and financial models",
        bio="I have lived in Riyadh for nine years and would like to help non-profits plan their budgets.",
        profession="financial-analyst", specialty="Budgeting and financial planning", years=8,
        fields=("finance-accounting", "financial-resources"),
        skills=("Financial modelling", "Budgeting", "Excel"),
        languages=("en", "tl", "ar"), hours=4, days="fri sat", times="morning", work_mode="remote",
        qualifications=(
            Qual("certificate", "Certified Management Accountant (CMA)", "Institute of Management Accountants", 2017),
            Qual("degree", "Bachelor of Science in Accountancy", "University of Santo Tomas", 2011),
        ),
        identity=("2390996037", "pending"),
        language="en",
    ),
    DemoVolunteer(
        "thamer.alenezi", "ثامر عبدالله العنزي", "male", "hafar-al-batin", 1996,
        headline="محاسب في شركة تجارية، أهتم بأنظمة المحاسبة السحابية",
        profession="accountant", specialty="أنظمة المحاسبة السحابية", years=5,
        fields=("finance-accounting",),
        skills=("برامج المحاسبة السحابية", "التسويات البنكية", "إعداد الموازنات"),
        hours=4, days="sat sun", times="evening", work_mode="remote",
        qualifications=(Qual("degree", "بكالوريوس المحاسبة", "جامعة حفر الباطن", 2019),),
    ),
    DemoVolunteer(
        "muath.bawazir", "معاذ سعيد باوزير", "male", "makkah", 1994,
        headline="مدير مشاريع تحول رقمي",
        profession="project-manager", specialty="إدارة مشاريع التحول الرقمي", years=4,
        fields=("project-management", "digital-infrastructure"),
        skills=("منهجية سكرم", "إدارة أصحاب المصلحة", "Jira"),
        languages=("ar", "en"), hours=4, days="thu fri", times="evening", work_cities=("makkah", "jeddah"),
        qualifications=(Qual("certificate", "محترف إدارة المشاريع (PMP)", "معهد إدارة المشاريع (PMI)", 2023),),
    ),
    DemoVolunteer(
        "aisha.alfifi", "عائشة محمد الفيفي", "female", "jazan", 1998,
        headline="أخصائية اجتماعية في برامج الأسر المنتجة",
        profession="social-worker", specialty="تمكين الأسر المنتجة", years=3,
        fields=("sustainable-services",),
        skills=("دراسة الحالة", "تدريب الأسر المنتجة"),
        hours=5, days="sun tue", times="morning", work_mode="in_person", work_cities=("jazan", "sabya"),
        qualifications=(Qual("degree", "بكالوريوس الخدمة الاجتماعية", "جامعة جازان", 2021),),
    ),
    DemoVolunteer(
        "abeer.aldakheel", "عبير صالح الدخيل", "female", "buraydah", 1993,
        headline="أخصائية موارد بشرية، مهتمة بتدريب الموظفين الجدد",
        profession="hr-specialist", specialty="التهيئة والتدريب على رأس العمل", years=2,
        fields=("human-resources", "capacity-building"),
        skills=("برامج التهيئة", "تحليل الاحتياج التدريبي"),
        hours=3, days="mon", times="evening", work_mode="remote",
    ),
)

# Volunteers shown in the table of demo logins printed by the command.
FEATURED_VOLUNTEERS = (
    ("Volunteer — professional level, verified identity", "sara.alotaibi"),
    ("Volunteer — professional level, identity under review", "mohammed.alqahtani"),
    ("Volunteer — skilled level", "hassan.alsalem"),
    ("Volunteer — general level, charter not accepted", "rayan.alosaimi"),
    ("Volunteer — minor with guardian consent", "layan.alghamdi"),
    ("Volunteer — English interface", "maria.santos"),
)
