"""Routes (docs/rules.md, "Routes"): for every matter type and person type, the steps, notices and
clocks offered, and the ones refused — from the one route table (conduct.cases.routes)."""

from datetime import date

import pytest

from casework.errors import Refused
from casework.models import Deadline, PersonType, TimelineEvent
from conduct.cases import route_decisions, routes
from conduct.cases.lifecycle import TransitionRefused, apply_transition, available_transitions
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import CaseRoute, Handling, InvestigationMode, MatterType, RouteDecision
from conduct.models import Finding, Outcome, Proceedings, Severity, StaffOutcome, Stage
from notifications.models import Correspondence, LetterKind
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db
REASON = "The evidence supports this decision."

COMPLAINT_SPECIAL = RouteInput(MatterType.COMPLAINT, Handling.INVESTIGATION, special_procedures=True)
COMPLAINT_PLAIN = RouteInput(MatterType.COMPLAINT, Handling.INVESTIGATION, special_procedures=False)
COMPLAINT_OTHERWISE = RouteInput(MatterType.COMPLAINT, Handling.OTHERWISE, action_taken="An apology was given.")
COMPLAINT_UNDECIDED = RouteInput(MatterType.COMPLAINT)
CONDUCT_MATTER = RouteInput(MatterType.RECORDABLE_CONDUCT)
DSI = RouteInput(MatterType.DSI)
INTERNAL = RouteInput(MatterType.INTERNAL)

CONDUCT_REGS_ONLY = {"refer_to_meeting", "refer_to_accelerated", "start_rprp", "complete_rprp"}


@pytest.fixture
def subject_on(personas, team, home_force):
    """A case on a route with one subject of a person type: its proceedings."""

    def make(route, person_type=PersonType.OFFICER, left_service_on=None):
        person = PersonFactory(force=home_force, person_type=person_type, left_service_on=left_service_on)
        case = make_case(personas.investigator, team, [person], route=route)
        return Proceedings.objects.select_related("subject__case", "subject__person").get(subject__case=case)

    return make


def offered(proceedings):
    return set(routes.steps_for_subject(proceedings.subject))


def walk(personas, proceedings, *actions, severity=Severity.MISCONDUCT, assess=None):
    if assess:
        for allegation in proceedings.subject.allegations.all():
            assess(allegation, severity)
    for action in actions:
        user = personas.authority if action.startswith(("refer_", "no_case")) else personas.investigator
        apply_transition(user=user, proceedings=proceedings, action=action, reason=REASON)
    proceedings.refresh_from_db()
    return proceedings


# The table ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("route", "path"),
    [
        (INTERNAL, routes.Path.PART3),
        (CONDUCT_MATTER, routes.Path.SPECIAL),
        (COMPLAINT_SPECIAL, routes.Path.SPECIAL),
        (COMPLAINT_PLAIN, routes.Path.PLAIN),
        (COMPLAINT_OTHERWISE, routes.Path.OTHERWISE),
        (COMPLAINT_UNDECIDED, routes.Path.UNDECIDED),
        (DSI, routes.Path.DSI),
    ],
)
def test_each_matter_type_and_handling_has_its_path(subject_on, route, path):
    proceedings = subject_on(route)
    assert routes.path_for(routes.route_of(proceedings.subject.case)) == path


@pytest.mark.parametrize(
    ("person_type", "left", "regime"),
    [
        (PersonType.OFFICER, None, routes.Regime.CONDUCT),
        (PersonType.SPECIAL, None, routes.Regime.CONDUCT),
        (PersonType.OFFICER, date(2026, 1, 31), routes.Regime.FORMER_OFFICER),
        (PersonType.STAFF, None, routes.Regime.STAFF),
        (PersonType.VOLUNTEER, None, routes.Regime.VOLUNTEER),
    ],
)
def test_the_person_type_decides_the_rules(home_force, person_type, left, regime):
    person = PersonFactory(force=home_force, person_type=person_type, left_service_on=left)
    assert routes.regime_for(person) == regime
    assert routes.REGIME_LABELS[regime] in routes.regime_reason(person)


