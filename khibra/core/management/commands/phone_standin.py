"""Run the SMS / WhatsApp stand-in (core.phone_standin) until Ctrl-C."""

import time

from django.core.management.base import BaseCommand

from khibra.core import phone_standin


class Command(BaseCommand):
    help = "Run a local stand-in for the SMS provider and the WhatsApp Cloud API."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8151)
        parser.add_argument("--token", default="standin-token")

    def handle(self, *args, port, token, **options):
        server, service = phone_standin.start(port, token=token)
        self.stdout.write(
            f"SMS: http://127.0.0.1:{port}/sms/messages  WhatsApp: http://127.0.0.1:{port}/v21.0  token: {token}"
        )
        try:
            while True:
                time.sleep(5)
                self.stdout.write(f"{len(service.received)} message(s) received")
        except KeyboardInterrupt:
            server.shutdown()
