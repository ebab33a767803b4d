"""The benchmark harness: every timed claim about the system, on a data set of bench/generate.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench_small REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/run.py [--repeat 15] [--only 'case list' --only person] [--skip letters]
    make bench [SCALE=force]

Pages are requested in this process through Django's test client, so every request passes the
real middleware, login, permission checks, consultation log and templates; "server time" is
the time of that request. Each page is measured beside its floor (bench/floor.py), interleaved
in the same run, after a warm-up. Statements are counted as they run (`counting_statements`).

Results go to bench/results/<scale>-<date>.json and .md, with the machine and the data set.

Adding a measurement (the registry): a page beside its floor

    page("dashboard", user="head", url="/dashboard/")            # floor=None: no floor, no ratio

or anything else, as a function returning a dict of figures (seconds become *_ms or *_s keys
as you choose; "median_ms"/"p95_ms"/"queries" are shown in the table when present):

    @measurement("access import per 100k", group="tasks")
    def access_import(bench):
        from access_import import import_per_100k
        return timed_once(import_per_100k)
"""

import argparse
import contextlib
import functools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

# Pages rendered in-process: plain static names and no HTTPS redirect (no web server here).
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from _setup import ROOT, machine, setup  # noqa: E402 (after the environment it reads)

RESULTS = ROOT / "bench" / "results"
from report import FAIRNESS_TARGET, FLOOR_TARGET, MONTHLY_TARGET, RISK_TARGET, markdown  # noqa: E402

# `--set risk`: the measurements issue 20 sets targets for, in one run.
SETS = {
    "risk": (
        "risk:",
        "my work (head of PSD)",
        "dashboard (head of PSD)",
        "monthly statistics",
        "suspension manager",
        "referrals (required)",
        "with a worker",
    )
}


@dataclass
class Measurement:
    name: str
    run: object  # callable(Bench) -> dict
    group: str = "pages"


REGISTRY: list[Measurement] = []


def measurement(name, group="pages"):
    """Register a function of the Bench returning a dict of figures."""

    def register(function):
        REGISTRY.append(Measurement(name, function, group))
        return function

    return register


def page(name, *, user, url, floor=None, group="pages", target=None, cold=False, recomputed=False):
    """Register a page measured beside its floor. `url` and `floor` are strings or functions of
    the Bench (for URLs that name generated rows); `user` is a key of Bench.users. `target`: this
    page's own targets (keys median_ms, p95_ms, ratio), else the default ones. `cold`: the cached
    section figures (casework.figures) are invalidated before every request, so each one computes
    them, as a request racing a change does (a tuple of topics: those a change of these topics
    invalidates). `recomputed`: invalidated, then recomputed as the
    worker does after a change (casework.figures.warm, untimed here, its time reported as
    warm_ms), as the first request a moment after a change finds them."""

    def run(bench):
        resolve = lambda u: u(bench) if callable(u) else u  # noqa: E731
        warm_times = []
        topics = cold if isinstance(cold, tuple) else ()  # cold=(topics): invalidated as a change of those does
        invalidated = functools.partial(_invalidate_figures, *topics)
        before = invalidated if cold else (lambda: _recompute_figures(warm_times)) if recomputed else None
        row = bench.page(bench.users[user], resolve(url), resolve(floor) if floor else None, before=before)
        if warm_times:
            row["warm_ms"] = round(statistics.median(warm_times) * 1000, 1)
        return row | ({"target": target} if target else {})

    REGISTRY.append(Measurement(name, run, group))


def _invalidate_figures(*topics):
    from casework import figures

    figures.invalidate(*topics)


def _recompute_figures(times):
    from casework import figures

    figures.invalidate()
    started = time.perf_counter()
    figures.warm()
    times.append(time.perf_counter() - started)


def percentile(values, q):
    """Nearest-rank percentile: with 20 runs the 95th is the 19th fastest."""
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)) - 1, 0)]


@contextlib.contextmanager
def counting_statements():
    """A list whose first item counts the statements run on this thread's connection meanwhile.
    Counted as they run (an execute wrapper), not read from the connection's query log: that log
    keeps at most 9,000, and CaptureQueriesContext, which holds it from being emptied between
    requests, counted 0 for every request once a long run had filled it."""
    from django.db import connection

    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counted


