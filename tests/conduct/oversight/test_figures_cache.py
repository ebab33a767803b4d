"""The section figures are cached per user for at most a minute and a change invalidates them at
once (issue 20, point 7; casework.figures). These tests commit (transaction=True): the cache is
bypassed inside a transaction, and the version is bumped by transaction.on_commit."""

import re
import time
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import figures
from conduct.duty import risk
from tests.casework.test_overdue_and_reminders import _clock as overdue_clock
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
    before = figures._versions()
    with pytest.raises(RuntimeError), transaction.atomic():
        figures.changed()
        raise RuntimeError("rolled back")
    assert figures._versions() == before
    figures.changed()  # outside a transaction: at once
    assert figures._versions() != before


# Recomputed off the request: after a change, the figures of those who view them ------------------
def _queued_messages():
    from config.celery import app

    with app.connection_for_write() as connection_:
        return connection_.default_channel.client.llen("celery")


def test_a_change_recomputes_the_figures_of_those_who_viewed_them(personas, at_risk, client):
    client.force_login(personas.head)
    _, cold = get(client, reverse("dashboard"))  # the head is now one who views these figures
    decide_back_office(personas, at_risk)  # a change: a new version, a recomputation queued
    assert figures.warm() > 0  # as the worker runs it
    for name in ("dashboard:suspensions", "needs-action", "risk-counts"):
        assert figures.cache.get(figures.key_for(personas.head, name)) is not None, name
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
    assert figures.cache.get(figures.key_for(personas.head, "dashboard:open-matters")) is not None
    assert figures.cache.get(figures.key_for(personas.authority, "dashboard:open-matters")) is None
    later = timezone.now() + timedelta(seconds=figures.WATCH_SECONDS + 1)  # a quarter of an hour without a look
    time_machine.move_to(later, tick=False)
    figures.bump()
    assert figures.warm() == 0
    assert figures.cache.get(figures.key_for(personas.head, "dashboard:open-matters")) is None


def test_a_newer_change_stops_the_run_that_has_become_stale(personas, at_risk, client, monkeypatch):
    client.force_login(personas.head)
    get(client, reverse("dashboard"))  # the dashboard's sections and the cards: all viewed
    landed = []

    def while_a_change_lands(compute):
        def run(user):
            value = compute(user)
            if not landed:
                landed.append(True)
                figures.bump()  # another change, committed while the first figure was computed
            return value

        return run

    for name, compute in list(figures._COMPUTATIONS.items()):
        monkeypatch.setitem(figures._COMPUTATIONS, name, while_a_change_lands(compute))
    figures.bump()
    assert figures.warm() == 1  # the first figure; the rest is left to the run the newer change queued


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
    key = figures.key_for(personas.head, "dashboard:suspensions")
    waited_until = time.monotonic() + 20
    while figures.cache.get(key) is None:
        assert time.monotonic() < waited_until, "the worker did not recompute the dashboard's figures"
        time.sleep(0.1)
    page, _ = get(client, reverse("dashboard"))
    assert criminal_card(page) == 0


# Recomputed by topic: a change recomputes the sections that count what it touched ---------------
def _recomputed_by_warm(monkeypatch) -> list:
    """The names warm() computes, in order (each computation wrapped to note its name)."""
    names = []

    def noting(name, compute):
        def run(user):
            names.append(name)
            return compute(user)

        return run

    for name, compute in list(figures._COMPUTATIONS.items()):
        monkeypatch.setitem(figures._COMPUTATIONS, name, noting(name, compute))
    figures.warm()
    return names


def _section_figure(page: str, section: str, label: str) -> int:
    found = re.search(
        rf'>{section}</h2>.*?data-value="(\d+)">\d+<span class="govuk-visually-hidden"> –</span> <span[^>]*>{label}<',
        page,
        re.S,
    )
    assert found, f"no {label} figure in the {section} section of the dashboard"
    return int(found.group(1))


def _department_overdue(page: str) -> int:
    return _section_figure(page, "Deadlines", "Overdue")


def test_a_deadline_met_recomputes_the_deadline_section_and_the_cards_not_the_case_tables(
    personas, at_risk, client, monkeypatch
):
    clock = overdue_clock(at_risk.case, personas, date(2026, 11, 9))  # due before today
    client.force_login(personas.head)
    page, _ = get(client, reverse("dashboard"))
    overdue = _department_overdue(page)
    table = figures.key_for(personas.head, "dashboard:open-matters")
    from casework import deadlines

    deadlines.meet_deadline(deadline=clock, actor=personas.investigator)  # a deadline change, committed
    assert figures.key_for(personas.head, "dashboard:open-matters") == table  # still read from the cache
    assert figures.cache.get(table) is not None
    recomputed = _recomputed_by_warm(monkeypatch)
    assert {"dashboard:deadlines", "needs-action"} <= set(recomputed)  # they count deadlines
    assert "risk-counts" not in recomputed  # it does not: the cards read it from the cache
    tables = {"dashboard:open-matters", "dashboard:ageing", "dashboard:throughput", "dashboard:referrals"}
    assert not (tables | {"dashboard:suspensions"}) & set(recomputed)
    assert _department_overdue(get(client, reverse("dashboard"))[0]) == overdue - 1  # the change shows at once


