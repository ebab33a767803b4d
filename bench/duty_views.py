"""The suspension manager, risk and consistency views at scale: time and query count of each
page as the number of subjects grows. The query count must not change with the data (the pages
are tested for it in tests/conduct/test_duty_views.py); the time shows how the SQL scales.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/duty_views.py [--sizes 1000,10000,50000]

Each size is a fresh set of bench cases, one subject each, written in SQL: every fifth under
criminal investigation, every seventh with a sexual-misconduct allegation, every tenth
suspended (a third of those with the review overdue), every tenth-plus-one with a restriction
proposed. Everyone else on full duties.
"""

import argparse
import os
import time

# Pages rendered in-process: plain static names and no HTTPS redirect (no web server here).
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from _setup import machine, setup  # noqa: E402 (after the environment it reads)

MARK = "bench-duty"
# Tables whose rows the bench writes; their triggers (history, append-only) are lifted while the
# bench writes and removes its own rows, and put back.
TABLES = [
    "casework_person",
    "casework_case",
    "casework_casesubject",
    "casework_dutystatusentry",
    "conduct_proceedings",
    "conduct_allegation",
    "conduct_dutydecision",
]

PAGES = [
    ("suspension-list", {"tab": "awaiting"}),
    ("suspension-list", {"tab": "due"}),
    ("suspension-list", {"tab": "active"}),
    ("suspension-risk", {"list": "criminal"}),
    ("suspension-risk", {"list": "sexual"}),
    ("suspension-risk", {"list": "overdue"}),
    ("suspension-consistency", {"category": "sexual-misconduct", "criminal": "live"}),
    ("home", {}),
]


def users():
    from casework.models import Force, Team
    from casework.roles import Role
    from casework.services import upsert_user

    investigator = upsert_user(username="bench-duty-ivy", role=Role.INVESTIGATOR, password=None)
    head = upsert_user(username="bench-duty-helen", role=Role.HEAD_OF_PSD, password=None)
    force, _ = Force.objects.get_or_create(code=MARK, defaults={"name": "Bench Duty Constabulary"})
    team, _ = Team.objects.get_or_create(name="Bench duty team")
    team.members.add(investigator)
    return investigator, head, force, team


def _triggers(cursor, enable: bool):
    for table in TABLES:
        cursor.execute(f"ALTER TABLE {table} {'ENABLE' if enable else 'DISABLE'} TRIGGER USER")