def timed_once(function, *args, **kwargs):
    """Run once; seconds and queries (for tasks too long to repeat)."""
    with counting_statements() as queries:
        start = time.perf_counter()
        value = function(*args, **kwargs)
        seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "queries": queries[0], "value": value}


@dataclass
class Bench:
    repeat: int
    warmup: int
    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def client(self, user):
        from django.test import Client

        if user.pk not in self.clients:
            client = Client()
            client.force_login(user)
            self._pass_second_factor(client, user)
            self.clients[user.pk] = client
        return self.clients[user.pk]

    @staticmethod
    def _pass_second_factor(client, user):
        """The session marked as past the code page, as the page marks it (tests/second_factor.py
        does the same for the test client): the benchmark measures the pages, not the sign-in."""
        from casework.second_factor import gate

        session = client.session
        session[gate.SESSION_KEY] = {"user": user.pk, "method": "benchmark", "detail": ""}
        session.save()

    def state_purpose(self, user, kind, obj, purpose="Benchmark: performance measurement"):
        """The purpose a user gives once per record and session (casework/audit.py)."""
        from casework import audit

        session = self.client(user).session
        session.setdefault(audit.SESSION_KEY, {})[audit.object_key(kind, obj)] = purpose
        session.save()

    def _get(self, client, url):
        """Seconds and statements of one request."""
        with counting_statements() as statements:
            start = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - start
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code} {response.get('Location', '')}")
        return seconds, statements[0]

    def page(self, user, url, floor_url=None, before=None):
        client = self.client(user)
        before = before or (lambda: None)  # run untimed before each request of the page
        for _ in range(self.warmup):
            before()
            self._get(client, url)
            if floor_url:
                self._get(client, floor_url)
        times, floor_times, queries, floor_queries = [], [], 0, 0
        for _ in range(self.repeat):  # interleaved: page and floor see the same machine load
            before()
            seconds, queries = self._get(client, url)
            times.append(seconds)
            if floor_url:
                seconds, floor_queries = self._get(client, floor_url)
                floor_times.append(seconds)
        result = {
            "url": url,
            "user": user.username,
            "median_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(percentile(times, 95) * 1000, 1),
            "queries": queries,
        }
        if floor_url:
            floor_median = statistics.median(floor_times) * 1000
            result |= {
                "floor_url": floor_url,
                "floor_median_ms": round(floor_median, 1),
                "floor_p95_ms": round(percentile(floor_times, 95) * 1000, 1),
                "floor_queries": floor_queries,
                "ratio": round(result["median_ms"] / floor_median, 2),
            }
        return result

    def repeated(self, function):
        """Median and 95th percentile of a function (a query, a task), after the warm-up."""
        for _ in range(self.warmup):
            function()
        times = []
        for _ in range(self.repeat):
            with counting_statements() as captured:
                start = time.perf_counter()
                function()
                times.append(time.perf_counter() - start)
        return {
            "median_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(percentile(times, 95) * 1000, 1),
            "queries": captured[0],
        }


# The data set's own rows the pages name ---------------------------------------------------
def _sample(bench):
    """An open case of team 1 with its investigator and the most allegations; person 1 (the
    long tail: the most cases)."""
    from django.db.models import Count

    from casework.models import Case, Person

    if "case" not in bench.users:
        case = (
            Case.objects.open()
            .filter(team__name="Bench team 01", investigator__isnull=False)
            .annotate(n=Count("subjects__allegations"))
            .order_by("-n", "id")
            .select_related("investigator")
            .first()
        )
        bench.users["case"] = case
        bench.users["case investigator"] = case.investigator
    return bench.users["case"], Person.objects.get(pk=1)


def case_url(bench):
    return f"/cases/{_sample(bench)[0].reference}/"


def case_floor(bench):
    return f"/_floor/case/?reference={_sample(bench)[0].reference}"


FILTERED = f"status=open&origin=public_complaint&category=use-of-force&received_from={date.today().year - 2}-01-01"

