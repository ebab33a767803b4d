"""Criminal proceedings pauses on the case page: `{% pause_warning case %}` (one query, the
active pauses, cached on the page's context) and `{% subject_pause subject %}` (no query more),
so the case view needs no change."""

from django import template

from conduct.models import CriminalProceedingsPause
from conduct.permissions import can_decide_pause

register = template.Library()
CACHE = "_active_pauses"


def _active(context, case) -> dict:
    if CACHE not in context.render_context:
        pauses = (
            CriminalProceedingsPause.objects.active()
            .filter(subject__case=case)
            .select_related("subject__person", "subject__case")
            .order_by("subject_id")
        )
        context.render_context[CACHE] = {p.subject_id: p for p in pauses}
    return context.render_context[CACHE]


@register.inclusion_tag("conduct/pauses/_case_section.html", takes_context=True)
def pause_warning(context, case):
    return {"active": list(_active(context, case).values())}


@register.inclusion_tag("conduct/pauses/_subject_pause.html", takes_context=True)
def subject_pause(context, subject):
    user = context.get("user")
    case = subject.case
    pause = _active(context, case).get(subject.pk)
    if "_can_pause" not in context.render_context:
        context.render_context["_can_pause"] = user is not None and can_decide_pause(user, case)
    can_pause = pause is None and subject.proceedings.stage != "concluded" and context.render_context["_can_pause"]
    return {"pause": pause, "subject": subject, "can_pause": can_pause}
