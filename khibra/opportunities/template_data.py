"""Professional opportunity templates the platform starts with (step 2: "start from a template").

Each template is a complete, bilingual opportunity design: copy it, set a start date, adapt it.
A task's `day` is the number of days after the start the task is due; the last one closes the
opportunity. `duration_days` are working days, so they fit inside the period the tasks span.

Loaded by a migration and by `load(apps)`; loading is by `code`, so running it again updates the
wording and adds new templates but never duplicates one or removes those staff added in the admin.
"""

TEMPLATES = [
    {
        "code": "python-website-developer",
        "title_ar": "مطور موقع إلكتروني بلغة بايثون",
        "title_en": "Python website developer",
        "summary_ar": "بناء موقع الجمعية بلغة بايثون خلال شهر تقريبًا، من تقييم الموقع الحالي حتى الإطلاق.",
        "summary_en": "Build the organization's website in Python in about a month, from reviewing the current site to launch.",
        "description_ar": (
            "تحتاج الجمعية إلى موقع إلكتروني يعرّف بها ويخدم المستفيدين والداعمين عبر الإنترنت. "
            "يتولى المتطوع برمجة الموقع بلغة بايثون (جانغو أو ما يماثله) بأقسام واضحة يتصفحها الزائر ويتفاعل معها، "
            "مثل التعريف بالجمعية وبرامجها وطلب الخدمة والتبرع والتواصل، مع لوحة تحكم يحدّث منها الموظفون المحتوى دون مبرمج."
        ),
        "description_en": (
            "The organization needs a website that presents it and serves beneficiaries and donors online. "
            "The volunteer builds the site in Python (Django or similar) with clear sections a visitor can browse "
            "and use, such as about us, programs, service requests, donations and contact, plus an admin area where "
            "staff update the content without a programmer."
        ),
        "deliverables_ar": "موقع إلكتروني مختبَر وجاهز للإطلاق، مع شيفرته المصدرية ودليل مختصر لتحديث المحتوى.",
        "deliverables_en": "A tested website ready to launch, with its source code and a short guide to updating the content.",
        "responsibilities_ar": "اجتماع أسبوعي مع أصحاب المصلحة في الجمعية، وتقرير أسبوعي مختصر بما أُنجز وما يليه.",
        "responsibilities_en": "A weekly meeting with the organization's stakeholders and a short weekly report on progress and next steps.",
        "requirements_ar": "خبرة لا تقل عن ثلاث سنوات في تطوير المواقع بلغة بايثون، ومعرفة بأساسيات أمن المواقع وتهيئتها للجوال.",
        "requirements_en": "At least three years of Python web development, and working knowledge of web security and mobile-friendly design.",
        "tasks": [
            {"day": 3, "title_ar": "الانتهاء من تقييم الموقع الحالي", "title_en": "Finish the review of the current website"},
            {"day": 8, "title_ar": "تسليم تصور أولي للموقع بوظائفه ومحتواه", "title_en": "Deliver a first mock-up of the site, its functions and content"},
            {"day": 18, "title_ar": "تسليم النسخة التجريبية من الموقع", "title_en": "Deliver the beta version of the website"},
            {"day": 24, "title_ar": "تحديث الموقع وفق ملاحظات مجلس الإدارة", "title_en": "Update the site from the board's feedback"},
            {"day": 29, "title_ar": "تسليم الموقع النهائي جاهزًا للإطلاق", "title_en": "Hand over the final site, ready to launch"},
        ],
        "fields": ["digital-infrastructure"],
        "professions": ["web-developer", "software-engineer"],
        "min_years_experience": 3,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "remote",
        "duration_days": 20,
        "hours_per_day": "5",
        "hours_per_week": "25",
        "service_model": "skills_based",
    },
    {
        "code": "strategic-plan",
        "title_ar": "مستشار تخطيط استراتيجي",
        "title_en": "Strategic planning consultant",
        "summary_ar": "فريق من مستشارَين يقود إعداد الخطة الاستراتيجية للجمعية لثلاث سنوات مع مجلس الإدارة والفريق.",
        "summary_en": "A team of two consultants leads the organization's three-year strategic plan with the board and staff.",
        "description_ar": (
            "تستعد الجمعية لدورة استراتيجية جديدة وتحتاج إلى من يقود العمل بمنهجية واضحة: تحليل الوضع الراهن، "
            "وإشراك مجلس الإدارة والموظفين والمستفيدين، وصياغة الرؤية والرسالة والأهداف، ثم تحويلها إلى مؤشرات "
            "وخطة تشغيلية يمكن متابعتها."
        ),
        "description_en": (
            "The organization is starting a new strategic cycle and needs someone to lead it with a clear method: "
            "analyse where it stands, involve the board, staff and beneficiaries, write the vision, mission and goals, "
            "then turn them into indicators and an operational plan that can be followed up."
        ),
        "deliverables_ar": "وثيقة خطة استراتيجية لثلاث سنوات معتمدة من مجلس الإدارة، ومعها مؤشرات الأداء والخطة التشغيلية للسنة الأولى.",
        "deliverables_en": "A three-year strategic plan approved by the board, with its performance indicators and the first year's operational plan.",
        "responsibilities_ar": "تيسير ورش العمل مع المجلس والفريق، واجتماع متابعة كل أسبوعين مع المدير التنفيذي، وتقرير بعد كل مرحلة.",
        "responsibilities_en": "Facilitate workshops with the board and team, meet the executive director every two weeks, report after each phase.",
        "requirements_ar": "خبرة خمس سنوات على الأقل في التخطيط الاستراتيجي أو الاستشارات الإدارية، ويفضَّل من سبق له العمل مع القطاع غير الربحي.",
        "requirements_en": "At least five years in strategic planning or management consulting; experience with non-profits is a plus.",
        "tasks": [
            {"day": 7, "title_ar": "تسليم تحليل الوضع الراهن وأصحاب المصلحة", "title_en": "Deliver the situation and stakeholder analysis"},
            {"day": 21, "title_ar": "عقد ورشة التوجهات مع مجلس الإدارة", "title_en": "Hold the strategic directions workshop with the board"},
            {"day": 35, "title_ar": "تسليم مسودة الرؤية والرسالة والأهداف", "title_en": "Deliver the draft vision, mission and goals"},
            {"day": 49, "title_ar": "تسليم المؤشرات والخطة التشغيلية للسنة الأولى", "title_en": "Deliver the indicators and the first year's operational plan"},
            {"day": 59, "title_ar": "تسليم الخطة النهائية بعد اعتمادها", "title_en": "Hand over the final plan after approval"},
        ],
        "fields": ["strategic-planning", "institutional-building"],
        "professions": ["strategy-consultant", "management-consultant"],
        "min_years_experience": 5,
        "execution_mode": "team",
        "team_size": 2,
        "nature": "both",
        "duration_days": 30,
        "hours_per_day": "3",
        "hours_per_week": "12",
        "service_model": "team_project",
    },
    {
        "code": "marketing-plan",
        "title_ar": "أخصائي تخطيط تسويقي",
        "title_en": "Marketing planner",
        "summary_ar": "إعداد خطة تسويق سنوية للجمعية تحدد الجمهور والرسائل والقنوات والميزانية ومؤشرات القياس.",
        "summary_en": "Write the organization's annual marketing plan: audiences, messages, channels, budget and measures.",
        "description_ar": (
            "تريد الجمعية أن تصل إلى داعمين ومتطوعين ومستفيدين أكثر بجهد منظم بدل المبادرات المتفرقة. "
            "يدرس المتطوع جمهور الجمعية وحضورها الحالي، ويقترح الرسائل والقنوات المناسبة لكل فئة، "
            "ويضع تقويمًا للحملات وميزانية تقديرية وطريقة لقياس النتائج."
        ),
        "description_en": (
            "The organization wants to reach more donors, volunteers and beneficiaries through an organised effort "
            "instead of scattered initiatives. The volunteer studies its audiences and current presence, proposes the "
            "messages and channels for each group, and sets a campaign calendar, an estimated budget and a way to measure results."
        ),
        "deliverables_ar": "خطة تسويق سنوية مكتوبة تتضمن تقويم الحملات والميزانية التقديرية ومؤشرات القياس.",
        "deliverables_en": "A written annual marketing plan with a campaign calendar, an estimated budget and measures of success.",
        "responsibilities_ar": "اجتماع أسبوعي عن بعد مع مسؤول الاتصال في الجمعية، وتقرير أسبوعي مختصر.",
        "responsibilities_en": "A weekly remote meeting with the organization's communications officer and a short weekly report.",
        "requirements_ar": "خبرة ثلاث سنوات على الأقل في التسويق أو التسويق الرقمي، مع نماذج من خطط أو حملات سابقة.",
        "requirements_en": "At least three years in marketing or digital marketing, with examples of earlier plans or campaigns.",
        "tasks": [
            {"day": 5, "title_ar": "تسليم تحليل الجمهور والحضور الحالي", "title_en": "Deliver the audience and current presence analysis"},
            {"day": 12, "title_ar": "تسليم الرسائل والقنوات لكل فئة", "title_en": "Deliver the messages and channels for each audience"},
            {"day": 20, "title_ar": "تسليم تقويم الحملات والميزانية", "title_en": "Deliver the campaign calendar and budget"},
            {"day": 27, "title_ar": "تسليم الخطة النهائية ومؤشرات القياس", "title_en": "Hand over the final plan and its measures"},
        ],
        "fields": ["marketing", "communication-pr-media"],
        "professions": ["marketing-specialist", "digital-marketer"],
        "min_years_experience": 3,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "remote",
        "duration_days": 15,
        "hours_per_day": "3",
        "hours_per_week": "9",
        "service_model": "skills_based",
    },
    {
        "code": "financial-statements-review",
        "title_ar": "مراجع قوائم مالية",
        "title_en": "Financial statements reviewer",
        "summary_ar": "مراجعة القوائم المالية للسنة المنتهية وإجراءات الصرف والقبض، وتقديم توصيات لتحسين الضبط الداخلي.",
        "summary_en": "Review the last year's financial statements and payment procedures, and recommend better internal controls.",
        "description_ar": (
            "تحرص الجمعية على سلامة قوائمها المالية قبل عرضها على الجمعية العمومية والجهات المانحة. "
            "يراجع المتطوع القوائم وسجلات القيود وإجراءات الصرف والقبض، ويحدد الملاحظات ومواطن الخطر، "
            "ويقترح تحسينات عملية على الضبط الداخلي. قد يقدّم هذه الخدمة مكتب محاسبة ضمن خدماته المجانية للقطاع غير الربحي."
        ),
        "description_en": (
            "The organization wants sound financial statements before presenting them to its general assembly and donors. "
            "The volunteer reviews the statements, the journal and the payment and receipt procedures, notes findings and "
            "risks, and proposes practical improvements to internal control. An accounting firm may offer this as part of "
            "its free services to non-profits."
        ),
        "deliverables_ar": "تقرير مراجعة بالملاحظات ودرجة أهميتها، وقائمة توصيات لتحسين الضبط الداخلي مرتبة حسب الأولوية.",
        "deliverables_en": "A review report with findings and their severity, and a prioritised list of internal-control recommendations.",
        "responsibilities_ar": "الحفاظ على سرية البيانات المالية، واجتماع أسبوعي مع المحاسب، وعرض النتائج على لجنة المراجعة.",
        "responsibilities_en": "Keep the financial data confidential, meet the accountant weekly and present the findings to the audit committee.",
        "requirements_ar": "محاسب قانوني (SOCPA أو CPA) أو مراجع داخلي بخبرة خمس سنوات على الأقل.",
        "requirements_en": "A chartered accountant (SOCPA or CPA) or internal auditor with at least five years of experience.",
        "tasks": [
            {"day": 3, "title_ar": "استلام القوائم والسجلات وتحديد نطاق المراجعة", "title_en": "Receive the statements and records and agree the scope"},
            {"day": 10, "title_ar": "تسليم الملاحظات الأولية", "title_en": "Deliver the preliminary findings"},
            {"day": 17, "title_ar": "تسليم مسودة تقرير المراجعة", "title_en": "Deliver the draft review report"},
            {"day": 20, "title_ar": "عرض التقرير النهائي على لجنة المراجعة", "title_en": "Present the final report to the audit committee"},
        ],
        "fields": ["finance-accounting"],
        "professions": ["chartered-accountant", "internal-auditor"],
        "min_years_experience": 5,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "both",
        "duration_days": 10,
        "hours_per_day": "4",
        "hours_per_week": "12",
        "service_model": "free_commercial",
    },
    {
        "code": "legal-contract-review",
        "title_ar": "مستشار قانوني لمراجعة العقود",
        "title_en": "Legal advisor for contract review",
        "summary_ar": "مراجعة عقود الجمعية ونماذجها المتكررة وإعداد نماذج موحدة تحمي حقوقها.",
        "summary_en": "Review the organization's contracts and recurring forms and prepare standard templates that protect it.",
        "description_ar": (
            "تتعامل الجمعية مع عقود إيجار وتوريد وشراكة واتفاقيات تطوع دون مراجعة قانونية منتظمة. "
            "يراجع المتطوع العقود القائمة، ويبيّن المخاطر والبنود الناقصة، ويعد نماذج موحدة للعقود المتكررة "
            "متوافقة مع الأنظمة السعودية ونظام العمل التطوعي."
        ),
        "description_en": (
            "The organization signs lease, supply and partnership contracts and volunteer agreements without regular legal "
            "review. The volunteer reviews the current contracts, points out risks and missing clauses, and prepares standard "
            "templates for recurring contracts in line with Saudi law and the Volunteer Work Law."
        ),
        "deliverables_ar": "مذكرة قانونية بملاحظات كل عقد، وثلاثة نماذج عقود موحدة على الأقل جاهزة للاستخدام.",
        "deliverables_en": "A legal memo with notes on each contract and at least three standard contract templates ready to use.",
        "responsibilities_ar": "الالتزام بسرية الوثائق، والرد على استفسارات الإدارة خلال مدة الفرصة، واجتماع أسبوعي مختصر.",
        "responsibilities_en": "Keep the documents confidential, answer management's questions during the opportunity and join a short weekly meeting.",
        "requirements_ar": "محامٍ مرخص أو مستشار قانوني بخبرة خمس سنوات على الأقل في صياغة العقود ومراجعتها.",
        "requirements_en": "A licensed lawyer or legal advisor with at least five years of drafting and reviewing contracts.",
        "tasks": [
            {"day": 4, "title_ar": "حصر العقود القائمة وتحديد أولويات المراجعة", "title_en": "List the current contracts and set review priorities"},
            {"day": 11, "title_ar": "تسليم المذكرة القانونية بملاحظات العقود", "title_en": "Deliver the legal memo on the contracts"},
            {"day": 18, "title_ar": "تسليم نماذج العقود الموحدة", "title_en": "Deliver the standard contract templates"},
        ],
        "fields": ["legal-affairs"],
        "professions": ["lawyer", "legal-advisor"],
        "min_years_experience": 5,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "remote",
        "duration_days": 8,
        "hours_per_day": "3",
        "hours_per_week": "9",
        "service_model": "free_commercial",
    },
    {
        "code": "hr-policies",
        "title_ar": "أخصائي سياسات الموارد البشرية",
        "title_en": "Human resources policy specialist",
        "summary_ar": "إعداد دليل سياسات وإجراءات الموارد البشرية للجمعية بما يتوافق مع نظام العمل.",
        "summary_en": "Write the organization's HR policies and procedures manual in line with the Labour Law.",
        "description_ar": (
            "نما فريق الجمعية دون سياسات مكتوبة للتوظيف والإجازات والتقييم والتطوير. "
            "يعد المتطوع دليلًا متكاملًا لسياسات الموارد البشرية وإجراءاتها ونماذجها، ويراعي نظام العمل السعودي "
            "وحجم الجمعية وطبيعة عملها، ويدرّب المسؤول عن الموارد البشرية على تطبيقه."
        ),
        "description_en": (
            "The organization's team has grown without written policies on hiring, leave, appraisal and development. "
            "The volunteer writes a complete manual of HR policies, procedures and forms that respects the Saudi Labour Law "
            "and the organization's size and work, and trains the person in charge of HR to apply it."
        ),
        "deliverables_ar": "دليل سياسات وإجراءات الموارد البشرية مع نماذجه، وجلسة تدريبية لتطبيقه.",
        "deliverables_en": "An HR policies and procedures manual with its forms, and a training session on applying it.",
        "responsibilities_ar": "اجتماع أسبوعي مع المدير التنفيذي، وتقرير أسبوعي، ومراجعة المسودات مع الإدارة قبل اعتمادها.",
        "responsibilities_en": "A weekly meeting with the executive director, a weekly report, and reviewing drafts with management before approval.",
        "requirements_ar": "خبرة خمس سنوات على الأقل في الموارد البشرية، ومعرفة جيدة بنظام العمل السعودي.",
        "requirements_en": "At least five years in human resources and good knowledge of the Saudi Labour Law.",
        "tasks": [
            {"day": 7, "title_ar": "تسليم تقييم الممارسات الحالية", "title_en": "Deliver an assessment of current practice"},
            {"day": 21, "title_ar": "تسليم مسودة سياسات التوظيف والإجازات", "title_en": "Deliver the draft hiring and leave policies"},
            {"day": 35, "title_ar": "تسليم مسودة سياسات التقييم والتطوير والنماذج", "title_en": "Deliver the draft appraisal and development policies and forms"},
            {"day": 45, "title_ar": "تسليم الدليل النهائي وعقد الجلسة التدريبية", "title_en": "Hand over the final manual and run the training session"},
        ],
        "fields": ["human-resources", "institutional-building"],
        "professions": ["hr-specialist"],
        "min_years_experience": 5,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "remote",
        "duration_days": 20,
        "hours_per_day": "3",
        "hours_per_week": "9",
        "service_model": "skills_based",
    },
    {
        "code": "fundraising-plan",
        "title_ar": "أخصائي تنمية موارد مالية",
        "title_en": "Fundraising planner",
        "summary_ar": "إعداد خطة لتنمية الموارد وتنويع مصادر الدخل للعام القادم بأهداف مالية واضحة.",
        "summary_en": "Write a plan to grow and diversify the organization's income next year, with clear financial targets.",
        "description_ar": (
            "تعتمد الجمعية على عدد محدود من المانحين وتريد مصادر دخل أوسع وأكثر استدامة. "
            "يحلل المتطوع مصادر الدخل الحالية، ويحدد فرص المنح والشراكات والتبرعات الفردية والاستثمار، "
            "ويضع خطة بأهداف مالية ومسؤوليات وجدول زمني، ويجهّز ملفًا تعريفيًا يُقدَّم للمانحين."
        ),
        "description_en": (
            "The organization depends on a few donors and wants broader, more sustainable income. The volunteer analyses "
            "current income, identifies grants, partnerships, individual giving and investment opportunities, and writes "
            "a plan with financial targets, owners and a timetable, plus a case for support to present to donors."
        ),
        "deliverables_ar": "خطة تنمية موارد للعام القادم بأهداف مالية، وملف تعريفي للمانحين، وقائمة بالجهات المستهدفة.",
        "deliverables_en": "A fundraising plan for next year with financial targets, a donor case for support and a list of target funders.",
        "responsibilities_ar": "اجتماع أسبوعي مع مسؤول تنمية الموارد، وتقرير أسبوعي، وحضور لقاء واحد على الأقل مع مانح محتمل.",
        "responsibilities_en": "A weekly meeting with the fundraising officer, a weekly report, and joining at least one meeting with a prospective donor.",
        "requirements_ar": "خبرة أربع سنوات على الأقل في تنمية الموارد أو تطوير الأعمال، ويفضَّل من له علاقات بالجهات المانحة.",
        "requirements_en": "At least four years in fundraising or business development; links with funders are a plus.",
        "tasks": [
            {"day": 7, "title_ar": "تسليم تحليل مصادر الدخل الحالية", "title_en": "Deliver the analysis of current income"},
            {"day": 18, "title_ar": "تسليم قائمة الفرص والجهات المستهدفة", "title_en": "Deliver the list of opportunities and target funders"},
            {"day": 30, "title_ar": "تسليم مسودة الخطة والأهداف المالية", "title_en": "Deliver the draft plan and financial targets"},
            {"day": 40, "title_ar": "تسليم الخطة النهائية والملف التعريفي", "title_en": "Hand over the final plan and the case for support"},
        ],
        "fields": ["fundraising", "financial-resources"],
        "professions": ["fundraiser", "business-developer"],
        "min_years_experience": 4,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "both",
        "duration_days": 20,
        "hours_per_day": "3",
        "hours_per_week": "9",
        "service_model": "skills_based",
    },
    {
        "code": "data-dashboard",
        "title_ar": "محلل بيانات لبناء لوحة مؤشرات",
        "title_en": "Data analyst for a performance dashboard",
        "summary_ar": "جمع بيانات برامج الجمعية وتنظيمها وبناء لوحة مؤشرات تعرض الأداء والأثر لحظة بلحظة.",
        "summary_en": "Gather and organise the data of the organization's programs and build a dashboard that shows performance and impact.",
        "description_ar": (
            "بيانات المستفيدين والبرامج موزعة على جداول متفرقة، ويصعب على الإدارة رؤية الأداء في مكان واحد. "
            "يوحّد المتطوع مصادر البيانات وينظفها، ويحدد مع الإدارة المؤشرات المهمة، ويبني لوحة مؤشرات تفاعلية "
            "بأداة مناسبة مثل Power BI أو Looker Studio، ويدرب الفريق على تحديثها."
        ),
        "description_en": (
            "Beneficiary and program data sit in scattered spreadsheets, and management cannot see performance in one place. "
            "The volunteer brings the sources together and cleans them, agrees the key indicators with management, builds an "
            "interactive dashboard in a suitable tool such as Power BI or Looker Studio, and trains the team to keep it up to date."
        ),
        "deliverables_ar": "لوحة مؤشرات تعمل على بيانات الجمعية، وقاموس للبيانات والمؤشرات، ودليل تحديث مختصر.",
        "deliverables_en": "A working dashboard on the organization's data, a data and indicator dictionary, and a short update guide.",
        "responsibilities_ar": "الالتزام بسرية بيانات المستفيدين، واجتماع أسبوعي عن بعد، وتقرير أسبوعي.",
        "responsibilities_en": "Keep beneficiary data confidential, join a weekly remote meeting and send a weekly report.",
        "requirements_ar": "خبرة ثلاث سنوات على الأقل في تحليل البيانات وبناء لوحات المؤشرات.",
        "requirements_en": "At least three years of data analysis and dashboard building.",
        "tasks": [
            {"day": 5, "title_ar": "حصر مصادر البيانات والاتفاق على المؤشرات", "title_en": "List the data sources and agree the indicators"},
            {"day": 12, "title_ar": "تسليم البيانات الموحدة بعد تنظيفها", "title_en": "Deliver the combined, cleaned data"},
            {"day": 21, "title_ar": "تسليم النسخة الأولى من لوحة المؤشرات", "title_en": "Deliver the first version of the dashboard"},
            {"day": 28, "title_ar": "تسليم اللوحة النهائية وتدريب الفريق", "title_en": "Hand over the final dashboard and train the team"},
        ],
        "fields": ["data-management", "digital-infrastructure"],
        "professions": ["data-analyst", "data-scientist"],
        "min_years_experience": 3,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "remote",
        "duration_days": 15,
        "hours_per_day": "4",
        "hours_per_week": "12",
        "service_model": "skills_based",
    },
    {
        "code": "brand-identity",
        "title_ar": "مصمم هوية بصرية",
        "title_en": "Brand identity designer",
        "summary_ar": "تصميم هوية بصرية متكاملة للجمعية: الشعار والألوان والخطوط ونماذج التطبيق ودليل الاستخدام.",
        "summary_en": "Design a complete visual identity: logo, colours, typefaces, applied templates and a brand guide.",
        "description_ar": (
            "تستخدم الجمعية شعارًا قديمًا وتصاميم غير متسقة بين منصاتها ومطبوعاتها. "
            "يصمم المتطوع هوية بصرية تعبّر عن رسالة الجمعية، ويطبقها على نماذج الاستخدام الأساسية مثل الخطابات "
            "والعروض ومنشورات التواصل الاجتماعي، ويسلّم دليلًا يضمن اتساقها مستقبلًا."
        ),
        "description_en": (
            "The organization uses an old logo and inconsistent designs across its platforms and print. The volunteer designs "
            "a visual identity that expresses its mission, applies it to the main templates such as letterheads, presentations "
            "and social media posts, and hands over a guide that keeps it consistent."
        ),
        "deliverables_ar": "ملفات الهوية البصرية المفتوحة والمصدّرة، ونماذج التطبيق، ودليل استخدام الهوية.",
        "deliverables_en": "The identity's source and exported files, the applied templates and a brand usage guide.",
        "responsibilities_ar": "عرض المقترحات على الإدارة ومراعاة ملاحظاتها، واجتماع أسبوعي، وتسليم الملفات بصيغ قابلة للتعديل.",
        "responsibilities_en": "Present proposals to management and take its feedback, meet weekly and deliver editable files.",
        "requirements_ar": "خبرة ثلاث سنوات على الأقل في تصميم الهويات البصرية مع معرض أعمال.",
        "requirements_en": "At least three years of brand identity design, with a portfolio.",
        "tasks": [
            {"day": 5, "title_ar": "تسليم ملخص التصميم ولوحة الإلهام", "title_en": "Deliver the design brief and mood board"},
            {"day": 14, "title_ar": "عرض مقترحات الشعار", "title_en": "Present the logo proposals"},
            {"day": 21, "title_ar": "تسليم الهوية المعتمدة ونماذج التطبيق", "title_en": "Deliver the approved identity and applied templates"},
            {"day": 28, "title_ar": "تسليم دليل الهوية والملفات النهائية", "title_en": "Hand over the brand guide and final files"},
        ],
        "fields": ["marketing", "communication-pr-media"],
        "professions": ["graphic-designer"],
        "min_years_experience": 3,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "remote",
        "duration_days": 15,
        "hours_per_day": "4",
        "hours_per_week": "12",
        "service_model": "skills_based",
    },
    {
        "code": "board-member-finance",
        "title_ar": "عضو مجلس إدارة مختص بالمالية",
        "title_en": "Board member with finance expertise",
        "summary_ar": "عضوية في مجلس الإدارة ورئاسة لجنة المراجعة والمالية لمدة سنة.",
        "summary_en": "A seat on the board and the chair of its audit and finance committee for one year.",
        "description_ar": (
            "يفتقر مجلس الإدارة إلى خبرة مالية متخصصة تساعده على الرقابة واتخاذ القرار. "
            "ينضم المتطوع إلى المجلس أو لجنة المراجعة والمالية المرتبطة به، فيراجع الميزانيات والتقارير المالية، "
            "ويتابع توصيات المراجع الخارجي، ويقترح سياسات مالية تعزز الشفافية والاستدامة."
        ),
        "description_en": (
            "The board lacks the financial expertise it needs for oversight and decisions. The volunteer joins the board or its "
            "audit and finance committee, reviews budgets and financial reports, follows up the external auditor's "
            "recommendations and proposes financial policies that strengthen transparency and sustainability."
        ),
        "deliverables_ar": "تقارير ربع سنوية من لجنة المراجعة إلى المجلس، ومراجعة الميزانية السنوية، وتقرير ختامي بالتوصيات.",
        "deliverables_en": "Quarterly reports from the audit committee to the board, a review of the annual budget and a closing report with recommendations.",
        "responsibilities_ar": "حضور اجتماعات المجلس واللجنة، والالتزام بقواعد الإفصاح وتعارض المصالح، ومراجعة المستندات قبل كل اجتماع.",
        "responsibilities_en": "Attend board and committee meetings, follow the disclosure and conflict-of-interest rules, and read the papers before each meeting.",
        "requirements_ar": "خبرة عشر سنوات على الأقل في المالية أو المراجعة، ويفضَّل الحاصل على شهادة مهنية وخبرة سابقة في مجالس الإدارة.",
        "requirements_en": "At least ten years in finance or audit; a professional certificate and earlier board experience are a plus.",
        "tasks": [
            {"day": 30, "title_ar": "إكمال التهيئة ومراجعة السياسات المالية القائمة", "title_en": "Complete the induction and review the current financial policies"},
            {"day": 90, "title_ar": "تقديم التقرير الربع سنوي الأول للمجلس", "title_en": "Present the first quarterly report to the board"},
            {"day": 180, "title_ar": "تسليم مراجعة الميزانية السنوية", "title_en": "Deliver the review of the annual budget"},
            {"day": 364, "title_ar": "تسليم التقرير الختامي والتوصيات", "title_en": "Deliver the closing report and recommendations"},
        ],
        "fields": ["governance", "finance-accounting"],
        "professions": ["chartered-accountant", "financial-analyst", "governance-specialist"],
        "min_years_experience": 10,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "both",
        "duration_days": 24,
        "hours_per_day": "3",
        "hours_per_week": "3",
        "service_model": "board_service",
    },
    {
        "code": "manager-mentoring",
        "title_ar": "موجّه مهني لمدير في الجمعية",
        "title_en": "Mentor for a manager",
        "summary_ar": "توجيه أحد مديري الجمعية لثلاثة أشهر بجلسات منتظمة لتطوير مهاراته القيادية والإدارية.",
        "summary_en": "Mentor one of the organization's managers for three months in regular sessions to grow their leadership.",
        "description_ar": (
            "تولّى أحد موظفي الجمعية منصبًا إداريًا حديثًا ويحتاج إلى من ينقل إليه خبرة عملية. "
            "يلتقي المتطوع بالمدير أسبوعيًا حضوريًا أو عن بعد، ويتفقان على أهداف تطوير واضحة، "
            "ويعمل معه على مواقف حقيقية من عمله في القيادة والتخطيط وإدارة الفريق."
        ),
        "description_en": (
            "A member of staff has recently stepped into a management role and needs someone to pass on practical experience. "
            "The volunteer meets the manager every week, in person or remotely; together they agree clear development goals "
            "and work through real situations in leadership, planning and running a team."
        ),
        "deliverables_ar": "خطة تطوير فردية متفق عليها، وجلسات توجيه منتظمة، وتقرير ختامي بما تحقق من أهداف.",
        "deliverables_en": "An agreed personal development plan, regular mentoring sessions and a closing report on the goals reached.",
        "responsibilities_ar": "جلسة أسبوعية مدتها ساعتان، والحفاظ على سرية ما يدور في الجلسات، ومتابعة التقدم مع مدير التطوع.",
        "responsibilities_en": "A two-hour session every week, confidentiality about what is discussed, and progress check-ins with the volunteer manager.",
        "requirements_ar": "خبرة قيادية عشر سنوات على الأقل، ويفضَّل الحاصل على تأهيل في التوجيه أو الكوتشينج.",
        "requirements_en": "At least ten years of leadership experience; a coaching or mentoring qualification is a plus.",
        "tasks": [
            {"day": 7, "title_ar": "الاتفاق على أهداف التوجيه وخطة التطوير", "title_en": "Agree the mentoring goals and the development plan"},
            {"day": 45, "title_ar": "مراجعة منتصف المدة مع مدير التطوع", "title_en": "Hold the mid-point review with the volunteer manager"},
            {"day": 89, "title_ar": "تسليم التقرير الختامي للتوجيه", "title_en": "Deliver the closing mentoring report"},
        ],
        "fields": ["capacity-building", "administration"],
        "professions": ["management-consultant", "trainer"],
        "min_years_experience": 10,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "both",
        "duration_days": 12,
        "hours_per_day": "2",
        "hours_per_week": "2",
        "service_model": "coaching",
    },
    {
        "code": "hackathon-challenge",
        "title_ar": "عضو فريق تقني في هاكاثون",
        "title_en": "Tech team member for a hackathon challenge",
        "summary_ar": "فريق من أربعة مختصين يبني نموذجًا أوليًا لحل تحدٍّ تقني للجمعية خلال يومين مكثفين.",
        "summary_en": "A team of four specialists builds a working prototype for one of the organization's challenges in two intensive days.",
        "description_ar": (
            "تطرح الجمعية تحديًا محددًا، مثل تسهيل تسجيل المستفيدين أو متابعة توزيع المساعدات. "
            "يعمل فريق من المبرمجين والمصممين يومين متتاليين في مقر الفعالية لفهم المشكلة مع موظفي الجمعية، "
            "ثم تصميم الحل وبناء نموذج أولي يعمل وعرضه على لجنة التحكيم."
        ),
        "description_en": (
            "The organization sets a specific challenge, such as making beneficiary registration easier or tracking aid "
            "distribution. A team of programmers and designers works two days in a row at the event venue: they understand "
            "the problem with the organization's staff, design a solution, build a working prototype and present it to the jury."
        ),
        "deliverables_ar": "نموذج أولي يعمل مع شيفرته المصدرية، وعرض مختصر للحل وخطوات تطويره بعد الفعالية.",
        "deliverables_en": "A working prototype with its source code, and a short presentation of the solution and its next steps.",
        "responsibilities_ar": "الحضور طوال يومي الفعالية، والعمل ضمن الفريق، وتسليم الشيفرة للجمعية بنهاية اليوم الثاني.",
        "responsibilities_en": "Be present for both days, work as part of the team and hand the code to the organization at the end of day two.",
        "requirements_ar": "خبرة سنتين على الأقل في البرمجة أو تصميم تجربة المستخدم، مع القدرة على العمل تحت ضغط الوقت.",
        "requirements_en": "At least two years of programming or UX design, and the ability to work under time pressure.",
        "tasks": [
            {"day": 0, "title_ar": "فهم التحدي مع موظفي الجمعية واعتماد فكرة الحل", "title_en": "Understand the challenge with staff and settle on the solution idea"},
            {"day": 1, "title_ar": "تسليم النموذج الأولي وعرضه على لجنة التحكيم", "title_en": "Deliver the prototype and present it to the jury"},
        ],
        "fields": ["digital-infrastructure", "sustainable-services"],
        "professions": ["software-engineer", "web-developer", "ux-designer"],
        "min_years_experience": 2,
        "execution_mode": "team",
        "team_size": 4,
        "nature": "in_person",
        "duration_days": 2,
        "hours_per_day": "8",
        "hours_per_week": "16",
        "service_model": "hackathon",
    },
    {
        "code": "volunteer-program-setup",
        "title_ar": "مستشار مأسسة العمل التطوعي",
        "title_en": "Volunteer program consultant",
        "summary_ar": "بناء سياسات إدارة المتطوعين وإجراءاتها في الجمعية من الاستقطاب إلى التكريم.",
        "summary_en": "Set up the organization's volunteer management policies and procedures, from recruiting to recognition.",
        "description_ar": (
            "تستقبل الجمعية متطوعين بلا إطار واضح لاستقطابهم وتهيئتهم ومتابعتهم وقياس أثرهم. "
            "يعد المتطوع سياسة التطوع ودورة إدارة المتطوعين بنماذجها، ويقترح مؤشرات لقياس الأداء، "
            "ويدرب المسؤول عن التطوع على تطبيقها."
        ),
        "description_en": (
            "The organization takes in volunteers with no clear framework for recruiting, onboarding, following up and "
            "measuring their impact. The volunteer writes the volunteering policy and the volunteer management cycle with "
            "its forms, proposes performance indicators and trains the person in charge of volunteering to apply them."
        ),
        "deliverables_ar": "سياسة التطوع، ودليل إجراءات إدارة المتطوعين مع نماذجه، ومؤشرات قياس الأداء.",
        "deliverables_en": "A volunteering policy, a volunteer management procedures guide with its forms, and performance indicators.",
        "responsibilities_ar": "اجتماع أسبوعي مع مدير التطوع، وتقرير أسبوعي، وورشة تدريبية في نهاية الفرصة.",
        "responsibilities_en": "A weekly meeting with the volunteer manager, a weekly report and a training workshop at the end.",
        "requirements_ar": "خبرة أربع سنوات على الأقل في إدارة التطوع، ويفضَّل الحاصل على شهادة مهنية في إدارة المتطوعين.",
        "requirements_en": "At least four years of volunteer management; a professional certificate in volunteer management is a plus.",
        "tasks": [
            {"day": 5, "title_ar": "تسليم تقييم واقع التطوع في الجمعية", "title_en": "Deliver an assessment of volunteering at the organization"},
            {"day": 14, "title_ar": "تسليم مسودة سياسة التطوع", "title_en": "Deliver the draft volunteering policy"},
            {"day": 24, "title_ar": "تسليم دليل الإجراءات والنماذج", "title_en": "Deliver the procedures guide and forms"},
            {"day": 30, "title_ar": "تسليم المؤشرات وعقد الورشة التدريبية", "title_en": "Deliver the indicators and run the training workshop"},
        ],
        "fields": ["volunteer-institutionalization", "institutional-building"],
        "professions": ["volunteer-manager"],
        "min_years_experience": 4,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "remote",
        "duration_days": 15,
        "hours_per_day": "3",
        "hours_per_week": "9",
        "service_model": "skills_based",
    },
    {
        "code": "full-time-project-manager",
        "title_ar": "مدير مشروع متفرغ",
        "title_en": "Full-time project manager (secondment)",
        "summary_ar": "مدير مشروع يتفرغ للجمعية ثلاثة أشهر لإطلاق مشروع جديد، بإجازة من جهة عمله أو بإعارة منها.",
        "summary_en": "A project manager works full time at the organization for three months to launch a new project, on leave or seconded.",
        "description_ar": (
            "تطلق الجمعية مشروعًا كبيرًا يحتاج إلى إدارة متفرغة في مرحلة التأسيس. "
            "يتفرغ المتطوع للعمل في مقر الجمعية ثلاثة أشهر، فيضع خطة المشروع وهيكل فريقه ونظام متابعته، "
            "ويقود الإطلاق، ويسلّم الإدارة لموظف من الجمعية بعد تهيئته."
        ),
        "description_en": (
            "The organization is launching a large project that needs full-time management while it is set up. "
            "The volunteer works at the organization's offices for three months, writes the project plan, team structure "
            "and follow-up system, leads the launch, and hands over to a member of staff after preparing them."
        ),
        "deliverables_ar": "خطة مشروع معتمدة، ومشروع منطلق بفريقه ونظام متابعته، وخطة تسليم لموظف الجمعية.",
        "deliverables_en": "An approved project plan, a launched project with its team and follow-up system, and a hand-over plan to staff.",
        "responsibilities_ar": "الدوام الكامل في مقر الجمعية، واجتماع أسبوعي مع الإدارة، وتقرير أسبوعي، وتهيئة الموظف الذي سيتسلم المشروع.",
        "responsibilities_en": "Full-time presence at the offices, a weekly meeting with management, a weekly report, and preparing the staff member who takes over.",
        "requirements_ar": "خبرة سبع سنوات على الأقل في إدارة المشاريع، ويفضَّل الحاصل على شهادة PMP، وموافقة جهة العمل على التفرغ.",
        "requirements_en": "At least seven years of project management, PMP preferred, and the employer's agreement to the leave or secondment.",
        "tasks": [
            {"day": 14, "title_ar": "تسليم خطة المشروع وهيكل الفريق", "title_en": "Deliver the project plan and team structure"},
            {"day": 45, "title_ar": "إطلاق المشروع", "title_en": "Launch the project"},
            {"day": 75, "title_ar": "تسليم أول تقرير أداء للمشروع", "title_en": "Deliver the project's first performance report"},
            {"day": 89, "title_ar": "إتمام التسليم لموظف الجمعية", "title_en": "Complete the hand-over to the staff member"},
        ],
        "fields": ["project-management"],
        "professions": ["project-manager"],
        "min_years_experience": 7,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "in_person",
        "duration_days": 60,
        "hours_per_day": "8",
        "hours_per_week": "40",
        "service_model": "secondment",
    },
    {
        "code": "cybersecurity-assessment",
        "title_ar": "أخصائي أمن سيبراني لتقييم الحماية",
        "title_en": "Cybersecurity assessor",
        "summary_ar": "تقييم حماية أنظمة الجمعية وبياناتها ووضع خطة معالجة مرتبة حسب الخطورة.",
        "summary_en": "Assess how well the organization's systems and data are protected and write a remediation plan by risk.",
        "description_ar": (
            "تحفظ الجمعية بيانات المستفيدين والمتبرعين في أنظمة وحسابات لم تُقيَّم حمايتها. "
            "يراجع المتطوع الحسابات والصلاحيات والنسخ الاحتياطي وإعدادات الأنظمة، ويحدد الثغرات ومخاطرها، "
            "ويضع خطة معالجة عملية، ويقدم توعية مختصرة للموظفين."
        ),
        "description_en": (
            "The organization keeps beneficiary and donor data in systems and accounts whose protection has never been "
            "assessed. The volunteer reviews accounts, permissions, backups and system settings, identifies weaknesses and "
            "their risk, writes a practical remediation plan and gives staff a short awareness session."
        ),
        "deliverables_ar": "تقرير تقييم بالثغرات ودرجة خطورتها، وخطة معالجة مرتبة، وجلسة توعية للموظفين.",
        "deliverables_en": "An assessment report with weaknesses and their severity, a prioritised remediation plan and a staff awareness session.",
        "responsibilities_ar": "الالتزام بسرية ما يطّلع عليه، وعدم إجراء أي اختبار دون إذن مكتوب، واجتماع أسبوعي مع المسؤول التقني.",
        "responsibilities_en": "Keep what is seen confidential, run no test without written permission, and meet the IT lead weekly.",
        "requirements_ar": "خبرة أربع سنوات على الأقل في الأمن السيبراني، ويفضَّل الحاصل على شهادة مهنية معتمدة.",
        "requirements_en": "At least four years in cybersecurity; a recognised professional certificate is a plus.",
        "tasks": [
            {"day": 4, "title_ar": "الاتفاق على نطاق التقييم والحصول على الأذونات", "title_en": "Agree the scope and obtain the permissions"},
            {"day": 10, "title_ar": "تسليم تقرير التقييم", "title_en": "Deliver the assessment report"},
            {"day": 16, "title_ar": "تسليم خطة المعالجة وعقد جلسة التوعية", "title_en": "Deliver the remediation plan and run the awareness session"},
        ],
        "fields": ["digital-infrastructure", "data-management"],
        "professions": ["cybersecurity", "it-infrastructure"],
        "min_years_experience": 4,
        "execution_mode": "individual",
        "team_size": 1,
        "nature": "remote",
        "duration_days": 10,
        "hours_per_day": "3",
        "hours_per_week": "9",
        "service_model": "skills_based",
    },
]