def fill(n, investigator, head, force, team):
    from django.db import connection

    from conduct.models import AllegationCategory

    categories = dict(AllegationCategory.objects.values_list("code", "pk"))
    params = {
        "n": n,
        "force": force.pk,
        "team": team.pk,
        "ivy": investigator.pk,
        "helen": head.pk,
        "sexual": categories["sexual-misconduct"],
        "other": categories["other"],
        "mark": MARK,
    }
    statements = [
        """INSERT INTO casework_person (number, person_type, first_name, last_name, probationer, vetting_status,
               email, created_at, updated_at, force_id)
           SELECT 'BD' || i, 'officer', 'Bench', 'Officer ' || i, false, 'cleared', '', now(), now(), %(force)s
           FROM generate_series(1, %(n)s) i""",
        """INSERT INTO casework_case (reference, origin, received_on, how_received, summary, complainant_name,
               sensitivity, status, closure_reason, created_at, created_by_id, investigator_id, team_id)
           SELECT 'BENCH-' || i, 'conduct_matter', date '2026-06-01', 'email', %(mark)s, '', 'normal', 'open', '',
               now(), %(ivy)s, %(ivy)s, %(team)s
           FROM generate_series(1, %(n)s) i""",
        """INSERT INTO casework_casesubject (added_at, case_id, person_id)
           SELECT now(), c.id, p.id FROM casework_case c
           JOIN casework_person p ON p.force_id = %(force)s AND p.number = 'BD' || substr(c.reference, 7)
           WHERE c.summary = %(mark)s""",
        """INSERT INTO conduct_proceedings (stage, stage_since, forum, finding, outcome, conclusion,
               conclusion_reason, barred_list, advisory_list, subject_id)
           SELECT 'investigation', now(), '', '', '', '', '', false, false, s.id
           FROM casework_casesubject s JOIN casework_case c ON c.id = s.case_id WHERE c.summary = %(mark)s""",
        """INSERT INTO conduct_allegation (description, location, criminal_investigation, recorded_at,
               recorded_by_id, subject_id)
           SELECT 'Bench allegation', '',
               CASE WHEN substr(c.reference, 7)::int %% 5 = 0 THEN 'open' ELSE 'none' END, now(), %(ivy)s, s.id
           FROM casework_casesubject s JOIN casework_case c ON c.id = s.case_id WHERE c.summary = %(mark)s""",
        """INSERT INTO conduct_allegation_categories (allegation_id, allegationcategory_id)
           SELECT a.id, CASE WHEN substr(c.reference, 7)::int %% 7 = 0 THEN %(sexual)s ELSE %(other)s END
           FROM conduct_allegation a JOIN casework_casesubject s ON s.id = a.subject_id
           JOIN casework_case c ON c.id = s.case_id WHERE c.summary = %(mark)s""",
        """INSERT INTO casework_dutystatusentry (status, starts_on, reason, recorded_at, decided_by_id, person_id)
           SELECT CASE WHEN substr(p.number, 3)::int %% 10 = 0 THEN 'suspended' ELSE 'full' END,
               date '2026-01-01', 'Bench', now(), %(helen)s, p.id
           FROM casework_person p WHERE p.force_id = %(force)s""",
        """INSERT INTO conduct_dutydecision (kind, state, approval, redeployment_considered_reason, ground,
               ground_reasoning, rationale, conditions, proposed_at, decided_at, decision_reasons, amendments,
               effective_on, next_review_on, review_requested_reason, end_reason, decided_by_id, proposed_by_id,
               subject_id)
           SELECT 'suspend', 'active', 'approved', 'No alternative post.', 'public_interest', 'Bench reasoning.', '',
               '', now(), now(), 'Bench decision.', '', date '2026-10-01',
               CASE WHEN i %% 3 = 0 THEN current_date - 3 ELSE current_date + (i %% 28) END, '', '', %(helen)s,
               %(ivy)s, s.id
           FROM casework_casesubject s JOIN casework_case c ON c.id = s.case_id,
               LATERAL (SELECT substr(c.reference, 7)::int AS i) x
           WHERE c.summary = %(mark)s AND i %% 10 = 0""",
        """INSERT INTO conduct_dutydecision (kind, state, approval, redeployment_considered_reason, ground,
               ground_reasoning, rationale, conditions, proposed_at, decision_reasons, amendments,
               review_requested_reason, end_reason, proposed_by_id, subject_id)
           SELECT 'restrict', 'proposed', '', '', '', '', 'Bench rationale.', '', now(), '', '', '', '', %(ivy)s, s.id
           FROM casework_casesubject s JOIN casework_case c ON c.id = s.case_id
           WHERE c.summary = %(mark)s AND substr(c.reference, 7)::int %% 10 = 1""",
    ]
    with connection.cursor() as cursor:
        _triggers(cursor, enable=False)
        for sql in statements:
            cursor.execute(sql, params)
        _triggers(cursor, enable=True)
        for table in TABLES + ["conduct_allegation_categories"]:
            cursor.execute(f"ANALYZE {table}")


def clear(force):
    from django.db import connection

    with connection.cursor() as cursor:
        _triggers(cursor, enable=False)
        bench_subjects = (
            "SELECT s.id FROM casework_casesubject s JOIN casework_case c ON c.id = s.case_id "
            "WHERE c.summary = %(mark)s"
        )
        for sql in [
            f"DELETE FROM conduct_dutydecision WHERE subject_id IN ({bench_subjects})",
            "DELETE FROM conduct_allegation_categories WHERE allegation_id IN "
            f"(SELECT id FROM conduct_allegation WHERE subject_id IN ({bench_subjects}))",
            f"DELETE FROM conduct_allegation WHERE subject_id IN ({bench_subjects})",
            f"DELETE FROM conduct_proceedings WHERE subject_id IN ({bench_subjects})",
            "DELETE FROM casework_dutystatusentry WHERE person_id IN "
            "(SELECT id FROM casework_person WHERE force_id = %(force)s)",
            "DELETE FROM casework_casesubject WHERE case_id IN (SELECT id FROM casework_case WHERE summary = %(mark)s)",
            "DELETE FROM casework_case WHERE summary = %(mark)s",
            "DELETE FROM casework_person WHERE force_id = %(force)s",
        ]:
            cursor.execute(sql, {"mark": MARK, "force": force.pk})
        _triggers(cursor, enable=True)


def measure(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    results = []
    for name, params in PAGES:
        client.get(reverse(name), params)  # warm
        runs = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(reverse(name), params)
                runs.append(time.perf_counter() - start)
            assert response.status_code == 200, (name, response.status_code)
        results.append((name, params, min(runs), len(queries)))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    investigator, head, force, team = users()
    client = Client()
    client.force_login(head)
    print(f"machine: {machine()}")
    for n in [int(x) for x in args.sizes.split(",") if x]:
        clear(force)
        fill(n, investigator, head, force, team)
        for name, params, best, queries in measure(client):
            query = "&".join(f"{k}={v}" for k, v in params.items())
            print(f"{n:>7,} subjects  {name:<24} {query:<45} {best * 1000:8.1f} ms (best of 3)  {queries} queries")
    clear(force)


if __name__ == "__main__":
    main()