@pytest.mark.parametrize("route", [INTERNAL, CONDUCT_MATTER, COMPLAINT_SPECIAL, COMPLAINT_PLAIN, DSI])
@pytest.mark.parametrize("person_type", [PersonType.STAFF, PersonType.VOLUNTEER])
def test_staff_never_get_a_conduct_regulations_step(subject_on, route, person_type):
    steps = routes.steps_for_subject(subject_on(route, person_type).subject)
    assert not set(steps) & CONDUCT_REGS_ONLY
    for step in steps.values():
        assert "Police (Conduct) Regulations" not in step.basis
        assert not step.cite.startswith("reg ")  # a bare "reg n" is the Conduct Regulations'


def test_a_staff_subject_can_never_receive_a_reg_17_notice(personas, subject_on, assess):
    proceedings = walk(personas, subject_on(INTERNAL, PersonType.STAFF), "start_investigation", assess=assess)
    assert "serve_notice" not in {t.action for t in available_transitions(proceedings)}
    with pytest.raises(TransitionRefused, match="staff misconduct procedure"):
        apply_transition(user=personas.investigator, proceedings=proceedings, action="serve_notice", reason=REASON)
    assert not Correspondence.objects.filter(kind=LetterKind.REG17_NOTICE).exists()


def test_staff_go_to_a_staff_hearing_and_get_a_staff_outcome(personas, subject_on, assess):
    proceedings = walk(
        personas,
        subject_on(INTERNAL, PersonType.STAFF),
        "start_investigation",
        "submit_report",
        "refer_to_hearing",
        assess=assess,
    )
    assert proceedings.stage == Stage.HEARING
    assert not Correspondence.objects.filter(kind=LetterKind.REFERRAL_NOTICE).exists()  # no reg 30 notice
    assert not Deadline.objects.filter(kind="reg31_response").exists()
    with pytest.raises(TransitionRefused, match="staff misconduct procedure"):
        apply_transition(
            user=personas.investigator,
            proceedings=proceedings,
            action="record_outcome",
            reason=REASON,
            finding=Finding.MISCONDUCT,
            outcome=Outcome.WRITTEN_WARNING,
        )
    record = apply_transition(
        user=personas.investigator,
        proceedings=proceedings,
        action="record_outcome",
        reason=REASON,
        finding=Finding.MISCONDUCT,
        outcome="staff_final_written_warning",
    )
    proceedings.refresh_from_db()
    assert proceedings.staff_outcome == StaffOutcome.objects.get(code="staff_final_written_warning")
    assert proceedings.outcome == ""
    assert record.details == {"finding": Finding.MISCONDUCT, "outcome": "staff_final_written_warning"}
    assert TimelineEvent.objects.filter(summary__contains="Final written warning (staff procedure)").exists()


def test_staff_wording_is_the_forces_data(personas, subject_on):
    from conduct.models import StaffProcedureStep

    StaffProcedureStep.objects.filter(action="start_investigation").update(label="Appoint a case manager")
    proceedings = subject_on(INTERNAL, PersonType.STAFF)
    labels = {t.action: t.label for t in available_transitions(proceedings)}
    assert labels["start_investigation"] == "Appoint a case manager (staff procedure)"


def test_an_internal_matter_cites_the_conduct_regulations(personas, subject_on, assess):
    proceedings = walk(personas, subject_on(INTERNAL), "start_investigation", "serve_notice", assess=assess)
    letter = Correspondence.objects.get(kind=LetterKind.REG17_NOTICE)
    assert "Regulation 17, Police (Conduct) Regulations 2020" in letter.body
    assert Deadline.objects.filter(person=proceedings.subject.person, kind="reg17_written_statement").exists()


@pytest.mark.parametrize("route", [COMPLAINT_SPECIAL, CONDUCT_MATTER])
def test_a_schedule_3_investigation_cites_the_complaints_and_misconduct_regulations(
    personas, subject_on, assess, route
):
    proceedings = subject_on(route)
    labels = {t.action: t.label for t in available_transitions(walk(personas, proceedings, assess=assess))}
    proceedings = walk(personas, proceedings, "start_investigation", "serve_notice", assess=assess)
    letter = Correspondence.objects.get(kind=LetterKind.REG17_NOTICE)
    assert "Regulation 17, Police (Complaints and Misconduct) Regulations 2020" in letter.body
    assert "Police (Conduct) Regulations" not in letter.body
    person = proceedings.subject.person
    assert Deadline.objects.filter(person=person, kind="cm_reg20_representations").exists()
    assert not Deadline.objects.filter(person=person, kind="reg17_written_statement").exists()
    assert "C&M Regs" in labels["start_investigation"]
    # The case-wide 12-month clock is the Schedule 3 one.
    assert Deadline.objects.filter(case=proceedings.subject.case, kind="cm_investigation_12_months").exists()


