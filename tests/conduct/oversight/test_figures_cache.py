"""The section figures are cached per user for at most a minute and a change invalidates them at
once (issue 20, point 7; casework.figures). These tests commit (transaction=True): the cache is
bypassed inside a transaction, and the version is bumped by transaction.on_commit."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import figures
from conduct.duty import risk
from tests.conduct.duty.test_risk import record
from tests.conduct.oversight.test_needs_action import decide_back_office
from tests.factories import PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)


def criminal_card(page: str) -> int:
    found = re.search(r'data-testid="card-criminal">.*?data-testid="card-count">(\d+)<', page, re.S)
    assert found, "no criminal card on the page"
    return int(found.group(1))


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    return page, len(queries)


@pytest.fixture
def at_risk(personas):
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    return record(personas, team, PersonFactory(), criminal="convicted")


@pytest.mark.parametrize("url_name", ["dashboard", "home"])
def test_the_figures_are_cached(personas, at_risk, client, url_name):
    client.force_login(personas.head)
    first, cold = get(client, reverse(url_name))
    second, warm = get(client, reverse(url_name))
    assert criminal_card(first) == criminal_card(second) == 1
    assert warm < cold, (cold, warm)


def test_a_decision_shows_on_the_card_at_once(personas, at_risk, client):
    client.force_login(personas.head)
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 1
    assert criminal_card(get(client, reverse("home"))[0]) == 1
    decide_back_office(personas, at_risk)
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 0
    assert criminal_card(get(client, reverse("home"))[0]) == 0


def test_criminal_status_and_allegations_invalidate_the_card(personas, client):
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    subject = record(personas, team, PersonFactory())
    client.force_login(personas.head)
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 0
    risk.record_criminal_status(user=personas.investigator, allegation=subject.allegations.get(), status="charged")
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 1
    record(personas, team, PersonFactory(), criminal="open")  # an allegation recorded
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 2


def test_a_rolled_back_change_invalidates_nothing(personas, at_risk, client):
    client.force_login(personas.head)
    get(client, reverse("dashboard"))
    before = figures._version()
    with pytest.raises(RuntimeError), transaction.atomic():
        figures.changed()
        raise RuntimeError("rolled back")
    assert figures._version() == before
    figures.changed()  # outside a transaction: at once
    assert figures._version() != before


# Recomputed off the request: after a change, the figures of those who view them ------------------
def _queued_messages():
    from config.celery import app

    with app.connection_for_write() as connection_:
        return connection_.default_channel.client.llen("celery")


def test_a_change_recomputes_the_figures_of_those_who_viewed_them(personas, at_risk, client):
    client.force_login(personas.head)
    _, cold = get(client, reverse("dashboard"))  # the head is now one who views these figures
    decide_back_office(personas, at_risk)  # a change: a new version, a recomputation queued
    assert figures.warm() == 2  # as the worker runs it: the dashboard, and the cards (the risk counts within)
    for name in ("dashboard", "needs-action", "risk-counts"):
        assert figures.cache.get(figures._key(figures._version(), personas.head.pk, name)) is not None, name
    page, after_warm = get(client, reverse("dashboard"))
    assert criminal_card(page) == 0  # recomputed after the change: the decision counts
    _, cached = get(client, reverse("dashboard"))
    assert after_warm == cached < cold, (cold, after_warm, cached)
    assert figures.warm() == 0  # nothing left to compute until the next change


def test_the_recomputation_leaves_out_the_inactive_and_those_who_stopped_looking(
    personas, at_risk, client, time_machine
):
    for user in (personas.head, personas.authority):
        client.force_login(user)
        get(client, reverse("dashboard"))
    personas.authority.is_active = False
    personas.authority.save(update_fields=["is_active"])
    figures.bump()
    figures.warm()
    version = figures._version()
    assert figures.cache.get(figures._key(version, personas.head.pk, "dashboard")) is not None
    assert figures.cache.get(figures._key(version, personas.authority.pk, "dashboard")) is None
    later = timezone.now() + timedelta(seconds=figures.WATCH_SECONDS + 1)  # a quarter of an hour without a look
    time_machine.move_to(later, tick=False)
    figures.bump()
    assert figures.warm() == 0
    assert figures.cache.get(figures._key(figures._version(), personas.head.pk, "dashboard")) is None


def test_a_newer_change_stops_the_run_that_has_become_stale(personas, at_risk, client, monkeypatch):
    client.force_login(personas.head)
    get(client, reverse("dashboard"))  # viewed in this order: dashboard, then the cards and counts
    build = figures._COMPUTATIONS["dashboard"]

    def build_while_a_change_lands(user):
        sections = build(user)
        figures.bump()  # another change, committed while the dashboard was computed
        return sections

    monkeypatch.setitem(figures._COMPUTATIONS, "dashboard", build_while_a_change_lands)
    figures.bump()
    assert figures.warm() == 1  # the dashboard; the rest is left to the run the newer change queued


def test_changes_before_the_recomputation_starts_share_one_run(personas):
    from config.celery import app

    app.control.purge()
    for _ in range(3):
        figures.bump()
    assert _queued_messages() == 1
    figures.warm()  # the run has started: a change from now on queues the next
    figures.bump()
    assert _queued_messages() == 2
    app.control.purge()


def test_the_worker_recomputes_them_after_a_change(celery_worker, personas, at_risk, client):
    client.force_login(personas.head)
    get(client, reverse("dashboard"))
    decide_back_office(personas, at_risk)
    key = figures._key(figures._version(), personas.head.pk, "dashboard")
    waited_until = time.monotonic() + 20
    while figures.cache.get(key) is None:
        assert time.monotonic() < waited_until, "the worker did not recompute the dashboard's figures"
        time.sleep(0.1)
    page, _ = get(client, reverse("dashboard"))
    assert criminal_card(page) == 0
