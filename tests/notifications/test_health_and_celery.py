import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.utils import timezone

from notifications.beat import beat_heartbeat
from notifications.models import BeatHeartbeat
from notifications.services import record_heartbeat

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_is_200_when_database_broker_and_beat_are_up(client):
    record_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["broker"]["ok"] and body["beat"]["ok"]
    assert "SECRET" not in response.content.decode().upper()


@pytest.mark.django_db
def test_healthz_is_503_when_beat_has_never_ticked_or_is_stale(client, settings):
    assert client.get("/healthz").status_code == 503
    BeatHeartbeat.objects.create(
        name="beat", last_tick=timezone.now() - timedelta(seconds=settings.BEAT_STALE_AFTER_SECONDS + 5)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"]["error"] == "last tick is stale"


def _healthz_in_subprocess(**env_overrides):
    """Ask /healthz in a separate process whose settings point at the given services."""
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "testserver",
        "DB_CONNECT_TIMEOUT": "2",
        "DB_POOL_TIMEOUT": "3",
        **env_overrides,
    }
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_healthz_is_503_when_the_database_is_unreachable():
    result = _healthz_in_subprocess(DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    assert result["status"] == 503
    assert result["body"]["database"]["ok"] is False
    assert result["body"]["beat"]["ok"] is False


def _test_database_url():
    from django.db import connection

    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def test_healthz_is_503_when_the_broker_is_unreachable(db):
    result = _healthz_in_subprocess(
        DATABASE_URL=_test_database_url(),
        REDIS_URL="redis://127.0.0.1:1/0",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )
    assert result["status"] == 503
    assert result["body"]["broker"]["ok"] is False


def test_healthz_needs_no_login_and_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
def test_worker_consumes_a_task_from_redis(celery_worker):
    assert not BeatHeartbeat.objects.exists()
    beat_heartbeat.delay()  # through the real Redis broker, consumed by the real worker
    assert _wait_for(lambda: BeatHeartbeat.objects.filter(name="beat").exists())


@pytest.mark.worker
def test_beat_schedules_the_heartbeat_and_the_worker_records_it(celery_worker, tmp_path):
    env = {**os.environ, "BEAT_HEARTBEAT_SECONDS": "1"}
    beat = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel=WARNING",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert _wait_for(lambda: BeatHeartbeat.objects.filter(name="beat").exists(), timeout=45), (
            "beat's heartbeat was never recorded"
        )
        first = BeatHeartbeat.objects.get(name="beat").last_tick
        assert _wait_for(lambda: BeatHeartbeat.objects.get(name="beat").last_tick > first, timeout=20)
    finally:
        beat.terminate()
        beat.wait(10)
