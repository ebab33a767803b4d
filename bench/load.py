"""Load: N signed-in users browsing the main pages of a running server (gunicorn as deployed).

Each user is a thread with its own session (requests): it signs in (password, then the
second factor's code from the shared TOTP secret, as an authenticator app would give it), then
browses My work, the case list, a case of its team, deadlines and people, with a think time
between pages. All users start at once (the sign-ins are a burst) unless `--ramp` spreads
them. Reports requests/s, errors and p50/p95/p99 per page and for the sign-in as a whole, the
machine's load average before and during, and with `--gunicorn-pid` the server's CPU per
request (the figure contention does not change).

    .venv/bin/python bench/load.py --base-url http://127.0.0.1:8100 --users 50 --duration 120 \\
        --password PASSWORD --totp-secret BASE32 --out bench/results/load-50.json

Accounts: bench/load_users.py. Not part of `make test` (timed claims live in bench/).
No third-party load tool: requests (already a dependency) and threads.
"""

import argparse
import json
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bin"))
from totp import code as totp_code  # noqa: E402 - bin/ is not a package

STOP_AT = {}  # when browsing ends, set once every user has signed in
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="(/cases/[A-Z0-9][^"/]*/)"')
PAGES = {  # name: (path, weight); "a case" is picked from the user's case list
    "my work": ("/", 3),
    "case list": ("/cases/", 3),
    "a case": (None, 4),
    "deadlines": ("/deadlines/", 1),
    "people": ("/people/", 1),
}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.error_samples = []

    def record(self, name, seconds, ok, detail=""):
        with self.lock:
            self.times[name].append(seconds)
            if not ok:
                self.errors[name] += 1
                if len(self.error_samples) < 20:
                    self.error_samples.append(f"{name}: {detail}")


def timed(stats, name, call):
    start = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as exc:
        stats.record(name, time.perf_counter() - start, False, type(exc).__name__)
        return None
    ok = response.status_code == 200  # a redirect (to sign-in, to a purpose page) is not the page
    stats.record(name, time.perf_counter() - start, ok, f"HTTP {response.status_code}")
    return response if ok else None


def sign_in(session, base, username, args) -> bool:
    """Password, then the second factor; True when signed in (lands on My work)."""
    page = session.get(f"{base}/accounts/login/", timeout=args.timeout)
    token = CSRF.search(page.text).group(1)
    page = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": args.password},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=args.timeout,
    )
    if "/accounts/second-factor/" not in page.url:
        return False
    token = CSRF.search(page.text).group(1)
    page = session.post(
        page.url,
        data={"csrfmiddlewaretoken": token, "code": totp_code(args.totp_secret)},
        headers={"Referer": page.url},
        timeout=args.timeout,
    )
    return page.status_code == 200 and "/accounts/" not in page.url


