"""Section figures (the dashboard's sections, the Needs-action cards, the counts on My work)
cached per user for at most a minute (issue 20, point 7; docs/performance.md).

A cached figure's key holds a version number kept in the cache. Every service that changes
what the figures count calls `changed()` in its transaction: the version is bumped when the
transaction commits (transaction.on_commit), so every user's figures are recomputed on their
next request, and a decision shows on the card at once; a rolled-back change bumps nothing.
Callers: casework.services.record_event (allegations, criminal status, referrals and most
decisions go on the timeline), casework.services.change_duty_status, casework.deadlines (a
deadline started, met, stopped or extended), and the duty decision services.

Recomputed off the request: the figures registered with `@figure(name)` (those of the pages a
decision-maker opens all day: My work, the Needs-action cards, the dashboard, the suspension
manager's and the referrals' counts) are recomputed by a Celery task (`warm`) shortly after each
change, for everyone who viewed them in the last WATCH_SECONDS, under the new version: their next
view reads them instead of computing them (docs/performance.md). A view that races the change
computes its own, as before; a value computed for a version a newer change has replaced is never
read (the version is in its key). The one-minute lifetime still bounds a change no service
announced. Figures with parameters (fairness, the monthly statistics) are not recomputed ahead.

When Redis cannot be reached the figures are computed, not cached (fail open: they are read
from the database either way), and a warning is logged."""

import functools
import logging
import time

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.utils import timezone
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

TTL_SECONDS = 60  # at most a minute, even if a change forgot to say so
VERSION_KEY = "figures:version"
WATCH_SECONDS = 15 * 60  # whose figures are recomputed after a change: who viewed them this long ago
VIEWERS_KEY = "figures:viewers"  # a sorted set of "name:user id", scored by the time last viewed
WARM_QUEUED_KEY = "figures:warm-queued"  # a recomputation is queued and has not started yet
# No wait before the recomputation: the changes of one transaction (a decision, its notice, its
# deadline) already share one run (one queued at a time), and a change landing during a run stops
# it (a newer version) and queues the next. Waiting a second to gather more only widened the time
# in which a view finds nothing computed and computes its own (docs/performance.md, fifth part).
WARM_DELAY_SECONDS = 0

_COMPUTATIONS = {}  # name -> function(user), for the figures recomputed off the request


def figure(name: str):
    """Register `function(user)` as the computation of the figure `name` (decorator); read it with
    `cached_figure(user, name)`, and it is recomputed after each change for those who view it."""

    def register(function):
        _COMPUTATIONS[name] = function
        return function

    return register


def cached_figure(user, name: str):
    return cached(user, name, lambda: _COMPUTATIONS[name](user))


def bump() -> None:
    """Invalidate every cached figure now (changed() does it at commit), and queue their
    recomputation for those who view them."""
    if invalidate():
        _queue_warm()


def forget() -> None:
    """Every cached figure invalidated and no one's recomputed: a clean slate (tests start with it)."""
    invalidate()
    try:
        cache.delete_many([VIEWERS_KEY, WARM_QUEUED_KEY])
    except RedisError as exc:
        log.warning("figures' viewers not forgotten, the cache is unavailable: %s", exc)


def invalidate() -> bool:
    """Every cached figure invalidated now, nothing queued (bump() also queues their recomputation)."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or evicted): any new value differs from the cached keys'
            cache.set(VERSION_KEY, int(timezone.now().timestamp() * 1000), timeout=None)
        return True
    except RedisError as exc:
        log.warning("figures not invalidated, the cache is unavailable: %s", exc)
        return False


def _queue_warm() -> None:
    """One recomputation queued at a time: the changes made before it starts share it."""
    from casework.tasks import warm_figures

    try:
        # Expires: a message lost with the broker holds the next runs back ten seconds at most.
        if not cache.add(WARM_QUEUED_KEY, 1, timeout=WARM_DELAY_SECONDS + 10):
            return
    except RedisError:
        return
    # On commit if in a transaction; a broker that cannot be reached is logged (CommitAwareTask).
    warm_figures.apply_async(countdown=WARM_DELAY_SECONDS)


def changed() -> None:
    """Say that what the figures count changed: they are recomputed after this transaction commits."""
    transaction.on_commit(bump)


def changes(function):
    """A service decorator: `changed()` after the service ran (in its transaction)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        result = function(*args, **kwargs)
        changed()
        return result

    return run


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY)
    return version


def cached(user, name: str, compute):
    """`compute()`'s value for this user, from the cache if it is there for the current version
    and today (figures count "today"), else computed and kept for TTL_SECONDS.

    Inside a transaction the figures are computed and not cached: they may count writes not yet
    committed, which no one else may see, and which a rollback would undo. (Pages run outside
    one: ATOMIC_REQUESTS is off.)"""
    if connection.in_atomic_block:
        return compute()
    try:
        key = _key(_version(), user.pk, name)
        value = cache.get(key)
        if name in _COMPUTATIONS:
            _viewers().zadd(cache.make_key(VIEWERS_KEY), {f"{name}:{user.pk}": time.time()})
    except RedisError as exc:
        log.warning("figures %s computed without the cache, which is unavailable: %s", name, exc)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, timeout=TTL_SECONDS)
    except RedisError as exc:
        log.warning("figures %s not cached, the cache is unavailable: %s", name, exc)
    return value


def _key(version, user_pk, name: str) -> str:
    return f"figures:{version}:{user_pk}:{timezone.localdate().isoformat()}:{name}"


def _viewers():
    """The Redis client behind the cache (a sorted set has no place in Django's cache API); keys
    are made with the cache's prefix, so the set lives and is flushed with the figures."""
    return cache._cache.get_client(write=True)


def warm() -> int:
    """Compute, under the current version, the registered figures of everyone who viewed them in
    the last WATCH_SECONDS and has none cached; returns how many. Stops when a newer change
    replaces the version (the run it queued does the rest). The Celery task `warm_figures`."""
    from casework.models import User

    cache.delete(WARM_QUEUED_KEY)  # from now on a change queues another run
    version, now, viewers_key = _version(), time.time(), cache.make_key(VIEWERS_KEY)
    client = _viewers()
    client.zremrangebyscore(viewers_key, "-inf", now - WATCH_SECONDS)
    viewers = [member.decode().rsplit(":", 1) for member in client.zrangebyscore(viewers_key, "-inf", "+inf")]
    users = User.objects.filter(is_active=True).in_bulk({int(pk) for _name, pk in viewers})
    computed = 0
    for name, pk in viewers:
        user, compute = users.get(int(pk)), _COMPUTATIONS.get(name)
        if user is None or compute is None:
            continue
        if _version() != version:
            break
        key = _key(version, user.pk, name)
        if cache.get(key) is None:
            cache.set(key, compute(user), timeout=TTL_SECONDS)
            computed += 1
    return computed


def counts_in_one_query(querysets: dict) -> dict:
    """{name: number of rows} for several querysets, in one round trip."""
    parts, params = [], []
    for name, queryset in querysets.items():
        try:
            # Unordered: an ORDER BY inside the count would make PostgreSQL sort what it only counts.
            sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(), e.g. an administrator's cases: nothing to count
            parts.append("0")
            continue
        # The SQL is Django's, compiled with placeholders; `name` is one of our own keys.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{name})")  # noqa: S608
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))
