"""The conduct lifecycle (conduct.cases.lifecycle): every transition of the table from each of its
sources, refusal from every other stage, the guards, the outcome rules, and the record each
transition leaves (who, when, why, and a timeline event)."""

import itertools
from datetime import UTC, datetime

import pytest

from casework.models import TimelineEvent
from casework.models.cases import EventKind
from conduct.cases import services
from conduct.cases.lifecycle import FORUMS, TRANSITIONS, TransitionRefused, apply_transition, available_transitions
from conduct.models import Allegation, Conclusion, Finding, Outcome, Proceedings, Severity, Stage, StageTransition

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 27, 10, 30, tzinfo=UTC)
REASON = "The evidence gathered so far supports this decision."

# Extra inputs the transitions that need them are given in the "allowed" tests.
INPUTS = {
    "record_outcome": {"finding": Finding.MISCONDUCT, "outcome": Outcome.WRITTEN_WARNING},
    "decide_appeal": {"finding": Finding.MISCONDUCT, "outcome": Outcome.FINAL_WRITTEN_WARNING},
    "refer_to_accelerated": {"certification": "The evidence shows gross misconduct; public interest."},
}
# The current severity that lets a guarded transition through (reg 23: the forum follows it).
SEVERITY_FOR = {
    "start_investigation": Severity.MISCONDUCT,
    "start_rprp": Severity.PRI,
    "refer_to_meeting": Severity.MISCONDUCT,
    "refer_to_hearing": Severity.GROSS,
    "refer_to_accelerated": Severity.GROSS,
}

ALLOWED = [(action, Stage(source)) for action, t in TRANSITIONS.items() for source in sorted(t.sources)]


def _pair_id(value):
    return value.value if isinstance(value, Stage) else value


def _ready_at(put_at, proceedings, stage):
    """Put the subject at `stage` with the forum/finding/outcome a subject there would have."""
    fields = {"forum": "", "finding": "", "outcome": "", "barred_list": False}
    if stage in FORUMS:
        fields["forum"] = stage
    if stage in (Stage.OUTCOME, Stage.APPEAL):
        fields.update(forum=Stage.HEARING, finding=Finding.MISCONDUCT, outcome=Outcome.WRITTEN_WARNING)
    return put_at(proceedings, stage, **fields)


def _allegation(proceedings):
    return Allegation.objects.filter(subject=proceedings.subject).first()


def _add_allegation(user, proceedings, description="A second allegation"):
    from conduct.models import AllegationCategory, Standard

    return services.record_allegation(
        user=user,
        subject=proceedings.subject,
        data=services.AllegationInput(
            description=description,
            standards=list(Standard.objects.filter(name="Honesty and integrity")),
            categories=list(AllegationCategory.objects.filter(code="dishonesty")),
        ),
    )


def _transition_events(case):
    return TimelineEvent.objects.filter(case=case, kind=EventKind.TRANSITION)


# The table itself ----------------------------------------------------------------------------
def test_every_stage_but_concluded_has_a_way_on_and_concluded_is_final():
    for stage in Stage:
        sources = [a for a, t in TRANSITIONS.items() if stage in t.sources]
        if stage == Stage.CONCLUDED:
            assert sources == []
        else:
            assert sources, f"{stage} is a dead end"


def test_every_stage_is_reachable_from_assessment():
    reached, frontier = {Stage.ASSESSMENT}, [Stage.ASSESSMENT]
    while frontier:
        stage = frontier.pop()
        for t in TRANSITIONS.values():
            if stage in t.sources and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(Stage)


def test_available_transitions_follow_the_stage(proceedings, put_at):
    assert {t.action for t in available_transitions(proceedings)} == {
        "start_investigation",
        "start_rprp",
        "no_further_action",
    }
    assert available_transitions(put_at(proceedings, Stage.CONCLUDED)) == []
    assert {t.action for t in available_transitions(put_at(proceedings, Stage.REPORT))} == {
        "start_rprp",
        "refer_to_meeting",
        "refer_to_hearing",
        "refer_to_accelerated",
        "no_case_to_answer",
    }


