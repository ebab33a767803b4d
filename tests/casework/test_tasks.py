"""The commit-aware task base (casework.tasks.CommitAwareTask), against the real Redis broker: a
message queued inside a transaction reaches the broker only when, and if, it commits. The queue
is counted at the broker itself, with no worker and no eager mode, so nothing is consumed."""

import pytest
from celery import shared_task
from django.db import transaction

from casework.tasks import CommitAwareTask
from config.celery import app

QUEUE = "test-commit-aware"  # its own queue: no worker consumes it, no other test's messages are in it


@shared_task(base=CommitAwareTask, name="tests.casework.test_tasks.look_at_row", queue=QUEUE, ignore_result=True)
def look_at_row(row_id: int):
    """Never run: the tests only count its messages."""


def messages_waiting() -> int:
    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen(QUEUE)


@pytest.fixture
def empty_queue():
    with app.connection_for_write() as connection:
        connection.default_channel.client.delete(QUEUE)
    yield
    with app.connection_for_write() as connection:
        connection.default_channel.client.delete(QUEUE)


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_rolled_back_transaction_is_never_sent(empty_queue):
    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        look_at_row.delay(1)
        raise Undone
    assert messages_waiting() == 0


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_is_sent_once_after_the_outermost_commit(empty_queue):
    with transaction.atomic():
        with transaction.atomic():  # a savepoint's release is not the commit
            assert look_at_row.delay(1) is None
        look_at_row.apply_async((2,))
        assert messages_waiting() == 0
    assert messages_waiting() == 2


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_outside_a_transaction_is_sent_at_once(empty_queue):
    result = look_at_row.delay(1)
    assert result.id
    assert messages_waiting() == 1
