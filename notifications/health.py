"""The checks behind GET /healthz: database, broker, and the age of beat's last tick."""

from datetime import timedelta

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError

from .models import BeatHeartbeat
from .services import HEARTBEAT


def check_database() -> dict:
    """SELECT 1 on a pooled connection, waiting HEALTH_CHECK_TIMEOUT_SECONDS at most for one
    (not the requests' pool timeout): with PostgreSQL down the probe answers 503 at once."""
    try:
        _select_one()
    except (DatabaseError, psycopg.Error) as exc:  # unreachable, pool exhausted, refused: all mean "down"
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def _select_one():
    pool = connection.pool
    if pool is None:  # a configuration without the pool (none of ours, but the check still works)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    pool.open()  # no-op once open; the first request of a process may be the probe
    with pool.connection(timeout=settings.HEALTH_CHECK_TIMEOUT_SECONDS) as conn:
        conn.execute("SELECT 1").fetchone()


def check_broker() -> dict:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=settings.HEALTH_CHECK_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1)
    except (OSError, KombuOperationalError) as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def check_beat(database_ok: bool) -> dict:
    if not database_ok:
        return {"ok": False, "error": "database unavailable"}
    tick = BeatHeartbeat.objects.filter(name=HEARTBEAT).values_list("last_tick", flat=True).first()
    if tick is None:
        return {"ok": False, "last_tick": None, "error": "beat has never ticked"}
    age = timezone.now() - tick
    fresh = age <= timedelta(seconds=settings.BEAT_STALE_AFTER_SECONDS)
    result = {"ok": fresh, "last_tick": tick.isoformat(), "age_seconds": int(age.total_seconds())}
    if not fresh:
        result["error"] = "last tick is stale"
    return result


def health() -> tuple[bool, dict]:
    database = check_database()
    report = {
        "database": database,
        "broker": check_broker(),
        "beat": check_beat(database["ok"]),
    }
    healthy = all(part["ok"] for part in report.values())
    return healthy, {"status": "ok" if healthy else "unhealthy", **report}