def test_a_schedule_3_case_to_answer_joins_the_conduct_regulations_at_part_4(personas, subject_on, assess):
    proceedings = walk(
        personas,
        subject_on(COMPLAINT_SPECIAL),
        "start_investigation",
        "serve_notice",
        "submit_report",
        assess=assess,
        severity=Severity.GROSS,  # a hearing is for gross misconduct (reg 23)
    )
    labels = {t.action: t.label for t in available_transitions(proceedings)}
    assert "PRA 2002 Sch 3 para 24" in labels["refer_to_hearing"]
    walk(personas, proceedings, "refer_to_hearing")
    assert (
        "Regulation 30, Police (Conduct) Regulations 2020"
        in Correspondence.objects.get(kind=LetterKind.REFERRAL_NOTICE).body
    )


@pytest.mark.parametrize("stage", list(Stage))
def test_a_complaint_handled_otherwise_never_reaches_misconduct_proceedings(personas, subject_on, put_at, stage):
    proceedings = put_at(subject_on(COMPLAINT_OTHERWISE), stage)
    for action in ("refer_to_meeting", "refer_to_hearing", "refer_to_accelerated", "start_investigation"):
        with pytest.raises(TransitionRefused, match="otherwise than by investigation"):
            apply_transition(user=personas.authority, proceedings=proceedings, action=action, reason=REASON)


def test_a_change_of_handling_opens_the_investigation_steps(personas, subject_on, assess):
    proceedings = subject_on(COMPLAINT_OTHERWISE)
    assert "start_investigation" not in offered(proceedings)
    route_decisions.change_route(
        user=personas.authority,
        case=proceedings.subject.case,
        data=COMPLAINT_SPECIAL,
        reason="New evidence indicates the officer may have behaved in a manner justifying disciplinary proceedings.",
    )
    proceedings.subject.case.refresh_from_db()
    proceedings = Proceedings.objects.get(pk=proceedings.pk)
    walk(personas, proceedings, "start_investigation", assess=assess)


def test_an_undecided_complaint_offers_nothing_until_the_handling_is_decided(personas, subject_on):
    proceedings = subject_on(COMPLAINT_UNDECIDED)
    assert available_transitions(proceedings) == []
    with pytest.raises(TransitionRefused, match="Decide first how the complaint is handled"):
        apply_transition(user=personas.investigator, proceedings=proceedings, action="no_further_action", reason=REASON)


def test_a_complaint_investigated_without_special_procedures_has_no_misconduct_proceedings(personas, subject_on):
    proceedings = walk(personas, subject_on(COMPLAINT_PLAIN), "start_investigation", "submit_report")
    actions = {t.action for t in available_transitions(proceedings)}
    assert actions == {"start_rprp", "no_further_action"}
    assert not Correspondence.objects.exists()  # no notices under special procedures


def test_a_dsi_matter_has_no_conduct_proceedings(personas, subject_on):
    proceedings = walk(personas, subject_on(DSI), "start_investigation", "submit_report")  # no severity needed
    assert {t.action for t in available_transitions(proceedings)} == {"no_further_action"}


def test_a_former_officer_has_no_meeting_and_no_reflective_practice(personas, subject_on, assess):
    proceedings = subject_on(INTERNAL, left_service_on=date(2026, 6, 30))
    assert not offered(proceedings) & {"refer_to_meeting", "start_rprp", "complete_rprp"}
    assert {"refer_to_hearing", "refer_to_accelerated", "serve_notice"} <= offered(proceedings)
    assert "former" in routes.regime_reason(proceedings.subject.person)


