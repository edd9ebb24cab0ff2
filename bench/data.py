"""A synthetic national data set for the benchmarks: volunteers, organizations, opportunities,
applications, engagements and hours, loaded with COPY into PostgreSQL.

    DATABASE_URL=postgres://… python -m bench.data --volunteers 1000000 --opportunities 100000

Distributions: professions and fields follow a long tail (a few are very common), cities follow
the population (Riyadh, Jeddah, Makkah, Dammam first), most volunteers give 2–8 hours a week,
experience is skewed towards the first ten years, one profile in five is in English. Derived rows
(match terms, search documents) are computed once per text template in Python and joined in SQL,
so they are exactly what the services would write for the same text.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from decimal import Decimal
import os
import random
import sys
import time


def _setup() -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khibra.settings")
    import django

    django.setup()


FIRST_AR = "محمد أحمد عبدالله خالد فهد سعد عبدالرحمن فيصل تركي نواف سلمان ماجد يوسف عمر علي نورة سارة ريم هند لمى مها أمل جواهر العنود دانة منيرة لطيفة شهد رغد".split()
FAMILY_AR = "العتيبي القحطاني الغامدي الزهراني الشهري الدوسري المطيري الحربي العنزي السبيعي الشمري الرشيدي البقمي الجهني الأحمدي المالكي السهلي الخالدي العمري الثبيتي".split()
FIRST_EN = "Mohammed Ahmed Abdullah Khalid Fahad Saad Faisal Omar Ali Noura Sarah Reem Hind Lama Maha Amal Dana".split()
FAMILY_EN = "Alotaibi Alqahtani Alghamdi Alzahrani Alshehri Aldossari Almutairi Alharbi Alanazi Alshammari".split()

# (Arabic specialty, English specialty) per field id of the reference data; the rest use generic ones.
SPECIALTIES = {
    12: [("إعداد القوائم المالية", "financial statements"), ("الزكاة والضريبة", "zakat and VAT"), ("المراجعة الداخلية", "internal audit")],
    11: [("صياغة العقود", "contract drafting"), ("الحوكمة والامتثال", "governance and compliance"), ("الأنظمة غير الربحية", "non-profit law")],
    18: [("تطوير المواقع", "web development"), ("الأمن السيبراني", "cybersecurity"), ("الحوسبة السحابية", "cloud computing"), ("تطبيقات الجوال", "mobile apps")],
    17: [("تحليل البيانات", "data analysis"), ("ذكاء الأعمال", "business intelligence"), ("تعلم الآلة", "machine learning")],
    5: [("التسويق الرقمي", "digital marketing"), ("الهوية البصرية", "visual identity"), ("وسائل التواصل الاجتماعي", "social media")],
    10: [("التوظيف", "recruitment"), ("تقييم الأداء", "performance management"), ("السياسات والإجراءات", "HR policies")],
    9: [("الخطة الاستراتيجية", "strategic plan"), ("مؤشرات الأداء", "KPIs"), ("إدارة التغيير", "change management")],
    6: [("جمع التبرعات", "fundraising"), ("كتابة المنح", "grant writing"), ("الأوقاف", "endowments")],
    1: [("إدارة المشاريع", "project management"), ("مكتب إدارة المشاريع", "PMO"), ("أجايل", "agile")],
    14: [("تصميم الحقائب التدريبية", "training design"), ("التدريب على القيادة", "leadership training")],
    2: [("العلاقات العامة", "public relations"), ("كتابة المحتوى", "content writing")],
    20: [("الاستشارات الطبية", "medical advice"), ("الإرشاد النفسي", "counselling"), ("التصميم الإنشائي", "structural design")],
}
GENERIC = [("التطوير المؤسسي", "organizational development"), ("تحسين العمليات", "process improvement"), ("قياس الأثر", "impact measurement")]
OPPORTUNITY_TITLES = [
    ("إعداد {s} للجمعية", "Prepare the association's {s}"),
    ("مراجعة {s} وتقديم توصيات", "Review the {s} and recommend improvements"),
    ("تدريب فريق الجمعية على {s}", "Train the team in {s}"),
    ("استشارة في {s}", "Advice on {s}"),
    ("بناء نظام {s}", "Build a {s} system"),
]
CITY_WEIGHTS = {"riyadh": 30, "jeddah": 16, "makkah": 8, "madinah": 6, "dammam": 7, "khobar": 4, "taif": 3, "abha": 3, "tabuk": 2, "buraidah": 3, "hail": 2, "jazan": 2, "najran": 1}


def _tail(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (rank + 1) ** skew for rank in range(n)]


class Generator:
    def __init__(self, *, volunteers: int, opportunities: int, seed: int, out=print):
        self.n_volunteers = volunteers
        self.n_opportunities = opportunities
        self.random = random.Random(seed)
        self.out = out
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=__import__("datetime").timezone.utc)

    # --- helpers ------------------------------------------------------------------------------
    def step(self, label: str):
        generator = self

        class _Timer:
            def __enter__(self):
                self.start = time.monotonic()

            def __exit__(self, *exc):
                generator.out(f"  {label}: {time.monotonic() - self.start:.1f} s")

        return _Timer()

    def sql(self, statement: str, params=None) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(statement, params or [])

    # --- reference data ---------------------------------------------------------------------------
    def load_reference(self) -> None:
        from khibra.accounts.models import PolicyKind
        from khibra.accounts.selectors import current_policy
        from khibra.reference.models import City, Field, Language, Profession

        self.fields = list(Field.objects.order_by("pk").values_list("pk", "name_ar", "name_en"))
        self.field_ids = [pk for pk, *_ in self.fields]
        self.field_names = {pk: (ar, en) for pk, ar, en in self.fields}
        self.professions = list(Profession.objects.order_by("pk").values_list("pk", "name_ar", "name_en", "field_id"))
        cities = list(City.objects.order_by("pk").values_list("pk", "code"))
        self.city_ids = [pk for pk, _code in cities]
        self.city_weights = [CITY_WEIGHTS.get(code, 1) for _pk, code in cities]
        self.languages = dict(Language.objects.values_list("code", "pk"))
        charter = current_policy(PolicyKind.CHARTER)
        if charter is None:
            raise SystemExit("No charter policy: run the migrations first.")
        self.charter_id = charter.pk
        self.profession_weights = _tail(len(self.professions), 0.9)
        self.random.shuffle(self.profession_weights)
        self.field_weights = _tail(len(self.field_ids), 1.0)

    # --- templates: the finite set of texts, with what the services derive from them ---------------
    def build_templates(self) -> None:
        from khibra.matching.selectors import term_weights
        from khibra.opportunities.search import build_document

        self.volunteer_templates = []  # (profession index, specialty_ar, specialty_en, headline, specialty, language)
        self.volunteer_terms: list[dict[str, int]] = []
        for index, (_pk, name_ar, name_en, field_id) in enumerate(self.professions):
            for spec_ar, spec_en in SPECIALTIES.get(field_id, GENERIC):
                for language in ("ar", "en"):
                    if language == "ar":
                        headline, specialty = f"{name_ar} متخصص في {spec_ar}", spec_ar
                    else:
                        headline, specialty = f"{name_en} specialised in {spec_en}", spec_en
                    self.volunteer_templates.append((index, headline, specialty, language))
                    self.volunteer_terms.append(term_weights([headline, specialty, name_ar, name_en]))
        self.opportunity_templates = []  # (profession index, title, requirements, description, language)
        self.opportunity_terms: list[dict[str, int]] = []
        self.opportunity_documents = []
        for index, (_pk, name_ar, name_en, field_id) in enumerate(self.professions):
            for spec_ar, spec_en in SPECIALTIES.get(field_id, GENERIC):
                for title_ar, title_en in OPPORTUNITY_TITLES:
                    for language in ("ar", "en"):
                        if language == "ar":
                            title = title_ar.format(s=spec_ar)
                            requirements = f"خبرة في {spec_ar}، ويفضل {name_ar}"
                            description = f"تحتاج الجمعية إلى {name_ar} لدعم برامجها في {spec_ar} وتسليم مخرجات واضحة خلال المدة."
                        else:
                            title = title_en.format(s=spec_en)
                            requirements = f"Experience in {spec_en}; a {name_en} preferred"
                            description = f"The association needs a {name_en} to support its work on {spec_en} with clear deliverables."
                        self.opportunity_templates.append((index, title, requirements, description, language))
                        self.opportunity_terms.append(term_weights([title, requirements, name_ar, name_en]))
                        field_names = self.field_names.get(field_id, ("", ""))
                        self.opportunity_documents.append(
                            build_document(title=title, description=description, requirements=requirements, field_names=field_names)
                        )
        self.out(f"  {len(self.volunteer_templates)} volunteer and {len(self.opportunity_templates)} opportunity text templates")

    def _template_table(self, name: str, terms: list[dict[str, int]]) -> None:
        from django.db import connection

        self.sql(f"DROP TABLE IF EXISTS {name}")
        self.sql(f"CREATE UNLOGGED TABLE {name} (template integer, key varchar(100), weight smallint)")
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {name} (template, key, weight) FROM STDIN") as copy:
            for index, weights in enumerate(terms):
                for key, weight in weights.items():
                    copy.write_row((index, key, weight))
        self.sql(f"CREATE INDEX ON {name} (template)")

    # --- organizations ------------------------------------------------------------------------------
    def organizations(self) -> None:
        from bench.copy import copy_rows, max_id, set_sequence
        from khibra.accounts.models import User
        from khibra.organizations.models import Membership, Organization
        from khibra.programs.models import Program

        count = max(self.n_opportunities // 50, 10)
        first_org = max_id(Organization) + 1
        first_user = max_id(User) + 1
        rand = self.random
        self.org_ids = list(range(first_org, first_org + count))
        self.org_cities = {pk: rand.choices(self.city_ids, self.city_weights)[0] for pk in self.org_ids}
        copy_rows(
            Organization,
            ["id", "name_ar", "name_en", "kind", "slug", "registration_number", "city_id", "contact_email", "verification_status", "verified_at"],
            (
                (pk, f"جمعية {rand.choice(FAMILY_AR)} الخيرية {pk}", f"Charity {pk}", "nonprofit", f"bench-org-{pk}", f"B{pk}",
                 self.org_cities[pk], f"org{pk}@bench.khibra.example", "verified" if n % 20 else "pending", self.now)
                for n, pk in enumerate(self.org_ids)
            ),
        )
        # One admin per organization: the dashboard benchmark signs in as them.
        copy_rows(
            User,
            ["id", "email", "password", "full_name", "preferred_language", "is_active", "date_joined"],
            ((first_user + n, f"admin{pk}@bench.khibra.example", "!", f"{rand.choice(FIRST_AR)} {rand.choice(FAMILY_AR)}", "ar", True, self.now)
             for n, pk in enumerate(self.org_ids)),
        )
        copy_rows(
            Membership,
            ["user_id", "organization_id", "role", "is_active"],
            ((first_user + n, pk, "admin", True) for n, pk in enumerate(self.org_ids)),
        )
        first_program = max_id(Program) + 1
        self.program_of = {pk: first_program + n for n, pk in enumerate(self.org_ids)}
        self.admin_of = {pk: first_user + n for n, pk in enumerate(self.org_ids)}
        copy_rows(
            Program,
            ["id", "organization_id", "name", "goal", "starts_on", "ends_on"],
            ((self.program_of[pk], pk, "برنامج التطوع المهني", "تمكين الجمعية بخبرات مهنية", date(2025, 1, 1), date(2027, 12, 31)) for pk in self.org_ids),
        )
        for model in (Organization, User, Program):
            set_sequence(model)
        self.out(f"  {count} organizations with an admin and a program")

    # --- volunteers ----------------------------------------------------------------------------------
    def volunteers(self) -> None:
        from django.db import connection

        from bench.copy import copy_rows, max_id, set_sequence
        from khibra.accounts.models import PolicyAcceptance, User
        from khibra.matching.models import AlertPreference, VolunteerTerm
        from khibra.volunteers.models import VolunteerProfile

        rand = self.random
        n = self.n_volunteers
        first_user = max_id(User) + 1
        first_profile = max_id(VolunteerProfile) + 1
        self.volunteer_ids = range(first_profile, first_profile + n)
        templates_by_profession: dict[int, list[int]] = {}
        for t_index, (p_index, _h, _s, _language) in enumerate(self.volunteer_templates):
            templates_by_profession.setdefault(p_index, []).append(t_index)
        profession_choice = rand.choices(range(len(self.professions)), self.profession_weights, k=n)
        cities = rand.choices(self.city_ids, self.city_weights, k=n)
        template_of = []
        english = []
        for i in range(n):
            options = templates_by_profession[profession_choice[i]]
            is_english = rand.random() < 0.2
            english.append(is_english)
            template_of.append(options[(rand.randrange(len(options) // 2)) * 2 + (1 if is_english else 0)])
        self.profile_template = template_of

        with self.step("users"):
            copy_rows(
                User,
                ["id", "email", "password", "full_name", "preferred_language", "is_active", "date_joined", "last_login"],
                (
                    (first_user + i, f"v{first_user + i}@bench.khibra.example", "!",
                     f"{rand.choice(FIRST_EN)} {rand.choice(FAMILY_EN)}" if english[i] else f"{rand.choice(FIRST_AR)} {rand.choice(FAMILY_AR)}",
                     "en" if english[i] else "ar", rand.random() > 0.01, self.now - timedelta(days=rand.randrange(900)),
                     self.now - timedelta(days=rand.randrange(400)))
                    for i in range(n)
                ),
            )
        with self.step("profiles"):
            def profile_rows():
                for i in range(n):
                    t_index = template_of[i]
                    p_index, headline, specialty, _language = self.volunteer_templates[t_index]
                    years = min(int(rand.expovariate(1 / 7)), 40)
                    hours = max(1, min(int(rand.gauss(6, 4)), 40))
                    level = "professional" if years >= 5 else rand.choice(["skilled", "general"])
                    verified = rand.random() < 0.3
                    yield (
                        first_profile + i, first_user + i, cities[i], rand.choice(["male", "female", ""]),
                        date(1960, 1, 1) + timedelta(days=rand.randrange(16000)), headline, specialty,
                        self.professions[p_index][0], years, hours, rand.randrange(128) if rand.random() < 0.7 else 0,
                        rand.randrange(8) if rand.random() < 0.6 else 0,
                        rand.choices(["remote", "both", "in_person"], [40, 45, 15])[0], level,
                        "verified" if verified else "unverified", f"1{first_profile + i:09d}" if verified else "",
                    )

            copy_rows(
                VolunteerProfile,
                ["id", "user_id", "city_id", "gender", "birth_date", "headline", "specialty", "profession_id", "years_of_experience",
                 "hours_per_week", "available_days", "available_times", "work_mode", "level", "identity_status", "national_id"],
                profile_rows(),
            )
        with self.step("fields, languages and work cities"):
            FieldLink = VolunteerProfile.fields.through
            own_field = [self.professions[p][3] for p in profession_choice]

            def field_rows():
                for i, pk in enumerate(self.volunteer_ids):
                    chosen = {own_field[i]}
                    for _extra in range(rand.choices([0, 1, 2], [50, 35, 15])[0]):
                        chosen.add(rand.choices(self.field_ids, self.field_weights)[0])
                    for field_id in chosen:
                        yield (pk, field_id)

            copy_rows(FieldLink, ["volunteerprofile_id", "field_id"], field_rows())
            LanguageLink = VolunteerProfile.languages.through
            ar, en = self.languages["ar"], self.languages["en"]

            def language_rows():
                for i, pk in enumerate(self.volunteer_ids):
                    if not english[i] or rand.random() < 0.5:
                        yield (pk, ar)
                    if english[i] or rand.random() < 0.4:
                        yield (pk, en)

            copy_rows(LanguageLink, ["volunteerprofile_id", "language_id"], language_rows())
            CityLink = VolunteerProfile.work_cities.through
            copy_rows(
                CityLink, ["volunteerprofile_id", "city_id"],
                ((pk, rand.choices(self.city_ids, self.city_weights)[0]) for pk in self.volunteer_ids if rand.random() < 0.2),
            )
        with self.step("charter acceptances and alert preferences"):
            copy_rows(
                PolicyAcceptance, ["user_id", "policy_id", "accepted_at"],
                ((first_user + i, self.charter_id, self.now) for i in range(n) if rand.random() < 0.92),
            )
            copy_rows(
                AlertPreference, ["volunteer_id", "frequency", "token", "nature"],
                ((pk, rand.choices(["immediate", "daily", "weekly", "off"], [30, 50, 15, 5])[0], f"b{pk}x{rand.getrandbits(64):x}", "")
                 for pk in self.volunteer_ids if rand.random() < 0.25),
            )
        with self.step("match terms (joined from the templates)"):
            self._template_table("bench_volunteer_terms", self.volunteer_terms)
            self.sql("DROP TABLE IF EXISTS bench_profile_template")
            self.sql("CREATE UNLOGGED TABLE bench_profile_template (profile_id integer, template integer)")
            with connection.cursor() as cursor, cursor.cursor.copy("COPY bench_profile_template FROM STDIN") as copy:
                for i, pk in enumerate(self.volunteer_ids):
                    copy.write_row((pk, template_of[i]))
            table = VolunteerTerm._meta.db_table
            # In profile order, as the service writes them (a profile's terms together when it is
            # saved): a hash join's order would scatter each profile's terms over many pages.
            self.sql(
                f"INSERT INTO {table} (profile_id, key, weight) SELECT p.profile_id, t.key, t.weight "
                "FROM bench_profile_template p JOIN bench_volunteer_terms t ON t.template = p.template "
                "ORDER BY p.profile_id"
            )
        for model in (User, VolunteerProfile):
            set_sequence(model)
        self.first_volunteer_user = first_user

    # --- opportunities --------------------------------------------------------------------------------
    def opportunities(self) -> None:
        from django.db import connection

        from bench.copy import copy_rows, max_id, set_sequence
        from khibra.matching.models import OpportunityTerm
        from khibra.opportunities.models import Opportunity, OpportunitySearchDocument

        rand = self.random
        n = self.n_opportunities
        first = max_id(Opportunity) + 1
        self.opportunity_ids = range(first, first + n)
        templates = [rand.randrange(len(self.opportunity_templates)) for _ in range(n)]
        # English-language templates are the odd ones; keep four in five in Arabic.
        templates = [t - 1 if t % 2 and rand.random() < 0.75 else t for t in templates]
        self.opportunity_template = templates
        self.opportunity_status = []
        self.opportunity_org = []

        def rows():
            for i in range(n):
                p_index, title, requirements, description, language = self.opportunity_templates[templates[i]]
                org = rand.choice(self.org_ids)
                self.opportunity_org.append(org)
                status = rand.choices(["published", "completed", "closed", "draft"], [60, 20, 8, 12])[0]
                self.opportunity_status.append(status)
                nature = rand.choices(["remote", "in_person", "both"], [60, 25, 15])[0]
                city = None if nature == "remote" else (self.org_cities[org] if rand.random() < 0.8 else rand.choice(self.city_ids))
                english = language == "en" or rand.random() < 0.15
                published = self.now - timedelta(days=rand.randrange(700), minutes=rand.randrange(1440)) if status != "draft" else None
                yield (
                    first + i, org, self.program_of[org], status, title, description, requirements,
                    rand.choice([0, 0, 1, 2, 3, 5, 7, 10]), nature, city, rand.choice([1, 1, 1, 2, 3]),
                    Decimal(rand.choice([2, 3, 4, 5, 6, 8, 10])), rand.choice([3, 7, 14, 30, 60, 90]), english,
                    "مشرف الجمعية" if english else "", published, "professional",
                )

        with self.step("opportunities"):
            copy_rows(
                Opportunity,
                ["id", "organization_id", "program_id", "status", "title", "description", "requirements",
                 "min_years_experience", "nature", "city_id", "seats", "hours_per_week", "duration_days", "english_allowed",
                 "english_supervisor", "published_at", "level"],
                rows(),
            )
            set_sequence(Opportunity)
        with self.step("fields and professions of opportunities"):
            FieldLink = Opportunity.fields.through
            ProfessionLink = Opportunity.required_professions.through

            def field_rows():
                for i, pk in enumerate(self.opportunity_ids):
                    own = self.professions[self.opportunity_templates[templates[i]][0]][3]
                    chosen = {own}
                    if rand.random() < 0.3:
                        chosen.add(rand.choices(self.field_ids, self.field_weights)[0])
                    for field_id in chosen:
                        yield (pk, field_id)

            copy_rows(FieldLink, ["opportunity_id", "field_id"], field_rows())
            copy_rows(
                ProfessionLink, ["opportunity_id", "profession_id"],
                ((pk, self.professions[self.opportunity_templates[templates[i]][0]][0])
                 for i, pk in enumerate(self.opportunity_ids) if rand.random() < 0.5),
            )
        with self.step("search documents and match terms"):
            copy_rows(
                OpportunitySearchDocument, ["opportunity_id", "title", "qualifications", "details"],
                ((pk, d.title, d.qualifications, d.details) for pk, d in
                 ((pk, self.opportunity_documents[templates[i]]) for i, pk in enumerate(self.opportunity_ids))),
            )
            self._template_table("bench_opportunity_terms", self.opportunity_terms)
            self.sql("DROP TABLE IF EXISTS bench_opportunity_template")
            self.sql("CREATE UNLOGGED TABLE bench_opportunity_template (opportunity_id integer, template integer)")
            with connection.cursor() as cursor, cursor.cursor.copy("COPY bench_opportunity_template FROM STDIN") as copy:
                for i, pk in enumerate(self.opportunity_ids):
                    copy.write_row((pk, templates[i]))
            self.sql(
                f"INSERT INTO {OpportunityTerm._meta.db_table} (opportunity_id, key, weight) SELECT o.opportunity_id, t.key, t.weight "
                "FROM bench_opportunity_template o JOIN bench_opportunity_terms t ON t.template = o.template "
                "ORDER BY o.opportunity_id"
            )

    # --- applications, engagements, hours ---------------------------------------------------------------
    def activity(self) -> None:
        from bench.copy import copy_rows, max_id, set_sequence
        from khibra.engagements.models import Engagement
        from khibra.hours.models import HourEntry
        from khibra.opportunities.models import Opportunity
        from khibra.recruitment.models import Application

        rand = self.random
        volunteers = self.volunteer_ids
        share = max(len(volunteers) // 4, 1)  # a quarter of the volunteers have applied somewhere
        first_app = max_id(Application) + 1
        first_eng = max_id(Engagement) + 1
        applications, engagements, hours = [], [], []
        filled: dict[int, int] = {}
        seen: set[tuple[int, int]] = set()
        candidates = [i for i, status in enumerate(self.opportunity_status) if status != "draft"]
        for _n in range(int(share * 1.2)):
            i = rand.choice(candidates)
            opportunity = self.opportunity_ids[i]
            volunteer = volunteers[rand.randrange(len(volunteers))]
            if (opportunity, volunteer) in seen:
                continue
            seen.add((opportunity, volunteer))
            status = self.opportunity_status[i]
            choice = rand.choices(["accepted", "rejected", "applied", "withdrawn", "screening"], [25, 35, 25, 10, 5])[0]
            if status != "published" and choice in ("applied", "screening"):
                choice = "rejected"
            application_id = first_app + len(applications)
            created = self.now - timedelta(days=rand.randrange(600))
            applications.append((application_id, opportunity, volunteer, choice, "أرغب في المساهمة بخبرتي", "skills" if choice == "rejected" else "", created))
            if choice == "accepted" and filled.get(opportunity, 0) < 1:
                filled[opportunity] = filled.get(opportunity, 0) + 1
                engagement_id = first_eng + len(engagements)
                done = status in ("completed", "closed")
                started = created.date() + timedelta(days=3)
                engagements.append((engagement_id, opportunity, volunteer, application_id, "completed" if done else "active", started, started + timedelta(days=30) if done else None))
                org = self.opportunity_org[i]
                field_id = self.professions[self.opportunity_templates[self.opportunity_template[i]][0]][3]
                user_id = self.first_volunteer_user + (volunteer - volunteers[0])
                for week in range(rand.randrange(1, 9)):
                    approved = done or week < 3
                    hours.append((engagement_id, started + timedelta(days=7 * week), Decimal(rand.choice([2, 3, 4, 5])), "approved" if approved else "submitted",
                                  user_id, volunteer, opportunity, org, "professional", field_id, self.org_cities[org], self.program_of[org],
                                  self.admin_of[org] if approved else None, self.now if approved else None))
        with self.step(f"{len(applications)} applications"):
            copy_rows(Application, ["id", "opportunity_id", "volunteer_id", "status", "motivation", "pass_reason", "created_at"], applications)
            set_sequence(Application)
        with self.step(f"{len(engagements)} engagements"):
            copy_rows(Engagement, ["id", "opportunity_id", "volunteer_id", "application_id", "status", "started_on", "ended_on"], engagements)
            set_sequence(Engagement)
            self.sql(
                f"UPDATE {Opportunity._meta.db_table} o SET seats_filled = LEAST(o.seats, e.n) FROM "
                f"(SELECT opportunity_id, COUNT(*) n FROM {Engagement._meta.db_table} GROUP BY opportunity_id) e WHERE e.opportunity_id = o.id"
            )
        with self.step(f"{len(hours)} hour entries"):
            copy_rows(
                HourEntry,
                ["engagement_id", "date", "hours", "status", "submitted_by_id", "volunteer_id", "opportunity_id", "organization_id",
                 "level", "field_id", "city_id", "program_id", "reviewed_by_id", "reviewed_at"],
                hours,
            )

    def finish(self) -> None:
        for table in ("bench_volunteer_terms", "bench_opportunity_terms", "bench_profile_template", "bench_opportunity_template"):
            self.sql(f"DROP TABLE IF EXISTS {table}")
        with self.step("VACUUM ANALYZE"):
            from django.db import connection

            connection.ensure_connection()
            autocommit = connection.get_autocommit()
            connection.set_autocommit(True)
            self.sql("VACUUM ANALYZE")
            connection.set_autocommit(autocommit)
        tune_database()

    def run(self) -> None:
        from django.db import transaction

        started = time.monotonic()
        self.load_reference()
        self.build_templates()
        with transaction.atomic():
            self.organizations()
            self.volunteers()
            self.opportunities()
            self.activity()
        self.after_load()
        self.finish()
        self.out(f"bench data loaded in {time.monotonic() - started:.0f} s")

    def after_load(self) -> None:
        """Derived columns the services keep in step, recomputed set-based for the whole table."""
        from khibra.matching import index

        if hasattr(index, "rebuild_match_index"):
            with self.step("matching index"):
                index.rebuild_match_index()


# The planner settings docs/scaling.md recommends for a server whose data sits on SSD and in
# memory; the default random_page_cost (4, for spinning disks) makes PostgreSQL prefer reading a
# whole table to following the search index.
PLANNER_SETTINGS = {"random_page_cost": "1.1", "work_mem": "'16MB'"}


def tune_database() -> None:
    """Give the bench database the recommended planner settings (for the sessions that follow)."""
    from django.db import connection

    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        for setting, value in PLANNER_SETTINGS.items():
            cursor.execute(f"ALTER DATABASE {name} SET {setting} = {value}")
    connection.close()


def has_data() -> bool:
    """True when the database of DATABASE_URL already holds a bench data set."""
    _setup()
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM accounts_user WHERE email LIKE %s LIMIT 1", ["%@bench.khibra.example"])
            return cursor.fetchone() is not None
    except DatabaseError:
        return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=1_000_000)
    parser.add_argument("--opportunities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2030)
    options = parser.parse_args(argv)
    _setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench data needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    from khibra.volunteers.models import VolunteerProfile

    if VolunteerProfile.objects.filter(user__email__endswith="@bench.khibra.example").exists():
        print("This database already holds bench data; use a fresh database.", file=sys.stderr)
        return 2
    print(f"Loading {options.volunteers:,} volunteers and {options.opportunities:,} opportunities into {connection.settings_dict['NAME']}")
    Generator(volunteers=options.volunteers, opportunities=options.opportunities, seed=options.seed).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
