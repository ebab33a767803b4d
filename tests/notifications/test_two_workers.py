"""Scaling out (issue 23, point 10): two worker processes on one queue, as `docker compose up
--scale worker=2` runs them, share 200 letters and send each exactly once (counted by
Message-ID at a real SMTP server). The claim (a conditional UPDATE) lets one worker through."""

import re
import time
from collections import Counter

import pytest

from notifications.models import Correspondence, Status
from tests.notifications import stack
from tests.notifications.test_broker_loss import compose_letters, own_redis  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
LETTERS = 200


def test_two_workers_send_each_letter_once(own_redis, letter_case, personas, tmp_path):  # noqa: F811
    case, officer = letter_case
    with stack.slow_smtp(delay=0.01) as smtp:
        env = stack.app_env(own_redis.url, smtp)
        workers = [stack.start_worker(env, name, tmp_path / f"{name}.log") for name in ("one", "two")]
        try:
            time.sleep(3)  # both consuming before the letters arrive, so both get a share
            letters = compose_letters(case, officer, personas, LETTERS, "two-workers")
            done = stack.wait_until(
                lambda: Correspondence.objects.filter(status=Status.SENT).count() == LETTERS, timeout=180
            )
            assert done, f"{Correspondence.objects.filter(status=Status.SENT).count()} of {LETTERS} sent"
        finally:
            for worker in workers:
                stack.stop_process(worker)
    counts = Counter(smtp.message_ids())
    assert set(counts) == {letter.message_id for letter in letters}, "a letter was lost"
    assert max(counts.values()) == 1, {mid: n for mid, n in counts.items() if n > 1}
    succeeded = re.compile(r"notifications\.tasks\.deliver\[[^\]]+\] succeeded")
    shares = {name: len(succeeded.findall((tmp_path / f"{name}.log").read_text())) for name in ("one", "two")}
    assert all(shares.values()), f"one worker did all the work: {shares}"
    assert sum(shares.values()) >= LETTERS
    print(f"letters delivered per worker: {shares}")
