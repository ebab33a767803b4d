"""Fairness monitoring's figures on a force counted by hand: the stages, the relative rate and its
confidence interval, suppression of small numbers, the filters, and a bounded number of queries."""

import math
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import timezone

from conduct.fairness import rates, selectors
from conduct.fairness.selectors import Filters
from tests.conduct.fairness.conftest import YEAR, assess, proceed, suspended

pytestmark = pytest.mark.django_db


def cells(figures, breakdown, stage):
    table = next(b for b in figures.breakdowns if b.key == breakdown)
    row = next(r for r in table.stages if r.stage.key == stage)
    return {cell.key: cell for cell in row.cells}


def test_the_relative_rate_and_its_confidence_interval_by_hand(personas, force_world):
    figures = selectors.monitoring(personas.head, replace(YEAR, person_type="officer"))
    allegation = cells(figures, "ethnicity", "allegation")
    black, white = allegation["black"], allegation["white"]
    assert (black.count, black.baseline, white.count, white.baseline) == (6, 10, 5, 20)
    # By hand: p1 = 6/10 = 0.6, p2 = 5/20 = 0.25, RR = 0.6 / 0.25 = 2.4.
    # SE(ln RR) = sqrt((1 - 0.6) / (10 * 0.6) + (1 - 0.25) / (20 * 0.25)) = sqrt(0.0666667 + 0.15) = 0.4654747
    # ln 2.4 = 0.8754687; 1.96 * SE = 0.9123305; CI = exp(-0.0368618) to exp(1.7877992) = 0.9638 to 5.9762.
    assert black.relative.ratio == pytest.approx(2.4)
    assert black.relative.low == pytest.approx(0.9638, abs=1e-4)
    assert black.relative.high == pytest.approx(5.9762, abs=1e-4)
    assert not black.relative.significant  # the interval includes 1
    assert black.per_thousand == pytest.approx(600)
    assert white.reference and white.relative is None


def test_the_arithmetic_alone():
    rr = rates.relative_rate(30, 100, 10, 100)  # 0.3 against 0.1
    se = math.sqrt(0.7 / 30 + 0.9 / 10)
    assert rr.ratio == pytest.approx(3.0)
    assert rr.low == pytest.approx(3 * math.exp(-1.96 * se))
    assert rr.high == pytest.approx(3 * math.exp(1.96 * se))
    assert rr.significant and rr.direction == "significantly higher"
    assert rates.relative_rate(0, 10, 5, 20) is None  # nobody at the stage: not defined
    assert rates.relative_rate(3, 10, 0, 20) is None


def test_small_numbers_are_hidden_with_their_rate_and_ratio(personas, force_world):
    figures = selectors.monitoring(personas.head, replace(YEAR, person_type="officer"))
    allegation = cells(figures, "ethnicity", "allegation")
    # Asian: 2 people (fewer than 5); Not recorded: 1 (fewer than 5): both hidden, nothing derived.
    assert allegation["asian"].hidden and allegation["asian"].rate is None and allegation["asian"].relative is None
    assert allegation["not_recorded"].hidden
    # Zero is not a small number: nobody is identified by it.
    assert not allegation["mixed"].hidden and allegation["mixed"].count == 0
    assert not allegation["white"].hidden and not allegation["black"].hidden


def test_one_small_cell_hides_the_next_smallest_as_well():
    assert rates.suppressed([40, 3, 0, 12]) == [False, True, False, True]
    assert rates.suppressed([40, 3, 2, 12]) == [False, True, True, False]
    assert rates.suppressed([40, 0, 12]) == [False, False, False]
    assert rates.suppressed([4]) == [True]


