"""Appeals (conduct.appeals.services): the period from the written notice of the outcome across
the Christmas 2026 bank holidays, lodging in and out of time, the result checked against the
outcome rules, the finalisation date, the tribunal path, and the Barred List flag."""

from datetime import date

import pytest
import time_machine

from casework.models import Deadline
from conduct.appeals import finality, selectors, services, tasks
from conduct.cases.lifecycle import TransitionRefused, apply_transition
from conduct.models import (
    Appeal,
    AppealDecision,
    AppealGround,
    AppealKind,
    AppealResult,
    AppealWindow,
    Appellant,
    DisciplinaryWarning,
    Finalisation,
    Finding,
    Outcome,
    Stage,
)
from notifications.models import Correspondence, LetterKind, LetterTemplate

pytestmark = pytest.mark.django_db

NOTIFIED = date(2026, 12, 23)  # Wednesday before Christmas
# 24 Dec (1); 25 Dec and 28 Dec (Boxing Day's substitute) are bank holidays; 29, 30, 31 Dec (2-4);
# 1 Jan is a bank holiday; 4, 5, 6 Jan (5-7).
MEETING_DUE = date(2027, 1, 6)


def _travel(day):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0000", tick=False)


def _lodge(user, proceedings, on, **kw):
    return services.lodge_appeal(
        user=user,
        proceedings=proceedings,
        appellant=kw.pop("appellant", Appellant.OFFICER),
        lodged_on=on,
        grounds=kw.pop("grounds", [AppealGround.UNREASONABLE]),
        grounds_detail=kw.pop("grounds_detail", "The warning was out of proportion to what was said."),
        **kw,
    )