_TEXT = (
    "title_ar", "title_en", "summary_ar", "summary_en", "description_ar", "description_en",
    "deliverables_ar", "deliverables_en", "responsibilities_ar", "responsibilities_en",
    "requirements_ar", "requirements_en",
)
_SETTINGS = (
    "min_years_experience", "execution_mode", "team_size", "nature", "duration_days",
    "hours_per_day", "hours_per_week", "service_model",
)


def load(apps) -> None:
    """Create or update every template by code. Works with historical or real models."""
    from decimal import Decimal

    OpportunityTemplate = apps.get_model("opportunities", "OpportunityTemplate")
    Field = apps.get_model("reference", "Field")
    Profession = apps.get_model("reference", "Profession")

    for order, data in enumerate(TEMPLATES, start=1):
        defaults = {name: data[name] for name in _TEXT}
        defaults.update({name: data[name] for name in _SETTINGS})
        defaults["hours_per_day"] = Decimal(data["hours_per_day"])
        defaults["hours_per_week"] = Decimal(data["hours_per_week"])
        defaults["tasks"] = data["tasks"]
        defaults["sort_order"] = order * 10
        template, _created = OpportunityTemplate.objects.update_or_create(code=data["code"], defaults=defaults)
        template.fields.set(Field.objects.filter(code__in=data["fields"]))
        template.professions.set(Profession.objects.filter(code__in=data["professions"]))
