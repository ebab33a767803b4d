"""The letters of a meeting or hearing, written to the outbox in the transaction of the step that
requires them: the notice of the date, time, place and panel (reg 35), and the written notice
of the outcome with the appeal route (reg 43, then reg 45 or the Police Appeals Tribunal)."""

from django.utils import timezone

from conduct.cases.notices import FORUM_WORDS
from conduct.models import Finding, Outcome, PanelRole, Stage
from conduct.proceedings import panel as panels
from notifications import outbox
from notifications.models import LetterKind

BASIS = "Regulation 35, Police (Conduct) Regulations 2020"
APPEAL_ROUTE = {
    Stage.MEETING: "You may appeal against the finding or the disciplinary action to the appropriate authority under "
    "regulation 45 of the Police (Conduct) Regulations 2020, by written notice within the period that regulation "
    "sets, counted from the day you receive this notice and the report.",
    Stage.HEARING: "You may appeal to the Police Appeals Tribunal under the Police Appeals Tribunals Rules 2020, "
    "within the period those Rules set.",
}


def panel_lines(proceedings) -> list[dict]:
    return [
        {"role": PanelRole(row.role).label, "name": row.display_name}
        for row in panels.current(proceedings)
        if row.role != PanelRole.PRESENTING
    ]


def delegation_line(proceedings) -> str:
    chair = next((r for r in panels.current(proceedings) if r.role == PanelRole.CHAIR and r.delegated_by_id), None)
    if chair is None:
        return ""
    return (
        f"{chair.delegated_by.full_name} (chief officer) delegated the chair to {chair.display_name} on "
        f"{chair.delegated_on:%d %B %Y}."
    )


def send_proceedings_notice(*, proceedings, event, alternative, user):
    subject = proceedings.subject
    moment = timezone.localtime(event.starts_at)
    return outbox.compose_to_person(
        kind=LetterKind.PROCEEDINGS_NOTICE,
        case=subject.case,
        person=subject.person,
        sender=user,
        idempotency_key=f"{LetterKind.PROCEEDINGS_NOTICE}:event:{event.pk}",
        actor=user,
        extra={
            "legal_basis": BASIS,
            "proceedings": FORUM_WORDS.get(proceedings.forum, "misconduct proceedings"),
            "is_hearing": proceedings.forum != Stage.MEETING,
            "starts_at": f"{moment:%H:%M} on {moment.day} {moment:%B %Y}",
            "place": event.place,
            "panel": panel_lines(proceedings),
            "delegation": delegation_line(proceedings),
            "alternative_by": alternative.due_on if alternative is not None else None,
        },
    )


def send_outcome_notice(*, proceedings, reasons, appeal_route, user):
    subject = proceedings.subject
    forum = Stage.MEETING if proceedings.forum == Stage.MEETING else Stage.HEARING
    return outbox.compose_to_person(
        kind=LetterKind.OUTCOME_LETTER,
        case=subject.case,
        person=subject.person,
        sender=user,
        idempotency_key=f"{LetterKind.OUTCOME_LETTER}:proceedings:{proceedings.pk}",
        actor=user,
        approved_by=user,  # the appropriate authority gives the notice: this is its decision
        extra={
            "proceedings": FORUM_WORDS.get(proceedings.forum, "misconduct proceedings"),
            "finding": Finding(proceedings.finding).label if proceedings.finding else "",
            "outcome": Outcome(proceedings.outcome).label if proceedings.outcome else "",
            "reasons": reasons,
            "appeal_route": appeal_route or APPEAL_ROUTE[forum],
            "appeal_due_on": None,
        },
    )
