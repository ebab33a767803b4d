"""Each subject's path through the regulations as a GOV.UK task list: the steps of the subject's
route (conduct.cases.routes), each with a status worked out from where the subject is now and
the steps already taken (its StageTransition history). A pure function over data, so a table of
cases tests it (tests/conduct/cases/test_task_list.py); the case page only feeds it.

Statuses (GOV.UK "task list" component):
- Completed: the step was taken (it is in the subject's history).
- In progress: the step can be taken now, and the subject's path is under way (a step was taken).
- Not yet started: the step can be taken now, and nothing has been done yet.
- Cannot start yet: the step lies ahead, reachable from where the subject is, but not yet open.
- Not applicable: the path went another way (the step can no longer be reached), or the
  subject's proceedings have concluded.
"""

from dataclasses import dataclass

from conduct.models import Stage

COMPLETED = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not yet started"
CANNOT_START = "Cannot start yet"
NOT_APPLICABLE = "Not applicable"

# The order of the stages along a path: the list is shown in the order a subject meets its steps.
STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}


@dataclass(frozen=True)
class Task:
    action: str
    label: str
    status: str

    @property
    def can_start(self) -> bool:
        return self.status in (IN_PROGRESS, NOT_STARTED)

    @property
    def status_class(self) -> str:
        """The GOV.UK tag colour for what can be done now; the others are plain text."""
        return {IN_PROGRESS: "light-blue", NOT_STARTED: "blue"}.get(self.status, "")


def _sources(action, step, transitions) -> frozenset:
    return frozenset(step.sources or transitions[action].sources)


def reachable_stages(stage: str, steps: dict, transitions: dict) -> set[str]:
    """The stages the subject can still reach from `stage` by the steps of its route."""
    seen, todo = {stage}, [stage]
    while todo:
        current = todo.pop()
        for action, step in steps.items():
            target = transitions[action].target
            if current in _sources(action, step, transitions) and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def task_statuses(steps: dict, stage: str, taken, transitions: dict) -> list[Task]:
    """The subject's steps, in path order, each with its status.

    steps: {action: routes.Step} of the subject's route; stage: the subject's current stage;
    taken: the actions in its history; transitions: lifecycle.TRANSITIONS (sources and targets).
    """
    taken = set(taken)
    ahead = reachable_stages(stage, steps, transitions)
    tasks = []
    for action, step in steps.items():
        sources = _sources(action, step, transitions)
        if action in taken:
            status = COMPLETED
        elif stage == Stage.CONCLUDED:
            status = NOT_APPLICABLE
        elif stage in sources:
            status = IN_PROGRESS if taken else NOT_STARTED
        elif sources & ahead:
            status = CANNOT_START
        else:
            status = NOT_APPLICABLE
        tasks.append((min(STAGE_ORDER[s] for s in sources) if sources else 0, Task(action, step.display, status)))
    tasks.sort(key=lambda pair: pair[0])  # stable: the route's own order within a stage
    return [task for _, task in tasks]