# Allowed from each source -------------------------------------------------------------------
@pytest.mark.parametrize(("action", "source"), ALLOWED, ids=_pair_id)
def test_transition_is_allowed_from_each_of_its_sources(
    action, source, personas, case, officer, proceedings, put_at, assess, time_machine
):
    transition = TRANSITIONS[action]
    _ready_at(put_at, proceedings, source)
    if action in SEVERITY_FOR:
        assess(_allegation(proceedings), SEVERITY_FOR[action])
    time_machine.move_to(MOMENT, tick=False)

    record = apply_transition(
        user=personas.investigator, proceedings=proceedings, action=action, reason=REASON, **INPUTS.get(action, {})
    )

    proceedings.refresh_from_db()
    assert proceedings.stage == transition.target
    assert proceedings.stage_since == MOMENT
    assert list(StageTransition.objects.filter(proceedings=proceedings)) == [record]
    assert (record.action, record.from_stage, record.to_stage) == (action, source, transition.target)
    assert (record.reason, record.made_by, record.made_at) == (REASON, personas.investigator, MOMENT)
    assert record.details == {k: str(v) for k, v in INPUTS.get(action, {}).items()}

    event = _transition_events(case).get()
    assert (event.actor, event.person, event.detail, event.occurred_at) == (
        personas.investigator,
        officer,
        REASON,
        MOMENT,
    )
    assert event.summary.startswith(f"{officer.full_name}: {transition.label}")

    if transition.conclusion:
        assert (proceedings.conclusion, proceedings.conclusion_reason) == (transition.conclusion, REASON)
    else:
        assert proceedings.conclusion == ""
    if transition.target in FORUMS:
        assert proceedings.forum == transition.target


# Refused from every other stage ---------------------------------------------------------------
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_transition_is_refused_from_every_other_stage(action, personas, case, proceedings, put_at, assess):
    transition = TRANSITIONS[action]
    # Make every other guard pass: one allegation assessed as the forum needs (reg 23; misconduct
    # otherwise), another as PRI.
    assess(
        _allegation(proceedings),
        SEVERITY_FOR.get(action, Severity.MISCONDUCT) if action.startswith("refer_") else Severity.MISCONDUCT,
    )
    assess(_add_allegation(personas.investigator, proceedings), Severity.PRI)
    events_before = TimelineEvent.objects.filter(case=case).count()
    inputs = INPUTS.get(action, {})  # valid wherever the transition is allowed

    others = [stage for stage in Stage if stage not in transition.sources]
    assert others, "a transition from every stage would make this test vacuous"
    for stage in others:
        _ready_at(put_at, proceedings, stage)
        with pytest.raises(TransitionRefused, match=f"while the subject is at “{stage.label}”"):
            apply_transition(
                user=personas.investigator, proceedings=proceedings, action=action, reason=REASON, **inputs
            )
        proceedings.refresh_from_db()
        assert proceedings.stage == stage
        assert proceedings.conclusion == ""

    assert not StageTransition.objects.exists()
    assert TimelineEvent.objects.filter(case=case).count() == events_before

    # The same set-up is accepted from a source stage: the refusals above were the stage's doing.
    _ready_at(put_at, proceedings, sorted(transition.sources)[0])
    apply_transition(user=personas.investigator, proceedings=proceedings, action=action, reason=REASON, **inputs)
    assert StageTransition.objects.count() == 1


# Guards ---------------------------------------------------------------------------------------
def _assert_nothing_changed(proceedings, stage, case, events_before):
    proceedings.refresh_from_db()
    assert proceedings.stage == stage
    assert not StageTransition.objects.filter(proceedings=proceedings).exists()
    assert TimelineEvent.objects.filter(case=case).count() == events_before


