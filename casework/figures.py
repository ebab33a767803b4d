"""Section figures (the dashboard's sections, the Needs-action cards, the counts on My work)
cached per user for at most a minute (issue 20, point 7; docs/performance.md).

A cached figure's key holds version numbers kept in the cache. Every service that changes what
the figures count calls `changed()` in its transaction: the versions are bumped when the
transaction commits (transaction.on_commit), so the figures are recomputed on the next request,
and a decision shows on the card at once; a rolled-back change bumps nothing.
Callers: casework.services.record_event (allegations, criminal status, referrals and most
decisions go on the timeline), casework.services.change_duty_status, casework.deadlines (a
deadline started, met, stopped or extended), and the duty decision services.

What a change touched: a change may name its topics (`changed(DEADLINES)`), and a figure may
declare the topics it counts (`@figure(name, topics=(DEADLINES,))`). Such a figure is recomputed
after changes of those topics and after every change that names none; the others (topics=None,
the default: My work, the cards, the counts of the lists) after every change, named or not. So a
deadline met recomputes the dashboard's deadline section and the cards, not its tables of open
matters, which count cases and stages (docs/decisions.md, "Dashboard sections recomputed by
topic"). A change that names no topic touches everything: the safe default for a new caller.

Recomputed off the request: the figures registered with `@figure(name)` (those of the pages a
decision-maker opens all day: My work, the Needs-action cards, the dashboard's sections, the
suspension manager's and the referrals' counts) are recomputed by a Celery task (`warm`) at once
after each change, for everyone who viewed them in the last WATCH_SECONDS, under the new versions:
their next view reads them instead of computing them. And, since a value lives at most a minute,
the beat refreshes theirs before it expires (`refresh`, every settings.FIGURES_REFRESH_SECONDS): a value is
still never older than a minute, and a view a few minutes after the last change reads it too. A
view that races the change computes its own, as before; a value computed for versions a newer
change has replaced is never read (the versions are in its key). The one-minute lifetime still
bounds a change no service announced. Figures with parameters (fairness, the monthly statistics)
are not recomputed ahead.

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
WATCH_SECONDS = 15 * 60  # whose figures are recomputed after a change: who viewed them this long ago
VIEWERS_KEY = "figures:viewers"  # a sorted set of "name:user id", scored by the time last viewed
WARM_QUEUED_KEY = "figures:warm-queued"  # a recomputation is queued and has not started yet
# No wait before the recomputation: the changes of one transaction (a decision, its notice, its
# deadline) already share one run (one queued at a time), and a change landing during a run stops
# it (a newer version) and queues the next. Waiting a second to gather more only widened the time
# in which a view finds nothing computed and computes its own (docs/performance.md, fifth part).
WARM_DELAY_SECONDS = 0
# The beat's refresh (every settings.FIGURES_REFRESH_SECONDS, 20): a viewer's value with less than
# this left to live is recomputed, so it is replaced before it expires (two chances in the window).
REFRESH_WITHIN_SECONDS = 40

# Topics a change may name and a figure may count. A change naming none touches everything.
DEADLINES = "deadlines"  # a deadline started, met, stopped or extended
DUTY = "duty"  # duty decisions, reviews and statuses
CORRESPONDENCE = "correspondence"  # letters sent, responses received
TOPICS = (DEADLINES, DUTY, CORRESPONDENCE)
_EVERYTHING = "everything"  # bumped by a change that names no topic
_ANY = "any"  # bumped by every change: the version of the figures that declare no topics
_STAMPS = (_ANY, _EVERYTHING, *TOPICS)
VERSION_KEY = "figures:version"  # one key per stamp: figures:version:<stamp>

_COMPUTATIONS = {}  # name -> function(user), for the figures recomputed off the request
_TOPICS_OF = {}  # name -> the topics the figure counts (None: every change)


def figure(name: str, *, topics: tuple | None = None):
    """Register `function(user)` as the computation of the figure `name` (decorator); read it with
    `cached_figure(user, name)`, and it is recomputed after each change for those who view it.
    `topics`: what it counts (see the module's docstring); None, every change."""
    _check_topics(topics or ())

    def register(function):
        _COMPUTATIONS[name] = function
        _TOPICS_OF[name] = None if topics is None else tuple(topics)
        return function

    return register


def cached_figure(user, name: str):
    return cached_figures(user, [name])[name]


def _check_topics(topics) -> None:
    unknown = set(topics) - set(TOPICS)
    if unknown:
        raise ValueError(f"unknown figures topics: {sorted(unknown)}")


def bump(*topics) -> None:
    """Invalidate now the cached figures that count `topics` (none: every figure; changed() does
    it at commit), and queue their recomputation for those who view them."""
    if invalidate(*topics):
        _queue_warm()


def forget() -> None:
    """Every cached figure invalidated and no one's recomputed: a clean slate (tests start with it)."""
    invalidate()
    try:
        cache.delete_many([VIEWERS_KEY, WARM_QUEUED_KEY])
    except RedisError as exc:
        log.warning("figures' viewers not forgotten, the cache is unavailable: %s", exc)


def invalidate(*topics) -> bool:
    """The cached figures that count `topics` invalidated now (none named: every figure), nothing
    queued (bump() also queues their recomputation)."""
    _check_topics(topics)
    try:
        for stamp in (_ANY, *(topics or (_EVERYTHING,))):
            try:
                cache.incr(_version_key(stamp))
            except ValueError:  # no version yet (or evicted): any new value differs from the cached keys'
                cache.set(_version_key(stamp), int(timezone.now().timestamp() * 1000), timeout=None)
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


def changed(*topics) -> None:
    """Say that what the figures count changed (`topics`: what it touched; none, everything): they
    are recomputed after this transaction commits."""
    _check_topics(topics)
    transaction.on_commit(functools.partial(bump, *topics))


def changes(*topics):
    """A service decorator: `changed(*topics)` after the service ran (in its transaction).
    `@changes` touches everything; `@changes(DUTY)` only the duty figures."""
    if len(topics) == 1 and callable(topics[0]):
        return changes()(topics[0])
    _check_topics(topics)

    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            result = function(*args, **kwargs)
            changed(*topics)
            return result

        return run

    return decorate


def _version_key(stamp: str) -> str:
    return f"{VERSION_KEY}:{stamp}"


def _versions() -> dict:
    """{stamp: version}, one round trip; a missing version is started."""
    found = cache.get_many([_version_key(stamp) for stamp in _STAMPS])
    versions = {}
    for stamp in _STAMPS:
        version = found.get(_version_key(stamp))
        if version is None:
            version = int(timezone.now().timestamp() * 1000)
            if not cache.add(_version_key(stamp), version, timeout=None):
                version = cache.get(_version_key(stamp))
        versions[stamp] = version
    return versions


def cached(user, name: str, compute):
    """`compute()`'s value for this user, from the cache if it is there for the current versions
    and today (figures count "today"), else computed and kept for TTL_SECONDS. A figure not
    registered with @figure is recomputed after every change.

    Inside a transaction the figures are computed and not cached: they may count writes not yet
    committed, which no one else may see, and which a rollback would undo. (Pages run outside
    one: ATOMIC_REQUESTS is off.)"""
    return _read(user, {name: compute})[name]


def cached_figures(user, names) -> dict:
    """{name: value} of registered figures, read together (one round trip for the lot)."""
    return _read(user, {name: functools.partial(_COMPUTATIONS[name], user) for name in names})


def _read(user, computations: dict) -> dict:
    if connection.in_atomic_block:
        return {name: compute() for name, compute in computations.items()}
    try:
        versions = _versions()
        keys = {name: _key(versions, user.pk, name) for name in computations}
        found = cache.get_many(list(keys.values()))
        watched = {f"{name}:{user.pk}": time.time() for name in computations if name in _COMPUTATIONS}
        if watched:
            _viewers().zadd(cache.make_key(VIEWERS_KEY), watched)
    except RedisError as exc:
        log.warning("figures %s computed without the cache, which is unavailable: %s", list(computations), exc)
        return {name: compute() for name, compute in computations.items()}
    values, computed = {}, {}
    for name, compute in computations.items():
        value = found.get(keys[name])
        if value is None:
            value = computed[keys[name]] = compute()
        values[name] = value
    if computed:
        try:
            cache.set_many(computed, timeout=TTL_SECONDS)
        except RedisError as exc:
            log.warning("figures %s not cached, the cache is unavailable: %s", list(computations), exc)
    return values


def _key(versions: dict, user_pk, name: str) -> str:
    topics = _TOPICS_OF.get(name)
    stamp = versions[_ANY] if topics is None else ".".join(str(versions[s]) for s in (_EVERYTHING, *topics))
    return f"figures:{stamp}:{user_pk}:{timezone.localdate().isoformat()}:{name}"


def key_for(user, name: str) -> str:
    """The cache key of `name` for `user` under the current versions (tests and the bench look)."""
    return _key(_versions(), user.pk, name)


def _viewers():
    """The Redis client behind the cache (a sorted set has no place in Django's cache API); keys
    are made with the cache's prefix, so the set lives and is flushed with the figures."""
    return cache._cache.get_client(write=True)


def warm() -> int:
    """Compute, under the current versions, the registered figures of everyone who viewed them in
    the last WATCH_SECONDS and has none cached; returns how many. Stops when a newer change
    replaces the versions (the run it queued does the rest). The Celery task `warm_figures`."""
    cache.delete(WARM_QUEUED_KEY)  # from now on a change queues another run
    return _recompute(within=0)


def refresh() -> int:
    """As warm(), and also the values with less than REFRESH_WITHIN_SECONDS left to live: run by
    the beat (casework.tasks.refresh_figures), it replaces a viewer's figures before they expire."""
    return _recompute(within=REFRESH_WITHIN_SECONDS)


def _recompute(*, within: int) -> int:
    from casework.models import User

    versions, now, viewers_key = _versions(), time.time(), cache.make_key(VIEWERS_KEY)
    client = _viewers()
    client.zremrangebyscore(viewers_key, "-inf", now - WATCH_SECONDS)
    viewers = [member.decode().rsplit(":", 1) for member in client.zrangebyscore(viewers_key, "-inf", "+inf")]
    viewers = [(name, int(pk)) for name, pk in viewers if name in _COMPUTATIONS]
    users = User.objects.filter(is_active=True).in_bulk({pk for _name, pk in viewers})
    viewers = [(name, users[pk]) for name, pk in viewers if pk in users]
    keys = [_key(versions, user.pk, name) for name, user in viewers]
    pipeline = client.pipeline()
    for key in keys:
        pipeline.ttl(cache.make_key(key))
    left = pipeline.execute()  # seconds to live; -2: not there
    computed = 0
    for (name, user), key, seconds in zip(viewers, keys, left, strict=True):
        if seconds != -2 and (seconds < 0 or seconds >= within):
            continue  # there, and not about to expire
        if _versions() != versions:
            break
        cache.set(key, _COMPUTATIONS[name](user), timeout=TTL_SECONDS)
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