page("case list (head of PSD, all cases)", user="head", url="/cases/", floor="/_floor/case-list/")
page("case list (investigator)", user="investigator", url="/cases/", floor="/_floor/case-list/")
page("case list, heavily filtered", user="head", url=f"/cases/?{FILTERED}", floor=f"/_floor/case-list/?{FILTERED}")
page("search by name", user="head", url="/cases/?q=Okafor", floor="/_floor/case-list/?q=Okafor")
page(
    "search by full text",
    user="head",
    url="/cases/?q=safeguarding+procedures",
    floor="/_floor/case-list/?q=safeguarding+procedures&text=1",
)
page("case page", user="case investigator", url=case_url, floor=case_floor)
page("person page (longest history)", user="head", url="/people/1/", floor="/_floor/person/?person=1")
page(
    "suspension manager (awaiting)",
    user="head",
    url="/suspensions/",
    floor="/_floor/suspensions/",
    target=FLOOR_TARGET,
)
page(
    "suspension manager (in force)",
    user="head",
    url="/suspensions/?tab=active",
    floor="/_floor/suspensions/?tab=active",
    target=FLOOR_TARGET,
)
page(
    "risk: criminal investigation, full duties",
    user="head",
    url="/suspensions/risk/?list=criminal",
    floor="/_floor/risk/",
    target=RISK_TARGET,
)
page(
    "risk: sexual misconduct, public-facing",
    user="head",
    url="/suspensions/risk/?list=sexual",
    floor="/_floor/risk-sexual/",
    target=RISK_TARGET,
)
page(
    "risk: reviews overdue",
    user="head",
    url="/suspensions/risk/?list=overdue",
    floor="/_floor/risk-overdue/",
    target=RISK_TARGET,
)
page("referrals (required)", user="head", url="/referrals/", floor="/_floor/referrals/", target=FLOOR_TARGET)
# My work and the dashboard: their section figures are cached per user for a minute (casework.figures),
# so each is measured cold (recomputed on every request, as after any change) and cached.
page("my work (head of PSD), cold", user="head", url="/", target=RISK_TARGET, cold=True)
page("my work (head of PSD), cached", user="head", url="/", target=RISK_TARGET)
page("my work (head of PSD), after a change, recomputed", user="head", url="/", target=RISK_TARGET, recomputed=True)
# Oversight: no floor yet: the dashboard is some twenty aggregates, not one list.
page("dashboard (head of PSD), cold", user="head", url="/dashboard/", target=RISK_TARGET, cold=True)
page(
    "dashboard (head of PSD), cold after a deadline change",
    user="head",
    url="/dashboard/",
    target=RISK_TARGET,
    cold=("deadlines",),
)
page(
    "dashboard (head of PSD), cold after a duty decision",
    user="head",
    url="/dashboard/",
    target=RISK_TARGET,
    cold=("duty", "deadlines"),
)
page("dashboard (head of PSD), cached", user="head", url="/dashboard/", target=RISK_TARGET)
page(
    "dashboard (head of PSD), after a change, recomputed",
    user="head",
    url="/dashboard/",
    target=RISK_TARGET,
    recomputed=True,
)


# What a decision-maker sees while the department keeps changing things (bench/figures_workload.py),
# the head of PSD viewing, a real worker recomputing the figures: views at a given time after a change
# (naming no topic, or naming one: the dashboard then recomputes only the sections that count it);
# views in a quiet spell, the beat refreshing the figures before they expire; and a busy spell,
# changes of a mix of topics (BUSY_MIX) and views at random times.
def workload(name: str, url: str, kind: str, **options):
    def run(bench):
        import figures_workload

        return getattr(figures_workload, kind)(bench, percentile, user=bench.users["head"], url=url, **options)

    REGISTRY.append(Measurement(name, run, "figures"))


workload("my work (head of PSD), views after a change, with a worker", "/", "views_after_changes")
workload("dashboard (head of PSD), views after a change, with a worker", "/dashboard/", "views_after_changes")
workload(
    "dashboard (head of PSD), views after a deadline change, with a worker",
    "/dashboard/",
    "views_after_changes",
    topics=("deadlines",),
    gaps=(0.2,),
)
workload(
    "dashboard (head of PSD), views after a duty decision, with a worker",
    "/dashboard/",
    "views_after_changes",
    topics=("duty", "deadlines"),
    gaps=(0.2,),
)
workload("dashboard (head of PSD), views in a quiet spell, with a worker and the refresh", "/dashboard/", "quiet_views")
workload("dashboard (head of PSD), views in a busy spell, with a worker and the refresh", "/dashboard/", "busy_views")
workload("my work (head of PSD), views in a busy spell, with a worker and the refresh", "/", "busy_views")


