"""Section figures (the dashboard's sections, the Needs-action cards, the counts on My work)
cached per user for at most a minute (issue 20, point 7; docs/performance.md).

A cached figure's key holds a version number kept in the cache. Every service that changes
what the figures count calls `changed()` in its transaction: the version is bumped when the
transaction commits (transaction.on_commit), so every user's figures are recomputed on their
next request, and a decision shows on the card at once; a rolled-back change bumps nothing.
Callers: casework.services.record_event (allegations, criminal status, referrals and most
decisions go on the timeline), casework.services.change_duty_status, casework.deadlines (a
deadline started, met, stopped or extended), and the duty decision services.

When Redis cannot be reached the figures are computed, not cached (fail open: they are read
from the database either way), and a warning is logged."""

import functools
import logging

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.utils import timezone
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

TTL_SECONDS = 60  # at most a minute, even if a change forgot to say so
VERSION_KEY = "figures:version"


def bump() -> None:
    """Invalidate every cached figure now (changed() does it at commit; tests start with this)."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or evicted): any new value differs from the cached keys'
            cache.set(VERSION_KEY, int(timezone.now().timestamp() * 1000), timeout=None)
    except RedisError as exc:
        log.warning("figures not invalidated, the cache is unavailable: %s", exc)


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
        key = f"figures:{_version()}:{user.pk}:{timezone.localdate().isoformat()}:{name}"
        value = cache.get(key)
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
