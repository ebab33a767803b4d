"""Appeals against the outcome of misconduct proceedings, as workflows (docs/rules.md, "Appeals").
Each locks the subject's proceedings, writes its record and its append-only step, moves the stage
through the lifecycle (conduct.cases.lifecycle.apply_transition: lodge_appeal, decide_appeal,
finalise_outcome; the outcome rules and the warnings are the lifecycle's), runs its clocks and
writes its letter, in one transaction.

Clocks (ClockRule rows seeded by conduct migration 0018_appeals):
- `meeting_appeal_notice` (Conduct Regs reg 45(3)(a)): 7 working days beginning with the first
  working day after the officer is given the report under reg 43; started by the
  `outcome_notified` hook, met by the notice of appeal; unappealed, the outcome is final.
- `pat_notice_of_appeal` (Police Appeals Tribunals Rules 2020; to confirm): 10 working days from
  the officer being supplied with the written notice of the outcome; likewise for hearings.
- `pat_respondent_documents` (PAT Rules 2020 rule 13(3)): 15 working days beginning with the first
  working day after the force (the respondent) receives the copy of the notice of appeal.
- `meeting_appeal_determination_notice` (reg 47(2)): the officer is told the determination, with
  a summary of the reasons, within 3 working days; the result letter meets it.
"""

from django.db import transaction
from django.utils import timezone

from casework import services as casework_services
from casework.errors import Refused
from casework.models.cases import EventKind
from conduct.appeals.models import (
    Appeal,
    AppealDecision,
    AppealGround,
    AppealKind,
    AppealResult,
    AppealStep,
    AppealWindow,
    Appellant,
    Finalisation,
)
from conduct.cases import clocks, lifecycle, routes
from conduct.models import Finding, Outcome, Proceedings, Stage
from notifications import outbox
from notifications.models import LetterKind

MEETING_NOTICE = "meeting_appeal_notice"
TRIBUNAL_NOTICE = "pat_notice_of_appeal"
TRIBUNAL_RESPONDENT = "pat_respondent_documents"
DETERMINATION_NOTICE = "meeting_appeal_determination_notice"
NOTICE_CLOCK = {AppealKind.MEETING: MEETING_NOTICE, AppealKind.TRIBUNAL: TRIBUNAL_NOTICE}
BASIS = {
    AppealKind.MEETING: "Regulation 45, Police (Conduct) Regulations 2020",
    AppealKind.TRIBUNAL: "Section 85, Police Act 1996; Police Appeals Tribunals Rules 2020",
}
RESULT_BASIS = {
    AppealKind.MEETING: "Regulation 47, Police (Conduct) Regulations 2020",
    AppealKind.TRIBUNAL: "Section 85, Police Act 1996; Police Appeals Tribunals Rules 2020",
}
KIND_WORDS = {
    AppealKind.MEETING: "an appeal from a misconduct meeting",
    AppealKind.TRIBUNAL: "an appeal to a Police Appeals Tribunal",
}
WHO_EXTENDS = {
    AppealKind.MEETING: "the appropriate authority extends the period for exceptional circumstances (reg 45(3)(a))",
    AppealKind.TRIBUNAL: "the period is extended under the Police Appeals Tribunals Rules 2020 (record who extended "
    "it and why)",
}


class AppealRefused(Refused):
    """The appeal workflow cannot do this now; the message says why."""


def kind_for(proceedings) -> str | None:
    """Which appeal the outcome carries: from a meeting to the appropriate authority (reg 45);
    from a hearing or accelerated hearing to a tribunal. None: no appeal under the Conduct
    Regulations (staff and volunteers have their own procedure)."""
    if routes.regime_for(proceedings.subject.person) not in (routes.Regime.CONDUCT, routes.Regime.FORMER_OFFICER):
        return None
    if proceedings.forum == Stage.MEETING:
        return AppealKind.MEETING
    if proceedings.forum in (Stage.HEARING, Stage.ACCELERATED):
        return AppealKind.TRIBUNAL
    return None


def _lock(proceedings) -> Proceedings:
    return (
        Proceedings.objects.select_for_update(of=("self",))
        .select_related("subject__case", "subject__person")
        .get(pk=proceedings.pk)
    )


def _event(proceedings, summary, user, detail=""):
    subject = proceedings.subject
    casework_services.record_event(
        subject.case, kind=EventKind.NOTE, summary=summary, actor=user, person=subject.person, detail=detail
    )


