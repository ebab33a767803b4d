"""Which rules apply to one subject of one case: the route table (DOMAIN.md, "Which rules
apply"; docs/rules.md, "Routes").

A matter's **path** comes from its route (conduct.cases.route_models.CaseRoute): its type under
the Police Reform Act 2002 and, for a complaint, how it is handled. A subject's **regime** comes
from the register: police officers and specials are under the Police (Conduct) Regulations 2020,
former officers under those Regulations as they apply to former officers, police staff and
designated volunteers under the force's own procedure. The table below says, for a path and a
regime, which lifecycle steps (conduct.cases.lifecycle) are offered, how each is worded, which
regulation requires it, which notice it writes and which clocks it runs. It is the one source of
those citations: the step labels, the notices' legal basis and docs/rules.md all read it.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from django.utils import timezone

from casework.models import PersonType
from conduct.cases.clocks import (
    CM_REPRESENTATIONS,
    MEET,
    REG17_STATEMENT,
    REG31_RESPONSE,
    RPRP_ACCOUNT,
    START,
    STOP,
    ClockEffect,
)
from conduct.cases.route_models import Handling, MatterType
from conduct.models import Stage
from notifications.models import LetterKind

PRA = "Police Reform Act 2002"
CONDUCT = "Police (Conduct) Regulations 2020"
CM = "Police (Complaints and Misconduct) Regulations 2020"
STAFF_POLICY = "the force's police staff misconduct procedure (ACAS Code of Practice on disciplinary procedures)"


class Path(StrEnum):
    PART3 = "part3"
    SPECIAL = "special"
    PLAIN = "plain"
    OTHERWISE = "otherwise"
    DSI = "dsi"
    UNDECIDED = "undecided"


PATH_LABELS = {
    Path.PART3: f"Investigation under Part 3 of the {CONDUCT} (an internal matter, reg 13)",
    Path.SPECIAL: f"Schedule 3 investigation subject to special procedures ({CM} regs 16 to 22)",
    Path.PLAIN: "Schedule 3 investigation not subject to special procedures",
    Path.OTHERWISE: f"Complaint handled otherwise than by investigation ({PRA} Sch 3 para 6(2A))",
    Path.DSI: f"Death or serious injury matter ({PRA} Sch 3 Part 2A)",
    Path.UNDECIDED: "Complaint: how it is handled is not decided yet",
}

MATTER_BASIS = {
    MatterType.COMPLAINT: f"{PRA} Schedule 3 Part 1; {CM}",
    MatterType.RECORDABLE_CONDUCT: f"{PRA} Schedule 3 Part 2; {CM}",
    MatterType.DSI: f"{PRA} Schedule 3 Part 2A; {CM}",
    MatterType.INTERNAL: f"{CONDUCT} Part 3 (reg 13: not a Schedule 3 matter)",
}


class Regime(StrEnum):
    CONDUCT = "conduct"
    FORMER_OFFICER = "former_officer"
    STAFF = "staff"
    VOLUNTEER = "volunteer"


REGIME_LABELS = {
    Regime.CONDUCT: f"{CONDUCT}",
    Regime.FORMER_OFFICER: f"{CONDUCT} as they apply to former officers",
    Regime.STAFF: STAFF_POLICY,
    Regime.VOLUNTEER: "the force's designated volunteer policy",
}


def regime_for(person, on=None) -> Regime:
    """The rules a person is dealt with under, on a day (today by default)."""
    on = on or timezone.localdate()
    if person.person_type in (PersonType.OFFICER, PersonType.SPECIAL):
        left = person.left_service_on
        return Regime.FORMER_OFFICER if left and left <= on else Regime.CONDUCT
    if person.person_type == PersonType.VOLUNTEER:
        return Regime.VOLUNTEER
    return Regime.STAFF


def regime_reason(person, on=None) -> str:
    """Why, in a sentence for the subject and person pages."""
    regime = regime_for(person, on)
    kind = PersonType(person.person_type).label.lower()
    if regime == Regime.FORMER_OFFICER:
        return f"A former {kind} (left on {person.left_service_on:%-d %B %Y}): {REGIME_LABELS[regime]}."
    if regime == Regime.CONDUCT:
        return f"A {kind}: the {CONDUCT} apply (reg 3)."
    return f"{kind.capitalize()}: not under the {CONDUCT}; dealt with under {REGIME_LABELS[regime]}."


def path_for(route) -> Path:
    """The path of a case's route (a case recorded before routes existed has none: internal)."""
    if route is None or route.matter_type == MatterType.INTERNAL:
        return Path.PART3
    if route.matter_type == MatterType.DSI:
        return Path.DSI
    if route.matter_type == MatterType.RECORDABLE_CONDUCT:
        return Path.SPECIAL  # a recordable conduct matter is an indication of misconduct (Sch 3 para 19B)
    if route.handling == Handling.OTHERWISE:
        return Path.OTHERWISE
    if route.handling == Handling.INVESTIGATION:
        return Path.SPECIAL if route.special_procedures else Path.PLAIN
    return Path.UNDECIDED


