"""The scale drill's world, added to the demo world and loadtest/prepare.py's accounts (run against
the drill's primary by bench/drill/run.py).

    python -m bench.drill.prepare world ACCOUNTS.json --fan-out N   personal API tokens for the
        load-test volunteers, an account for the rate-limit check, N volunteers who fit a finance
        opportunity and want alerts at once
    python -m bench.drill.prepare publish                            publishes that opportunity through
        the service (the fan-out task is queued as in production); prints its id and the fitting count
    python -m bench.drill.prepare count SQL                          one number from the primary
"""

import argparse
import json
import os
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khibra.settings")

LIMIT_ACCOUNT = "drill.limits@load.khibra.example"
FAN_OUT_DOMAIN = "fanout.drill.khibra.example"


def world(accounts_path: Path, fan_out: int) -> None:
    from allauth.account.models import EmailAddress
    from django.db import transaction

    from khibra.accounts.models import PolicyAcceptance, User
    from khibra.api.services import issue_token
    from khibra.engagements.models import Engagement
    from khibra.matching.models import AlertPreference
    from khibra.testing.factories import accept_agreement, charter_policy, city, field, language
    from khibra.volunteers.models import VolunteerProfile

    accounts = json.loads(accounts_path.read_text())
    with transaction.atomic():
        for volunteer in accounts["volunteers"]:
            _token, volunteer["token"] = issue_token(user=User.objects.get(email=volunteer["email"]), name="scale drill")
            # The work, and logging hours, opens once the volunteer has accepted the agreement.
            accept_agreement(Engagement.objects.get(pk=volunteer["engagement_id"]))
        limits = User.objects.filter(email=LIMIT_ACCOUNT).first()
        if limits is None:
            probe = User()
            probe.set_password(accounts["password"])
            limits = User.objects.create(email=LIMIT_ACCOUNT, full_name="حساب فحص الحدود", password=probe.password)
            EmailAddress.objects.create(user=limits, email=LIMIT_ACCOUNT, verified=True, primary=True)
        accounts["limit_account"] = LIMIT_ACCOUNT

        charter = charter_policy()
        users = User.objects.bulk_create(
            [User(email=f"v{i}@{FAN_OUT_DOMAIN}", full_name=f"متطوع التمرين {i}", password="!") for i in range(fan_out)]
        )
        profiles = VolunteerProfile.objects.bulk_create(
            [
                VolunteerProfile(user=user, city=city("riyadh"), hours_per_week=10, years_of_experience=5, work_mode="both")
                for user in users
            ]
        )
        finance, arabic = field("finance-accounting"), language("ar")
        VolunteerProfile.fields.through.objects.bulk_create(
            [VolunteerProfile.fields.through(volunteerprofile_id=p.pk, field_id=finance.pk) for p in profiles]
        )
        VolunteerProfile.languages.through.objects.bulk_create(
            [VolunteerProfile.languages.through(volunteerprofile_id=p.pk, language_id=arabic.pk) for p in profiles]
        )
        PolicyAcceptance.objects.bulk_create([PolicyAcceptance(user=user, policy=charter) for user in users])
        AlertPreference.objects.bulk_create([AlertPreference(volunteer=p, frequency="immediate") for p in profiles])
    accounts_path.write_text(json.dumps(accounts, ensure_ascii=False, indent=2))
    print(f"drill world: {len(accounts['volunteers'])} API tokens, {fan_out} volunteers waiting for a finance alert")


def publish() -> None:
    from khibra.matching.alerts import alert_recipients
    from khibra.testing.factories import field, matching_opportunity

    opportunity = matching_opportunity(fields=[field("finance-accounting")], hours_per_week=5)
    print(json.dumps({"opportunity_id": opportunity.pk, "fitting": alert_recipients(opportunity).count()}))


def count(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        print(cursor.fetchone()[0])


def main() -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("world")
    made.add_argument("accounts", type=Path)
    made.add_argument("--fan-out", type=int, default=2000)
    commands.add_parser("publish")
    counted = commands.add_parser("count")
    counted.add_argument("sql")
    options = parser.parse_args()

    import django

    django.setup()
    if options.command == "world":
        world(options.accounts, options.fan_out)
    elif options.command == "publish":
        publish()
    else:
        count(options.sql)
    return 0


if __name__ == "__main__":
    sys.exit(main())
