"""The deadline sweep at scale: time and query count of one tick with D deadlines due among N
open ones, and of an idle tick (nothing due) as N grows. The idle tick must stay near constant:
it reads the partial index on next_action_at and nothing else.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/deadline_sweep.py [--open 100000 --due 2000 --idle 10000,100000,1000000]
"""

import argparse
import time
from datetime import datetime
from datetime import time as dtime

from _setup import bench_case, machine, setup


def prepare_case():
    case, owner, _person = bench_case(username="bench-owner", number="B2")
    return case, owner


def fill(case, owner, *, open_count, due_count, due_on, now):
    """Bulk-insert open deadlines in SQL: `due_count` whose next action has come, the rest planned
    for a month ahead. Distinct kinds keep the one-open-clock-per-kind constraint satisfied."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO casework_deadline (kind, label, case_id, person_id, owner_id, starts_on, due_on, due_at,
                state, next_action_at, source_rule, extension_count, created_at, scope, about, about_url)
            SELECT 'bench-' || i, 'Bench clock', %(case)s, NULL, %(owner)s, %(start)s, %(due)s,
                   %(due_at)s, 'open',
                   CASE WHEN i <= %(due_count)s THEN %(now)s - interval '1 minute'
                        ELSE %(now)s + interval '30 days' END,
                   '{}'::jsonb, 0, %(now)s, '', '', ''
            FROM generate_series(1, %(n)s) AS i
            """,
            {
                "case": case.pk,
                "owner": owner.pk,
                "start": now.date(),
                "due": due_on,
                "due_at": datetime.combine(due_on, dtime.max, tzinfo=now.tzinfo),
                "due_count": due_count,
                "now": now,
                "n": open_count,
            },
        )
        cursor.execute("ANALYZE casework_deadline")


def clear():
    from django.db import connection

    with connection.cursor() as cursor:
        # Benchmark data only. The append-only triggers protect real history; here they are
        # lifted for the bench tables' own rows and put back.
        cursor.execute("ALTER TABLE casework_deadlinechange DISABLE TRIGGER USER")
        cursor.execute(
            "DELETE FROM notifications_remindersent WHERE deadline_id IN "
            "(SELECT id FROM casework_deadline WHERE kind LIKE 'bench-%%')"
        )
        cursor.execute("DELETE FROM casework_deadline WHERE kind LIKE 'bench-%%'")
        cursor.execute("ALTER TABLE casework_deadlinechange ENABLE TRIGGER USER")


def tick(now):
    """One sweep: its report, seconds, and the number of SQL statements it sent."""
    from django.db import connection

    from notifications import reminders

    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        start = time.perf_counter()
        report = reminders.sweep(now=now)
        elapsed = time.perf_counter() - start
    return report, elapsed, count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--idle", default="10000,100000,1000000")
    args = parser.parse_args()
    setup()
    from casework.calendar import LONDON, add_working_days

    case, owner = prepare_case()
    today = datetime.now(LONDON).date()
    # Due in three working days, at noon: the default ladder's "before" rung has come.
    due_on = add_working_days(today, 3)
    now = datetime.combine(today, dtime(12), tzinfo=LONDON)
    print(f"machine: {machine()}")

    clear()
    fill(case, owner, open_count=args.open, due_count=args.due, due_on=due_on, now=now)
    report, elapsed, queries = tick(now)
    print(
        f"busy tick: {args.due:,} due among {args.open:,} open: {elapsed:.2f} s, {queries:,} queries "
        f"({queries / max(report.examined, 1):.1f} per deadline), sent {report.sent:,}, errors {report.errors}"
    )
    for n in [int(x) for x in args.idle.split(",") if x]:
        clear()
        fill(case, owner, open_count=n, due_count=0, due_on=due_on, now=now)
        tick(now)  # warm
        runs = [tick(now) for _ in range(5)]
        best = min(r[1] for r in runs)
        print(f"idle tick: 0 due among {n:,} open: {best * 1000:.1f} ms (best of 5), {runs[0][2]} queries")
    clear()


if __name__ == "__main__":
    main()