def route_of(case):
    try:
        return case.route
    except type(case).route.RelatedObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class Step:
    """One lifecycle transition as a path words it."""

    action: str
    label: str
    cite: str  # the regulation, short, shown beside the label
    basis: str = ""  # the regulation in full, for letters
    sources: frozenset | None = None  # the stages it starts from, where not the transition's own
    notice: tuple | None = None  # (letter kind, the clock the letter's answer runs on)
    clocks: tuple = ()
    severity_guard: bool = False  # the investigation follows a severity assessment

    @property
    def display(self) -> str:
        return f"{self.label} ({self.cite})" if self.cite else self.label


def _s(action, label, cite, **kw):
    return Step(action, label, cite, **kw)


REFERRAL_NOTICE = (LetterKind.REFERRAL_NOTICE, REG31_RESPONSE)
INVESTIGATING = frozenset({Stage.INVESTIGATION})
NOTICE_STAGES = frozenset({Stage.NOTICE_SERVED, Stage.REPRESENTATIONS, Stage.INTERVIEWED})

# Conduct Regulations Parts 4 to 6: the same wherever proceedings follow a case to answer.
PROCEEDINGS_STEPS = [
    _s(
        "refer_to_meeting",
        "Case to answer: refer to a misconduct meeting",
        "reg 23",
        basis=f"Regulation 30, {CONDUCT}",
        notice=REFERRAL_NOTICE,
        clocks=(ClockEffect(START, REG31_RESPONSE),),
    ),
    _s(
        "refer_to_hearing",
        "Case to answer: refer to a misconduct hearing",
        "reg 23",
        basis=f"Regulation 30, {CONDUCT}",
        notice=REFERRAL_NOTICE,
        clocks=(ClockEffect(START, REG31_RESPONSE),),
    ),
    _s(
        "refer_to_accelerated",
        "Refer to an accelerated hearing",
        "special conditions",
        basis=f"Regulation 30, {CONDUCT}",
        notice=REFERRAL_NOTICE,
        clocks=(ClockEffect(START, REG31_RESPONSE),),
    ),
    _s("no_case_to_answer", "No case to answer", "reg 23"),
    _s("withdraw", "Withdraw proceedings", ""),
    _s("record_outcome", "Record finding and outcome", "reg 42", clocks=(ClockEffect(STOP, REG31_RESPONSE),)),
    _s("lodge_appeal", "Record an appeal", ""),
    _s("decide_appeal", "Record the appeal decision", ""),
    _s("finalise_outcome", "Outcome final (no appeal)", ""),
    _s("start_rprp", "Refer to reflective practice review", "RPRP, Part 6", clocks=(ClockEffect(START, RPRP_ACCOUNT),)),
    _s("complete_rprp", "Reflective practice completed", ""),
    _s("no_further_action", "No further action (with reasons)", ""),
]