def test_each_stage_counts_the_people_who_reached_it(personas, force_world):
    w = force_world
    head, subject = personas.head, w["subject"]
    for p in w["white"][:5]:
        assess(subject(p), "misconduct", head)
    # A later assessment replaces an earlier one: this White officer is no longer serious.
    later = timezone.now() + timedelta(days=1)
    assess(subject(w["white"][4]), "practice_requiring_improvement", head, at=later)
    for p in w["white"][:3]:
        proceed(subject(p), forum="hearing", finding="misconduct", outcome="final_written_warning")
    proceed(subject(w["white"][3]), forum="meeting")  # referred, not yet held
    proceed(subject(w["black"][0]), forum="meeting", finding="misconduct", outcome="no_action")  # held, no sanction
    suspended(personas.authority, subject(w["white"][0]))
    suspended(personas.authority, subject(w["white"][1]), on=date(2026, 4, 1))  # after the year
    figures = selectors.monitoring(head, YEAR)
    white = {stage: cells(figures, "ethnicity", stage)["white"].count for stage in selectors.STAGE_KEYS}
    assert white == {
        "allegation": 5,  # the officer on the case received the day before the year is not counted
        "severity": 4,
        "case_to_answer": 4,
        "proceedings": 3,
        "sanction": 3,
        "suspension": 1,
    }
    black = {stage: cells(figures, "ethnicity", stage)["black"].count for stage in selectors.STAGE_KEYS}
    assert black["case_to_answer"] == 1 and black["proceedings"] == 1 and black["sanction"] == 0
    # By sex: the Black officers are women, the rest men; the same people, counted once each.
    sex = cells(figures, "sex", "allegation")
    assert (sex["female"].count, sex["male"].count, sex["not_recorded"].count) == (6, 7, 1)
    assert sex["male"].reference


def test_the_people_behind_a_number_are_the_ones_counted(personas, force_world):
    figures = selectors.monitoring(personas.head, YEAR)
    counted = cells(figures, "ethnicity", "allegation")["black"].count
    behind = selectors.behind(personas.head, YEAR, "allegation", "ethnicity", "black")
    assert sorted(s.person_id for s in behind) == sorted(p.pk for p in force_world["black"][:6])
    assert counted == 6


def test_the_filters(personas, force_world, home_force):
    from tests.conduct.fairness.conftest import person
    from tests.factories import make_case

    staff = force_world["staff"]
    make_case(personas.investigator, force_world["case"].team, staff, received_on=date(2025, 9, 1))
    everyone = cells(selectors.monitoring(personas.head, YEAR), "ethnicity", "allegation")["white"]
    officers = cells(
        selectors.monitoring(personas.head, replace(YEAR, person_type="officer")), "ethnicity", "allegation"
    )
    assert (everyone.count, everyone.baseline) == (7, 22)
    assert (officers["white"].count, officers["white"].baseline) == (5, 20)
    # Matter type: the cases are internal conduct matters (the intake default), none a complaint.
    complaints = cells(
        selectors.monitoring(personas.head, replace(YEAR, matter="complaint")), "ethnicity", "allegation"
    )
    conduct = cells(selectors.monitoring(personas.head, replace(YEAR, matter="conduct")), "ethnicity", "allegation")
    assert complaints["white"].count == 0 and conduct["white"].count == 7
    # The period: the year before holds the one case received on 31 March 2025.
    earlier = Filters(date(2024, 4, 1), date(2025, 3, 31))
    assert cells(selectors.monitoring(personas.head, earlier), "ethnicity", "allegation")["white"].hidden
    # Someone who left before the period is not in its workforce.
    gone = person(home_force, "white_british", left_service_on=YEAR.start - timedelta(days=1))
    assert (
        gone.pk and cells(selectors.monitoring(personas.head, YEAR), "ethnicity", "allegation")["white"].baseline == 22
    )


def test_the_default_period_is_the_last_complete_financial_year():
    assert selectors.financial_year_before(date(2026, 12, 6)) == (date(2025, 4, 1), date(2026, 3, 31))
    assert selectors.financial_year_before(date(2026, 3, 31)) == (date(2024, 4, 1), date(2025, 3, 31))
    assert selectors.financial_year_before(date(2026, 4, 1)) == (date(2025, 4, 1), date(2026, 3, 31))


def test_case_to_answer_by_category(personas, force_world):
    for p in force_world["white"][:5]:
        proceed(force_world["subject"](p), forum="hearing")
    figures = selectors.monitoring(personas.head, YEAR)
    ((name, code, people, answer, hidden, rate),) = figures.categories
    assert (code, people, answer, hidden) == ("other", 14, 5, False)
    assert rate == pytest.approx(5 / 14)


def test_the_figures_take_a_fixed_number_of_queries(personas, force_world, django_assert_max_num_queries):
    # The reader's roles; the stages of the period's cases, the period's suspensions, the workforce,
    # the categories.
    with django_assert_max_num_queries(5):
        selectors.monitoring(personas.head, YEAR)
