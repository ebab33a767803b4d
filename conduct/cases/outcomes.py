"""Which forum a case goes to and what it may impose: the Police (Conduct) Regulations 2020,
reg 23 (the forum) and reg 42 (disciplinary action), as one table-driven judgement that the
lifecycle applies whatever a form sends (DOMAIN.md, "Proceedings and outcomes"; docs/rules.md,
"Lawful outcomes"). Also the warnings the outcomes give, with their life from the rule data.

reg 42(1)-(6) were read on legislation.gov.uk (uksi/2020/4/regulation/42/made); the paragraphs on
repeating a live warning and on extending a final written warning, and the 2025 presumption of
dismissal (SI 2025/558), are applied as DOMAIN.md states them and marked "to confirm" in
docs/rules.md until read in the current text.
"""

from dataclasses import dataclass

from django.utils import timezone

from casework import calendar
from conduct.cases.warning_models import DisciplinaryWarning, WarningKind
from conduct.models import ClockRule, Finding, Outcome, Severity, SeverityAssessment, Stage

REG = "Police (Conduct) Regulations 2020"
WARNING_LIFE_RULES = {
    WarningKind.WRITTEN: "written_warning_life",
    WarningKind.FINAL: "final_written_warning_life",
}
FWW_EXTENSION_RULE = "final_written_warning_extension"
WARNINGS_GIVEN = {
    Outcome.WRITTEN_WARNING: WarningKind.WRITTEN,
    Outcome.FINAL_WRITTEN_WARNING: WarningKind.FINAL,
}


@dataclass(frozen=True)
class Facts:
    """What the rules read: the forum, the finding, the warnings in force on the date of the
    severity assessment, whether the misconduct spans unconnected incidents, and whether the
    officer has left the service."""

    forum: str
    finding: str
    written_live: bool = False
    final_live: bool = False
    final_extended_before: bool = False
    unconnected_incidents: bool = False
    former_officer: bool = False


def judge(outcome: str, facts: Facts) -> str | None:
    """None when the outcome is lawful on these facts; otherwise why not, citing the paragraph."""
    if outcome == Outcome.MANAGEMENT_ADVICE:
        return "Management advice no longer exists: it was abolished when the 2020 Regulations came in (reg 42)."
    if outcome not in Outcome.values:
        return "Choose the outcome."
    proven = facts.finding in (Finding.MISCONDUCT, Finding.GROSS)
    if facts.forum == Stage.MEETING and facts.finding == Finding.GROSS:
        return "A misconduct meeting cannot find gross misconduct: gross misconduct goes to a hearing (reg 23)."
    if facts.former_officer:
        return _judge_former(outcome, facts, proven)
    if outcome == Outcome.WOULD_HAVE_BEEN_DISMISSED:
        return "“Would have been dismissed” is a finding for former officers only."
    if not proven:
        if outcome in (Outcome.NO_ACTION, Outcome.RPRP_REFERRAL):
            return None
        return (
            "Where the conduct amounts to neither misconduct nor gross misconduct, the outcome is no action or a "
            "referral to reflective practice (reg 42(1)(b))."
        )
    if outcome in (Outcome.NO_ACTION, Outcome.RPRP_REFERRAL):
        return "A finding of misconduct or gross misconduct needs disciplinary action under reg 42(2) or (3)."
    return _judge_action(outcome, facts)


def _judge_former(outcome, facts, proven):
    if outcome == Outcome.NO_ACTION:
        return None
    if outcome == Outcome.WOULD_HAVE_BEEN_DISMISSED:
        if facts.finding == Finding.GROSS or (proven and (facts.final_live or facts.unconnected_incidents)):
            return None
        return "“Would have been dismissed” needs a finding for which dismissal was available (reg 42(3))."
    return "A former officer can only be found to have been one who would have been dismissed, or not (no action)."


def _judge_action(outcome, facts):
    if outcome == Outcome.FWW_EXTENDED:
        if not facts.final_live:
            return "A final written warning can be extended only where one was in force at the severity assessment."
        if facts.final_extended_before:
            return "That final written warning has been extended once already; it cannot be extended again."
        if facts.forum == Stage.MEETING:
            return "A misconduct meeting may impose only a written or a final written warning (reg 42(2))."
        return None
    if facts.forum == Stage.MEETING:
        if outcome not in (Outcome.WRITTEN_WARNING, Outcome.FINAL_WRITTEN_WARNING):
            return "A misconduct meeting may impose only a written or a final written warning (reg 42(2))."
    elif facts.finding == Finding.GROSS:
        if outcome not in (Outcome.FINAL_WRITTEN_WARNING, Outcome.REDUCTION_IN_RANK, Outcome.DISMISSAL):
            return (
                "Where gross misconduct is found the action is a final written warning, reduction in rank or "
                "dismissal without notice (reg 42(3)(b))."
            )
    elif outcome in (Outcome.REDUCTION_IN_RANK, Outcome.DISMISSAL) and not (
        facts.final_live or facts.unconnected_incidents
    ):
        return (
            "For misconduct, reduction in rank or dismissal is available only where a final written warning was in "
            "force at the severity assessment (reg 42(5)) or the misconduct arose from more than one incident not "
            "closely connected (reg 42(6))."
        )
    if outcome == Outcome.WRITTEN_WARNING and (facts.written_live or facts.final_live):
        return (
            "A written warning cannot be given while a written or final written warning was in force at the "
            "severity assessment (reg 42)."
        )
    if outcome == Outcome.FINAL_WRITTEN_WARNING and facts.final_live:
        return (
            "A final written warning was in force at the severity assessment: another cannot be given; it may be "
            "extended once instead (reg 42)."
        )
    return None


