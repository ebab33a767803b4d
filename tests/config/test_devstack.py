"""`make run`'s stack heals: bin/supervise.py restarts a child that dies, with backoff and a
logged line, waits for a dependency before starting one, and stops them all; bin/devstack.py
asks PostgreSQL before starting the web. Real child processes, short delays."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, _free_port

SLEEPER = "import time; time.sleep(30)"


@pytest.fixture
def bin_modules(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "bin"))
    import devstack
    import supervise

    return supervise, devstack


def _supervisor(supervise, lines, **delays):
    options = {"first_delay": 0.05, "max_delay": 0.2, "stable_after": 60.0} | delays
    return supervise.Supervisor(lines.append, **options)


def _run_until(supervisor, condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    supervisor.run(poll_seconds=0.02, until=lambda: condition() or time.monotonic() > deadline)
    return condition()


def _pids(path):
    return path.read_text().split() if path.exists() else []


def test_a_child_that_dies_is_started_again_with_growing_delays(bin_modules, tmp_path):
    supervise, _ = bin_modules
    starts = tmp_path / "starts"
    # Each start appends its pid, then dies at once with code 3.
    script = f"import os; open({str(starts)!r}, 'a').write(f'{{os.getpid()}} '); raise SystemExit(3)"
    lines = []
    supervisor = _supervisor(supervise, lines)
    supervisor.add("worker", [sys.executable, "-c", script])
    try:
        assert _run_until(supervisor, lambda: len(_pids(starts)) >= 5)
    finally:
        supervisor.stop()
    assert len(set(_pids(starts))) == len(_pids(starts))  # a new process each time
    delays = [line.split(" in ")[-1] for line in lines if line.startswith("worker exited with code 3")]
    assert delays[:4] == ["0.05 s", "0.1 s", "0.2 s", "0.2 s"]  # doubled, then capped
    assert any(line.startswith("worker restarted (pid ") for line in lines)


def test_a_child_waits_until_its_dependency_is_ready(bin_modules):
    supervise, _ = bin_modules
    answers = iter([False, False])
    lines = []
    supervisor = _supervisor(supervise, lines)

    def postgres_up():
        return next(answers, True)

    web = supervisor.add("web", [sys.executable, "-c", SLEEPER], ready=postgres_up, waits_for="PostgreSQL")
    try:
        assert _run_until(supervisor, lambda: web.proc is not None)
    finally:
        supervisor.stop()
    assert lines[:2] == [
        "web waits for PostgreSQL; starting it again in 0.05 s",
        "web waits for PostgreSQL; starting it again in 0.1 s",
    ]


def test_stop_leaves_no_child_running_and_restarts_nothing(bin_modules):
    supervise, _ = bin_modules
    supervisor = _supervisor(supervise, [])
    polite = supervisor.add("beat", [sys.executable, "-c", SLEEPER])
    # A child that ignores SIGTERM is killed once the stop's time is up.
    stubborn_script = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(30)"
    stubborn = supervisor.add("sink", [sys.executable, "-c", stubborn_script])
    supervisor.step()
    time.sleep(0.5)  # let the stubborn child install its handler
    supervisor.stop(timeout=1.0)
    assert polite.proc.poll() is not None and stubborn.proc.poll() is not None
    pids = (polite.proc.pid, stubborn.proc.pid)
    supervisor.step()  # a stopping supervisor starts nothing again
    assert (polite.proc.pid, stubborn.proc.pid) == pids
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_the_web_is_not_started_before_postgresql_accepts_connections(bin_modules):
    _, devstack = bin_modules
    assert devstack.postgres_ready({"DATABASE_URL": os.environ["DATABASE_URL"]})
    # Before `migrate` the app's role may not exist yet: the server answering is what counts.
    server = os.environ["DATABASE_URL"].split("@", 1)[1].split("/", 1)[0]
    assert devstack.postgres_ready({"DATABASE_URL": f"postgres://no_such_role:x@{server}/psd"})
    nobody = f"postgres://postgres@127.0.0.1:{_free_port()}/psd"
    assert not devstack.postgres_ready({"DATABASE_URL": nobody})


STACK_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
import devstack, supervise
devstack.stop_on_signals()
supervisor = supervise.Supervisor(print)
child = supervisor.add("web", [sys.executable, "-c", sys.argv[2]])
try:
    supervisor.run(poll_seconds=0.05, until=lambda: child.proc is not None)
    print(child.proc.pid, flush=True)
    supervisor.run(poll_seconds=0.05)
except KeyboardInterrupt:
    print("stopping", flush=True)
finally:
    supervisor.stop()
"""


def test_ctrl_c_to_a_stack_started_in_the_background_stops_everything():
    """fresh-clone-check starts `make run &` from a script, so SIGINT arrives ignored; Ctrl-C to
    the process group must still stop devstack and leave no child (not restart them)."""
    stack = subprocess.Popen(
        [sys.executable, "-c", STACK_SCRIPT, str(ROOT / "bin"), SLEEPER],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # as a shell's `&` does
    )
    try:
        child_pid = int(stack.stdout.readline())
        os.killpg(stack.pid, signal.SIGINT)
        assert stack.wait(10) == 0
        assert "stopping" in stack.stdout.read()
    finally:
        if stack.poll() is None:  # the test failed: leave nothing behind
            os.killpg(stack.pid, signal.SIGKILL)
            stack.wait()
    with pytest.raises(ProcessLookupError):
        os.kill(child_pid, 0)


def test_make_runs_redis_keeps_its_data_across_a_restart_and_the_suites_does_not(bin_modules, monkeypatch, tmp_path):
    import redis

    _, devstack = bin_modules
    monkeypatch.setattr(devstack, "VAR", tmp_path)

    def restart_keeps_a_key(persist):
        url, stop = devstack.start_redis(persist=persist)
        redis.Redis.from_url(url).set("queued", "a message")
        stop()
        url, stop = devstack.start_redis(persist=persist)
        try:
            return redis.Redis.from_url(url).get("queued") == b"a message"
        finally:
            stop()

    assert restart_keeps_a_key(persist=True)
    assert (tmp_path / "redis" / "appendonly.aof").exists()
    (tmp_path / "redis" / "appendonly.aof").unlink()
    assert not restart_keeps_a_key(persist=False)
