"""Load the Arabic demo world: verified non-profits and providers, their staff, 40+ volunteers.

Safe to run any number of times: what exists is skipped. Every demo account shares one password,
printed at the end with the table of logins.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from khibra.demo import data, loader


class Command(BaseCommand):
    help = "Load the demo organizations, staff and volunteers (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off. The demo accounts share a published password: never on a real site.",
        )

    def handle(self, *args, quiet: bool, force: bool, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or force):
            raise CommandError(
                "The demo accounts share a published password. Run with DEBUG=1, or pass --force "
                "if this really is a demonstration site."
            )
        report = loader.load(password=data.DEMO_PASSWORD)
        if quiet:
            return
        if report.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo world loaded: {report.users} users, {report.organizations} organizations, "
                    f"{report.memberships} memberships, {report.volunteers} volunteer profiles, "
                    f"{report.programs} programs and {report.opportunities} opportunities created."
                )
            )
        else:
            self.stdout.write("Demo world already loaded: nothing to do.")
        self._print_logins(report)

    def _print_logins(self, report: loader.DemoReport) -> None:
        role_width = max(len(login.role) for login in report.logins)
        email_width = max(len(login.email) for login in report.logins)
        rule = f"+-{'-' * role_width}-+-{'-' * email_width}-+"
        self.stdout.write("")
        self.stdout.write("Demo logins")
        self.stdout.write(rule)
        self.stdout.write(f"| {'Role'.ljust(role_width)} | {'E-mail'.ljust(email_width)} |")
        self.stdout.write(rule)
        for login in report.logins:
            self.stdout.write(f"| {login.role.ljust(role_width)} | {login.email.ljust(email_width)} |")
        self.stdout.write(rule)
        self.stdout.write(f"Password for every demo account: {data.DEMO_PASSWORD}")
        self.stdout.write(
            f"Every other volunteer logs in the same way: <first.last>@{data.DOMAIN} "
            f"({len(data.VOLUNTEERS)} volunteers in khibra/demo/data.py)."
        )