def _finalise(proceedings, *, on, basis: str, user) -> Finalisation:
    current = Finalisation.objects.filter(proceedings=proceedings).first()
    if current is not None:
        return current
    return Finalisation.objects.create(proceedings=proceedings, finalised_on=on, basis=basis[:200], recorded_by=user)


# 1. The written notice of the outcome opens the appeal period (the outcome_notified hook) -------
@transaction.atomic
def on_outcome_notified(*, proceedings, notified_on, user, **_) -> AppealWindow | None:
    """Start the notice-of-appeal clock from the day the officer was given the written notice of
    the outcome with the report (reg 43). Idempotent: a second notice changes nothing."""
    proceedings = _lock(proceedings)
    kind = kind_for(proceedings)
    if kind is None or proceedings.finding not in (Finding.MISCONDUCT, Finding.GROSS):
        return None  # no finding to appeal against: nothing runs
    window = AppealWindow.objects.filter(proceedings=proceedings).first()
    if window is not None:
        return window
    code = NOTICE_CLOCK[kind]
    rule = clocks.rule_for(code)
    window = AppealWindow.objects.create(
        proceedings=proceedings,
        kind=kind,
        notified_on=notified_on,
        due_on=clocks.compute_due(rule.amount, rule.unit, notified_on),
        source_rule=rule.snapshot(),
        recorded_by=user,
    )
    subject = proceedings.subject
    clocks.start_clock(
        code,
        case=subject.case,
        person=subject.person,
        owner=clocks.owner_for(subject.case, user),
        starts_on=notified_on,
        actor=user,
    )
    _event(proceedings, f"{subject.person.full_name}: appeal period open until {window.due_on:%-d %B %Y}", user)
    return window


# 2. The notice of appeal --------------------------------------------------------------------
def _check_lodging(proceedings, window, *, appellant, lodged_on, grounds, grounds_detail, extension_reasons):
    if window is None:
        raise AppealRefused(
            "The officer has not been given written notice of the outcome yet (reg 43): the appeal period has not "
            "started."
        )
    if hasattr(proceedings, "finalisation"):
        raise AppealRefused(f"The outcome became final on {proceedings.finalisation.finalised_on:%-d %B %Y}.")
    if Appeal.objects.filter(proceedings=proceedings, result="").exists():
        raise AppealRefused("An appeal is already pending for this officer.")
    if proceedings.stage != Stage.OUTCOME:
        raise AppealRefused("An appeal can be lodged only against a recorded outcome.")
    if appellant not in Appellant.values:
        raise AppealRefused("Choose who gave the notice of appeal.", field="appellant")
    if not grounds or any(g not in AppealGround.values for g in grounds):
        raise AppealRefused("Choose at least one of the grounds of appeal the law allows.", field="grounds")
    if not grounds_detail:
        raise AppealRefused("Give the grounds of appeal as the notice states them.", field="grounds_detail")
    if lodged_on is None or lodged_on < window.notified_on or lodged_on > timezone.localdate():
        raise AppealRefused(
            f"The notice of appeal is dated between the notice of the outcome ({window.notified_on:%-d %B %Y}) and "
            "today.",
            field="lodged_on",
        )
    if lodged_on > window.due_on and not extension_reasons:
        raise AppealRefused(
            f"The notice of appeal was due by {window.due_on:%-d %B %Y}. It can be accepted late only where "
            f"{WHO_EXTENDS[window.kind]}: give the reasons.",
            field="extension_reasons",
        )