def test_the_meeting_appeal_period_is_7_working_days_across_christmas(meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    window = AppealWindow.objects.get(proceedings=meeting_outcome)
    assert (window.kind, window.due_on) == (AppealKind.MEETING, MEETING_DUE)
    deadline = Deadline.objects.get(kind=services.MEETING_NOTICE)
    assert (deadline.starts_on, deadline.due_on) == (NOTIFIED, MEETING_DUE)
    assert deadline.source_rule["status"] == "confirmed"
    notify(meeting_outcome, date(2026, 12, 24))  # a second notice changes nothing
    assert AppealWindow.objects.get().due_on == MEETING_DUE


def test_no_period_without_a_finding_to_appeal(proceedings, outcome_at, notify):
    outcome_at(
        proceedings, forum=Stage.MEETING, finding=Finding.NOT_PROVEN, outcome=Outcome.NO_ACTION, severity="misconduct"
    )
    notify(proceedings, NOTIFIED)
    assert not AppealWindow.objects.exists()


def test_an_appeal_on_the_last_day_is_in_time(personas, meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    with _travel(MEETING_DUE):
        appeal = _lodge(personas.investigator, meeting_outcome, MEETING_DUE)
    meeting_outcome.refresh_from_db()
    assert meeting_outcome.stage == Stage.APPEAL and not appeal.late
    assert Deadline.objects.get(kind=services.MEETING_NOTICE).met_on == MEETING_DUE
    assert AppealDecision.objects.get(appeal=appeal).step == "lodged"
    letter = Correspondence.objects.get(kind=LetterKind.APPEAL_ACKNOWLEDGEMENT)
    assert "unreasonable" in letter.body and meeting_outcome.subject.person.full_name in letter.body


def test_an_appeal_out_of_time_is_refused_unless_extended_with_reasons(personas, meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    late = date(2027, 1, 7)
    with _travel(late):
        with pytest.raises(services.AppealRefused) as refused:
            _lodge(personas.investigator, meeting_outcome, late)
        assert refused.value.field == "extension_reasons"
        assert "6 January 2027" in str(refused.value) and "exceptional circumstances" in str(refused.value)
        assert not Appeal.objects.exists()
        meeting_outcome.refresh_from_db()
        assert meeting_outcome.stage == Stage.OUTCOME
        appeal = _lodge(personas.investigator, meeting_outcome, late, extension_reasons="The officer was in hospital.")
    assert appeal.late and appeal.extension_reasons == "The officer was in hospital."


def test_grounds_are_only_the_regulations(personas, meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    with _travel(MEETING_DUE), pytest.raises(services.AppealRefused) as refused:
        _lodge(personas.investigator, meeting_outcome, MEETING_DUE, grounds=["i_disagree"])
    assert refused.value.field == "grounds"


def test_no_appeal_before_the_written_notice(personas, meeting_outcome):
    with pytest.raises(services.AppealRefused, match="written notice of the outcome"):
        _lodge(personas.investigator, meeting_outcome, date(2026, 12, 1))


def test_finalised_when_the_period_closes_unappealed_and_never_before(personas, meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    with pytest.raises(TransitionRefused, match="may appeal until 6 January 2027"):
        with _travel(MEETING_DUE):
            apply_transition(
                user=personas.investigator,
                proceedings=meeting_outcome,
                action="finalise_outcome",
                reason="No appeal.",
            )
    with _travel(MEETING_DUE):
        assert finality.close_expired_windows() == 0
    assert not Finalisation.objects.exists()
    with _travel(date(2027, 1, 7)):
        assert finality.close_expired_windows() == 1
    with _travel(date(2027, 1, 8)):
        assert finality.close_expired_windows() == 0  # idempotent
    meeting_outcome.refresh_from_db()
    assert meeting_outcome.stage == Stage.CONCLUDED
    assert meeting_outcome.finalisation.finalised_on == MEETING_DUE
    assert list(selectors.finalised_between(date(2027, 1, 1), date(2027, 1, 31))) == [meeting_outcome]
    assert not selectors.finalised_between(date(2026, 12, 1), date(2026, 12, 31)).exists()
    assert [c.pk for c in selectors.cases_finalised_between(date(2027, 1, 1), date(2027, 1, 31))] == [
        meeting_outcome.subject.case_id
    ]


def test_a_complaint_is_finalised_only_when_the_complainants_review_is_over(personas, meeting_outcome, notify):
    """DOMAIN.md: finalised when all proceedings, appeals *and reviews* are over. The officer's outcome
    is final on 7 January; the complaint's review decides the case's date."""
    from conduct.models import ComplaintOutcome, ComplaintReview, OutcomeState, ReviewBody

    notify(meeting_outcome, NOTIFIED)
    with _travel(date(2027, 1, 7)):
        assert finality.close_expired_windows() == 1
    case = meeting_outcome.subject.case
    january = (date(2027, 1, 1), date(2027, 12, 31))
    assert [c.pk for c in selectors.cases_finalised_between(*january, today=date(2027, 1, 8))] == [case.pk]

    case.route.matter_type = "complaint"
    case.route.save()
    # A complaint whose outcome the complainant has not been given is not finalised.
    assert not selectors.cases_finalised_between(*january, today=date(2027, 1, 8)).exists()
    outcome = ComplaintOutcome.objects.create(
        case=case,
        findings="Found.",
        outcome="Written warning.",
        review_body=ReviewBody.LOCAL_POLICING_BODY,
        review_body_computed=ReviewBody.LOCAL_POLICING_BODY,
        recorded_by=personas.investigator,
    )
    assert not selectors.cases_finalised_between(*january, today=date(2027, 1, 8)).exists()  # not yet approved
    letter = Correspondence.objects.create(
        kind="complaint_outcome",
        case=case,
        recipient_name="Jo Bloggs",
        recipient_email="jo.bloggs@example.org",
        template=LetterTemplate.objects.filter(kind="complaint_outcome").first(),
        subject="The outcome of your complaint",
        body="The outcome.",
        idempotency_key="test:complaint-outcome",
        message_id="<test-complaint-outcome@example.org>",
        created_by=personas.investigator,
    )
    ComplaintOutcome.objects.filter(pk=outcome.pk).update(
        state=OutcomeState.APPROVED, letter=letter, approved_by=personas.authority, review_due_on=date(2027, 2, 5)
    )
    # While the complainant may still apply for a review: not finalised.
    assert not selectors.cases_finalised_between(*january, today=date(2027, 2, 5)).exists()
    # The period ended with no application: finalised on its last day, not on the officer's date.
    (row,) = selectors.cases_finalised_between(*january, today=date(2027, 2, 6))
    assert row.finalised_on == date(2027, 2, 5)
    review = ComplaintReview.objects.create(
        outcome=outcome, case=case, applied_on=date(2027, 2, 1), recorded_by=personas.investigator
    )
    assert not selectors.cases_finalised_between(*january, today=date(2027, 3, 1)).exists()  # pending
    review.result, review.decided_on, review.reviewed_by = (
        "not_upheld",
        date(2027, 3, 10),
        ReviewBody.LOCAL_POLICING_BODY,
    )
    review.result_recorded_by = personas.authority
    review.save()
    (row,) = selectors.cases_finalised_between(*january, today=date(2027, 3, 11))
    assert row.finalised_on == date(2027, 3, 10)


def test_a_meeting_appeal_substitutes_an_outcome_the_meeting_could_impose(personas, meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    with _travel(date(2027, 1, 4)):
        appeal = _lodge(personas.investigator, meeting_outcome, date(2027, 1, 4))
    assert not Finalisation.objects.exists()  # pending: not finalised
    with _travel(date(2027, 1, 20)):
        services.set_hearing_date(user=personas.investigator, appeal=appeal, hearing_on=date(2027, 1, 18))
        with pytest.raises(TransitionRefused, match=r"reg 42\(2\)"):
            services.decide_appeal(
                user=personas.authority,
                appeal=appeal,
                result=AppealResult.SUBSTITUTED,
                decided_on=date(2027, 1, 18),
                reasons="Reasons.",
                new_outcome=Outcome.DISMISSAL,
            )
        appeal.refresh_from_db()
        assert appeal.pending and not Finalisation.objects.exists()
        services.decide_appeal(
            user=personas.authority,
            appeal=appeal,
            result=AppealResult.SUBSTITUTED,
            decided_on=date(2027, 1, 18),
            reasons="A written warning meets the case given the officer's record.",
            new_outcome=Outcome.WRITTEN_WARNING,
        )
    meeting_outcome.refresh_from_db()
    assert (meeting_outcome.stage, meeting_outcome.outcome) == (Stage.CONCLUDED, Outcome.WRITTEN_WARNING)
    assert meeting_outcome.finalisation.finalised_on == date(2027, 1, 18)
    live = DisciplinaryWarning.objects.filter(proceedings=meeting_outcome, ended_on__isnull=True).get()
    assert (live.kind, live.starts_on) == ("written_warning", NOTIFIED)  # reg 47(3): from the original notice
    assert [d.step for d in appeal.decisions.all()] == ["lodged", "date_set", "decided"]
    assert Correspondence.objects.filter(kind=LetterKind.APPEAL_RESULT).count() == 1
    assert Deadline.objects.get(kind=services.DETERMINATION_NOTICE).met_on is not None


def test_a_tribunal_appeal_against_dismissal_keeps_the_barred_list_pending_then_undoes_it(
    personas, hearing_dismissal, notify
):
    notify(hearing_dismissal, NOTIFIED)
    window = AppealWindow.objects.get(proceedings=hearing_dismissal)
    assert window.kind == AppealKind.TRIBUNAL
    assert window.due_on == date(2027, 1, 11)  # 10 working days across Christmas
    with _travel(date(2027, 1, 8)):
        appeal = _lodge(
            personas.investigator,
            hearing_dismissal,
            date(2027, 1, 8),
            grounds=[AppealGround.PROCEDURE, AppealGround.NEW_EVIDENCE],
            copy_received_on=date(2027, 1, 8),
        )
    assert Deadline.objects.get(kind=services.TRIBUNAL_RESPONDENT).due_on == date(2027, 1, 29)
    hearing_dismissal.refresh_from_db()
    assert hearing_dismissal.barred_list
    assert selectors.barred_list_status(hearing_dismissal) == "pending appeal"
    with _travel(date(2027, 2, 1)):
        assert finality.close_expired_windows() == 0  # appealed: not finalised
    with _travel(date(2027, 3, 1)):
        services.decide_appeal(
            user=personas.authority,
            appeal=appeal,
            result=AppealResult.SUBSTITUTED,
            decided_on=date(2027, 2, 26),
            reasons="Dismissal was unreasonable on the evidence now available.",
            new_outcome=Outcome.FINAL_WRITTEN_WARNING,
        )
    hearing_dismissal.refresh_from_db()
    assert not hearing_dismissal.barred_list
    assert selectors.barred_list_status(hearing_dismissal) == "removed on appeal"
    decided = appeal.decisions.get(step="decided")
    assert (decided.details["barred_list_before"], decided.details["barred_list_after"]) == (True, False)
    assert hearing_dismissal.finalisation.finalised_on == date(2027, 2, 26)


def test_a_dismissed_appeal_confirms_the_outcome(personas, hearing_dismissal, notify):
    notify(hearing_dismissal, NOTIFIED)
    with _travel(date(2027, 1, 5)):
        appeal = _lodge(personas.investigator, hearing_dismissal, date(2027, 1, 5))
        services.decide_appeal(
            user=personas.authority,
            appeal=appeal,
            result=AppealResult.DISMISSED,
            decided_on=date(2027, 1, 5),
            reasons="The panel's decision was reasonable.",
        )
    hearing_dismissal.refresh_from_db()
    assert (hearing_dismissal.outcome, hearing_dismissal.barred_list) == (Outcome.DISMISSAL, True)
    assert selectors.barred_list_status(hearing_dismissal) == "on the list"
    with pytest.raises(services.AppealRefused, match="already recorded"):
        services.decide_appeal(
            user=personas.authority,
            appeal=appeal,
            result=AppealResult.REVERSED,
            decided_on=date(2026, 12, 6),
            reasons="Again.",
        )


def test_a_subject_concluded_otherwise_is_finalised_that_day(personas, proceedings):
    apply_transition(user=personas.investigator, proceedings=proceedings, action="no_further_action", reason="None.")
    proceedings.refresh_from_db()
    assert proceedings.finalisation.basis == "No further action"


def test_once_the_period_is_open_the_lifecycle_steps_need_the_appeal_record(personas, meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    with pytest.raises(TransitionRefused, match="appeal form"):
        apply_transition(user=personas.investigator, proceedings=meeting_outcome, action="lodge_appeal", reason="R.")
    with _travel(date(2027, 1, 4)):
        _lodge(personas.investigator, meeting_outcome, date(2027, 1, 4))
        with pytest.raises(TransitionRefused, match="appeal form"):
            apply_transition(
                user=personas.authority,
                proceedings=meeting_outcome,
                action="decide_appeal",
                reason="R.",
                finding=Finding.MISCONDUCT,
                outcome=Outcome.WRITTEN_WARNING,
            )
    assert not Finalisation.objects.exists()


def test_the_beat_task_closes_the_period(meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    with _travel(date(2027, 1, 7)):
        tasks.close_expired_appeal_periods()
    meeting_outcome.refresh_from_db()
    assert meeting_outcome.finalisation.finalised_on == MEETING_DUE
