"""Demo data for `make run`: users for every role (password and second factor), a force of
people, and cases in every stage including both seed scenarios (conduct/cases/demo.py, then
each feature's demo.py).

Idempotent: running it again updates the same rows. Refuses to run with DEBUG off unless
--force, so it cannot be run against a live system by accident.
"""

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from casework import demo as casework_demo
from casework import services
from casework.errors import Refused
from casework.models import Case, Person
from casework.roles import Role, ensure_role_groups
from casework.second_factor import demo as second_factor_demo
from conduct.access_reviews import demo as access_reviews_demo
from conduct.appeals import demo as appeals_demo
from conduct.cases import demo as cases_demo
from conduct.complaints import demo as complaints_demo
from conduct.duty import demo as duty_demo
from conduct.fairness import demo as fairness_demo
from conduct.lists import demo as lists_demo
from conduct.oversight import demo as oversight_demo
from conduct.proceedings import demo as proceedings_demo
from conduct.progress_reports import demo as progress_reports_demo
from conduct.records import demo as records_demo
from conduct.referrals import demo as referrals_demo
from conduct.returns import demo as returns_demo
from conduct.vetting import demo as vetting_demo

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
        try:
            totp_secret = second_factor_demo.enrol(list(users.values()), os.environ.get("DEMO_TOTP_SECRET"))
        except Refused as refused:
            raise CommandError(f"DEMO_TOTP_SECRET: {refused.message}") from None
        if casework_demo.already_seeded():
            self.stdout.write("Demo people and cases already loaded.")
        else:
            seed_scenarios(users)
            refresh_planner_statistics()
            self.stdout.write(f"Loaded {Person.objects.count()} people and {Case.objects.count()} cases.")
        self.stdout.write(self.style.SUCCESS(f"Demo users (password for all: {password}):"))
        for username, _first, _last, role, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.label}")
        self.stdout.write(
            self.style.SUCCESS(f"Second factor for all (TOTP secret, base32): {totp_secret}")
            + f"\n  code now: {second_factor_demo.current_code(totp_secret)} (a new one every 30 seconds;"
            f" `oathtool --totp -b {totp_secret}`, `python3 bin/totp.py {totp_secret}`, or add the secret to"
            " any authenticator app)"
        )


def refresh_planner_statistics() -> None:
    """The tables were empty a moment ago: without fresh statistics PostgreSQL may plan the first
    pages as if they still were, until autovacuum gets round to them (suspected, not proven, of
    making a browser test just after seeding time out once). Only the tables this role may analyse:
    the app's own role owns none (casework/db_roles.py), and there autovacuum does it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = current_schema()"
            " AND (tableowner = current_user OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))"
        )
        tables = [name for (name,) in cursor.fetchall()]
        if tables:
            cursor.execute("ANALYZE " + ", ".join(tables))  # names quoted by format('%I')


@transaction.atomic
def seed_scenarios(users: dict) -> None:
    """Each feature's demo on top of the case scenarios, in one transaction: all or nothing."""
    ctx = cases_demo.seed(users)
    referrals_demo.seed(ctx["group_chat"], users)
    complaints_demo.seed(users)
    proceedings_demo.seed(users)
    appeals_demo.seed(users)
    duty_demo.seed(ctx["group_chat"], users)
    access_reviews_demo.seed(users)
    oversight_demo.seed(ctx, ctx["home_people"])
    progress_reports_demo.seed(ctx, ctx["home_people"])
    records_demo.seed(ctx, ctx["home_people"])
    lists_demo.seed(ctx, ctx["home_people"])
    vetting_demo.seed(users)
    fairness_demo.seed(users)  # after every scenario: everyone they added to the register
    # Last: the Home Office return's two flagged cases, whatever the demos before it recorded.
    returns_demo.seed(users)
