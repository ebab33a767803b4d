"""The formal notices a stage of the Conduct Regulations requires, written to the outbox in the
transaction of the transition that requires them (DESIGN.md: the decision and its letter commit
together or not at all).

- serving notice of investigation (Conduct Regs reg 17, or C&M Regs reg 17 on a Schedule 3
  investigation) writes the notice, with the allegations, the
  severity, the investigator, and the written-statement deadline the clock just started;
- referral to a meeting or hearing writes the notice of referral (reg 30) with the reg 31
  response deadline.

The officer answers through the letter's single-use link; the answer meets the clock
(notifications.responses). An officer with no email address on the register still gets the
letter: it waits in the failed-delivery queue to be printed and posted.
"""

from casework.models import Deadline
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


def on_transition(*, proceedings, step, user, transition_id: int):
    """Write the notice the step requires on this route, if any (call after the clocks have
    started). The route table (conduct.cases.routes) says which notice, which clock its answer
    runs on, and the regulation that requires it: the letter quotes it as `legal_basis`."""
    if step.notice is None:
        return None
    kind, clock = step.notice
    subject = proceedings.subject
    case, person = subject.case, subject.person
    allegations, severity = _allegations_and_severity(subject)
    deadline = Deadline.objects.open().filter(case=case, person=person, kind=clock).first()
    extra = {
        "allegations": allegations,
        "severity": severity,
        "response_due_on": deadline.due_on if deadline else None,
        "legal_basis": step.basis,
    }
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
    allegations = list(Allegation.objects.filter(subject=subject).prefetch_related("standards"))
    items = [{"description": a.description, "standards": [s.name for s in a.standards.all()]} for a in allegations]
    latest = [a.current_severity for a in allegations if a.current_severity]
    worst = max(latest, key=SEVERITY_ORDER.index, default=None)
    return items, (Severity(worst).label.lower() if worst else "not yet assessed")
