"""Early-warning flags: each rule, its window's edges, and the managers' workflows.
The rules are the defaults the migration seeds; a window of N days counts back from the day of
evaluation, today included (received on today - N + 1 is inside, on today - N is not)."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError

from casework.models import Case
from casework.models.cases import Origin
from conduct.cases import outcomes
from conduct.models import DisciplinaryWarning, Flag, FlagAction, FlagRule, FlagState, Monitoring, Outcome, Stage
from conduct.oversight import early_warning
from conduct.oversight.tasks import evaluate_flags
from tests.factories import PersonFactory, make_case

TODAY = date(2026, 11, 20)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(time_machine):
    # Recording an allegation evaluates at once, on the real day: make that day TODAY.
    time_machine.move_to("2026-11-20 12:00 +0000", tick=False)


def codes(person, state=FlagState.OPEN):
    return set(Flag.objects.filter(person=person, state=state).values_list("rule__code", flat=True))


@pytest.fixture
def record(personas, team):
    """Record a case against the person, received `days_ago` before TODAY."""

    def record_one(person, days_ago, categories=("other",), **details):
        return make_case(
            personas.investigator,
            team,
            [person],
            categories=categories,
            received_on=TODAY - timedelta(days=days_ago),
            **details,
        )

    return record_one


def evaluate(person):
    return early_warning.evaluate_person(person, today=TODAY)


# N allegations in a rolling window ---------------------------------------------------------
def test_three_allegations_in_twelve_months_raise_a_flag(officer, record):
    record(officer, 0)
    record(officer, 100)
    evaluate(officer)
    assert "allegations-12-months" not in codes(officer)
    record(officer, 364)  # the oldest day still inside a 365-day window
    evaluate(officer)
    flag = Flag.objects.get(person=officer, rule__code="allegations-12-months")
    assert flag.reasons == "3 allegations in the last 365 days (threshold 3)."
    assert len(flag.evidence["cases"]) == 3


def test_an_allegation_exactly_a_window_ago_is_outside_it(officer, record):
    record(officer, 0)
    record(officer, 100)
    record(officer, 365)
    evaluate(officer)
    assert "allegations-12-months" not in codes(officer)


def test_a_future_dated_case_is_not_counted(officer, record):
    record(officer, 0)
    record(officer, 1)
    record(officer, -1)  # received "tomorrow": not yet in the window
    evaluate(officer)
    assert "allegations-12-months" not in codes(officer)


# N of one category -------------------------------------------------------------------------
def test_two_discrimination_allegations_in_the_window_raise_the_category_flag(officer, record):
    record(officer, 10, categories=("discrimination",))
    record(officer, 364, categories=("discrimination",))
    evaluate(officer)
    flag = Flag.objects.get(person=officer, rule__code="same-category-12-months")
    assert "2 allegations of discrimination in the last 365 days" in flag.reasons


def test_the_category_window_edge(officer, record):
    record(officer, 10, categories=("discrimination",))
    record(officer, 365, categories=("discrimination",))
    record(officer, 20, categories=("dishonesty",))  # another category does not count
    evaluate(officer)
    assert "same-category-12-months" not in codes(officer)


# Repeat complaints from the same complainant -----------------------------------------------
def test_two_complaints_from_the_same_complainant_raise_a_flag(officer, record):
    record(officer, 5, origin=Origin.PUBLIC_COMPLAINT, complainant_name="Jo Bloggs")
    record(officer, 364, origin=Origin.PUBLIC_COMPLAINT, complainant_name="  jo   BLOGGS ")
    evaluate(officer)
    flag = Flag.objects.get(person=officer, rule__code="repeat-complainant-12-months")
    assert flag.reasons == "2 complaints from the same complainant in the last 365 days (threshold 2)."


def test_different_complainants_or_outside_the_window_raise_nothing(officer, record):
    record(officer, 5, origin=Origin.PUBLIC_COMPLAINT, complainant_name="Jo Bloggs")
    record(officer, 6, origin=Origin.PUBLIC_COMPLAINT, complainant_name="Sam Other")
    record(officer, 365, origin=Origin.PUBLIC_COMPLAINT, complainant_name="Jo Bloggs")
    record(officer, 7, origin=Origin.CONDUCT_MATTER, complainant_name="Jo Bloggs")  # not a complaint
    evaluate(officer)
    assert "repeat-complainant-12-months" not in codes(officer)


# Any sexual-misconduct or discrimination allegation ----------------------------------------
@pytest.mark.parametrize(
    ("category", "code"), [("sexual-misconduct", "any-sexual-misconduct"), ("discrimination", "any-discrimination")]
)
def test_any_such_allegation_however_old_raises_a_flag(officer, record, category, code):
    record(officer, 3650, categories=(category,))
    evaluate(officer)
    assert code in codes(officer)


def test_recording_the_allegation_raises_the_flag_at_once(personas, team, officer):
    make_case(personas.investigator, team, [officer], categories=("sexual-misconduct",))
    assert "any-sexual-misconduct" in codes(officer)


# A live final written warning with a new allegation ----------------------------------------
@pytest.fixture
def final_warning(personas, officer, record):
    """A final written warning given on TODAY - 400 days, on an old case: the warning record with
    its life from the rule data (two years), as the outcome service gives it."""
    case = record(officer, 500)
    proceedings = case.subjects.get().proceedings
    proceedings.stage, proceedings.outcome = Stage.OUTCOME, Outcome.FINAL_WRITTEN_WARNING
    proceedings.save()
    given_on = TODAY - timedelta(days=400)
    outcomes.give_warning(
        proceedings=proceedings, outcome=Outcome.FINAL_WRITTEN_WARNING, user=personas.authority, on=given_on
    )
    return given_on


def test_a_new_allegation_while_the_warning_is_live_raises_a_flag(officer, record, final_warning):
    evaluate(officer)
    assert "final-warning-new-allegation" not in codes(officer)  # only the warning's own case
    record(officer, 399)  # the day after the warning
    evaluate(officer)
    flag = Flag.objects.get(person=officer, rule__code="final-warning-new-allegation")
    assert "while a final written warning given on" in flag.reasons


def test_an_allegation_on_the_day_of_the_warning_or_after_it_lapsed_raises_nothing(
    personas, team, officer, final_warning
):
    # The warning is live for two years (the rule data) to the end of its expiry day; test with
    # an evaluation day after that, and an allegation received the day after the lapse.
    warning = DisciplinaryWarning.objects.get(person=officer)
    lapse_day = warning.expires_on + timedelta(days=1)
    make_case(personas.investigator, team, [officer], received_on=final_warning)
    make_case(personas.investigator, team, [officer], received_on=lapse_day)
    Flag.objects.all().delete()  # raised at once on "today", before the lapse
    early_warning.evaluate_person(officer, today=lapse_day)
    assert "final-warning-new-allegation" not in codes(officer)
    make_case(personas.investigator, team, [officer], received_on=lapse_day - timedelta(days=1))
    early_warning.evaluate_person(officer, today=lapse_day)
    assert "final-warning-new-allegation" in codes(officer)


def test_the_flag_follows_the_warnings_own_life_extended_or_ended(personas, team, officer, final_warning):
    """The rule reads the warning record: an extension keeps it live past its first expiry; a
    warning ended early by an appeal stops counting from that day."""
    warning = DisciplinaryWarning.objects.get(person=officer)
    after_expiry = warning.expires_on + timedelta(days=10)
    make_case(personas.investigator, team, [officer], received_on=after_expiry)
    Flag.objects.all().delete()
    early_warning.evaluate_person(officer, today=after_expiry)
    assert "final-warning-new-allegation" not in codes(officer)
    warning.extended_until = warning.expires_on + timedelta(days=365)
    warning.save()
    early_warning.evaluate_person(officer, today=after_expiry)
    assert "final-warning-new-allegation" in codes(officer)

    Flag.objects.all().delete()
    warning.extended_until, warning.ended_on = None, final_warning + timedelta(days=5)
    warning.save()
    make_case(personas.investigator, team, [officer], received_on=final_warning + timedelta(days=3))
    early_warning.evaluate_person(officer, today=final_warning + timedelta(days=200))
    assert "final-warning-new-allegation" in codes(officer)  # received while it was live
    Flag.objects.all().delete()
    DisciplinaryWarning.objects.filter(pk=warning.pk).update(ended_on=final_warning + timedelta(days=2))
    early_warning.evaluate_person(officer, today=final_warning + timedelta(days=200))
    assert "final-warning-new-allegation" not in codes(officer)


# Marked monitored --------------------------------------------------------------------------
def test_monitoring_raises_a_flag_while_it_lasts(personas, officer):
    early_warning.set_monitoring(
        user=personas.head, person=officer, reason="Pattern of rudeness.", starts_on=TODAY - timedelta(days=10)
    )
    assert "monitored" in codes(officer)


def test_monitoring_that_ended_raises_nothing(personas, officer):
    Monitoring.objects.create(
        person=officer,
        reason="Earlier concern.",
        starts_on=TODAY - timedelta(days=100),
        ends_on=TODAY - timedelta(days=1),
        set_by=personas.head,
    )
    evaluate(officer)
    assert "monitored" not in codes(officer)


# Acknowledge and act -----------------------------------------------------------------------
def test_an_acknowledged_flag_is_not_raised_again_for_the_same_evidence(personas, officer, record):
    record(officer, 1, categories=("sexual-misconduct",))
    flag = Flag.objects.get(person=officer, rule__code="any-sexual-misconduct")
    early_warning.acknowledge(user=personas.head, flag=flag, reason="Already dealt with by the case.")
    evaluate(officer)
    assert "any-sexual-misconduct" not in codes(officer)
    record(officer, 0, categories=("sexual-misconduct",))  # new evidence: raised again
    assert "any-sexual-misconduct" in codes(officer)
    flag.refresh_from_db()
    assert (flag.state, flag.resolved_by, flag.resolution_reason) == (
        FlagState.ACKNOWLEDGED,
        personas.head,
        "Already dealt with by the case.",
    )


def test_an_open_flag_takes_the_new_evidence_rather_than_doubling(officer, record):
    record(officer, 1, categories=("sexual-misconduct",))
    record(officer, 0, categories=("sexual-misconduct",))
    flags = Flag.objects.filter(person=officer, rule__code="any-sexual-misconduct")
    assert flags.count() == 1
    assert len(flags.get().evidence["allegations"]) == 2


def test_closing_a_flag_needs_reasons_and_happens_once(personas, officer, record):
    record(officer, 1, categories=("sexual-misconduct",))
    flag = Flag.objects.get(person=officer, rule__code="any-sexual-misconduct")
    with pytest.raises(early_warning.FlagRefused):
        early_warning.acknowledge(user=personas.head, flag=flag, reason="  ")
    early_warning.acknowledge(user=personas.head, flag=flag, reason="Seen.")
    with pytest.raises(early_warning.FlagRefused):
        early_warning.acknowledge(user=personas.head, flag=flag, reason="Again.")


def test_the_database_refuses_a_closed_flag_without_reasons(personas, officer, record):
    record(officer, 1, categories=("sexual-misconduct",))
    with pytest.raises(IntegrityError):
        Flag.objects.filter(person=officer).update(state=FlagState.ACKNOWLEDGED)


def test_acting_by_opening_a_case(personas, team, officer, record):
    record(officer, 1, categories=("sexual-misconduct",))
    flag = Flag.objects.get(person=officer, rule__code="any-sexual-misconduct")
    flag = early_warning.act_by_opening_case(user=personas.head, flag=flag, reason="Look again.", team=team)
    assert flag.state == FlagState.ACTED and flag.action == FlagAction.OPEN_CASE
    new_case = Case.objects.get(pk=flag.action_case_id)
    assert list(new_case.subjects.values_list("person", flat=True)) == [officer.pk]
    assert "Look again." in new_case.summary


def test_acting_by_setting_monitoring(personas, officer, record):
    record(officer, 1, categories=("sexual-misconduct",))
    flag = Flag.objects.get(person=officer, rule__code="any-sexual-misconduct")
    early_warning.act_by_monitoring(user=personas.authority, flag=flag, reason="Watch for six months.")
    monitoring = Monitoring.objects.get(person=officer)
    assert monitoring.reason == "Watch for six months." and monitoring.set_by == personas.authority
    assert "monitored" in codes(officer)


def test_rules_are_data(officer, record):
    FlagRule.objects.filter(code="allegations-12-months").update(threshold=2)
    record(officer, 0)
    record(officer, 1)
    evaluate(officer)
    assert "allegations-12-months" in codes(officer)
    FlagRule.objects.filter(code="any-sexual-misconduct").update(active=False)
    record(officer, 1, categories=("sexual-misconduct",))
    assert "any-sexual-misconduct" not in codes(officer)


def test_the_nightly_task_evaluates_everyone_a_rule_could_flag(home_force, officer, record):
    record(officer, 0)
    record(officer, 1)
    record(officer, 2)
    bystander = PersonFactory(force=home_force, number="9999")
    Flag.objects.all().delete()
    assert evaluate_flags() == 1
    assert "allegations-12-months" in codes(officer)
    assert not Flag.objects.filter(person=bystander).exists()


def test_administrators_edit_the_rules_in_the_admin(client, personas):
    client.force_login(personas.admin)
    rule = FlagRule.objects.get(code="allegations-12-months")
    assert client.get(f"/admin/conduct/flagrule/{rule.pk}/change/").status_code == 200
    assert client.get("/admin/conduct/flagrule/add/").status_code == 403