@transaction.atomic
def lodge_appeal(
    *,
    user,
    proceedings,
    appellant: str,
    lodged_on,
    grounds: list[str],
    grounds_detail: str,
    extension_reasons: str = "",
    copy_received_on=None,
) -> Appeal:
    proceedings = _lock(proceedings)
    window = AppealWindow.objects.filter(proceedings=proceedings).first()
    grounds_detail, extension_reasons = (grounds_detail or "").strip(), (extension_reasons or "").strip()
    grounds = list(dict.fromkeys(grounds or []))
    _check_lodging(
        proceedings,
        window,
        appellant=appellant,
        lodged_on=lodged_on,
        grounds=grounds,
        grounds_detail=grounds_detail,
        extension_reasons=extension_reasons,
    )
    late = lodged_on > window.due_on
    appeal = Appeal.objects.create(
        proceedings=proceedings,
        kind=window.kind,
        appellant=appellant,
        lodged_on=lodged_on,
        grounds=grounds,
        grounds_detail=grounds_detail,
        late=late,
        extension_reasons=extension_reasons if late else "",
        copy_received_on=copy_received_on if window.kind == AppealKind.TRIBUNAL else None,
        original_finding=proceedings.finding,
        original_outcome=proceedings.outcome,
        lodged_recorded_by=user,
    )
    AppealDecision.objects.create(
        appeal=appeal,
        step=AppealStep.LODGED,
        details={"appellant": appellant, "lodged_on": lodged_on.isoformat(), "grounds": grounds, "late": late},
        reasons=extension_reasons if late else "",
        made_by=user,
    )
    subject = proceedings.subject
    clocks.meet_clock(NOTICE_CLOCK[window.kind], case=subject.case, person=subject.person, actor=user, on=lodged_on)
    if appeal.copy_received_on:
        _start_respondent_clock(appeal, user)
    lifecycle.apply_transition(
        user=user,
        proceedings=proceedings,
        action="lodge_appeal",
        reason=f"Notice of appeal given on {lodged_on:%-d %B %Y} ({KIND_WORDS[window.kind]})"
        + (f"; accepted late: {extension_reasons}" if late else "")
        + f". Grounds: {grounds_detail}",
    )
    _letter(
        LetterKind.APPEAL_ACKNOWLEDGEMENT,
        appeal,
        user,
        f"appeal-acknowledgement:{appeal.pk}",
        {
            "appeal_kind": KIND_WORDS[appeal.kind],
            "lodged_on": lodged_on,
            "grounds": "\n".join(f"- {AppealGround(g).label}" for g in grounds),
            "late": late,
            "legal_basis": BASIS[appeal.kind],
        },
    )
    return appeal


def _start_respondent_clock(appeal, user):
    subject = appeal.proceedings.subject
    clocks.start_clock(
        TRIBUNAL_RESPONDENT,
        case=subject.case,
        person=subject.person,
        owner=clocks.owner_for(subject.case, user),
        starts_on=appeal.copy_received_on,
        actor=user,
    )


def _letter(kind, appeal, user, key, extra):
    subject = appeal.proceedings.subject
    return outbox.compose_to_person(
        kind=kind, case=subject.case, person=subject.person, sender=user, idempotency_key=key, actor=user, extra=extra
    )


def _pending(appeal) -> Appeal:
    appeal = Appeal.objects.select_for_update().select_related("proceedings__subject__case").get(pk=appeal.pk)
    if not appeal.pending:
        raise AppealRefused("The appeal's result is already recorded.")
    return appeal


# 3. The appeal meeting or tribunal hearing date ----------------------------------------------------
@transaction.atomic
def set_hearing_date(*, user, appeal, hearing_on, reason: str = "") -> Appeal:
    _lock(appeal.proceedings)
    appeal = _pending(appeal)
    if hearing_on is None or hearing_on < appeal.lodged_on:
        raise AppealRefused(
            "The appeal is heard on or after the day the notice of appeal was given.", field="hearing_on"
        )
    appeal.hearing_on = hearing_on
    appeal.save(update_fields=["hearing_on"])
    AppealDecision.objects.create(
        appeal=appeal,
        step=AppealStep.DATE_SET,
        details={"hearing_on": hearing_on.isoformat()},
        reasons=(reason or "").strip(),
        made_by=user,
    )
    what = "Appeal meeting" if appeal.kind == AppealKind.MEETING else "Tribunal hearing"
    _event(appeal.proceedings, f"{what} set for {hearing_on:%-d %B %Y}", user, detail=reason)
    return appeal


@transaction.atomic
def record_copy_received(*, user, appeal, received_on) -> Appeal:
    """The force received the copy of the notice of appeal from the local policing body: its 15
    working days to supply the documents start (PAT Rules 2020 rule 13(3))."""
    _lock(appeal.proceedings)
    appeal = _pending(appeal)
    if appeal.kind != AppealKind.TRIBUNAL or appeal.copy_received_on:
        raise AppealRefused("Only a tribunal appeal has a copy of the notice to receive, once.")
    if received_on is None or received_on < appeal.lodged_on or received_on > timezone.localdate():
        raise AppealRefused("The copy arrives between the notice of appeal and today.", field="copy_received_on")
    appeal.copy_received_on = received_on
    appeal.save(update_fields=["copy_received_on"])
    _start_respondent_clock(appeal, user)
    return appeal


