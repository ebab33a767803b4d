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
from conduct.cases import clocks, hooks, notices, outcomes, routes
from conduct.models import Conclusion, Finding, Outcome, Proceedings, Severity, StaffOutcome, Stage, StageTransition

NOTICE_STAGES = frozenset({Stage.NOTICE_SERVED, Stage.REPRESENTATIONS, Stage.INTERVIEWED})
FORUMS = frozenset({Stage.MEETING, Stage.HEARING, Stage.ACCELERATED})


class TransitionRefused(Refused):
    """The transition is not allowed now; the message says why, for the user."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    target: Stage
    conclusion: str = ""
    needs: tuple = field(default_factory=tuple)  # extra inputs: "finding", "outcome", "certification"
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
            "Refer to reflective practice review (RPRP, Part 6)",
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
            needs=("certification",),
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
    return outcomes.current_severities(proceedings.subject)


def _check_guards(transition: Transition, step, proceedings: Proceedings, finding: str, outcome: str, inputs: dict):
    stage = Stage(proceedings.stage)
    if stage not in transition.sources:
        raise TransitionRefused(f"“{transition.label}” is not possible while the subject is at “{stage.label}”.")
    # The features above the case may refuse a step (a criminal-proceedings pause, reg 10).
    hooks.refuse_if_any(hooks.transition_refusals, TransitionRefused, proceedings=proceedings, action=transition.action)
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
    if transition.action.startswith("refer_to_") and not _under_staff_procedure(proceedings):
        former = routes.regime_for(proceedings.subject.person) == routes.Regime.FORMER_OFFICER
        refusal = outcomes.forum_refusal(transition.action, proceedings.subject, former_officer=former)
        if refusal:
            raise TransitionRefused(refusal)
    if "finding" in transition.needs and finding not in Finding.values:
        raise TransitionRefused("Choose the finding.")
    if "outcome" in transition.needs:
        if _under_staff_procedure(proceedings):
            _check_staff_outcome(finding or proceedings.finding, outcome)
        else:
            _check_outcome(proceedings, finding or proceedings.finding, outcome, inputs)
    if "certification" in transition.needs and not inputs.get("certification"):
        raise TransitionRefused(
            "Certify the special conditions: say what evidence shows, on the balance of probabilities, that the "
            "conduct is gross misconduct and that it is in the public interest to proceed at once (reg 49)."
        )


def _under_staff_procedure(proceedings) -> bool:
    return routes.regime_for(proceedings.subject.person) in (routes.Regime.STAFF, routes.Regime.VOLUNTEER)


def staff_outcomes_for(subject):
    """The staff procedure's outcomes for a subject under it (the outcome form's choices), else None."""
    if routes.regime_for(subject.person) in (routes.Regime.STAFF, routes.Regime.VOLUNTEER):
        return list(StaffOutcome.objects.filter(active=True))
    return None


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


def outcome_facts(proceedings, finding, inputs: dict) -> outcomes.Facts:
    former = routes.regime_for(proceedings.subject.person) == routes.Regime.FORMER_OFFICER
    return outcomes.facts_for(
        proceedings,
        finding,
        unconnected_incidents=bool(inputs.get("unconnected_incidents")),
        former_officer=former,
    )


def _check_outcome(proceedings, finding, outcome, inputs):
    """reg 42 through conduct.cases.outcomes: whatever the form sent, only a lawful outcome."""
    facts = outcome_facts(proceedings, finding, inputs)
    refusal = outcomes.judge(outcome, facts)
    if refusal:
        raise TransitionRefused(refusal)
    if outcomes.needs_departure_reasons(outcome, facts) and not inputs.get("departure_reasons"):
        raise TransitionRefused(
            "Dismissal is presumed where gross misconduct is found: give the panel's reasons for a lesser outcome "
            "(the presumption of dismissal, in force since 28 May 2025)."
        )


@transaction.atomic
def apply_transition(
    *,
    user,
    proceedings: Proceedings,
    action: str,
    reason: str,
    finding: str = "",
    outcome: str = "",
    certification: str = "",
    unconnected_incidents: bool = False,
    departure_reasons: str = "",
    outcome_effective_on=None,
) -> StageTransition:
    """Move one subject along; refused (TransitionRefused, nothing changed) when not allowed.
    `outcome_effective_on`: the day a warning the outcome gives runs from, where not today (an
    appeal's outcome takes effect from the notice of the original one, reg 47(3))."""
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
    inputs = {
        "certification": (certification or "").strip() if "certification" in transition.needs else "",
        "unconnected_incidents": bool(unconnected_incidents) if "outcome" in transition.needs else False,
        "departure_reasons": (departure_reasons or "").strip() if "outcome" in transition.needs else "",
    }
    _check_guards(transition, step, proceedings, finding, outcome, inputs)
    from_stage = proceedings.stage
    _apply_effects(proceedings, transition, reason, finding, outcome)
    # A finding of neither misconduct nor gross misconduct referred to reflective practice
    # (reg 42(1)(b)) goes to the RPRP stage, with its clock.
    target = Stage.RPRP if outcome == Outcome.RPRP_REFERRAL else transition.target
    proceedings.stage = target
    proceedings.stage_since = timezone.now()
    proceedings.save()
    details = {k: v for k, v in {"finding": finding, "outcome": outcome, **inputs}.items() if v}
    record = StageTransition.objects.create(
        proceedings=proceedings,
        action=action,
        from_stage=from_stage,
        to_stage=target,
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
    effects = step.clocks
    if outcome == Outcome.RPRP_REFERRAL:
        effects = (*effects, clocks.ClockEffect(clocks.START, clocks.RPRP_ACCOUNT))
    clocks.on_transition(proceedings=proceedings, effects=effects, user=user, label=transition.label)
    _warnings(proceedings, action, outcome, user, on=outcome_effective_on)
    notices.on_transition(proceedings=proceedings, step=step, user=user, transition_id=record.pk)
    hooks.transition_applied(proceedings=proceedings, action=action, user=user, label=transition.label)
    return record


def _warnings(proceedings, action, outcome, user, on=None):
    """The warning an outcome gives, with its life (conduct.cases.outcomes); an appeal's decision
    replaces the one the first outcome gave."""
    if not outcome or _under_staff_procedure(proceedings):
        return
    if action == "decide_appeal":
        outcomes.end_warnings_of(proceedings, reason="Replaced by the appeal decision.")
    outcomes.give_warning(proceedings=proceedings, outcome=outcome, user=user, on=on)


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
        proceedings.barred_list = outcome in (Outcome.DISMISSAL, Outcome.WOULD_HAVE_BEEN_DISMISSED)
    if transition.conclusion:
        proceedings.conclusion = transition.conclusion
        proceedings.conclusion_reason = reason
