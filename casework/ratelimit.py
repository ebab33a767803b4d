"""A fixed-window counter in Redis (the cache): how many times a key was used in its window."""

from django.core.cache import cache


def count_attempt(key: str, window_seconds: int) -> int:
    """Count one more attempt under `key` and return the count in the current window."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1
