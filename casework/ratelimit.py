"""A fixed-window counter in Redis (the cache): how many times a key was used in its window.

When Redis cannot be reached the counter raises `RateLimitUnavailable`, and each caller decides
(docs/operations.md): sign-in refuses ("try again shortly": fail closed, a password form must
not become unlimited); the officers' response page keeps working (fail open: its tokens are
256-bit, the limit only sheds load); confirming the recipient refuses (its failure count guards
a guessable number)."""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class RateLimitUnavailable(Exception):
    """The cache holding the counters cannot be reached."""


def count_attempt(key: str, window_seconds: int) -> int:
    """Count one more attempt under `key` and return the count in the current window."""
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window_seconds)
            return 1
    except RedisError as exc:
        log.warning("rate limit %s not counted, the cache is unavailable: %s", key.split(":")[0], exc)
        raise RateLimitUnavailable from exc


def read_count(key: str) -> int:
    """The count under `key` in its current window, without counting."""
    try:
        return cache.get(key) or 0
    except RedisError as exc:
        log.warning("rate limit %s not read, the cache is unavailable: %s", key.split(":")[0], exc)
        raise RateLimitUnavailable from exc