@pytest.mark.parametrize(
    ("severities", "allowed"),
    [
        ([], False),
        ([Severity.NO_CASE], False),
        ([Severity.PRI], False),
        ([Severity.VETTING], False),
        ([Severity.MISCONDUCT], True),
        ([Severity.GROSS], True),
        ([Severity.MISCONDUCT, Severity.PRI], False),  # revised down: the latest is current
        ([Severity.PRI, Severity.GROSS], True),  # revised up
    ],
    ids=lambda v: "-".join(v) or "none" if isinstance(v, list) else str(v),
)
def test_investigation_needs_a_current_misconduct_or_gross_severity(
    severities, allowed, personas, case, proceedings, assess
):
    allegation = _allegation(proceedings)
    for severity in severities:
        assess(allegation, severity)
    events_before = TimelineEvent.objects.filter(case=case).count()
    if allowed:
        apply_transition(
            user=personas.investigator, proceedings=proceedings, action="start_investigation", reason=REASON
        )
        proceedings.refresh_from_db()
        assert proceedings.stage == Stage.INVESTIGATION
    else:
        with pytest.raises(TransitionRefused, match="misconduct or gross misconduct"):
            apply_transition(
                user=personas.investigator, proceedings=proceedings, action="start_investigation", reason=REASON
            )
        _assert_nothing_changed(proceedings, Stage.ASSESSMENT, case, events_before)


def test_investigation_needs_only_one_allegation_to_be_misconduct(personas, proceedings, assess):
    assess(_allegation(proceedings), Severity.PRI)
    assess(_add_allegation(personas.investigator, proceedings), Severity.GROSS)
    apply_transition(user=personas.investigator, proceedings=proceedings, action="start_investigation", reason=REASON)
    proceedings.refresh_from_db()
    assert proceedings.stage == Stage.INVESTIGATION


@pytest.mark.parametrize(
    "severity", [None, Severity.NO_CASE, Severity.MISCONDUCT, Severity.GROSS, Severity.VETTING], ids=str
)
def test_rprp_from_assessment_needs_practice_requiring_improvement(severity, personas, case, proceedings, assess):
    if severity:
        assess(_allegation(proceedings), severity)
    events_before = TimelineEvent.objects.filter(case=case).count()
    with pytest.raises(TransitionRefused, match="practice requiring improvement"):
        apply_transition(user=personas.investigator, proceedings=proceedings, action="start_rprp", reason=REASON)
    _assert_nothing_changed(proceedings, Stage.ASSESSMENT, case, events_before)

    assess(_allegation(proceedings), Severity.PRI)
    apply_transition(user=personas.investigator, proceedings=proceedings, action="start_rprp", reason=REASON)
    proceedings.refresh_from_db()
    assert proceedings.stage == Stage.RPRP


def test_rprp_after_the_report_needs_no_pri_assessment(personas, proceedings, put_at):
    put_at(proceedings, Stage.REPORT)
    apply_transition(user=personas.investigator, proceedings=proceedings, action="start_rprp", reason=REASON)
    proceedings.refresh_from_db()
    assert proceedings.stage == Stage.RPRP


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("reason", ["", "   \n\t ", None], ids=["empty", "blank", "none"])
def test_a_decision_without_reasons_is_refused(action, reason, personas, case, proceedings, put_at, assess):
    source = sorted(TRANSITIONS[action].sources)[0]
    _ready_at(put_at, proceedings, source)
    if action in SEVERITY_FOR:
        assess(_allegation(proceedings), SEVERITY_FOR[action])
    events_before = TimelineEvent.objects.filter(case=case).count()
    with pytest.raises(TransitionRefused, match="Give the reasons"):
        apply_transition(
            user=personas.investigator, proceedings=proceedings, action=action, reason=reason, **INPUTS.get(action, {})
        )
    _assert_nothing_changed(proceedings, source, case, events_before)


def test_an_unknown_action_is_refused(personas, case, proceedings):
    events_before = TimelineEvent.objects.filter(case=case).count()
    with pytest.raises(TransitionRefused, match="Unknown action"):
        apply_transition(user=personas.investigator, proceedings=proceedings, action="promote", reason=REASON)
    _assert_nothing_changed(proceedings, Stage.ASSESSMENT, case, events_before)


# Outcome rules (DOMAIN.md "Outcomes") ----------------------------------------------------------
WARNINGS = {Outcome.WRITTEN_WARNING, Outcome.FINAL_WRITTEN_WARNING}
GROSS_OUTCOMES = {Outcome.FINAL_WRITTEN_WARNING, Outcome.REDUCTION_IN_RANK, Outcome.DISMISSAL}
DEPARTURE = "Exceptional mitigation, recorded by the panel."


