"""Shared set-up for the benchmarks: Django on a database of their own (never the demo's).

Run from the project root with the services' URLs set, e.g.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/outbox.py
The database named in DATABASE_URL is created if missing and migrated; its data is the
benchmark's to replace.
"""

import os
import platform
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "false")
# The audit logs' hash-chain key (casework.audit): sign-ins write the account log. Bench data only.
os.environ.setdefault("AUDIT_CHAIN_KEY", "bench-only-not-secret")


def ensure_database():
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup():
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def machine() -> str:
    cpus = os.cpu_count()
    memory = ""
    try:
        total_kb = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return f"{platform.machine()} {cpus} CPUs{memory}, Python {platform.python_version()}"


def bench_case(*, username: str, number: str, email: str = ""):
    """A user of the investigator role and an open case with one subject, for a benchmark."""
    from casework.models import Force, Person, PersonType, Team
    from casework.roles import Role
    from casework.services import upsert_user
    from conduct.cases import services as conduct

    user = upsert_user(username=username, role=Role.INVESTIGATOR, password=None, email=f"{username}@psd.example")
    force, _ = Force.objects.get_or_create(
        code="bench",
        defaults={"name": "Bench Constabulary", "is_home": not Force.objects.filter(is_home=True).exists()},
    )
    person, _ = Person.objects.get_or_create(
        force=force,
        number=number,
        defaults={"person_type": PersonType.OFFICER, "first_name": "Bea", "last_name": "Nch", "email": email},
    )
    team, _ = Team.objects.get_or_create(name="Bench team")
    team.members.add(user)
    case = conduct.record_case(
        user=user,
        contact=None,
        subjects=[conduct.SubjectInput(person=person)],
        details={
            "origin": "internal_report",
            "received_on": "2026-11-01",
            "how_received": "email",
            "summary": "Bench",
            "complainant_name": "",
            "sensitivity": "normal",
            "team": team,
            "investigator": user,
        },
    )
    return case, user, person


def start_celery_worker(name: str, env: dict | None = None):
    """A Celery worker process of the project (solo pool, the default queue), for a benchmark that
    needs the real one; the caller terminates it."""
    import subprocess

    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--queues=celery"]
    command += ["--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", name]
    return subprocess.Popen(command, cwd=ROOT, env=env if env is not None else dict(os.environ))
