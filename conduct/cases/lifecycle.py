"""Each subject's path through the Police (Conduct) Regulations 2020, as an explicit table of
named, guarded transitions (DOMAIN.md, "Case lifecycle"). A transition not allowed from the
current stage is refused with a clear message; every transition records who, when and why,
and appears on the case timeline."""

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone

from casework.errors import Refused
from casework.models.cases import EventKind
from casework.services import record_event
from conduct.cases import clocks, hooks, notices, routes
from conduct.models import Conclusion, Finding, Outcome, Proceedings, Severity, StaffOutcome, Stage, StageTransition

NOTICE_STAGES = frozenset({Stage.NOTICE_SERVED, Stage.REPRESENTATIONS, Stage.INTERVIEWED})
FORUMS = frozenset({Stage.MEETING, Stage.HEARING, Stage.ACCELERATED})

# What each forum may impose (DOMAIN.md "Outcomes"): a meeting cannot reduce rank or dismiss.
OUTCOMES_BY_FORUM = {
    Stage.MEETING: [
        Outcome.NO_ACTION,
        Outcome.MANAGEMENT_ADVICE,
        Outcome.WRITTEN_WARNING,
        Outcome.FINAL_WRITTEN_WARNING,
    ],
    Stage.HEARING: list(Outcome),
    Stage.ACCELERATED: list(Outcome),
}
# Gross misconduct found: only a final written warning, reduction in rank or dismissal.
OUTCOMES_FOR_GROSS = [Outcome.FINAL_WRITTEN_WARNING, Outcome.REDUCTION_IN_RANK, Outcome.DISMISSAL]


class TransitionRefused(Refused):
    """The transition is not allowed now; the message says why, for the user."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    target: Stage
    conclusion: str = ""
    needs: tuple = field(default_factory=tuple)  # extra inputs: "finding", "outcome"
    # Decisions for the appropriate authority (case to answer, DOMAIN.md), not the investigator.
    by_authority: bool = False


TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            "start_investigation",
            "Appoint investigator and start investigation (reg 15)",
            frozenset({Stage.ASSESSMENT}),
            Stage.INVESTIGATION,
        ),
        Transition(
            "start_rprp",
            "Refer to reflective practice review (RPRP)",
            frozenset({Stage.ASSESSMENT, Stage.REPORT}),
            Stage.RPRP,
        ),
        Transition(
            "serve_notice",
            "Serve written notice of investigation (reg 17)",
            frozenset({Stage.INVESTIGATION}),
            Stage.NOTICE_SERVED,
        ),
        Transition(
            "record_representations",
            "Record the officer's representations (reg 18)",
            frozenset({Stage.NOTICE_SERVED}),
            Stage.REPRESENTATIONS,
        ),
        Transition(
            "record_interview",
            "Record interview (reg 20)",
            NOTICE_STAGES - {Stage.INTERVIEWED},
            Stage.INTERVIEWED,
        ),
        Transition("submit_report", "Record the investigation report (reg 21)", NOTICE_STAGES, Stage.REPORT),
        Transition(
            "refer_to_meeting",
            "Case to answer: refer to a misconduct meeting (reg 23)",
            frozenset({Stage.REPORT}),
            Stage.MEETING,
            by_authority=True,
        ),
        Transition(
            "refer_to_hearing",
            "Case to answer: refer to a misconduct hearing (reg 23)",
            frozenset({Stage.REPORT}),
            Stage.HEARING,
            by_authority=True,
        ),
        Transition(
            "refer_to_accelerated",
            "Refer to an accelerated hearing (special conditions)",
            frozenset({Stage.INVESTIGATION, Stage.REPORT}) | NOTICE_STAGES,
            Stage.ACCELERATED,
            by_authority=True,
        ),
        Transition(
            "no_case_to_answer",
            "No case to answer (reg 23)",
            frozenset({Stage.REPORT}),
            Stage.CONCLUDED,
            Conclusion.NO_CASE,
            by_authority=True,
        ),
        Transition("withdraw", "Withdraw proceedings", FORUMS, Stage.CONCLUDED, Conclusion.WITHDRAWN),
        Transition(
            "record_outcome",
            "Record finding and outcome (reg 42)",
            FORUMS,
            Stage.OUTCOME,
            needs=("finding", "outcome"),
        ),
        Transition("lodge_appeal", "Record an appeal", frozenset({Stage.OUTCOME}), Stage.APPEAL),
        Transition(
            "decide_appeal",
            "Record the appeal decision",
            frozenset({Stage.APPEAL}),
            Stage.CONCLUDED,
            Conclusion.OUTCOME,
            needs=("finding", "outcome"),
        ),
        Transition(
            "finalise_outcome",
            "Outcome final (no appeal)",
            frozenset({Stage.OUTCOME}),
            Stage.CONCLUDED,
            Conclusion.OUTCOME,
        ),
        Transition(
            "complete_rprp",
            "Reflective practice completed",
            frozenset({Stage.RPRP}),
            Stage.CONCLUDED,
            Conclusion.RPRP,
        ),
        Transition(
            "no_further_action",
            "No further action (with reasons)",
            frozenset({Stage.ASSESSMENT, Stage.INVESTIGATION}),
            Stage.CONCLUDED,
            Conclusion.NFA,
        ),
    ]
}


def routed(transition: Transition, step) -> Transition:
    """The transition as the subject's route words it and allows it."""
    return replace(transition, label=step.display, sources=step.sources or transition.sources)


