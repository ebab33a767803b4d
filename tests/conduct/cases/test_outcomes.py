"""Lawful outcomes (Police (Conduct) Regulations 2020 reg 23 and reg 42): the table of what each
forum may impose, given the finding, the warnings in force at the severity assessment and the
incidents; the service refuses everything else, whatever the form sends; warnings with a life."""

import itertools
from datetime import date

import pytest

from conduct.cases import outcomes
from conduct.cases.lifecycle import TransitionRefused, apply_transition
from conduct.cases.outcomes import Facts
from conduct.models import DisciplinaryWarning, Finding, Outcome, Proceedings, Severity, Stage, WarningKind

OC = Outcome
MEETING, HEARING, ACCELERATED = Stage.MEETING, Stage.HEARING, Stage.ACCELERATED
REASON = "The panel's reasons."

# (forum, finding, written live, final live, unconnected incidents, former officer) -> offered.
# Read from reg 42(1)-(6) (the text) and DOMAIN.md for the live-warning paragraphs.
TABLE = [
    (MEETING, Finding.MISCONDUCT, False, False, False, False, {OC.WRITTEN_WARNING, OC.FINAL_WRITTEN_WARNING}),
    (MEETING, Finding.MISCONDUCT, True, False, False, False, {OC.FINAL_WRITTEN_WARNING}),
    (MEETING, Finding.GROSS, False, False, False, False, set()),
    (MEETING, Finding.NOT_PROVEN, False, False, False, False, {OC.NO_ACTION, OC.RPRP_REFERRAL}),
    (HEARING, Finding.MISCONDUCT, False, False, False, False, {OC.WRITTEN_WARNING, OC.FINAL_WRITTEN_WARNING}),
    (
        HEARING,
        Finding.MISCONDUCT,
        False,
        False,
        True,
        False,
        {OC.WRITTEN_WARNING, OC.FINAL_WRITTEN_WARNING, OC.REDUCTION_IN_RANK, OC.DISMISSAL},
    ),
    (HEARING, Finding.MISCONDUCT, False, True, False, False, {OC.FWW_EXTENDED, OC.REDUCTION_IN_RANK, OC.DISMISSAL}),
    (
        HEARING,
        Finding.GROSS,
        False,
        False,
        False,
        False,
        {OC.FINAL_WRITTEN_WARNING, OC.REDUCTION_IN_RANK, OC.DISMISSAL},
    ),
    (HEARING, Finding.GROSS, True, False, False, False, {OC.FINAL_WRITTEN_WARNING, OC.REDUCTION_IN_RANK, OC.DISMISSAL}),
    (HEARING, Finding.GROSS, False, True, False, False, {OC.FWW_EXTENDED, OC.REDUCTION_IN_RANK, OC.DISMISSAL}),
    (HEARING, Finding.NOT_PROVEN, False, True, True, False, {OC.NO_ACTION, OC.RPRP_REFERRAL}),
    (
        ACCELERATED,
        Finding.GROSS,
        False,
        False,
        False,
        False,
        {OC.FINAL_WRITTEN_WARNING, OC.REDUCTION_IN_RANK, OC.DISMISSAL},
    ),
    (HEARING, Finding.GROSS, False, False, False, True, {OC.NO_ACTION, OC.WOULD_HAVE_BEEN_DISMISSED}),
    (HEARING, Finding.MISCONDUCT, False, False, False, True, {OC.NO_ACTION}),
    (HEARING, Finding.MISCONDUCT, False, False, True, True, {OC.NO_ACTION, OC.WOULD_HAVE_BEEN_DISMISSED}),
    (HEARING, Finding.NOT_PROVEN, False, False, False, True, {OC.NO_ACTION}),
]


@pytest.mark.parametrize(("forum", "finding", "written", "final", "incidents", "former", "expected"), TABLE)
def test_the_outcomes_offered_follow_reg_42(forum, finding, written, final, incidents, former, expected):
    facts = Facts(forum, finding, written, final, False, incidents, former)
    assert set(outcomes.offered(facts)) == expected


COMBINATIONS = list(itertools.product([MEETING, HEARING, ACCELERATED], list(Finding), *[[False, True]] * 5))


@pytest.mark.parametrize("combination", COMBINATIONS)
def test_every_refusal_says_which_rule_forbids_it_and_management_advice_never_returns(combination):
    facts = Facts(*combination)
    assert OC.MANAGEMENT_ADVICE not in outcomes.offered(facts)
    for outcome in OC.values:
        refusal = outcomes.judge(outcome, facts)
        assert refusal is None or "reg" in refusal or "former officer" in refusal or "extended" in refusal
    if facts.forum == MEETING:
        assert not {OC.REDUCTION_IN_RANK, OC.DISMISSAL} & set(outcomes.offered(facts))


def test_a_final_written_warning_is_extended_only_once():
    facts = Facts(HEARING, Finding.MISCONDUCT, final_live=True, final_extended_before=True)
    assert OC.FWW_EXTENDED not in outcomes.offered(facts)


