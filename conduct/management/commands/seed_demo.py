"""Demo data for `make run`: users for every role, a force of people, and cases in every stage
including both seed scenarios (conduct/cases/demo.py).

Idempotent: running it again updates the same rows. Refuses to run with DEBUG off unless
--force, so it cannot be run against a live system by accident.
"""

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casework import demo as casework_demo
from casework import services
from casework.roles import Role, ensure_role_groups
from conduct.cases import demo

DEMO_USERS = [
    # username, first name, last name, role, staff (may use /admin/)
    ("investigator", "Ivy", "Patel", Role.INVESTIGATOR, False),
    ("investigator2", "Tom", "Okafor", Role.INVESTIGATOR, False),
    ("authority", "Alex", "Morgan", Role.APPROPRIATE_AUTHORITY, False),
    ("head", "Helen", "Cartwright", Role.HEAD_OF_PSD, False),
    ("auditor", "Aaron", "Lewis", Role.AUDITOR, False),
    ("admin", "Adele", "Smith", Role.ADMINISTRATOR, True),
]


class Command(BaseCommand):
    help = "Load demo users (and demo data) for every role. Refuses when DEBUG is off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even though DEBUG is off")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo refuses to run with DEBUG off; pass --force if you mean it.")
        ensure_role_groups()
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        users = {}
        for username, first, last, role, staff in DEMO_USERS:
            users[username] = services.upsert_user(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@psd.police.example",
                role=role,
                is_staff=staff,
                password=password,
            )
        if casework_demo.already_seeded():
            self.stdout.write("Demo people and cases already loaded.")
        else:
            counts = demo.seed(users)
            self.stdout.write(f"Loaded {counts['people']} people and {counts['cases']} cases.")
        self.stdout.write(self.style.SUCCESS(f"Demo users (password for all: {password}):"))
        for username, _first, _last, role, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.label}")