def lawful(forum, finding, outcome):
    """reg 42 for an officer with no live warning and one incident, written independently of
    conduct.cases.outcomes (tests/conduct/cases/test_outcomes.py has the full table)."""
    if finding == Finding.NOT_PROVEN:
        return outcome in (Outcome.NO_ACTION, Outcome.RPRP_REFERRAL)  # reg 42(1)(b)
    if forum == Stage.MEETING:
        return finding == Finding.MISCONDUCT and outcome in WARNINGS  # reg 42(2)
    if finding == Finding.GROSS:
        return outcome in GROSS_OUTCOMES  # reg 42(3)(b)
    return outcome in WARNINGS  # reg 42(3)(a) without (5) or (6)


def outcome_inputs(finding, outcome):
    """The panel's reasons where gross misconduct is found and the outcome is not dismissal (2025)."""
    departing = finding == Finding.GROSS and outcome != Outcome.DISMISSAL
    return {"departure_reasons": DEPARTURE} if departing else {}


def stage_after(outcome, stage):
    return Stage.RPRP if outcome == Outcome.RPRP_REFERRAL else stage


@pytest.mark.parametrize("forum", sorted(FORUMS), ids=str)
def test_finding_and_outcome_follow_the_rules_of_the_forum(forum, personas, case, proceedings, put_at):
    accepted = refused = 0
    for finding, outcome in itertools.product(Finding, Outcome):
        _ready_at(put_at, proceedings, forum)
        before = StageTransition.objects.count()
        if lawful(forum, finding, outcome):
            extra = outcome_inputs(finding, outcome)
            record = apply_transition(
                user=personas.investigator,
                proceedings=proceedings,
                action="record_outcome",
                reason=REASON,
                finding=finding,
                outcome=outcome,
                **extra,
            )
            proceedings.refresh_from_db()
            expected = (stage_after(outcome, Stage.OUTCOME), finding, outcome)
            assert (proceedings.stage, proceedings.finding, proceedings.outcome) == expected
            assert proceedings.forum == forum
            assert proceedings.barred_list is (outcome == Outcome.DISMISSAL)
            assert record.details == {"finding": finding.value, "outcome": outcome.value, **extra}
            accepted += 1
        else:
            with pytest.raises(TransitionRefused):
                apply_transition(
                    user=personas.investigator,
                    proceedings=proceedings,
                    action="record_outcome",
                    reason=REASON,
                    finding=finding,
                    outcome=outcome,
                )
            proceedings.refresh_from_db()
            assert (proceedings.stage, proceedings.finding, proceedings.outcome) == (forum, "", "")
            assert proceedings.barred_list is False
            assert StageTransition.objects.count() == before
            refused += 1
    assert accepted and refused


@pytest.mark.parametrize(
    ("forum", "finding", "outcome", "message"),
    [
        (Stage.MEETING, Finding.MISCONDUCT, Outcome.DISMISSAL, r"reg 42\(2\)"),
        (Stage.MEETING, Finding.MISCONDUCT, Outcome.REDUCTION_IN_RANK, r"reg 42\(2\)"),
        (Stage.MEETING, Finding.GROSS, Outcome.FINAL_WRITTEN_WARNING, "cannot find gross misconduct"),
        (Stage.HEARING, Finding.NOT_PROVEN, Outcome.WRITTEN_WARNING, r"neither misconduct nor gross.*42\(1\)\(b\)"),
        (Stage.HEARING, Finding.GROSS, Outcome.WRITTEN_WARNING, r"gross misconduct is found.*42\(3\)\(b\)"),
        (Stage.HEARING, Finding.GROSS, Outcome.MANAGEMENT_ADVICE, "Management advice no longer exists"),
        (Stage.HEARING, Finding.MISCONDUCT, Outcome.NO_ACTION, "needs disciplinary action"),
        (Stage.HEARING, Finding.MISCONDUCT, Outcome.DISMISSAL, r"reg 42\(5\).*reg 42\(6\)"),
        (Stage.HEARING, "", Outcome.WRITTEN_WARNING, "Choose the finding"),
        (Stage.HEARING, "guilty", Outcome.WRITTEN_WARNING, "Choose the finding"),
        (Stage.HEARING, Finding.MISCONDUCT, "", "Choose the outcome"),
        (Stage.HEARING, Finding.MISCONDUCT, "sacked", "Choose the outcome"),
    ],
)
def test_outcome_refusals_say_why(forum, finding, outcome, message, personas, case, proceedings, put_at):
    _ready_at(put_at, proceedings, forum)
    events_before = TimelineEvent.objects.filter(case=case).count()
    with pytest.raises(TransitionRefused, match=message):
        apply_transition(
            user=personas.investigator,
            proceedings=proceedings,
            action="record_outcome",
            reason=REASON,
            finding=finding,
            outcome=outcome,
        )
    _assert_nothing_changed(proceedings, forum, case, events_before)


