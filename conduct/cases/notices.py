"""The formal notices a stage of the Conduct Regulations requires, written to the outbox in the
transaction of the transition that requires them (DESIGN.md: the decision and its letter commit
together or not at all).

- serving notice of investigation (reg 17) writes the notice, with the allegations, the
  severity, the investigator, and the written-statement deadline the clock just started;
- referral to a meeting or hearing writes the notice of referral (reg 30) with the reg 31
  response deadline.

The officer answers through the letter's single-use link; the answer meets the clock
(notifications.responses). An officer with no email address on the register still gets the
letter: it waits in the failed-delivery queue to be printed and posted.
"""

from casework.models import Deadline
from conduct.cases.clocks import REG17_STATEMENT, REG31_RESPONSE
from conduct.models import Allegation, Severity, Stage
from notifications import outbox
from notifications.models import LetterKind

# The most serious assessment decides what the notice says.
SEVERITY_ORDER = [Severity.NO_CASE, Severity.PRI, Severity.VETTING, Severity.MISCONDUCT, Severity.GROSS]
FORUM_WORDS = {
    Stage.MEETING: "misconduct meeting",
    Stage.HEARING: "misconduct hearing",
    Stage.ACCELERATED: "accelerated misconduct hearing",
}
NOTICES = {
    "serve_notice": (LetterKind.REG17_NOTICE, REG17_STATEMENT),
    "refer_to_meeting": (LetterKind.REFERRAL_NOTICE, REG31_RESPONSE),
    "refer_to_hearing": (LetterKind.REFERRAL_NOTICE, REG31_RESPONSE),
    "refer_to_accelerated": (LetterKind.REFERRAL_NOTICE, REG31_RESPONSE),
}


def on_transition(*, proceedings, action: str, user, transition_id: int):
    """Write the notice the transition requires, if any (call after the clocks have started)."""
    if action not in NOTICES:
        return None
    kind, clock = NOTICES[action]
    subject = proceedings.subject
    case, person = subject.case, subject.person
    allegations, severity = _allegations_and_severity(subject)
    deadline = Deadline.objects.open().filter(case=case, person=person, kind=clock).first()
    extra = {"allegations": allegations, "severity": severity, "response_due_on": deadline.due_on if deadline else None}
    if kind == LetterKind.REG17_NOTICE:
        investigator = case.investigator or user
        extra["investigator"] = {"name": investigator.get_full_name() or investigator.username}
    else:
        extra["proceedings"] = FORUM_WORDS.get(proceedings.stage, "misconduct proceedings")
    return outbox.compose_to_person(
        kind=kind,
        case=case,
        person=person,
        sender=user,
        idempotency_key=f"{kind}:transition:{transition_id}",
        actor=user,
        extra=extra,
    )


def _allegations_and_severity(subject):
    allegations = list(Allegation.objects.filter(subject=subject).prefetch_related("standards", "assessments"))
    items = [{"description": a.description, "standards": [s.name for s in a.standards.all()]} for a in allegations]
    latest = [a.assessments.all()[0].severity for a in allegations if a.assessments.all()]
    worst = max(latest, key=SEVERITY_ORDER.index, default=None)
    return items, (Severity(worst).label.lower() if worst else "not yet assessed")
