"""Keep a few child processes running: restart one that dies, with backoff, and stop them all.

`bin/devstack.py run` supervises the web, the worker, beat and the mail sink with this: one
crashed process (a worker killed, runserver out of memory) no longer takes the stack down. It is
its own module so that the tests can supervise a short-lived child without the whole stack.
"""

import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

FIRST_DELAY = 1.0  # seconds before the first restart; doubled after each quick death
MAX_DELAY = 30.0
STABLE_AFTER = 60.0  # a child that ran this long before dying starts again from FIRST_DELAY


@dataclass
class Child:
    """One supervised process. `ready`, if given, is asked before each start (e.g. "does
    PostgreSQL accept connections?"); while it says no, the start waits its backoff again."""

    name: str
    argv: list
    env: dict | None = None
    cwd: str | None = None
    ready: Callable[[], bool] | None = None
    waits_for: str = "its dependency"  # named in the log line while `ready` says no
    proc: subprocess.Popen | None = None
    delay: float = 0.0
    start_at: float = 0.0  # monotonic time of the next (re)start attempt
    started_at: float = 0.0
    restarts: int = 0


class Supervisor:
    def __init__(self, log, first_delay=FIRST_DELAY, max_delay=MAX_DELAY, stable_after=STABLE_AFTER):
        self.log = log
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.stable_after = stable_after
        self.children: list[Child] = []
        self.stopping = False

    def add(self, name, argv, *, env=None, cwd=None, ready=None, waits_for="its dependency") -> Child:
        child = Child(name, list(argv), env, cwd, ready, waits_for, start_at=time.monotonic())
        self.children.append(child)
        return child

    def step(self):
        """One look at every child: start what is due, schedule a restart for what died."""
        now = time.monotonic()
        for child in self.children:
            if self.stopping:
                return
            if child.proc is None:
                if now >= child.start_at:
                    self._start(child, now)
            elif child.proc.poll() is not None:
                self._schedule_restart(child, now)

    def run(self, poll_seconds=0.5, until: Callable[[], bool] | None = None):
        """Supervise until `until()` says so (tests) or forever (KeyboardInterrupt stops it)."""
        while not (until and until()):
            self.step()
            time.sleep(poll_seconds)

    def _start(self, child, now):
        if child.ready and not child.ready():
            self._backoff(child, now, f"{child.name} waits for {child.waits_for}")
            return
        child.proc = subprocess.Popen(child.argv, cwd=child.cwd, env=child.env)
        child.started_at = now
        if child.restarts:
            self.log(f"{child.name} restarted (pid {child.proc.pid}, restart {child.restarts})")

    def _schedule_restart(self, child, now):
        code = child.proc.returncode
        child.proc = None
        child.restarts += 1
        if now - child.started_at >= self.stable_after:
            child.delay = 0.0  # it had been running well: this is a new incident
        self._backoff(child, now, f"{child.name} exited with code {code}")

    def _backoff(self, child, now, why):
        child.delay = min(self.max_delay, child.delay * 2 if child.delay else self.first_delay)
        child.start_at = now + child.delay
        self.log(f"{why}; starting it again in {child.delay:g} s")

    def stop(self, timeout=15.0):
        """SIGTERM every child still running, wait up to `timeout` in all, then SIGKILL."""
        self.stopping = True
        running = [c.proc for c in self.children if c.proc is not None]
        for proc in running:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in running:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
