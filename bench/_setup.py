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
