"""Listing the cases an investigator may open, with 5,000 per-case grants among 200,000 cases
(issue 4): the number of queries (bounded, grants never loaded into Python) and the time of
the first page of the case list's query, and of counting all visible cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/visible_cases.py [--cases 200000 --grants 5000]
"""

import argparse
import time

from _setup import machine, setup

PREFIX = "PSD-BENCH-"


def fill(cases: int, grants: int):
    """Cases for 20 teams in SQL; the user is in one team and holds `grants` grants elsewhere."""
    from django.contrib.auth.models import Permission
    from django.db import connection

    from casework.models import Team
    from casework.roles import Role
    from casework.services import upsert_user

    user = upsert_user(username="bench-visible", role=Role.INVESTIGATOR, password=None)
    creator = upsert_user(username="bench-creator", role=Role.INVESTIGATOR, password=None)
    teams = [Team.objects.get_or_create(name=f"Bench team {n:02d}")[0] for n in range(20)]
    teams[0].members.add(user)
    view = Permission.objects.get(codename="view_case", content_type__app_label="casework")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM casework_caseuserobjectpermission WHERE user_id = %s", [user.pk])
        cursor.execute("SELECT count(*) FROM casework_case WHERE reference LIKE %s", [PREFIX + "%"])
        (existing,) = cursor.fetchone()
        if existing < cases:
            # Bench rows only: skip the change-history triggers for the bulk load (a superuser
            # setting, for this session); the rows are then plain cases to the query under test.
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(
                """
                INSERT INTO casework_case (reference, origin, received_on, how_received, summary, complainant_name,
                    sensitivity, team_id, status, closed_at, closure_reason, created_by_id, created_at)
                SELECT %(prefix)s || lpad(i::text, 7, '0'), 'conduct_matter', DATE '2026-01-01' + (i %% 300),
                       'internal', 'Bench case ' || i, '', CASE WHEN i %% 50 = 0 THEN 'restricted' ELSE 'normal' END,
                       (%(teams)s)[1 + i %% 20], CASE WHEN i %% 3 = 0 THEN 'closed' ELSE 'open' END,
                       CASE WHEN i %% 3 = 0 THEN now() END, '',
                       %(creator)s, now()
                FROM generate_series(%(first)s, %(last)s) AS i
                """,
                {
                    "prefix": PREFIX,
                    "teams": [t.pk for t in teams],
                    "creator": creator.pk,
                    "first": existing + 1,
                    "last": cases,
                },
            )
            cursor.execute("SET session_replication_role = DEFAULT")
        # Grants on cases of other teams, spread over the whole range.
        cursor.execute(
            """
            INSERT INTO casework_caseuserobjectpermission (user_id, permission_id, content_object_id)
            SELECT %(user)s, %(perm)s, id FROM casework_case
            WHERE reference LIKE %(like)s AND team_id <> %(own)s
            ORDER BY id LIMIT %(grants)s
            """,
            {"user": user.pk, "perm": view.pk, "like": PREFIX + "%", "own": teams[0].pk, "grants": grants},
        )
        cursor.execute("ANALYZE casework_case")
        cursor.execute("ANALYZE casework_caseuserobjectpermission")
    return user


def measure(user):
    from django.db import connection

    from casework.permissions import visible_cases

    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    results = {}
    with connection.execute_wrapper(counting):
        for label, run in [
            ("first page of 25, newest first", lambda: list(visible_cases(user).order_by("-received_on", "-id")[:25])),
            ("count of all visible cases", lambda: visible_cases(user).count()),
            ("first page of open cases", lambda: list(visible_cases(user).open().order_by("-received_on")[:25])),
        ]:
            run()  # warm
            count = 0
            times = []
            for _ in range(5):
                start = time.perf_counter()
                value = run()
                times.append(time.perf_counter() - start)
            results[label] = (min(times), count // 5, value if isinstance(value, int) else len(value))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--grants", type=int, default=5_000)
    args = parser.parse_args()
    setup()
    user = fill(args.cases, args.grants)
    print(f"machine: {machine()}")
    print(f"data: {args.cases:,} cases in 20 teams (the user's team holds 1 in 20), {args.grants:,} grants to the user")
    for label, (seconds, queries, rows) in measure(user).items():
        print(f"{label}: {seconds * 1000:.1f} ms (best of 5), {queries} query, {rows:,} rows")


if __name__ == "__main__":
    main()
