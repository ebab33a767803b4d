"""Print the current one-time code of a demo user, for a newcomer without an authenticator app.

Refuses with DEBUG off: on a live system nobody but the user may make their codes.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casework.models import User
from casework.second_factor import demo, services


class Command(BaseCommand):
    help = "Print the current one-time code of a demo user (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="head")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code works only with DEBUG on: codes are for the demo.")
        user = User.objects.filter(username=username).first()
        device = services.authenticator(user) if user else None
        if device is None:
            raise CommandError(f"{username} has no authenticator set up (run seed_demo first).")
        self.stdout.write(demo.current_code(services.base32_secret(device)))