PART3_STEPS = [
    _s("start_investigation", "Appoint investigator and start investigation", "reg 15", severity_guard=True),
    _s(
        "serve_notice",
        "Serve written notice of investigation",
        "reg 17",
        basis=f"Regulation 17, {CONDUCT}",
        notice=(LetterKind.REG17_NOTICE, REG17_STATEMENT),
        clocks=(ClockEffect(START, REG17_STATEMENT),),
    ),
    _s(
        "record_representations",
        "Record the officer's representations",
        "reg 18",
        clocks=(ClockEffect(MEET, REG17_STATEMENT),),
    ),
    _s("record_interview", "Record interview", "reg 20", clocks=(ClockEffect(STOP, REG17_STATEMENT),)),
    _s("submit_report", "Record the investigation report", "reg 21", clocks=(ClockEffect(STOP, REG17_STATEMENT),)),
]

SPECIAL_STEPS = [
    _s(
        "start_investigation",
        "Appoint the investigator and start the investigation",
        "C&M Regs reg 12; severity assessment reg 16",
        severity_guard=True,
    ),
    _s(
        "serve_notice",
        "Give written notice of the investigation and severity assessment",
        "C&M Regs reg 17",
        basis=f"Regulation 17, {CM}",
        notice=(LetterKind.REG17_NOTICE, CM_REPRESENTATIONS),
        clocks=(ClockEffect(START, CM_REPRESENTATIONS),),
    ),
    _s(
        "record_representations",
        "Record the representations to the investigator",
        "C&M Regs reg 20",
        clocks=(ClockEffect(MEET, CM_REPRESENTATIONS),),
    ),
    _s("record_interview", "Record interview", "C&M Regs reg 21", clocks=(ClockEffect(STOP, CM_REPRESENTATIONS),)),
    _s(
        "submit_report",
        "Record the final report on the investigation",
        "PRA 2002 Sch 3 para 22",
        clocks=(ClockEffect(STOP, CM_REPRESENTATIONS),),
    ),
]

# A Schedule 3 investigation reaches the Conduct Regulations at Part 4 on a case to answer (Sch 3
# para 24); the decision is worded with both.
SCH3_CASE_TO_ANSWER = {
    "refer_to_meeting": "PRA 2002 Sch 3 para 24; Conduct Regs reg 23",
    "refer_to_hearing": "PRA 2002 Sch 3 para 24; Conduct Regs reg 23",
    "no_case_to_answer": "PRA 2002 Sch 3 para 24",
    "refer_to_accelerated": "C&M Regs reg 25; Conduct Regs Part 5",
}


def _table(*steps):
    return {step.action: step for step in steps}


def _sch3_proceedings():
    return [replace(s, cite=SCH3_CASE_TO_ANSWER.get(s.action, s.cite)) for s in PROCEEDINGS_STEPS]


_P = {step.action: step for step in PROCEEDINGS_STEPS}
CONCLUDE_ANY_TIME = frozenset({Stage.ASSESSMENT, Stage.INVESTIGATION, Stage.REPORT})

OFFICER_TABLES = {
    Path.PART3: _table(*PART3_STEPS, *PROCEEDINGS_STEPS),
    Path.SPECIAL: _table(*SPECIAL_STEPS, *_sch3_proceedings()),
    Path.PLAIN: _table(
        _s("start_investigation", "Appoint the investigator and start the investigation", "C&M Regs reg 12"),
        _s(
            "submit_report",
            "Record the final report on the investigation",
            "PRA 2002 Sch 3 para 22",
            sources=INVESTIGATING,
        ),
        replace(_P["start_rprp"], sources=frozenset({Stage.ASSESSMENT, Stage.REPORT})),
        _P["complete_rprp"],
        _s(
            "no_further_action",
            "Conclude: no disciplinary proceedings (outcome to the complainant)",
            "PRA 2002 Sch 3 para 24(6)",
            sources=CONCLUDE_ANY_TIME,
        ),
    ),
    Path.OTHERWISE: _table(
        _P["start_rprp"],  # reflective practice is an outcome open to it
        _P["complete_rprp"],
        _s(
            "no_further_action",
            "Record the action taken and the outcome",
            "PRA 2002 Sch 3 para 6(2A)",
            sources=frozenset({Stage.ASSESSMENT}),
        ),
    ),
    Path.DSI: _table(
        _s("start_investigation", "Start the DSI investigation", "PRA 2002 Sch 3 para 14C"),
        _s("submit_report", "Record the final report", "PRA 2002 Sch 3 para 22", sources=INVESTIGATING),
        _s(
            "no_further_action",
            "Conclude: no indication of misconduct",
            "PRA 2002 Sch 3 para 21A",
            sources=CONCLUDE_ANY_TIME,
        ),
    ),
    Path.UNDECIDED: {},
}

