"""Each subject's path as a task list: the statuses follow the lifecycle (conduct/cases/task_list.py).
The table walks a Part 3 officer's path step by step, and the branches that leave steps behind."""

import pytest

from conduct.cases import lifecycle, routes, task_list
from conduct.cases.task_list import CANNOT_START, COMPLETED, IN_PROGRESS, NOT_APPLICABLE, NOT_STARTED
from conduct.models import Stage

STEPS = routes.steps_for(routes.Path.PART3, routes.Regime.CONDUCT)


def statuses(stage, taken):
    return {t.action: t.status for t in task_list.task_statuses(STEPS, stage, taken, lifecycle.TRANSITIONS)}


# (stage, steps taken, {action: expected status})
WALK = [
    (
        Stage.ASSESSMENT,
        [],
        {
            "start_investigation": NOT_STARTED,
            "start_rprp": NOT_STARTED,
            "no_further_action": NOT_STARTED,
            "serve_notice": CANNOT_START,
            "refer_to_hearing": CANNOT_START,
            "complete_rprp": CANNOT_START,
        },
    ),
    (
        Stage.INVESTIGATION,
        ["start_investigation"],
        {
            "start_investigation": COMPLETED,
            "serve_notice": IN_PROGRESS,
            "no_further_action": IN_PROGRESS,
            "record_representations": CANNOT_START,
            "submit_report": CANNOT_START,
        },
    ),
    (
        Stage.NOTICE_SERVED,
        ["start_investigation", "serve_notice"],
        {
            "serve_notice": COMPLETED,
            "record_representations": IN_PROGRESS,
            "record_interview": IN_PROGRESS,
            "refer_to_meeting": CANNOT_START,
            # No further action is open from assessment and investigation only: the path is past them.
            "no_further_action": NOT_APPLICABLE,
        },
    ),
    (
        Stage.REPORT,
        ["start_investigation", "serve_notice", "record_interview", "submit_report"],
        {
            "record_interview": COMPLETED,
            "submit_report": COMPLETED,
            "record_representations": NOT_APPLICABLE,  # the interview came first: no longer possible
            "refer_to_meeting": IN_PROGRESS,
            "no_case_to_answer": IN_PROGRESS,
            "start_rprp": IN_PROGRESS,
            "record_outcome": CANNOT_START,
        },
    ),
    (
        Stage.MEETING,
        ["start_investigation", "serve_notice", "submit_report", "refer_to_meeting"],
        {
            "refer_to_meeting": COMPLETED,
            "refer_to_hearing": NOT_APPLICABLE,
            "withdraw": IN_PROGRESS,
            "record_outcome": IN_PROGRESS,
            "lodge_appeal": CANNOT_START,
            "complete_rprp": NOT_APPLICABLE,
        },
    ),
    (
        Stage.CONCLUDED,
        ["start_investigation", "serve_notice", "submit_report", "refer_to_meeting", "withdraw"],
        {"withdraw": COMPLETED, "record_outcome": NOT_APPLICABLE, "lodge_appeal": NOT_APPLICABLE},
    ),
]


@pytest.mark.parametrize(("stage", "taken", "expected"), WALK, ids=[str(row[0]) for row in WALK])
def test_the_statuses_follow_the_lifecycle(stage, taken, expected):
    got = statuses(stage, taken)
    assert {action: got[action] for action in expected} == expected


def test_every_step_of_the_route_is_listed_once_in_path_order():
    tasks = task_list.task_statuses(STEPS, Stage.ASSESSMENT, [], lifecycle.TRANSITIONS)
    assert sorted(t.action for t in tasks) == sorted(STEPS)
    order = [t.action for t in tasks]
    assert order.index("start_investigation") < order.index("serve_notice") < order.index("submit_report")
    assert order.index("submit_report") < order.index("refer_to_meeting") < order.index("record_outcome")


def test_only_open_steps_can_be_started():
    tasks = task_list.task_statuses(STEPS, Stage.NOTICE_SERVED, ["serve_notice"], lifecycle.TRANSITIONS)
    assert {t.action for t in tasks if t.can_start} == {
        t.action for t in lifecycle.TRANSITIONS.values() if Stage.NOTICE_SERVED in t.sources and t.action in STEPS
    }