def _decide(personas, proceedings, action, **inputs):
    apply_transition(user=personas.investigator, proceedings=proceedings, action=action, reason=REASON, **inputs)
    proceedings.refresh_from_db()
    return proceedings


def test_dismissal_puts_the_person_on_the_barred_list_and_an_appeal_can_take_them_off(
    personas, case, proceedings, put_at
):
    _ready_at(put_at, proceedings, Stage.HEARING)
    _decide(personas, proceedings, "record_outcome", finding=Finding.GROSS, outcome=Outcome.DISMISSAL)
    assert proceedings.barred_list is True
    _decide(personas, proceedings, "lodge_appeal")
    assert (proceedings.stage, proceedings.barred_list) == (Stage.APPEAL, True)

    # The appeal decision states its own finding; the outcome is bound by it as at first instance.
    for finding, outcome, message in [
        ("", Outcome.REDUCTION_IN_RANK, "Choose the finding"),
        ("guilty", Outcome.REDUCTION_IN_RANK, "Choose the finding"),
        (Finding.GROSS, "", "Choose the outcome"),
        (Finding.GROSS, Outcome.NO_ACTION, "needs disciplinary action"),
        (Finding.GROSS, Outcome.WRITTEN_WARNING, "gross misconduct is found"),
        (Finding.NOT_PROVEN, Outcome.WRITTEN_WARNING, "neither misconduct nor gross misconduct"),
        (Finding.MISCONDUCT, Outcome.NO_ACTION, "needs disciplinary action"),
        (Finding.GROSS, Outcome.REDUCTION_IN_RANK, "presumed"),  # the 2025 presumption of dismissal
    ]:
        with pytest.raises(TransitionRefused, match=message):
            _decide(personas, proceedings, "decide_appeal", finding=finding, outcome=outcome)
        proceedings.refresh_from_db()
        assert (proceedings.stage, proceedings.finding, proceedings.outcome, proceedings.barred_list) == (
            Stage.APPEAL,
            Finding.GROSS,
            Outcome.DISMISSAL,
            True,
        )

    _decide(
        personas,
        proceedings,
        "decide_appeal",
        finding=Finding.GROSS,
        outcome=Outcome.REDUCTION_IN_RANK,
        departure_reasons=DEPARTURE,
    )
    assert (proceedings.stage, proceedings.conclusion) == (Stage.CONCLUDED, Conclusion.OUTCOME)
    assert (proceedings.finding, proceedings.outcome, proceedings.barred_list) == (
        Finding.GROSS,
        Outcome.REDUCTION_IN_RANK,
        False,
    )
    summaries = list(_transition_events(case).order_by("occurred_at", "id").values_list("summary", flat=True))
    assert summaries[0].endswith("(Dismissal without notice)")
    assert summaries[-1].endswith("(Reduction in rank)")


def test_an_appeal_can_quash_the_finding(personas, case, proceedings, put_at):
    _ready_at(put_at, proceedings, Stage.HEARING)
    _decide(personas, proceedings, "record_outcome", finding=Finding.GROSS, outcome=Outcome.DISMISSAL)
    _decide(personas, proceedings, "lodge_appeal")
    assert proceedings.barred_list is True

    _decide(personas, proceedings, "decide_appeal", finding=Finding.NOT_PROVEN, outcome=Outcome.NO_ACTION)
    assert (proceedings.stage, proceedings.conclusion, proceedings.conclusion_reason) == (
        Stage.CONCLUDED,
        Conclusion.OUTCOME,
        REASON,
    )
    assert (proceedings.finding, proceedings.outcome, proceedings.barred_list) == (
        Finding.NOT_PROVEN,
        Outcome.NO_ACTION,
        False,
    )
    record = StageTransition.objects.filter(proceedings=proceedings).latest("made_at", "id")
    assert (record.action, record.from_stage, record.to_stage) == ("decide_appeal", Stage.APPEAL, Stage.CONCLUDED)
    assert record.details == {"finding": "not_proven", "outcome": "no_action"}
    event = _transition_events(case).order_by("occurred_at", "id").last()
    assert event.summary.endswith("(No further action)")