def available_transitions(proceedings: Proceedings, steps: dict | None = None) -> list[Transition]:
    """The steps open to the subject now: those of its route (conduct.cases.routes) from its stage."""
    steps = routes.steps_for_subject(proceedings.subject) if steps is None else steps
    offered = [routed(t, steps[a]) for a, t in TRANSITIONS.items() if a in steps]
    return [t for t in offered if proceedings.stage in t.sources]


def transition_for(proceedings: Proceedings, action: str) -> tuple[Transition, object]:
    """(the routed transition, its step), or refused with why it does not apply to this subject."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused("Unknown action.")
    step = routes.steps_for_subject(proceedings.subject).get(action)
    if step is None:
        raise TransitionRefused(routes.why_not(action, proceedings.subject))
    return routed(transition, step), step


def _current_severities(proceedings) -> set[str]:
    severities = set()
    for allegation in proceedings.subject.allegations.prefetch_related("assessments"):
        latest = allegation.assessments.all()[:1]
        if latest:
            severities.add(latest[0].severity)
    return severities


def _check_guards(transition: Transition, step, proceedings: Proceedings, finding: str, outcome: str):
    stage = Stage(proceedings.stage)
    if stage not in transition.sources:
        raise TransitionRefused(f"“{transition.label}” is not possible while the subject is at “{stage.label}”.")
    if step.severity_guard and not (_current_severities(proceedings) & {Severity.MISCONDUCT, Severity.GROSS}):
        raise TransitionRefused(
            "Assess at least one allegation as misconduct or gross misconduct before starting an investigation."
        )
    if (
        transition.action == "start_rprp"
        and stage == Stage.ASSESSMENT
        and (Severity.PRI not in _current_severities(proceedings))
    ):
        raise TransitionRefused("Assess an allegation as practice requiring improvement before referring to RPRP.")
    if "finding" in transition.needs and finding not in Finding.values:
        raise TransitionRefused("Choose the finding.")
    if "outcome" in transition.needs:
        if _under_staff_procedure(proceedings):
            _check_staff_outcome(finding or proceedings.finding, outcome)
        else:
            _check_outcome(proceedings, finding or proceedings.finding, outcome)


def _under_staff_procedure(proceedings) -> bool:
    return routes.regime_for(proceedings.subject.person) in (routes.Regime.STAFF, routes.Regime.VOLUNTEER)


def staff_outcome(code: str):
    return StaffOutcome.objects.filter(code=code, active=True).first()


def _check_staff_outcome(finding, outcome):
    """Police staff: an outcome of the force's staff procedure (data), never a Conduct
    Regulations one."""
    chosen = staff_outcome(outcome)
    if chosen is None:
        raise TransitionRefused("Choose an outcome of the staff misconduct procedure.")
    if finding == Finding.NOT_PROVEN and not chosen.is_no_action:
        raise TransitionRefused("When nothing is proven the outcome must be no action.")
    if finding in (Finding.MISCONDUCT, Finding.GROSS) and chosen.is_no_action:
        raise TransitionRefused("A proven finding needs an outcome other than no action.")


def _check_outcome(proceedings, finding, outcome):
    forum = Stage(proceedings.forum or proceedings.stage)
    if outcome not in Outcome.values:
        raise TransitionRefused("Choose the outcome.")
    if outcome not in OUTCOMES_BY_FORUM.get(forum, list(Outcome)):
        raise TransitionRefused(f"A {forum.label.lower()} cannot impose “{Outcome(outcome).label}”.")
    if finding == Finding.NOT_PROVEN and outcome != Outcome.NO_ACTION:
        raise TransitionRefused("When nothing is proven the outcome must be no further action.")
    if finding == Finding.GROSS and outcome not in OUTCOMES_FOR_GROSS:
        raise TransitionRefused(
            "When gross misconduct is found the outcome must be a final written warning, "
            "reduction in rank or dismissal without notice."
        )
    if finding in (Finding.MISCONDUCT, Finding.GROSS) and outcome == Outcome.NO_ACTION:
        raise TransitionRefused("A proven finding needs an outcome other than no further action.")


@transaction.atomic
def apply_transition(
    *, user, proceedings: Proceedings, action: str, reason: str, finding: str = "", outcome: str = ""
) -> StageTransition:
    """Move one subject along; refused (TransitionRefused, nothing changed) when not allowed."""
    if action not in TRANSITIONS:
        raise TransitionRefused("Unknown action.")
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused("Give the reasons for this decision.")
    proceedings = (
        Proceedings.objects.select_for_update(of=("self",))
        .select_related("subject__case__route", "subject__person")
        .get(pk=proceedings.pk)
    )
    transition, step = transition_for(proceedings, action)
    # Only the inputs this decision takes: a finding passed to any other is ignored, not applied.
    finding = finding if "finding" in transition.needs else ""
    outcome = outcome if "outcome" in transition.needs else ""
    _check_guards(transition, step, proceedings, finding, outcome)
    from_stage = proceedings.stage
    _apply_effects(proceedings, transition, reason, finding, outcome)
    proceedings.stage = transition.target
    proceedings.stage_since = timezone.now()
    proceedings.save()
    details = {k: v for k, v in {"finding": finding, "outcome": outcome}.items() if v}
    record = StageTransition.objects.create(
        proceedings=proceedings,
        action=action,
        from_stage=from_stage,
        to_stage=transition.target,
        reason=reason,
        details=details,
        made_by=user,
    )
    subject = proceedings.subject
    summary = f"{subject.person.full_name}: {transition.label}"
    if outcome:
        summary += f" ({proceedings.staff_outcome.name if proceedings.staff_outcome_id else Outcome(outcome).label})"
    record_event(
        subject.case,
        kind=EventKind.TRANSITION,
        summary=summary,
        actor=user,
        person=subject.person,
        detail=reason,
    )
    clocks.on_transition(proceedings=proceedings, effects=step.clocks, user=user, label=transition.label)
    notices.on_transition(proceedings=proceedings, step=step, user=user, transition_id=record.pk)
    hooks.transition_applied(proceedings=proceedings, action=action, user=user, label=transition.label)
    return record


def _apply_effects(proceedings, transition, reason, finding, outcome):
    if transition.target in FORUMS:
        proceedings.forum = transition.target
    if finding:
        proceedings.finding = finding
    if outcome and _under_staff_procedure(proceedings):
        proceedings.staff_outcome = staff_outcome(outcome)
        proceedings.outcome = ""
        # Dismissed staff are reported to the Barred List too (DOMAIN.md, "The lists").
        proceedings.barred_list = proceedings.staff_outcome.code.startswith("dismissal")
    elif outcome:
        proceedings.outcome = outcome
        # Dismissal puts the person on the College of Policing Barred List (DOMAIN.md).
        proceedings.barred_list = outcome == Outcome.DISMISSAL
    if transition.conclusion:
        proceedings.conclusion = transition.conclusion
        proceedings.conclusion_reason = reason