def user_loop(n, args, stats, started):
    base = args.base_url.rstrip("/")
    session = requests.Session()
    username = f"{args.prefix}-{n:03d}"
    time.sleep(args.ramp * (n - 1) / max(args.users, 1))  # n-th user signs in at its share of the ramp
    start = time.perf_counter()
    try:
        ok = sign_in(session, base, username, args)
        detail = "not signed in"
    except (requests.RequestException, AttributeError) as exc:
        ok, detail = False, type(exc).__name__
    stats.record("sign-in (4 requests)", time.perf_counter() - start, ok, f"{username}: {detail}")
    started.wait()  # every user has tried to sign in: browsing starts together
    stop_at = STOP_AT["at"]
    if not ok:
        return
    rng = random.Random(n)
    cases = []
    names, weights = list(PAGES), [w for _, w in PAGES.values()]
    while time.monotonic() < stop_at:
        name = rng.choices(names, weights)[0]
        path = PAGES[name][0]
        if name == "a case":
            if not cases:
                name, path = "case list", "/cases/"
            else:
                path = rng.choice(cases)
        response = timed(stats, name, lambda p=path: session.get(base + p, timeout=args.timeout, allow_redirects=False))
        if response is not None and name == "case list" and not cases:
            cases = sorted(set(CASE_LINK.findall(response.text)))[:20]
        time.sleep(rng.uniform(args.think / 2, args.think * 1.5))


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary(stats, seconds):
    rows = {}
    for name, times in stats.times.items():
        rows[name] = {
            "requests": len(times),
            "errors": stats.errors[name],
            "p50_ms": round(percentile(times, 50) * 1000),
            "p95_ms": round(percentile(times, 95) * 1000),
            "p99_ms": round(percentile(times, 99) * 1000),
        }
    browse = [t for name, times in stats.times.items() if not name.startswith("sign-in") for t in times]
    rows["all pages"] = {
        "requests": len(browse),
        "errors": sum(n for name, n in stats.errors.items() if not name.startswith("sign-in")),
        "p50_ms": round(percentile(browse, 50) * 1000) if browse else None,
        "p95_ms": round(percentile(browse, 95) * 1000) if browse else None,
        "p99_ms": round(percentile(browse, 99) * 1000) if browse else None,
        "requests_per_second": round(len(browse) / seconds, 1),
    }
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="seconds of browsing after the sign-ins")
    parser.add_argument("--ramp", type=float, default=0, help="spread the sign-ins over this many seconds (0: a burst)")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's pages")
    parser.add_argument("--password", required=True)
    parser.add_argument("--totp-secret", required=True)
    parser.add_argument("--prefix", default="load")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--gunicorn-pid", type=int, help="the master's pid: report its workers' CPU per request")
    args = parser.parse_args()

    loads = {"before": os.getloadavg()}
    samples = []
    stats, started = Stats(), threading.Event()
    threads = [
        threading.Thread(target=user_loop, args=(n, args, stats, started), daemon=True)
        for n in range(1, args.users + 1)
    ]
    cpu_before = server_cpu_seconds(args.gunicorn_pid)
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    # The sign-ins are a burst; browsing starts when every user has signed in (or failed to).
    while stats_count(stats) < args.users and time.monotonic() - begin < args.ramp + args.timeout * 4:
        time.sleep(0.1)
    sign_in_seconds = time.monotonic() - begin
    stop_at = STOP_AT["at"] = time.monotonic() + args.duration
    started.set()
    browse_start = time.monotonic()
    while time.monotonic() < stop_at:
        samples.append(os.getloadavg()[0])
        time.sleep(5)
    for thread in threads:
        thread.join(args.timeout + args.think * 2)
    loads["during (1-min, max sampled)"] = max(samples) if samples else None
    loads["after"] = os.getloadavg()
    pages = summary(stats, time.monotonic() - browse_start)
    if args.gunicorn_pid:
        # CPU the server spent, whatever else ran on the machine: the contention-free capacity.
        served = sum(len(times) for times in stats.times.values()) + 3 * len(stats.times["sign-in (4 requests)"])
        cpu = server_cpu_seconds(args.gunicorn_pid) - cpu_before
        pages["server CPU"] = {"cpu_seconds": round(cpu, 1), "requests": served, "cpu_ms_per_request": None}
        if served:
            pages["server CPU"]["cpu_ms_per_request"] = round(cpu / served * 1000, 1)
    result = {
        "users": args.users,
        "duration_s": args.duration,
        "think_s": args.think,
        "ramp_s": args.ramp,
        "sign_in_burst_s": round(sign_in_seconds, 1),
        "cores": os.cpu_count(),
        "load_average": loads,
        "load_samples_1min": samples,
        "pages": pages,
        "error_samples": stats.error_samples,
    }
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


def server_cpu_seconds(master_pid) -> float:
    """User + system CPU of the gunicorn master's worker processes (Linux /proc)."""
    if not master_pid:
        return 0.0
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in [master_pid, *map(int, children)]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def stats_count(stats):
    with stats.lock:
        return len(stats.times.get("sign-in (4 requests)", []))


if __name__ == "__main__":
    main()