@pytest.mark.parametrize("forum", sorted(FORUMS), ids=str)
def test_an_appeal_decision_follows_the_same_rules_as_the_first_outcome(forum, personas, proceedings, put_at):
    accepted = refused = 0
    for finding, outcome in itertools.product(Finding, Outcome):
        put_at(
            proceedings,
            Stage.APPEAL,
            forum=forum,
            finding=Finding.MISCONDUCT,
            outcome=Outcome.WRITTEN_WARNING,
            barred_list=False,
            conclusion="",
        )
        before = StageTransition.objects.count()
        if lawful(forum, finding, outcome):
            extra = outcome_inputs(finding, outcome)
            _decide(personas, proceedings, "decide_appeal", finding=finding, outcome=outcome, **extra)
            expected = (stage_after(outcome, Stage.CONCLUDED), finding, outcome)
            assert (proceedings.stage, proceedings.finding, proceedings.outcome) == expected
            assert proceedings.forum == forum
            assert proceedings.barred_list is (outcome == Outcome.DISMISSAL)
            accepted += 1
        else:
            with pytest.raises(TransitionRefused):
                _decide(personas, proceedings, "decide_appeal", finding=finding, outcome=outcome)
            proceedings.refresh_from_db()
            assert (proceedings.stage, proceedings.finding, proceedings.outcome, proceedings.barred_list) == (
                Stage.APPEAL,
                Finding.MISCONDUCT,
                Outcome.WRITTEN_WARNING,
                False,
            )
            assert StageTransition.objects.count() == before
            refused += 1
    assert accepted and refused


def test_an_appeal_from_a_meeting_is_bound_by_what_a_meeting_may_impose(personas, proceedings, put_at):
    _ready_at(put_at, proceedings, Stage.MEETING)
    _decide(personas, proceedings, "record_outcome", finding=Finding.MISCONDUCT, outcome=Outcome.WRITTEN_WARNING)
    _decide(personas, proceedings, "lodge_appeal")
    with pytest.raises(TransitionRefused, match="cannot find gross misconduct"):
        _decide(personas, proceedings, "decide_appeal", finding=Finding.GROSS, outcome=Outcome.DISMISSAL)
    proceedings.refresh_from_db()
    assert (proceedings.stage, proceedings.finding, proceedings.outcome) == (
        Stage.APPEAL,
        Finding.MISCONDUCT,
        Outcome.WRITTEN_WARNING,
    )
    with pytest.raises(TransitionRefused, match="Management advice no longer exists"):
        _decide(personas, proceedings, "decide_appeal", finding=Finding.MISCONDUCT, outcome=Outcome.MANAGEMENT_ADVICE)
    _decide(personas, proceedings, "decide_appeal", finding=Finding.MISCONDUCT, outcome=Outcome.FINAL_WRITTEN_WARNING)
    assert (proceedings.stage, proceedings.outcome, proceedings.finding) == (
        Stage.CONCLUDED,
        Outcome.FINAL_WRITTEN_WARNING,
        Finding.MISCONDUCT,
    )


def test_a_final_outcome_keeps_the_barred_list(personas, proceedings, put_at):
    _ready_at(put_at, proceedings, Stage.ACCELERATED)
    _decide(personas, proceedings, "record_outcome", finding=Finding.GROSS, outcome=Outcome.DISMISSAL)
    _decide(personas, proceedings, "finalise_outcome")
    assert (proceedings.stage, proceedings.conclusion, proceedings.conclusion_reason) == (
        Stage.CONCLUDED,
        Conclusion.OUTCOME,
        REASON,
    )
    assert (proceedings.outcome, proceedings.barred_list) == (Outcome.DISMISSAL, True)


