"""Access-log import: time, peak memory and rows per second of importing an access log
of 100,000 and 1,000,000 rows into an access-review exercise, against PostgreSQL's own COPY of
the same file into a plain table on the same machine.

Each import runs in a child process, so its peak resident memory (ru_maxrss) is the import's
own (Django included) and not the generator's: it must stay flat as the file grows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/access_import.py [--sizes 100000,1000000] [--people 5000]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from _setup import ROOT, machine, setup

HEADER = "user_id,name,email,person_number,timestamp,action,record_reference,system\n"
ACTIONS = ("view", "print", "search-hit", "export")


def generate(path: Path, rows: int, people: int = 5000) -> Path:
    """A log of `rows` accesses by `people` accounts, written line by line (constant memory).
    One account in ten gives only an email; the rest a person number."""
    start = datetime(2026, 9, 16, 8, 0)
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(rows):
            who = i % people
            email = f"user{who}@police.example" if who % 10 == 0 else ""
            number = "" if email else f"B{who:06d}"
            at = start + timedelta(seconds=i * 3)
            out.write(
                f"u{who},Person {who},{email},{number},{at:%Y-%m-%dT%H:%M:%S},{ACTIONS[i % 4]},CR-44/12345/26,Niche\n"
            )
    return path


def _ensure_register(people: int):
    """People B000000... on the register, so matching has work to do (idempotent)."""
    from casework.models import Force, Person, PersonType

    # On a generated data set a home force exists already (there can be only one).
    home = not Force.objects.filter(is_home=True).exists()
    force, _ = Force.objects.get_or_create(code="bench", defaults={"name": "Bench Constabulary", "is_home": home})
    have = set(Person.objects.filter(force=force, number__startswith="B").values_list("number", flat=True))
    Person.objects.bulk_create(
        [
            Person(force=force, number=f"B{i:06d}", person_type=PersonType.OFFICER, first_name="P", last_name=str(i))
            for i in range(people)
            if f"B{i:06d}" not in have
        ],
        batch_size=2000,
    )


def _new_exercise(name: str):
    from casework.models import Team
    from casework.roles import Role
    from casework.services import upsert_user
    from conduct.access_reviews import services as access_reviews

    user = upsert_user(username="bench", role=Role.INVESTIGATOR, password=None, email="bench@psd.example")
    team, _ = Team.objects.get_or_create(name="Bench team")
    return access_reviews.create_exercise(
        user=user, data=access_reviews.ExerciseInput(name=name, team=team, record_reference="CR-44/12345/26")
    )


def _child(path: str) -> None:
    """In a fresh process: import the file into a new exercise, print the measurements as JSON."""
    import resource

    setup()
    from conduct.access_reviews import importer as access_import

    exercise = _new_exercise(f"bench {Path(path).name} {time.time_ns()}")
    began = time.perf_counter()
    report = access_import.import_file(exercise, path)
    seconds = time.perf_counter() - began
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": report.rows,
                "added": report.added,
                "accessors": report.accessors,
                "unmatched": report.unmatched,
                "seconds": seconds,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


def time_import(path) -> dict:
    """Import `path` in a child process: rows, seconds, rows per second and peak memory (MB)."""
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    measured["rows_per_second"] = measured["rows"] / measured["seconds"]
    return measured


def time_copy(path) -> dict:
    """PostgreSQL's own COPY of the same file into a plain table (no checks, no hashing, no
    grouping): the floor any import of this file can approach."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_access_log")
        cursor.execute(
            """CREATE UNLOGGED TABLE bench_plain_access_log (user_id text, name text, email text,
               person_number text, accessed_at timestamptz, action text, record_reference text, system text)"""
        )
        began = time.perf_counter()
        with (
            open(path, "rb") as source,
            cursor.cursor.copy("COPY bench_plain_access_log FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - began
        cursor.execute("SELECT count(*) FROM bench_plain_access_log")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_plain_access_log")
    return {"rows": rows, "seconds": seconds, "rows_per_second": rows / seconds}


def import_per_100k(workdir=None) -> dict:
    """One measurement for a regular run: a 100,000-row import (time, peak memory, rows/s)."""
    setup()
    _ensure_register(5000)
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        path = generate(Path(folder) / "access-100k.csv", 100_000)
        return time_import(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    setup()
    _ensure_register(args.people)
    print(f"Machine: {machine()}")
    print("| rows | import | rows/s | peak memory | COPY into a plain table | COPY rows/s |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = generate(Path(folder) / f"access-{size}.csv", size, args.people)
            imported = time_import(path)
            copied = time_copy(path)
            print(
                f"| {size:,} | {imported['seconds']:.1f} s | {imported['rows_per_second']:,.0f} | "
                f"{imported['peak_mb']:.0f} MB | {copied['seconds']:.2f} s | {copied['rows_per_second']:,.0f} |",
                flush=True,
            )
            path.unlink()


if __name__ == "__main__":
    main()
