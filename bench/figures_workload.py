"""Views of a page at a given time after a change, with a real Celery worker recomputing the
section figures after each change (casework.figures.warm): what a decision-maker sees when the
department keeps changing things. For each gap, `per_gap` times: a change (the real queueing path,
`figures.bump`, naming the change's topics: none, every figure), the gap, the view (timed, its
queries counted), then a pause for the worker to finish before the next change. A view that runs
more queries than a cached one computed figures itself (it raced the change).

And views in a quiet spell (`quiet_views`): nothing changes, the page is viewed every `every`
seconds for longer than a figure lives (a minute), with the beat's refresh published on its
schedule (casework.tasks.refresh_figures, which the worker runs): a view computes its own only
if a figure expired before the refresh replaced it. Run by bench/run.py ("... views after a
change, with a worker" and "... views in a quiet spell")."""

import statistics
import threading
import time

from _setup import start_celery_worker

SETTLE_SECONDS = 2.5  # after each view: the worker's run for this change is over before the next


def _wait_until_recomputed(user, name: str, timeout: float = 60.0) -> None:
    from casework import figures

    give_up = time.monotonic() + timeout
    while figures.cache.get(figures.key_for(user, name)) is None:
        if time.monotonic() > give_up:
            raise RuntimeError(f"the worker did not recompute {name} within {timeout} s")
        time.sleep(0.1)


class _Worker:
    """A real worker for the duration of a `with`, its queue purged before and after."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        from config.celery import app

        app.control.purge()
        self.process = start_celery_worker(self.name)
        return self

    def __exit__(self, *exc):
        from config.celery import app

        self.process.terminate()
        self.process.wait(30)
        app.control.purge()


def _cached_queries(bench, client, user, url, figure) -> int:
    """The queries of a view that finds every figure cached, once the worker has run once."""
    from casework import figures

    bench._get(client, url)  # the user views the page: their figures are now recomputed after changes
    figures.bump()
    _wait_until_recomputed(user, figure)  # the worker is up and has run once
    _, cached_queries = bench._get(client, url)
    return cached_queries


def views_after_changes(
    bench, percentile, *, user, url: str, figure: str, topics=(), gaps=(0.2, 0.75, 1.5, 5.0), per_gap=12
):
    """{gap: "median, p95, how many views computed their own figures"}; `percentile` is the
    harness's (bench/run.py); `topics`: what each change touched (none: everything)."""
    from casework import figures

    client = bench.client(user)
    with _Worker("benchfigures@%h"):
        cached_queries = _cached_queries(bench, client, user, url, figure)
        result = {"cached_queries": cached_queries, "change touches": ", ".join(topics) or "everything"}
        for gap in gaps:
            times, computed = [], 0
            for _ in range(per_gap):
                figures.bump(*topics)
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


def _publish_refresh_on_schedule(stop: threading.Event) -> None:
    """What the beat does for the refresh: publish the task every FIGURES_REFRESH_SECONDS."""
    from django.conf import settings

    from casework.tasks import refresh_figures

    while not stop.wait(settings.FIGURES_REFRESH_SECONDS):
        refresh_figures.delay()


def quiet_views(bench, percentile, *, user, url: str, figure: str, every=35.0, views=8):
    """Views every `every` seconds with nothing changing and the beat's refresh running; then the
    time of one refresh of all this user's figures (the worker's cost every half minute or so)."""
    from casework import figures

    client = bench.client(user)
    stop = threading.Event()
    with _Worker("benchquiet@%h"):
        cached_queries = _cached_queries(bench, client, user, url, figure)
        publisher = threading.Thread(target=_publish_refresh_on_schedule, args=(stop,), daemon=True)
        publisher.start()
        times, computed = [], 0
        try:
            for _ in range(views):
                time.sleep(every)
                seconds, queries = bench._get(client, url)
                times.append(seconds)
                computed += queries > cached_queries
        finally:
            stop.set()
            publisher.join()
    redis = figures._viewers()
    for key in redis.scan_iter(match=figures.cache.make_key(f"figures:*:{user.pk}:*")):
        redis.expire(key, 1)  # every figure of this user about to expire: the next refresh replaces all
    started = time.perf_counter()
    replaced = figures.refresh()
    return {
        "cached_queries": cached_queries,
        f"a view every {every:.0f} s, {views} views": (
            f"median {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 95) * 1000:.0f} ms, "
            f"{computed} of {views} computed on the request"
        ),
        "one refresh of the user's figures": f"{replaced} figures in {(time.perf_counter() - started) * 1000:.0f} ms",
    }