# Former officers: no misconduct meeting and no reflective practice (the Conduct Regulations as
# they apply to former officers: proceedings are hearings) — docs/rules.md, "Routes".
FORMER_OFFICER_EXCLUDED = frozenset({"refer_to_meeting", "start_rprp", "complete_rprp"})
# Police staff and volunteers: the Conduct Regulations' Parts 3 to 6 never apply; the steps they
# share with a Schedule 3 investigation keep the C&M Regulations' wording.
STAFF_STEPS = (
    "start_investigation",
    "serve_notice",
    "record_representations",
    "record_interview",
    "submit_report",
    "refer_to_hearing",
    "no_case_to_answer",
    "withdraw",
    "record_outcome",
    "lodge_appeal",
    "decide_appeal",
    "finalise_outcome",
    "no_further_action",
)
SCH3_STEPS_KEPT_FOR_STAFF = frozenset({"serve_notice", "record_representations", "record_interview", "submit_report"})


def _staff_table(path: Path) -> dict:
    from conduct.cases.route_models import StaffProcedureStep

    officer = OFFICER_TABLES[path]
    words = {s.action: s for s in StaffProcedureStep.objects.filter(action__in=STAFF_STEPS)}
    table = {}
    for action in STAFF_STEPS:
        if action not in officer:
            continue
        base = officer[action]
        if path == Path.SPECIAL and action in SCH3_STEPS_KEPT_FOR_STAFF:
            table[action] = base
            continue
        if path == Path.PART3 and action in {"serve_notice", "record_representations", "record_interview"}:
            continue  # reg 17 to 20 are the Conduct Regulations': never for staff
        word = words.get(action)
        sources = INVESTIGATING if (path == Path.PART3 and action == "submit_report") else base.sources
        table[action] = Step(
            action,
            word.label if word else base.label,
            "staff procedure",
            basis=word.source if word else STAFF_POLICY,
            sources=sources,
            clocks=tuple(c for c in base.clocks if c.code not in (REG17_STATEMENT, REG31_RESPONSE)),
            severity_guard=base.severity_guard,
        )
    return table


def steps_for(path: Path, regime: Regime) -> dict:
    """The steps offered on a path to a subject under a regime: {action: Step}."""
    if regime in (Regime.STAFF, Regime.VOLUNTEER):
        return _staff_table(path)
    table = OFFICER_TABLES[path]
    if regime == Regime.FORMER_OFFICER:
        return {a: s for a, s in table.items() if a not in FORMER_OFFICER_EXCLUDED}
    return dict(table)


def steps_for_subject(subject) -> dict:
    return steps_for(path_for(route_of(subject.case)), regime_for(subject.person))


def why_not(action: str, subject) -> str:
    """Why a step is not offered to this subject, for the refusal message."""
    path = path_for(route_of(subject.case))
    if path == Path.UNDECIDED:
        return "Decide first how the complaint is handled (otherwise than by investigation, or investigation)."
    return (
        f"This step does not apply to {subject.person.full_name}: the matter is on the route "
        f"“{PATH_LABELS[path]}” and {regime_reason(subject.person).rstrip('.')}."
    )


