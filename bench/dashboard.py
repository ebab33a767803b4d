"""The department dashboard and the monthly statistics on the benchmark data set (issue 10): time
and query count of each page, rendered in-process for the head of PSD. The data is
bench/visible_cases.py's (200,000 cases by default; filled if missing), so the lead can time the
dashboard on the same rows as the case list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/dashboard.py [--cases 200000]

`measure_dashboard(user)` is the reusable part: {page: (best seconds of `repeat`, queries, status)}.
"""

import argparse
import os
import time

# Pages rendered in-process: plain static names and no HTTPS redirect (no web server here).
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from _setup import machine, setup  # noqa: E402 (after the environment it reads)

PAGES = [
    ("dashboard", {}),
    (
        "report-monthly",
        {"start_day": 1, "start_month": 1, "start_year": 2026, "end_day": 31, "end_month": 12, "end_year": 2026},
    ),
    ("home", {}),
]


def measure_dashboard(user, *, repeat: int = 3, pages=PAGES) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the in-process client's host
    client = Client()
    client.force_login(user)
    results = {}
    for name, params in pages:
        url = reverse(name)
        client.get(url, params)  # warm
        times, queries, status = [], 0, None
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append(time.perf_counter() - start)
            queries, status = len(captured), response.status_code
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        results[name] = (min(times), queries, status)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup()
    from visible_cases import fill

    from casework.roles import Role
    from casework.services import upsert_user

    fill(args.cases, 0)
    head = upsert_user(username="bench-head", role=Role.HEAD_OF_PSD, password=None)
    print(f"machine: {machine()}")
    print(f"data: {args.cases:,} cases (bench/visible_cases.py), viewed by the head of PSD")
    for name, (seconds, queries, status) in measure_dashboard(head, repeat=args.repeat).items():
        print(f"{name}: {seconds * 1000:.0f} ms (best of {args.repeat}), {queries} queries, HTTP {status}")


if __name__ == "__main__":
    main()
