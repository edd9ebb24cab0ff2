"""Make the demo world ready for the load test (idempotent): volunteers who may log in, each on an
active engagement to log hours on, and open opportunities with seats to apply to. Writes the
accounts for locust to a JSON file.

Usage: .venv/bin/python loadtest/prepare.py OUT.json [--volunteers N] [--opportunities N]
"""

import argparse
import datetime as dt
import json
import os
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khibra.settings")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--volunteers", type=int, default=60)
    parser.add_argument("--opportunities", type=int, default=20)
    options = parser.parse_args()

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.db import transaction
    from django.utils import timezone

    from khibra.accounts.models import PolicyAcceptance, User
    from khibra.accounts.selectors import current_policy
    from khibra.demo import data
    from khibra.engagements.models import Engagement
    from khibra.matching.index import refresh_opportunity
    from khibra.opportunities import search
    from khibra.opportunities.models import Opportunity
    from khibra.organizations.models import Membership
    from khibra.recruitment.models import Application
    from khibra.reference.models import City, Field, Language
    from khibra.testing.factories import accept_agreement
    from khibra.volunteers.models import VolunteerProfile

    manager = User.objects.get(email="rabee.manager@khibra.example")
    organization = Membership.objects.filter(user=manager).first().organization
    template = Opportunity.objects.filter(organization=organization, status="published").order_by("pk").first()
    titles = ["محاسب قانوني لمراجعة القوائم المالية", "مصمم هوية بصرية للجمعية", "مستشار قانوني للعقود",
              "محلل بيانات للمستفيدين", "مطور موقع إلكتروني", "مختص تسويق رقمي", "مدرب مهارات قيادية"]
    with transaction.atomic():
        open_ids = []
        for n in range(options.opportunities):
            title = f"{titles[n % len(titles)]} ({n + 1})"
            opportunity = Opportunity.objects.filter(organization=organization, title=title).first()
            if opportunity is None:
                fields = list(template.fields.all())
                opportunity = Opportunity.objects.get(pk=template.pk)
                opportunity.pk = None
                opportunity.id = None
                opportunity._state.adding = True
                opportunity.title = title
                opportunity.seats, opportunity.seats_filled = 500, 0
                opportunity.status, opportunity.published_at = "published", timezone.now()
                opportunity.save()
                opportunity.fields.set(fields)
                search.reindex(opportunity)
                refresh_opportunity(opportunity)
            open_ids.append(opportunity.pk)

        probe = User()
        probe.set_password(data.DEMO_PASSWORD)
        password_hash = probe.password
        charter = current_policy("charter")
        riyadh = City.objects.get(code="riyadh")
        field = template.fields.first() or Field.objects.first()
        arabic = Language.objects.get(code="ar")
        volunteers = []
        for n in range(options.volunteers):
            email = f"load{n}@load.khibra.example"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create(email=email, full_name=f"متطوع اختبار الحمل {n}", password=password_hash)
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                profile = VolunteerProfile.objects.create(user=user, city=riyadh, hours_per_week=10, years_of_experience=6,
                                                          headline="محاسب قانوني", phone="0501234567")
                profile.fields.set([field])
                profile.languages.set([arabic])
                if charter is not None:
                    PolicyAcceptance.objects.create(user=user, policy=charter)
                application = Application.objects.create(opportunity=template, volunteer=profile, status="accepted",
                                                         motivation="خبرتي تناسب هذه الفرصة.", decided_at=timezone.now())
                Engagement.objects.create(opportunity=template, volunteer=profile, application=application, status="active",
                                          started_on=timezone.localdate() - dt.timedelta(days=365))
            engagement = Engagement.objects.get(volunteer__user=user, opportunity=template)
            # Logging hours opens once the volunteer has accepted the engagement's agreement.
            accept_agreement(engagement)
            volunteers.append({"email": email, "engagement_id": engagement.pk})
    accounts = {
        "password": data.DEMO_PASSWORD,
        "volunteers": volunteers,
        "managers": [{"email": manager.email, "organization_id": organization.pk, "opportunity_id": template.pk}],
        "opportunities": list(Opportunity.objects.filter(status="published").order_by("pk").values_list("pk", flat=True)),
        "open_opportunities": open_ids,
    }
    options.out.write_text(json.dumps(accounts, ensure_ascii=False, indent=2))
    print(f"load test world: {len(volunteers)} volunteers, {len(open_ids)} open opportunities -> {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
