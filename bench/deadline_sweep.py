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

from _setup import machine, setup


def prepare_case():
    from casework.models import Force, Person, PersonType, Team
    from casework.roles import Role
    from casework.services import upsert_user
    from conduct import services as conduct

    owner = upsert_user(username="bench-owner", role=Role.INVESTIGATOR, password=None, email="owner@psd.example")
    force, _ = Force.objects.get_or_create(code="bench", defaults={"name": "Bench Constabulary", "is_home": True})
    person, _ = Person.objects.get_or_create(
        force=force,
        number="B2",
        defaults={"person_type": PersonType.OFFICER, "first_name": "Dee", "last_name": "Line"},
    )
    team, _ = Team.objects.get_or_create(name="Bench team")
    team.members.add(owner)
    case = conduct.record_case(
        user=owner,
        contact=None,
        subjects=[conduct.SubjectInput(person=person)],
        details={
            "origin": "internal_report",
            "received_on": "2026-11-01",
            "how_received": "email",
            "summary": "Bench",
            "complainant_name": "",
            "sensitivity": "normal",
            "team": team,
            "investigator": owner,
        },
    )
    return case, owner


def fill(case, owner, *, open_count, due_count, due_on, now):
    """Bulk-insert open deadlines in SQL: `due_count` whose next action has come, the rest planned
    for a month ahead. Distinct kinds keep the one-open-clock-per-kind constraint satisfied."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO casework_deadline (kind, label, case_id, person_id, owner_id, starts_on, due_on, due_at,
                state, next_action_at, source_rule, extension_count, created_at)
            SELECT 'bench-' || i, 'Bench clock', %(case)s, NULL, %(owner)s, %(start)s, %(due)s,
                   %(due_at)s, 'open',
                   CASE WHEN i <= %(due_count)s THEN %(now)s - interval '1 minute'
                        ELSE %(now)s + interval '30 days' END,
                   '{}'::jsonb, 0, %(now)s
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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications import reminders

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        report = reminders.sweep(now=now)
        elapsed = time.perf_counter() - start
    return report, elapsed, len(queries)


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
