"""Which rows have a message in the broker: the live work the sweeps must not queue again.

The outbox and PDF sweeps recover messages lost with the broker (a Redis flushed, or restarted
without its append-only file, or a publish refused while it was down). To recover in seconds
rather than minutes (issue 23, point 4) their staleness is short (`OUTBOX_STALE_SECONDS`,
`PDF_STALE_SECONDS`), so "old" alone no longer means "lost": a letter can wait longer than that
behind a backlog. A row counts as lost only when it is old enough AND no message names it:

- none waiting in its queue (the Redis lists kombu keeps per queue and priority), and
- none held, unacknowledged, by a worker that is still within its lease (a worker that has
  held a message longer than `OUTBOX_SENDING_LEASE_SECONDS` past its start or its ETA is
  taken for dead: kombu gives that message back only after the visibility timeout, an hour).

A duplicate message is harmless anyway (the claim lets one worker through; a PDF render is
idempotent), so the read need not be atomic with the sweep; it keeps the queue from growing
by a backlog's length on every tick.
"""

import base64
import json
import logging
import time

from django.conf import settings

log = logging.getLogger(__name__)

PRIORITY_SEPARATOR = "\x06\x16"  # kombu.transport.redis.Channel.sep
PRIORITY_STEPS = (0, 3, 6, 9)  # kombu's default priority steps: one list per step
UNACKED, UNACKED_INDEX = "unacked", "unacked_index"  # kombu's ack emulation keys


class QueueTooLong(Exception):
    """More messages wait than BROKER_SCAN_LIMIT: the workers are behind, not short of work."""


def ids_in_broker(task_name: str) -> set[int]:
    """The first argument (a row id) of every live message of `task_name` in the broker.

    Raises QueueTooLong when reading the queue would cost too much; an empty set when the broker
    cannot be read (down: the sweep's publish fails too and says so) or is not Redis."""
    client, queue = _client(), queue_of(task_name)
    if client is None:
        return set()
    try:
        return _waiting(client, task_name, queue) | _held(client, task_name)
    except QueueTooLong:
        raise
    except Exception as exc:  # noqa: BLE001 - any broker trouble: the publish will report it
        log.warning("could not read the broker's queue %s: %s", queue, exc)
        return set()
    finally:
        client.close()


def queue_of(task_name: str) -> str:
    """The queue the task is routed to (settings.CELERY_TASK_ROUTES), else Celery's default."""
    route = settings.CELERY_TASK_ROUTES.get(task_name) or {}
    return route.get("queue", "celery")


def _client():
    """The broker the tasks are published to (the Celery app's, which is the settings' unless a
    process pointed it elsewhere)."""
    from celery import current_app

    url = current_app.conf.broker_url or settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    import redis

    timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def _queue_keys(queue: str) -> list[str]:
    return [queue if step == 0 else f"{queue}{PRIORITY_SEPARATOR}{step}" for step in PRIORITY_STEPS]


def _waiting(client, task_name, queue) -> set[int]:
    keys = _queue_keys(queue)
    with client.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.llen(key)
        lengths = pipe.execute()
    if sum(lengths) > settings.BROKER_SCAN_LIMIT:
        raise QueueTooLong(f"{sum(lengths)} messages wait in {queue}")
    ids = set()
    for key, length in zip(keys, lengths, strict=True):
        if length:
            ids |= {_row_id(raw, task_name) for raw in client.lrange(key, 0, -1)}
    return ids - {None}


def _held(client, task_name) -> set[int]:
    """Messages a worker took and has not acknowledged, if it is still within its lease."""
    if client.zcard(UNACKED_INDEX) > settings.BROKER_SCAN_LIMIT:
        raise QueueTooLong("too many unacknowledged messages")
    taken_at = dict(client.zrange(UNACKED_INDEX, 0, -1, withscores=True))
    if not taken_at:
        return set()
    lease, now, ids = settings.OUTBOX_SENDING_LEASE_SECONDS, time.time(), set()
    for tag, raw in zip(taken_at, client.hmget(UNACKED, list(taken_at)), strict=True):
        if raw is None:
            continue  # acknowledged meanwhile
        message = json.loads(raw)[0]
        start = max(taken_at[tag], _eta(message))
        if now < start + lease:
            ids.add(_row_id(message, task_name))
    return ids - {None}


def _row_id(raw, task_name) -> int | None:
    message = json.loads(raw) if isinstance(raw, bytes | str) else raw
    headers = message.get("headers") or {}
    if headers.get("task") != task_name:
        return None
    try:
        args = json.loads(base64.b64decode(message["body"]))[0]
        return int(args[0])
    except (KeyError, ValueError, TypeError, IndexError):
        return None


def _eta(message) -> float:
    from datetime import datetime

    eta = (message.get("headers") or {}).get("eta")
    if not eta:
        return 0.0
    try:
        return datetime.fromisoformat(eta).timestamp()
    except ValueError:
        return 0.0