# Through the service -----------------------------------------------------------------------
@pytest.fixture
def at_forum(personas, proceedings, put_at, assess):
    def put(forum, severity=Severity.GROSS):
        for allegation in proceedings.subject.allegations.all():
            assess(allegation, severity)
        return put_at(proceedings, forum, forum=forum)

    return put


@pytest.mark.django_db
def test_the_service_refuses_an_unlawful_outcome_whatever_the_form_sends(personas, at_forum):
    proceedings = at_forum(MEETING, Severity.MISCONDUCT)
    for outcome in (OC.DISMISSAL, OC.MANAGEMENT_ADVICE, OC.NO_ACTION, "invented"):
        with pytest.raises(TransitionRefused):
            apply_transition(
                user=personas.investigator,
                proceedings=proceedings,
                action="record_outcome",
                reason=REASON,
                finding=Finding.MISCONDUCT,
                outcome=outcome,
            )
    assert Proceedings.objects.get(pk=proceedings.pk).outcome == ""


@pytest.mark.django_db
def test_a_lesser_outcome_for_gross_misconduct_needs_the_panels_reasons(personas, at_forum):
    proceedings = at_forum(HEARING)
    with pytest.raises(TransitionRefused, match="presumed"):
        apply_transition(
            user=personas.investigator,
            proceedings=proceedings,
            action="record_outcome",
            reason=REASON,
            finding=Finding.GROSS,
            outcome=OC.FINAL_WRITTEN_WARNING,
        )
    record = apply_transition(
        user=personas.investigator,
        proceedings=proceedings,
        action="record_outcome",
        reason=REASON,
        finding=Finding.GROSS,
        outcome=OC.FINAL_WRITTEN_WARNING,
        departure_reasons="Exceptional mitigation: 25 years' exemplary service and immediate admission.",
    )
    assert record.details["departure_reasons"].startswith("Exceptional mitigation")
    warning = DisciplinaryWarning.objects.get(proceedings=proceedings)
    assert warning.kind == WarningKind.FINAL
    assert (warning.expires_on - warning.starts_on).days in (730, 731)  # two years, from the rule data


@pytest.mark.django_db
def test_no_finding_can_go_to_reflective_practice(personas, at_forum):
    proceedings = at_forum(MEETING, Severity.MISCONDUCT)
    apply_transition(
        user=personas.investigator,
        proceedings=proceedings,
        action="record_outcome",
        reason=REASON,
        finding=Finding.NOT_PROVEN,
        outcome=OC.RPRP_REFERRAL,
    )
    assert Proceedings.objects.get(pk=proceedings.pk).stage == Stage.RPRP


@pytest.mark.django_db
def test_the_forum_follows_the_severity(personas, proceedings, put_at, assess):
    proceedings = put_at(proceedings, Stage.REPORT)
    for allegation in proceedings.subject.allegations.all():
        assess(allegation, Severity.MISCONDUCT)
    for action in ("refer_to_hearing", "refer_to_accelerated"):
        with pytest.raises(TransitionRefused, match="reg"):
            apply_transition(
                user=personas.authority, proceedings=proceedings, action=action, reason=REASON, certification="x"
            )
    apply_transition(user=personas.authority, proceedings=proceedings, action="refer_to_meeting", reason=REASON)


@pytest.mark.django_db
def test_a_live_final_written_warning_sends_misconduct_to_a_hearing(personas, proceedings, put_at, assess):
    DisciplinaryWarning.objects.create(
        person=proceedings.subject.person,
        kind=WarningKind.FINAL,
        starts_on=date(2025, 6, 1),
        expires_on=date(2027, 6, 1),
        recorded_by=personas.investigator,
    )
    proceedings = put_at(proceedings, Stage.REPORT)
    for allegation in proceedings.subject.allegations.all():
        assess(allegation, Severity.MISCONDUCT)
    with pytest.raises(TransitionRefused, match="goes to a misconduct hearing"):
        apply_transition(user=personas.authority, proceedings=proceedings, action="refer_to_meeting", reason=REASON)
    apply_transition(user=personas.authority, proceedings=proceedings, action="refer_to_hearing", reason=REASON)
    proceedings.refresh_from_db()
    apply_transition(
        user=personas.investigator,
        proceedings=proceedings,
        action="record_outcome",
        reason=REASON,
        finding=Finding.MISCONDUCT,
        outcome=OC.FWW_EXTENDED,
    )
    warning = DisciplinaryWarning.objects.get(person=proceedings.subject.person)
    assert warning.extended_until == date(2028, 12, 1)  # 18 months after its expiry


@pytest.mark.django_db
def test_an_accelerated_hearing_needs_the_certification(personas, proceedings, put_at, assess):
    proceedings = put_at(proceedings, Stage.REPORT)
    for allegation in proceedings.subject.allegations.all():
        assess(allegation, Severity.GROSS)
    with pytest.raises(TransitionRefused, match="Certify the special conditions"):
        apply_transition(user=personas.authority, proceedings=proceedings, action="refer_to_accelerated", reason=REASON)
    record = apply_transition(
        user=personas.authority,
        proceedings=proceedings,
        action="refer_to_accelerated",
        reason=REASON,
        certification="CCTV and the officer's own messages prove the assault.",
    )
    assert record.details["certification"].startswith("CCTV")