def test_a_case_without_a_route_is_an_internal_matter(personas, subject_on):
    proceedings = subject_on(INTERNAL)
    CaseRoute.objects.filter(case=proceedings.subject.case).delete()
    case = type(proceedings.subject.case).objects.get(pk=proceedings.subject.case_id)
    assert routes.path_for(routes.route_of(case)) == routes.Path.PART3


# Route decisions ---------------------------------------------------------------------------
def test_the_intake_records_the_route_as_a_decision(personas, subject_on):
    case = subject_on(COMPLAINT_SPECIAL).subject.case
    route = case.route
    assert (route.matter_type, route.handling, route.mode, route.special_procedures) == (
        MatterType.COMPLAINT,
        Handling.INVESTIGATION,
        InvestigationMode.LOCAL,
        True,
    )
    decision = RouteDecision.objects.get(case=case)
    assert decision.before == {} and decision.after["matter_type"] == "complaint"


def test_a_change_of_route_is_a_reasoned_decision_in_the_history(personas, subject_on):
    case = subject_on(INTERNAL).subject.case
    with pytest.raises(Refused, match="Give the reasons"):
        route_decisions.change_route(user=personas.authority, case=case, data=CONDUCT_MATTER, reason=" ")
    route_decisions.change_route(
        user=personas.authority, case=case, data=CONDUCT_MATTER, reason="It meets the referral criteria."
    )
    decision = RouteDecision.objects.filter(case=case).last()
    assert decision.before["matter_type"] == "internal" and decision.after["matter_type"] == "recordable_conduct"
    assert decision.after["special_procedures"] is True  # a recordable conduct matter always is
    assert TimelineEvent.objects.filter(case=case, summary__startswith="Route decided").exists()
    assert route_decisions.change_route(user=personas.authority, case=case, data=CONDUCT_MATTER, reason="x") is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (RouteInput(MatterType.COMPLAINT, Handling.OTHERWISE), "action_taken"),
        (RouteInput("nonsense"), "matter_type"),
        (RouteInput(MatterType.COMPLAINT, "sideways"), "handling"),
    ],
)
def test_a_route_that_cannot_be_is_refused(personas, subject_on, data, field):
    case = subject_on(INTERNAL).subject.case
    with pytest.raises(Refused) as refused:
        route_decisions.change_route(user=personas.authority, case=case, data=data, reason=REASON)
    assert refused.value.field == field


def test_only_a_complaint_is_handled_otherwise(personas, subject_on):
    case = subject_on(INTERNAL).subject.case
    route_decisions.change_route(
        user=personas.authority,
        case=case,
        data=RouteInput(MatterType.DSI, Handling.OTHERWISE, action_taken="x"),
        reason=REASON,
    )
    case.route.refresh_from_db()
    assert case.route.handling == Handling.INVESTIGATION  # the law fixes it for a DSI matter


def test_a_change_that_strands_a_subject_is_refused(personas, subject_on, assess):
    proceedings = walk(
        personas,
        subject_on(INTERNAL),
        "start_investigation",
        "serve_notice",
        "submit_report",
        "refer_to_hearing",
        assess=assess,
        severity=Severity.GROSS,
    )
    with pytest.raises(Refused, match="which the new route does not reach"):
        route_decisions.change_route(
            user=personas.authority, case=proceedings.subject.case, data=COMPLAINT_OTHERWISE, reason=REASON
        )
    assert proceedings.subject.case.route.matter_type == MatterType.INTERNAL


def test_handling_otherwise_stops_the_investigation_clock(personas, subject_on):
    case = subject_on(COMPLAINT_UNDECIDED).subject.case
    assert Deadline.objects.open().filter(case=case, kind="cm_investigation_12_months").exists()
    route_decisions.change_route(user=personas.authority, case=case, data=COMPLAINT_OTHERWISE, reason=REASON)
    assert not Deadline.objects.open().filter(case=case, kind__contains="12_months").exists()


def test_docs_rules_has_the_route_table_of_the_code():
    from pathlib import Path as FilePath

    text = (FilePath(__file__).resolve().parents[3] / "docs" / "rules.md").read_text()
    documented = text.split("<!-- routes:start -->")[1].split("<!-- routes:end -->")[0].strip()
    assert documented == routes.markdown_table()
