"""Reminders, escalations and inactive opportunities (see services/responsiveness.py).

Run it every hour: from cron (`0 * * * * cd /srv/khibra && .venv/bin/python manage.py
recruitment_housekeeping`) or let `manage.py worker` do it (it runs it hourly, registered in RecruitmentConfig.ready()).
Idempotent: running it twice in a row tells nobody twice.
"""

from django.core.management.base import BaseCommand

from khibra.recruitment.services.responsiveness import run_housekeeping


class Command(BaseCommand):
    help = "Remind and escalate unanswered applications; flag and close inactive opportunities."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be done; change nothing.")

    def handle(self, *args, dry_run: bool, **options):
        report = run_housekeeping(dry_run=dry_run)
        prefix = "would have: " if dry_run else ""
        self.stdout.write(
            f"{prefix}reminded {report.reminded}, escalated {report.escalated}, flagged {report.flagged}, "
            f"cleared {report.cleared}, closed {report.closed}"
        )
