"""Views of a page at a given time after a change, with a real Celery worker recomputing the
section figures after each change (casework.figures.warm): what a decision-maker sees when the
department keeps changing things. For each gap, `per_gap` times: a change (the real queueing path,
`figures.bump`), the gap, the view (timed, its queries counted), then a pause for the worker to
finish before the next change. A view that runs more queries than a cached one computed figures
itself (it raced the change). Run by bench/run.py ("... views after a change, with a worker")."""

import statistics
import time

from _setup import start_celery_worker

SETTLE_SECONDS = 2.5  # after each view: the worker's run for this change is over before the next


def _wait_until_recomputed(user, name: str, timeout: float = 60.0) -> None:
    from casework import figures

    key = figures._key(figures._version(), user.pk, name)
    give_up = time.monotonic() + timeout
    while figures.cache.get(key) is None:
        if time.monotonic() > give_up:
            raise RuntimeError(f"the worker did not recompute {name} within {timeout} s")
        time.sleep(0.1)


def views_after_changes(bench, percentile, *, user, url: str, figure: str, gaps=(0.2, 0.75, 1.5, 5.0), per_gap=12):
    """{gap: "median, p95, how many views computed their own figures"}; `percentile` is the
    harness's (bench/run.py)."""
    from casework import figures
    from config.celery import app

    app.control.purge()
    worker = start_celery_worker("benchfigures@%h")
    client = bench.client(user)
    try:
        bench._get(client, url)  # the user views the page: their figures are now recomputed after changes
        figures.bump()
        _wait_until_recomputed(user, figure)  # the worker is up and has run once
        _, cached_queries = bench._get(client, url)
        result = {"cached_queries": cached_queries}
        for gap in gaps:
            times, computed = [], 0
            for _ in range(per_gap):
                figures.bump()
                time.sleep(gap)
                seconds, queries = bench._get(client, url)
                times.append(seconds)
                computed += queries > cached_queries
                time.sleep(SETTLE_SECONDS)
            result[f"{gap} s after"] = (
                f"median {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 95) * 1000:.0f} ms, "
                f"{computed} of {per_gap} computed on the request"
            )
        return result
    finally:
        worker.terminate()
        worker.wait(30)
        app.control.purge()