def offered(facts: Facts) -> list[str]:
    """The outcomes the form offers on these facts (management advice never)."""
    return [o for o in Outcome.values if judge(o, facts) is None]


def needs_departure_reasons(outcome: str, facts: Facts) -> bool:
    """Since 28 May 2025 dismissal is presumed where gross misconduct is found: any lesser outcome
    needs the panel's reasons for departing from the presumption (SI 2025/558)."""
    return facts.finding == Finding.GROSS and not facts.former_officer and outcome != Outcome.DISMISSAL


# Facts from the records -------------------------------------------------------------------
def assessment_date(subject):
    """The date of the severity assessment (reg 14(1), or C&M Regs reg 16): the first one made."""
    first = SeverityAssessment.objects.filter(allegation__subject=subject).order_by("assessed_at").first()
    return calendar.local_date(first.assessed_at) if first else timezone.localdate()


def current_severities(subject) -> set[str]:
    """The latest assessment of each of the subject's allegations (revisions replace earlier ones)."""
    severities = set()
    for allegation in subject.allegations.prefetch_related("assessments"):
        latest = allegation.assessments.all()[:1]
        if latest:
            severities.add(latest[0].severity)
    return severities


def worst_severity(subject):
    severities = current_severities(subject)
    for severity in (Severity.GROSS, Severity.MISCONDUCT):
        if severity in severities:
            return severity
    return None


def warnings_at_assessment(subject, *, excluding=None):
    day = assessment_date(subject)
    live = DisciplinaryWarning.objects.filter(person=subject.person).live_on(day)
    if excluding is not None:
        live = live.exclude(proceedings=excluding)
    return list(live)


def facts_for(proceedings, finding: str, *, unconnected_incidents: bool = False, former_officer: bool = False) -> Facts:
    live = warnings_at_assessment(proceedings.subject, excluding=proceedings)
    finals = [w for w in live if w.kind == WarningKind.FINAL]
    return Facts(
        forum=proceedings.forum or proceedings.stage,
        finding=finding,
        written_live=any(w.kind == WarningKind.WRITTEN for w in live),
        final_live=bool(finals),
        final_extended_before=any(w.extended_until for w in finals),
        unconnected_incidents=unconnected_incidents,
        former_officer=former_officer,
    )


def forum_refusal(action: str, subject, *, former_officer: bool = False) -> str | None:
    """reg 23: misconduct → meeting; gross misconduct, or misconduct with a final written warning
    in force at the severity assessment → hearing; an accelerated hearing for gross misconduct."""
    worst = worst_severity(subject)
    final_live = any(w.kind == WarningKind.FINAL for w in warnings_at_assessment(subject))
    if action == "refer_to_meeting":
        if worst != Severity.MISCONDUCT:
            return "A misconduct meeting is for conduct assessed as misconduct (reg 23): assess the severity first."
        if final_live:
            return (
                "A final written warning was in force at the severity assessment, so the case goes to a misconduct "
                "hearing, not a meeting (reg 23)."
            )
    if action == "refer_to_hearing" and not former_officer:
        if worst == Severity.MISCONDUCT and not final_live:
            return (
                "Misconduct goes to a misconduct meeting unless a final written warning was in force at the severity "
                "assessment (reg 23)."
            )
        if worst not in (Severity.MISCONDUCT, Severity.GROSS):
            return "Assess the conduct as misconduct or gross misconduct before referring it to a hearing (reg 23)."
    if action == "refer_to_accelerated" and worst != Severity.GROSS:
        return "An accelerated hearing is only for conduct assessed as gross misconduct (Part 5, reg 49)."
    return None


# Warnings ---------------------------------------------------------------------------------
def _rule(code):
    return ClockRule.objects.get(code=code)


def give_warning(*, proceedings, outcome: str, user, on=None):
    """The warning an outcome gives (from the day it is notified, reg 42(4): the day the outcome
    is recorded here), or the extension of the live final written warning."""
    from conduct.cases.clocks import compute_due

    on = on or timezone.localdate()
    person = proceedings.subject.person
    if outcome == Outcome.FWW_EXTENDED:
        current = next(w for w in warnings_at_assessment(proceedings.subject) if w.kind == WarningKind.FINAL)
        rule = _rule(FWW_EXTENSION_RULE)
        current.extended_until = compute_due(rule.amount, rule.unit, current.expires_on)
        current.extended_by = proceedings
        current.save(update_fields=["extended_until", "extended_by"])
        return current
    kind = WARNINGS_GIVEN.get(outcome)
    if kind is None:
        return None
    rule = _rule(WARNING_LIFE_RULES[kind])
    return DisciplinaryWarning.objects.create(
        person=person,
        proceedings=proceedings,
        kind=kind,
        starts_on=on,
        expires_on=compute_due(rule.amount, rule.unit, on),
        source_rule=rule.snapshot(),
        recorded_by=user,
    )


def end_warnings_of(proceedings, *, reason: str, on=None):
    """An appeal changed the outcome: the warning it gave ends (the record stays)."""
    on = on or timezone.localdate()
    DisciplinaryWarning.objects.filter(proceedings=proceedings, ended_on__isnull=True).update(
        ended_on=on, end_reason=reason
    )
    DisciplinaryWarning.objects.filter(extended_by=proceedings).update(extended_until=None, extended_by=None)