def test_inputs_a_transition_does_not_take_are_ignored(personas, case, proceedings, assess):
    assess(_allegation(proceedings), Severity.MISCONDUCT)
    record = apply_transition(
        user=personas.investigator,
        proceedings=proceedings,
        action="start_investigation",
        reason=REASON,
        finding=Finding.GROSS,
        outcome=Outcome.DISMISSAL,
    )
    proceedings.refresh_from_db()
    assert proceedings.stage == Stage.INVESTIGATION
    assert (proceedings.finding, proceedings.outcome, proceedings.barred_list) == ("", "", False)
    assert record.details == {}
    assert _transition_events(case).get().summary == f"{proceedings.subject.person.full_name}: " + (
        TRANSITIONS["start_investigation"].label
    )


def test_an_outcome_given_to_finalise_does_not_replace_the_decided_one(personas, proceedings, put_at):
    _ready_at(put_at, proceedings, Stage.HEARING)
    _decide(personas, proceedings, "record_outcome", finding=Finding.GROSS, outcome=Outcome.DISMISSAL)
    _decide(personas, proceedings, "finalise_outcome", finding=Finding.NOT_PROVEN, outcome=Outcome.NO_ACTION)
    assert (proceedings.stage, proceedings.conclusion) == (Stage.CONCLUDED, Conclusion.OUTCOME)
    assert (proceedings.finding, proceedings.outcome, proceedings.barred_list) == (
        Finding.GROSS,
        Outcome.DISMISSAL,
        True,
    )
    assert StageTransition.objects.get(action="finalise_outcome").details == {}


# A whole journey -------------------------------------------------------------------------------
def test_a_journey_from_assessment_to_conclusion_is_recorded_step_by_step(
    personas, case, officer, proceedings, assess, time_machine
):
    time_machine.move_to(MOMENT, tick=True)
    assess(_allegation(proceedings), Severity.GROSS)
    steps = [
        ("start_investigation", {}),
        ("serve_notice", {}),
        ("record_representations", {}),
        ("record_interview", {}),
        ("submit_report", {}),
        ("refer_to_hearing", {}),
        (
            "record_outcome",
            {"finding": Finding.GROSS, "outcome": Outcome.FINAL_WRITTEN_WARNING, "departure_reasons": DEPARTURE},
        ),
        ("finalise_outcome", {}),
    ]
    users = itertools.cycle([personas.investigator, personas.head])
    for action, inputs in steps:
        apply_transition(
            user=next(users), proceedings=proceedings, action=action, reason=f"Reasons for {action}", **inputs
        )

    records = list(StageTransition.objects.filter(proceedings=proceedings))
    assert [r.action for r in records] == [a for a, _ in steps]
    assert [r.from_stage for r in records] == [Stage.ASSESSMENT] + [r.to_stage for r in records][:-1]
    assert records[-1].to_stage == Stage.CONCLUDED
    assert [r.made_by for r in records] == [
        personas.investigator if i % 2 == 0 else personas.head for i in range(len(steps))
    ]
    assert [r.reason for r in records] == [f"Reasons for {a}" for a, _ in steps]
    assert all(earlier.made_at <= later.made_at for earlier, later in itertools.pairwise(records))

    events = list(_transition_events(case).order_by("occurred_at", "id"))
    assert [e.detail for e in events] == [r.reason for r in records]
    assert {e.person for e in events} == {officer}
    final = Proceedings.objects.get(pk=proceedings.pk)
    assert (final.forum, final.finding, final.outcome, final.conclusion) == (
        Stage.HEARING,
        Finding.GROSS,
        Outcome.FINAL_WRITTEN_WARNING,
        Conclusion.OUTCOME,
    )


def test_withdrawing_proceedings_concludes_with_the_reasons(personas, proceedings, put_at):
    _ready_at(put_at, proceedings, Stage.HEARING)
    _decide(personas, proceedings, "withdraw")
    assert (proceedings.stage, proceedings.conclusion, proceedings.conclusion_reason) == (
        Stage.CONCLUDED,
        Conclusion.WITHDRAWN,
        REASON,
    )
    assert (proceedings.finding, proceedings.outcome) == ("", "")
