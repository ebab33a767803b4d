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


def _wait_until_recomputed(user, timeout: float = 60.0) -> None:
    """Until every figure `user` views is cached under the current versions (the worker's run is over)."""
    from casework import figures

    suffix = f":{user.pk}"
    members = figures._viewers().zrange(figures.cache.make_key(figures.VIEWERS_KEY), 0, -1)
    names = [m.decode()[: -len(suffix)] for m in members if m.decode().endswith(suffix)]
    give_up = time.monotonic() + timeout
    while any(figures.cache.get(figures.key_for(user, name)) is None for name in names):
        if time.monotonic() > give_up:
            raise RuntimeError(f"the worker did not recompute {names} within {timeout} s")
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


def _cached_queries(bench, client, user, url) -> int:
    """The queries of a view that finds every figure cached, once the worker has run once."""
    from casework import figures

    bench._get(client, url)  # the user views the page: their figures are now recomputed after changes
    figures.bump()
    _wait_until_recomputed(user)  # the worker is up and has run once
    _, cached_queries = bench._get(client, url)
    return cached_queries


def views_after_changes(bench, percentile, *, user, url: str, topics=(), gaps=(0.2, 0.75, 1.5, 5.0), per_gap=12):
    """{gap: "median, p95, how many views computed their own figures"}; `percentile` is the
    harness's (bench/run.py); `topics`: what each change touched (none: everything)."""
    from casework import figures

    client = bench.client(user)
    with _Worker("benchfigures@%h"):
        cached_queries = _cached_queries(bench, client, user, url)
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


def quiet_views(bench, percentile, *, user, url: str, every=35.0, views=8):
    """Views every `every` seconds with nothing changing and the beat's refresh running; then the
    time of one refresh of all this user's figures (the worker's cost every half minute or so)."""
    from casework import figures

    client = bench.client(user)
    stop = threading.Event()
    with _Worker("benchquiet@%h"):
        cached_queries = _cached_queries(bench, client, user, url)
        publisher = threading.Thread(target=_publish_refresh_on_schedule, args=(stop,), daemon=True)
        publisher.start()
        times, computed, each = [], 0, []
        try:
            for _ in range(views):
                time.sleep(every)
                seconds, queries = bench._get(client, url)
                times.append(seconds)
                computed += queries > cached_queries
                each.append(f"{seconds * 1000:.0f} ms/{queries}")
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
        "each view (ms/statements)": ", ".join(each),
        "one refresh of the user's figures": f"{replaced} figures in {(time.perf_counter() - started) * 1000:.0f} ms",
    }


# A busy spell: what a change touched, and how often (a guess, pessimistic for the tables of cases:
# a third of changes name nothing, as a case recorded, moved on or closed, an allegation or a note).
BUSY_MIX = ((("deadlines",), 0.35), (("correspondence",), 0.2), (("duty", "deadlines"), 0.1), ((), 0.35))


def _change_at_random(stop: threading.Event, rng, mean_gap: float, made: list) -> None:
    from casework import figures

    topics, weights = zip(*BUSY_MIX, strict=True)
    while not stop.wait(rng.expovariate(1 / mean_gap)):
        chosen = rng.choices(topics, weights)[0]
        figures.bump(*chosen)
        made.append(chosen)


def busy_views(bench, percentile, *, user, url: str, seconds=240.0, mean_change_gap=4.0, mean_view_gap=5.0):
    """Changes (BUSY_MIX) and views, each at random times (Poisson, fixed seed), for `seconds`,
    with a real worker and the beat's refresh: every view is timed, and counted as computed when it
    ran more queries than a cached one."""
    import random

    rng = random.Random(20)  # noqa: S311 (a workload's timing, not a secret)
    client = bench.client(user)
    stop, made = threading.Event(), []
    with _Worker("benchbusy@%h"):
        cached_queries = _cached_queries(bench, client, user, url)
        threads = [
            threading.Thread(target=_publish_refresh_on_schedule, args=(stop,), daemon=True),
            threading.Thread(
                target=_change_at_random,
                args=(stop, random.Random(21), mean_change_gap, made),
                daemon=True,  # noqa: S311
            ),
        ]
        for thread in threads:
            thread.start()
        times, computed, ends = [], 0, time.monotonic() + seconds
        try:
            while time.monotonic() < ends:
                time.sleep(rng.expovariate(1 / mean_view_gap))
                elapsed, queries = bench._get(client, url)
                times.append(elapsed)
                computed += queries > cached_queries
        finally:
            stop.set()
            for thread in threads:
                thread.join()
    untagged = sum(1 for topics in made if not topics)
    return {
        "cached_queries": cached_queries,
        "spell": f"{seconds:.0f} s; a change every {mean_change_gap:.0f} s, a view every {mean_view_gap:.0f} s (mean)",
        "changes": f"{len(made)} ({untagged} naming no topic)",
        "views": (
            f"{len(times)}: median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {percentile(times, 95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, "
            f"{computed} computed on the request"
        ),
    }