def is_complaint(case) -> bool:
    route = route_of(case)
    return route is not None and route.matter_type == MatterType.COMPLAINT


class CaseRouteView:
    """The route of one case for its pages: computed once, steps cached per regime."""

    def __init__(self, case):
        self.case = case
        self.record = route_of(case)
        self.path = path_for(self.record)
        self.path_label = PATH_LABELS[self.path]
        self.basis = MATTER_BASIS[self.record.matter_type] if self.record else MATTER_BASIS[MatterType.INTERNAL]
        self._steps = {}

    def steps(self, person) -> dict:
        regime = regime_for(person)
        if regime not in self._steps:
            self._steps[regime] = steps_for(self.path, regime)
        return self._steps[regime]

    def regime(self, person) -> str:
        return regime_reason(person)

    def stage_label(self, stage: str, person) -> str:
        return stage_label(stage, self.path, regime_for(person))


def describe_input(data) -> dict:
    """The labels of a route not yet saved (check your answers)."""
    from conduct.cases.route_models import CaseRoute

    route = CaseRoute(
        matter_type=data.matter_type,
        handling=data.handling,
        mode=data.mode,
        special_procedures=data.special_procedures,
    )
    complaint = data.matter_type == MatterType.COMPLAINT
    return {
        "matter_type": MatterType(data.matter_type).label,
        "basis": MATTER_BASIS[data.matter_type],
        "handling": Handling(data.handling).label if complaint else "",
        "path": PATH_LABELS[path_for(route)],
    }


# The table of docs/rules.md ("Routes"), written from this module so the two never disagree
# (tests/conduct/cases/test_routes.py compares them).
DOC_PATHS = [Path.PART3, Path.SPECIAL, Path.PLAIN, Path.OTHERWISE, Path.DSI]
DOC_REGIMES = [Regime.CONDUCT, Regime.FORMER_OFFICER, Regime.STAFF]


def _doc_steps(steps: dict) -> str:
    parts = []
    for step in steps.values():
        text = f"{step.label}" + (f" ({step.cite})" if step.cite and step.cite != "staff procedure" else "")
        if step.notice:
            text += f" — notice: {step.basis}"
        clocks = ", ".join(f"{c.verb} `{c.code}`" for c in step.clocks)
        if clocks:
            text += f" — clocks: {clocks}"
        parts.append(text)
    return "<br>".join(parts)


def markdown_table() -> str:
    """The routes as a markdown table: path × regime → steps, citations, notices, clocks (staff
    wording as the force's data stands)."""
    lines = ["| route | rules for | steps offered (citation) — notice — clocks |", "|---|---|---|"]
    for path in DOC_PATHS:
        for regime in DOC_REGIMES:
            steps = steps_for(path, regime)
            lines.append(f"| {PATH_LABELS[path]} | {REGIME_LABELS[regime]} | {_doc_steps(steps) or 'none'} |")
    return "\n".join(lines)


# A stage as the route words it: the stage names are the Conduct Regulations' by default.
STAFF_STAGES = {
    Stage.HEARING: "Referred to a disciplinary hearing (staff procedure)",
    Stage.OUTCOME: "Finding and outcome recorded (staff procedure)",
}
SCHEDULE_3_STAGES = {
    Stage.NOTICE_SERVED: "Notice of investigation served (C&M Regs reg 17)",
    Stage.REPRESENTATIONS: "Representations received (C&M Regs reg 20)",
    Stage.REPORT: "Final report on the investigation recorded",
}


def stage_label(stage: str, path: Path, regime: Regime) -> str:
    if regime in (Regime.STAFF, Regime.VOLUNTEER) and stage in STAFF_STAGES:
        return STAFF_STAGES[stage]
    if path in (Path.SPECIAL, Path.PLAIN, Path.DSI) and stage in SCHEDULE_3_STAGES:
        return SCHEDULE_3_STAGES[stage]
    return Stage(stage).label
