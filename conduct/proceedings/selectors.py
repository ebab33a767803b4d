"""Reads for the "Meeting or hearing" panel of the case page: every subject referred to a
meeting or hearing, with its panel, its date, its public notice and its clocks, in a fixed
number of queries whatever the number of subjects or rows."""

from collections import defaultdict

from django.db.models import Prefetch

from casework.models import Deadline
from conduct.cases.notices import FORUM_WORDS
from conduct.models import HearingEvent, HearingEventKind, PanelAppointment, Proceedings, PublicNotice, Stage
from conduct.proceedings import panel as panels
from conduct.proceedings.services import CLOCK_CODES

DATES = (HearingEventKind.SCHEDULED, HearingEventKind.ALTERNATIVE_PROPOSED)


def case_panel(*, case, user, can_change=False, can_decide=False, **_):
    """conduct.cases.hooks.case_page: the panel's context under `hearing_panel`, or None when no
    subject of the case has been referred to a meeting or hearing. Five queries."""
    rows = list(
        Proceedings.objects.filter(subject__case=case)
        .exclude(forum="")
        .select_related("subject__person__rank")
        .prefetch_related(
            Prefetch("panel", queryset=PanelAppointment.objects.select_related("person__rank", "delegated_by")),
            Prefetch("hearing_events", queryset=HearingEvent.objects.select_related("recorded_by")),
            Prefetch("public_notices", queryset=PublicNotice.objects.all()),
        )
        .order_by("subject__id")
    )
    if not rows:
        return None
    deadlines = defaultdict(list)
    for deadline in Deadline.objects.filter(case=case, kind__in=CLOCK_CODES).order_by("starts_on", "pk"):
        deadlines[deadline.person_id].append(deadline)
    return {
        "template": "conduct/proceedings/_case_panel.html",  # placed by the case page (hooks.case_page)
        "section": "subjects",
        "case": case,
        "subjects": [_subject(row, deadlines[row.subject.person_id]) for row in rows],
        "can_change": can_change and case.status == "open",
        "can_decide": can_decide and case.status == "open",
    }


def _subject(proceedings, deadlines) -> dict:
    appointments = list(proceedings.panel.all())
    replaced = {row.replaces_id for row in appointments if row.replaces_id}
    current = [row for row in appointments if row.pk not in replaced]
    events = list(proceedings.hearing_events.all())
    dates = [e for e in events if e.kind in DATES]
    return {
        "proceedings": proceedings,
        "subject": proceedings.subject,
        "forum": FORUM_WORDS.get(proceedings.forum, "misconduct proceedings").capitalize(),
        "is_hearing": proceedings.forum in panels.HEARINGS,
        "open": proceedings.stage in (Stage.MEETING, Stage.HEARING, Stage.ACCELERATED),
        "panel": current,
        "replaced": [row for row in appointments if row.pk in replaced],
        "missing": panels.missing_seats(proceedings, current),
        "when": dates[-1] if dates else None,
        "events": events,
        "notices": list(proceedings.public_notices.all()),
        "deadlines": deadlines,
    }