# The monthly statistics are cached per user and period for a minute (conduct/oversight/report_views.py).
MONTHLY_URL = (
    f"/reports/monthly/?start_day=1&start_month=1&start_year={date.today().year}"
    f"&end_day=31&end_month=12&end_year={date.today().year}"
)
page("monthly statistics, one year, cold", user="head", url=MONTHLY_URL, target=MONTHLY_TARGET, cold=True)
page("monthly statistics, one year, cached", user="head", url=MONTHLY_URL, target=MONTHLY_TARGET)
page("early-warning flags", user="head", url="/flags/")
# Fairness monitoring: the last financial year (the page's default), every stage by ethnic group and sex.
# Its figures are cached per user and filters for a minute (conduct/fairness/views.py): cold and cached.
page("fairness monitoring, last financial year, cold", user="head", url="/fairness/", target=FAIRNESS_TARGET, cold=True)
page("fairness monitoring, last financial year, cached", user="head", url="/fairness/", target=FAIRNESS_TARGET)


@measurement("visible cases: investigator with 5,000 grants, first page", group="queries")
def visible_first_page(bench):
    from casework.permissions import visible_cases

    user = bench.users["granted"]
    return bench.repeated(lambda: list(visible_cases(user).order_by("-received_on", "-id")[:25]))


@measurement("visible cases: investigator with 5,000 grants, count", group="queries")
def visible_count(bench):
    from casework.permissions import visible_cases

    user = bench.users["granted"]
    return bench.repeated(lambda: visible_cases(user).count())


@measurement("deadline sweep, idle", group="tasks")
def sweep_idle(bench):
    from django.utils import timezone

    from notifications import reminders

    now = timezone.now()
    return bench.repeated(lambda: reminders.sweep(now=now))


@measurement("deadline sweep, 2,000 due", group="tasks")
def sweep_busy(bench):
    from datetime import time as dtime

    import deadline_sweep

    from casework.calendar import LONDON, add_working_days

    case, owner = deadline_sweep.prepare_case()
    today = datetime.now(LONDON).date()
    now = datetime.combine(today, dtime(12), tzinfo=LONDON)
    deadline_sweep.clear()
    deadline_sweep.fill(case, owner, open_count=2_000, due_count=2_000, due_on=add_working_days(today, 3), now=now)
    try:
        report, seconds, queries = deadline_sweep.tick(now)
    finally:
        deadline_sweep.clear()
    return {
        "seconds": round(seconds, 2),
        "queries": queries,
        "per_deadline_ms": round(seconds / max(report.examined, 1) * 1000, 1),
        "sent": report.sent,
        "errors": report.errors,
    }


@measurement("letter delivery throughput", group="tasks")
def letters(bench):
    import outbox

    return outbox.deliver(bench.letters, workers=2)


@measurement("access-log import per 100,000 rows", group="tasks")
def access_import_per_100k(bench):
    from access_import import import_per_100k

    return import_per_100k()  # time, rows/s and the child process's peak memory


