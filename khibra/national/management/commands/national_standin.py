"""Run the national record stand-in (national.standin) until Ctrl-C."""

import time

from django.core.management.base import BaseCommand

from khibra.national import standin


class Command(BaseCommand):
    help = "Run a local stand-in for the national record of volunteering hours."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8150)
        parser.add_argument("--token", default="standin-token")
        parser.add_argument(
            "--behaviour", default="ok", choices=["ok", "timeout", "error", "nonsense", "record-then-timeout"]
        )

    def handle(self, *args, port, token, behaviour, **options):
        server, service = standin.start(port, token=token)
        service.behaviour = behaviour
        self.stdout.write(f"National record stand-in: http://127.0.0.1:{port}  token: {token}  behaviour: {behaviour}")
        try:
            while True:
                time.sleep(5)
                self.stdout.write(f"{len(service.recorded)} entries recorded, {len(service.deliveries)} received")
        except KeyboardInterrupt:
            server.shutdown()