def test_a_change_naming_no_topic_recomputes_every_section(personas, at_risk, client, monkeypatch):
    from casework import services
    from casework.models.cases import EventKind

    client.force_login(personas.head)
    get(client, reverse("dashboard"))
    services.record_event(at_risk.case, kind=EventKind.NOTE, summary="A note", actor=personas.investigator)
    recomputed = set(_recomputed_by_warm(monkeypatch))
    assert {f"dashboard:{key}" for key in ("open-matters", "ageing", "throughput", "deadlines", "suspensions")} <= (
        recomputed
    )


def test_a_duty_decision_leaves_the_case_tables_cached(personas, at_risk, client, monkeypatch):
    client.force_login(personas.head)
    get(client, reverse("dashboard"))
    decide_back_office(personas, at_risk)
    recomputed = set(_recomputed_by_warm(monkeypatch))
    assert {"dashboard:suspensions", "needs-action", "risk-counts"} <= recomputed
    assert not {"dashboard:open-matters", "dashboard:ageing", "dashboard:throughput"} & recomputed
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 0


@pytest.mark.parametrize(
    ("kind", "stamps"),
    [
        ("deadline", {"any", "deadlines"}),
        ("duty_status", {"any", "duty"}),
        ("correspondence", {"any", "correspondence"}),
    ],
)
def test_an_event_bumps_the_versions_of_its_topic(personas, at_risk, kind, stamps):
    from casework import services

    before = figures._versions()
    services.record_event(at_risk.case, kind=kind, summary="An event", actor=personas.investigator)
    after = figures._versions()
    assert {stamp for stamp in before if before[stamp] != after[stamp]} == stamps


def test_an_unknown_topic_is_refused():
    with pytest.raises(ValueError, match="unknown figures topics"):
        figures.changed("deadline")  # a typo would otherwise invalidate nothing it should


def test_a_letter_sent_recomputes_none_of_the_dashboard_and_cards(personas, at_risk, client, monkeypatch):
    from casework import services

    client.force_login(personas.head)
    get(client, reverse("dashboard"))
    services.record_event(at_risk.case, kind="correspondence", summary="Letter sent", actor=personas.investigator)
    recomputed = set(_recomputed_by_warm(monkeypatch))
    assert recomputed <= {"dashboard:access-reviews"}, recomputed  # the only section counting every change


def test_a_flag_dealt_with_leaves_the_counts_at_once(personas, client):
    from conduct.models import Flag
    from conduct.oversight import early_warning
    from tests.factories import make_case

    team, officer = TeamFactory(name="Team Ivy", members=[personas.investigator]), PersonFactory()
    make_case(personas.investigator, team, [officer], categories=("sexual-misconduct",))
    flag = Flag.objects.get(person=officer, rule__code="any-sexual-misconduct")
    client.force_login(personas.head)
    assert _section_figure(get(client, reverse("dashboard"))[0], "Early-warning flags", "Open flags") == 1
    early_warning.mark_false_positive(user=personas.authority, flag=flag, reason="The allegation was misfiled.")
    page, _ = get(client, reverse("dashboard"))
    assert _section_figure(page, "Early-warning flags", "Open flags") == 0


# Refreshed before they expire: a view after a quiet minute reads them ---------------------------
def test_the_beat_replaces_figures_before_their_minute_is_up(personas, at_risk, client):
    client.force_login(personas.head)
    get(client, reverse("dashboard"))
    assert figures.refresh() == 0  # all just computed: nothing to replace
    key = figures.key_for(personas.head, "dashboard:open-matters")
    redis = figures._viewers()
    redis.expire(figures.cache.make_key(key), figures.REFRESH_WITHIN_SECONDS - 5)  # its minute nearly up
    assert figures.refresh() == 1
    assert redis.ttl(figures.cache.make_key(key)) > figures.REFRESH_WITHIN_SECONDS  # a new minute
    redis.delete(figures.cache.make_key(key))  # expired before a refresh came
    assert figures.refresh() == 1
    assert figures.cache.get(key) is not None


def test_the_beat_schedules_the_refresh(settings):
    from config.celery import app

    entries = {entry["task"]: entry for entry in app.conf.beat_schedule.values()}
    assert entries["casework.tasks.refresh_figures"]["schedule"] == settings.FIGURES_REFRESH_SECONDS
    assert settings.FIGURES_REFRESH_SECONDS * 2 <= figures.REFRESH_WITHIN_SECONDS < figures.TTL_SECONDS


def test_the_worker_runs_the_refresh(celery_worker, personas, at_risk, client):
    from casework.tasks import refresh_figures

    client.force_login(personas.head)
    get(client, reverse("dashboard"))
    key = figures.cache.make_key(figures.key_for(personas.head, "dashboard:open-matters"))
    redis = figures._viewers()
    redis.expire(key, 10)
    refresh_figures.delay()
    waited_until = time.monotonic() + 20
    while redis.ttl(key) <= 10:
        assert time.monotonic() < waited_until, "the worker did not refresh the dashboard's figures"
        time.sleep(0.1)