@measurement("Home Office return, busiest year: validation and streamed CSV", group="tasks")
def home_office_return(bench):
    """The financial year with the most cases closed: the validation page's pass, and the download as
    its view does it (a validation pass to count the flagged cases, then every line of the CSV
    written, nothing kept), timed once each; then the peak of Python's allocations (tracemalloc)
    after the first tenth of the lines and at the end, on a pass of its own: flat memory means they
    are the same.
    The generator writes no finalisations (it bypasses the workflows), so each concluded subject is
    given one dated the day its case closed, inside a transaction rolled back at the end."""
    import tracemalloc

    from django.db import connection, transaction

    from casework import csv_export
    from conduct.returns import columns, selectors

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO conduct_finalisation (proceedings_id, finalised_on, basis, recorded_by_id, recorded_at)
                SELECT p.id, (c.closed_at AT TIME ZONE 'Europe/London')::date, 'bench', %s, now()
                FROM conduct_proceedings p JOIN casework_casesubject s ON s.id = p.subject_id
                JOIN casework_case c ON c.id = s.case_id
                WHERE p.stage = 'concluded' AND c.closed_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM conduct_finalisation f WHERE f.proceedings_id = p.id)
                """,
                [bench.users["head"].pk],
            )
            cursor.execute(
                "SELECT EXTRACT(YEAR FROM finalised_on - INTERVAL '3 months')::int AS y, COUNT(*) FROM "
                "conduct_finalisation GROUP BY y ORDER BY COUNT(*) DESC LIMIT 1"
            )
            busiest = cursor.fetchone()
        year = selectors.FinancialYear(busiest[0]) if busiest else selectors.current_year()
        back = "/returns/home-office/"
        validated = timed_once(selectors.validate, year, back=back)
        check = validated["value"]

        def download():
            # What the download view does: count the flagged cases (a validation pass), then stream.
            selectors.validate(year, back=back)
            return sum(1 for _line in csv_export.lines(selectors.rows(year), header=columns.HEADER))

        downloaded = timed_once(download)
        # Memory on its own pass: tracemalloc slows Python two to three times, so it never runs
        # under the timing above. Flat means the peak after the first tenth of the lines is the
        # peak at the end: what is held does not grow with the rows.
        tenth = max(downloaded["value"] // 10, 1)
        tracemalloc.start()
        for number, _line in enumerate(csv_export.lines(selectors.rows(year), header=columns.HEADER), 1):
            if number == tenth:
                _current, early_peak = tracemalloc.get_traced_memory()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        lines = downloaded["value"]
        transaction.set_rollback(True)
    return {
        "year": year.label,
        "cases": check.cases,
        "rows": lines - 1,
        "flagged": len(check.flagged),
        "validation_s": round(validated["seconds"], 2),
        "validation_queries": validated["queries"],
        "download_s": round(downloaded["seconds"], 2),
        "download_queries": downloaded["queries"],
        "csv_peak_python_mb_first_tenth": round(early_peak / 1_000_000, 1),
        "csv_peak_python_mb": round(peak / 1_000_000, 1),
    }


# Running and reporting --------------------------------------------------------------------
def bench_users():
    from casework.models import User

    names = {
        "head": "bench-head",
        "aa": "bench-aa",
        "investigator": "bench-inv-00-0",
        "granted": "bench-granted",
    }
    return {key: User.objects.get(username=name) for key, name in names.items()}


def facts():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server,) = cursor.fetchone()
        cursor.execute("SELECT facts FROM bench_dataset WHERE id = 1")
        row = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        (size,) = cursor.fetchone()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor(),
    )
    load = os.getloadavg()
    dataset = row[0] if row else {}
    if isinstance(dataset, str):
        dataset = json.loads(dataset)
    return {
        "machine": machine(),
        "cpu": cpu,
        "postgresql": server,
        "load_average_at_start": [round(x, 2) for x in load],
        "database_size": size,
        "dataset": dataset,
        "git_commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--letters", type=int, default=300, help="letters to deliver in the throughput run")
    parser.add_argument("--only", action="append", default=[], help="run what names this (repeatable)")
    parser.add_argument("--skip", action="append", default=[], help="leave out what names this (repeatable)")
    parser.add_argument("--set", choices=sorted(SETS), help="a named set of measurements: risk (issue 20)")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ROOT_URLCONF = "floor"  # the product's URLs plus the floor views (bench/floor.py)
    bench = Bench(repeat=args.repeat, warmup=args.warmup)
    bench.letters = args.letters
    bench.users = bench_users()
    _sample(bench)
    from casework.models import Person
    from casework.models.audit import ObjectKind

    bench.state_purpose(bench.users["head"], ObjectKind.PERSON, Person.objects.get(pk=1))
    only, skip = args.only + list(SETS.get(args.set, ())), args.skip
    report_facts = facts()
    scale = (report_facts.get("dataset") or {}).get("scale", "unknown")
    results = []
    for m in REGISTRY:
        if (only and not any(o in m.name for o in only)) or any(s in m.name for s in skip):
            continue
        started = time.perf_counter()
        row = {"name": m.name, "group": m.group, **m.run(bench)}
        results.append(row)
        shown = {k: v for k, v in row.items() if k not in ("name", "group", "url", "floor_url", "user")}
        print(f"{m.name:<48} {shown}  [{time.perf_counter() - started:.0f} s]", flush=True)
    report = {
        "scale": scale,
        "date": date.today().isoformat(),
        "repeat": args.repeat,
        "warmup": args.warmup,
        "facts": report_facts,
        "results": results,
    }
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        stem = RESULTS / f"{scale}-{report['date']}"
        Path(f"{stem}.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
        Path(f"{stem}.md").write_text(markdown(report))
        print(f"wrote {stem}.json and {stem}.md")


if __name__ == "__main__":
    sys.exit(main())
