"""The first published versions of the ethics charter and the personal-data consent.

Later versions are added as new Policy rows (in the admin or a migration), never by editing
these: an accepted text must stay exactly as it was accepted.
"""

CHARTER_V1 = {
    "title_ar": "ميثاق أخلاقيات المتطوع المحترف",
    "title_en": "Professional volunteer ethics charter",
    "purpose_ar": "التزامات المتطوع تجاه الجهات والمستفيدين قبل التقدم لأي فرصة.",
    "purpose_en": "What a volunteer commits to towards organizations and beneficiaries before applying anywhere.",
    "body_ar": """أتطوع بخبرتي لأنني أؤمن بأثرها، وألتزم بما يلي:

١. القيم: أعمل بنزاهة واحترام، وأقدّم مصلحة المستفيدين والجهة على مصلحتي الشخصية.

٢. الموثوقية: أفي بما أتعهد به من مهام ومواعيد، وأبلغ الجهة مبكرًا إذا تعذّر عليّ الاستمرار أو تأخرت.

٣. السرية: أحفظ ما أطلع عليه من معلومات الجهة والمستفيدين، ولا أفصح عنه لأي طرف إلا بإذن مكتوب من الجهة، ويستمر التزامي بعد انتهاء الفرصة.

٤. المسؤولية والأمانة: أنجز ما أُكلّف به بعناية، وأحافظ على ما يُسلّم إليّ من أدوات وبيانات، وأعيده عند انتهاء العمل.

٥. التواصل الفعّال: أتواصل بوضوح واحترام مع المشرف وفريق الجهة، وأرجع إلى سياسات الجهة وإجراءاتها ومرجعها المحدد عند أي استفسار.

٦. الجودة: أقدّم عملًا بمستوى ما أقدّمه في عملي المهني، وأتقبّل الملاحظات وأطوّر عملي بناءً عليها.

٧. المهنية وتجنّب تعارض المصالح: لا أستغل تطوعي لمنفعة تجارية أو شخصية، وأفصح للجهة عن أي علاقة أو مصلحة قد تؤثر في حيادي.

٨. المساواة وعدم التمييز: أعامل الجميع بإنصاف، دون تمييز بسبب العرق أو اللون أو الجنس أو العمر أو الجنسية أو الدين أو الإعاقة الجسدية أو الذهنية.""",
    "body_en": """I give my expertise because I believe in what it can achieve, and I commit to the following:

1. Values: I act with integrity and respect, and put the interest of the beneficiaries and the organization before my own.

2. Reliability: I keep the tasks and dates I agree to, and tell the organization early if I fall behind or cannot continue.

3. Confidentiality: I keep what I learn about the organization and its beneficiaries to myself and disclose nothing to anyone without the organization's written permission, also after the opportunity ends.

4. Responsibility and honesty: I do the work entrusted to me with care, look after the tools and data I am given, and return them when the work ends.

5. Effective communication: I communicate clearly and respectfully with my supervisor and the organization's team, and follow the organization's policies, procedures and named point of contact for any question.

6. Quality: I deliver work of the standard I give in my profession, welcome feedback and improve on it.

7. Professionalism and no conflict of interest: I do not use my volunteering for commercial or personal gain, and I tell the organization about any relationship or interest that could affect my impartiality.

8. Equal treatment: I treat everyone fairly, with no discrimination on grounds of race, colour, sex, age, nationality, religion, or physical or mental disability.""",
}

PRIVACY_V1 = {
    "title_ar": "إشعار الخصوصية والموافقة على معالجة البيانات الشخصية",
    "title_en": "Privacy notice and consent to personal data processing",
    "purpose_ar": "إدارة حسابك، ومطابقتك مع الفرص المناسبة، وإصدار سجلات الساعات والشهادات.",
    "purpose_en": "Running your account, matching you with suitable opportunities, and issuing hour records and certificates.",
    "body_ar": """تعالج منصة خبرة بياناتك الشخصية وفق نظام حماية البيانات الشخصية في المملكة العربية السعودية.

ما نجمعه: الاسم، والبريد الإلكتروني، ورقم الجوال، والمدينة، والمؤهلات والخبرات والمهارات، وأوقات التوفر، وما تسجله من ساعات تطوع، وعند التحقق من الهوية: رقم الهوية الوطنية أو الإقامة.

لماذا نجمعه: لإدارة حسابك، ولمطابقتك مع الفرص التي تناسب خبرتك ووقتك، ولتمكين الجهات التي تتقدم إليها من دراسة طلبك، ولإصدار سجلات الساعات والشهادات القابلة للتحقق، ولإعداد إحصاءات مجمّعة عن القطاع لا تكشف هويتك.

من يطّلع عليه: الجهات التي تتقدم إلى فرصها أو تقبلك فيها، وموظفو المنصة المخوّلون عند الحاجة، ويُسجَّل كل اطّلاع من الموظفين على بياناتك. لا نبيع بياناتك ولا نشاركها لأغراض تسويقية.

حقوقك: يحق لك الاطلاع على بياناتك وتنزيل نسخة منها وتصحيحها، وطلب حذف حسابك؛ وعندها تُجهّل بياناتك وتبقى ساعاتك المعتمدة ضمن الأرقام المجمّعة فقط. ويحق لك سحب موافقتك في أي وقت، مع العلم أن ذلك يوقف استخدامك للمنصة.

مدة الاحتفاظ: نحتفظ ببياناتك ما دام حسابك نشطًا، وتُجهّل الحسابات غير النشطة بعد مدة محددة.""",
    "body_en": """Khibra processes your personal data under the Personal Data Protection Law of Saudi Arabia.

What we collect: your name, e-mail, mobile number, city, qualifications, experience and skills, availability, the volunteer hours you log and, when you verify your identity, your national ID or iqama number.

Why: to run your account, to match you with opportunities that fit your expertise and time, to let the organizations you apply to consider you, to issue verifiable hour records and certificates, and to compile sector figures that do not identify you.

Who sees it: the organizations whose opportunities you apply to or join, and authorised platform staff when needed; every look at your data by staff is logged. We do not sell your data or share it for marketing.

Your rights: you may see, download and correct your data and ask for your account to be deleted; your data is then anonymised and your approved hours remain only in aggregate figures. You may withdraw your consent at any time, which ends your use of the platform.

Retention: we keep your data while your account is active; inactive accounts are anonymised after a set period.""",
}


def publish_initial(apps) -> None:
    """Publish version 1 of each policy if missing. Used by the migration and by tests that
    rebuild the database (transactional tests empty every table)."""
    Policy = apps.get_model("accounts", "Policy")
    Policy.objects.get_or_create(kind="charter", version=1, defaults=CHARTER_V1)
    Policy.objects.get_or_create(kind="privacy", version=1, defaults=PRIVACY_V1)
