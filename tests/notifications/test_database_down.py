"""PostgreSQL down fails fast and clean (issue 23, point 2): a real gunicorn reaches the suite's
PostgreSQL through a TCP relay this test cuts and restores (the shared server keeps running).
With the database gone /healthz answers 503 within 2 s with or without a session cookie, a page
answers the styled 503 (never 500) within 3 s, every time for the 20 s it stays down, and
service resumes without a restart."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.notifications.test_outbox import wait_for

ROOT = Path(__file__).resolve().parents[2]
COOKIE = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}  # any cookie: the session is read


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_connector(settings_dict):
    """A function that opens a connection to the suite's PostgreSQL, by TCP or Unix socket."""
    host, port = settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)
    if host.startswith("/"):  # the embedded server of `make test` listens on a socket directory

        def connect():
            sock = socket.socket(socket.AF_UNIX)
            sock.connect(f"{host}/.s.PGSQL.{port}")
            return sock

        return connect
    return lambda: socket.create_connection((host, port))


class Relay:
    """Forwards 127.0.0.1:port to PostgreSQL; `cut` closes the port and every open connection
    (what a stopped server looks like to its clients), `restore` opens it again."""

    def __init__(self, connect):
        self.connect, self.port = connect, _free_port()
        self.sockets, self.listener = [], None

    def restore(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        for sock in [self.listener, *self.sockets]:
            _hang_up(sock)
        self.sockets = []

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = self.connect()
            self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for sock in (src, dst):
            _hang_up(sock)


def _hang_up(sock):
    # shutdown, not only close: a close does not end a connection another thread is reading.
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def get(url, headers=None):
    """(status, headers, body, seconds) of a GET, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    started = time.monotonic()
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            status, head, body = response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        status, head, body = error.code, error.headers, error.read().decode()
    return status, head, body, time.monotonic() - started


@pytest.fixture
def web(transactional_db):
    """gunicorn (one sync worker, as deployed) on the test database, through the relay."""
    settings_dict = connection.settings_dict
    relay = Relay(server_connector(settings_dict))
    relay.restore()
    user, password = quote(settings_dict["USER"] or "", safe=""), quote(settings_dict["PASSWORD"] or "", safe="")
    database_url = f"postgres://{user}:{password}@127.0.0.1:{relay.port}/{settings_dict['NAME']}"
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=database_url, ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base))
        yield base, relay
    finally:
        server.terminate()
        server.wait(10)
        relay.cut()


def _answers(base):
    try:
        get(base + "/healthz")
        return True
    except OSError:
        return False


def test_with_postgresql_down_health_and_pages_answer_503_fast_and_recover(web):
    base, relay = web
    assert get(base + "/", COOKIE)[0] == 302  # up: an unknown session is signed out, to sign-in
    assert '"database": {"ok": true}' in get(base + "/healthz")[2]

    relay.cut()
    for headers in ({}, COOKIE):
        status, _, body, seconds = get(base + "/healthz", headers)
        assert status == 503 and '"database": {"ok": false' in body
        assert seconds < 2, seconds
    status, head, body, seconds = get(base + "/", COOKIE)  # the session read finds no database
    assert status == 503 and head["Retry-After"] and "Sorry, the service is unavailable" in body
    assert "govuk-frontend" in body and seconds < 3, seconds

    # Down for 20 s (issue 23, point 9): every answer stays a fast 503, however many were asked.
    cut_until = time.monotonic() + 20
    while time.monotonic() < cut_until:
        for path, limit in (("/healthz", 2), ("/", 3)):
            status, _, _, seconds = get(base + path, COOKIE)
            assert status == 503 and seconds < limit, (path, status, seconds)
        time.sleep(0.5)

    relay.restore()
    restored_at = time.monotonic()
    assert wait_for(lambda: get(base + "/", COOKIE)[0] == 302, timeout=10), "no recovery without a restart"
    print(f"pages answered again {time.monotonic() - restored_at:.1f} s after PostgreSQL returned")
    assert '"database": {"ok": true}' in get(base + "/healthz", COOKIE)[2]