# 4. The result ----------------------------------------------------------------------------------
def _result_outcome(appeal, result, new_finding, new_outcome) -> tuple[str, str]:
    """The finding and outcome that stand after the appeal; the lifecycle checks them against the
    outcome rules (reg 42, as the forum appealed from could impose: reg 47(1)(b); s.85(2))."""
    if result == AppealResult.DISMISSED:
        return appeal.original_finding, appeal.original_outcome
    if result == AppealResult.REVERSED:
        return Finding.NOT_PROVEN, Outcome.NO_ACTION
    if not new_outcome:
        raise AppealRefused("Choose the outcome substituted.", field="new_outcome")
    finding = new_finding or appeal.original_finding
    if (finding, new_outcome) == (appeal.original_finding, appeal.original_outcome):
        raise AppealRefused(
            "The substituted outcome is the one appealed against: the appeal is dismissed.", field="new_outcome"
        )
    return finding, new_outcome


@transaction.atomic
def decide_appeal(
    *,
    user,
    appeal,
    result: str,
    decided_on,
    reasons: str,
    new_finding: str = "",
    new_outcome: str = "",
    unconnected_incidents: bool = False,
    departure_reasons: str = "",
) -> Appeal:
    proceedings = _lock(appeal.proceedings)
    appeal = _pending(appeal)
    reasons = (reasons or "").strip()
    if result not in AppealResult.values:
        raise AppealRefused("Choose the result of the appeal.", field="result")
    if decided_on is None or decided_on < appeal.lodged_on or decided_on > timezone.localdate():
        raise AppealRefused("The appeal is determined between the notice of appeal and today.", field="decided_on")
    if not reasons:
        raise AppealRefused("Give the reasons for the determination.", field="reasons")
    finding, outcome = _result_outcome(appeal, result, new_finding, new_outcome)
    barred_before = proceedings.barred_list
    appeal.result, appeal.decided_on, appeal.result_reasons = result, decided_on, reasons
    appeal.new_finding, appeal.new_outcome, appeal.result_recorded_by = finding, outcome, user
    appeal.save()
    window = AppealWindow.objects.get(proceedings=proceedings)
    _finalise(proceedings, on=decided_on, basis=f"{AppealResult(result).label} ({decided_on:%-d %B %Y})", user=user)
    lifecycle.apply_transition(
        user=user,
        proceedings=proceedings,
        action="decide_appeal",
        reason=f"{AppealResult(result).label}. {reasons}",
        finding=finding,
        outcome=outcome,
        unconnected_incidents=unconnected_incidents,
        # The appeal body's reasons are its reasons for any outcome short of dismissal.
        departure_reasons=(departure_reasons or reasons).strip(),
        outcome_effective_on=window.notified_on,  # reg 47(3); Police Act 1996 Sch 6 para 7
    )
    proceedings.refresh_from_db(fields=["barred_list"])
    AppealDecision.objects.create(
        appeal=appeal,
        step=AppealStep.DECIDED,
        details={
            "result": result,
            "decided_on": decided_on.isoformat(),
            "finding": finding,
            "outcome": outcome,
            "barred_list_before": barred_before,
            "barred_list_after": proceedings.barred_list,
        },
        reasons=reasons,
        made_by=user,
    )
    _result_letter(appeal, proceedings, user)
    return appeal


def _result_letter(appeal, proceedings, user):
    subject = proceedings.subject
    if appeal.kind == AppealKind.MEETING:
        clocks.start_clock(
            DETERMINATION_NOTICE,
            case=subject.case,
            person=subject.person,
            owner=clocks.owner_for(subject.case, user),
            starts_on=appeal.decided_on,
            actor=user,
        )
    _letter(
        LetterKind.APPEAL_RESULT,
        appeal,
        user,
        f"appeal-result:{appeal.pk}",
        {
            "appeal_kind": KIND_WORDS[appeal.kind],
            "result": AppealResult(appeal.result).label,
            "decided_on": appeal.decided_on,
            "outcome": Outcome(appeal.new_outcome).label,
            "reasons": appeal.result_reasons,
            "legal_basis": RESULT_BASIS[appeal.kind],
        },
    )
    if appeal.kind == AppealKind.MEETING:
        clocks.meet_clock(DETERMINATION_NOTICE, case=subject.case, person=subject.person, actor=user)
