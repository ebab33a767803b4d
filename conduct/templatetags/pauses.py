"""Criminal proceedings pauses on the case page: `{% pause_warning case %}` (one query, the
active pauses, cached on the page's context) and `{% subject_pause subject %}` (no query more),
so the case view needs no change."""

from django import template

from conduct.models import CriminalProceedingsPause
from conduct.permissions import can_decide_pause

register = template.Library()
CACHE = "_active_pauses"  # an attribute of the page's case object


def _active(context, case) -> dict:
    """The case's active pauses by subject, read once per page (kept on the page's case object)."""
    if not hasattr(case, CACHE):
        pauses = (
            CriminalProceedingsPause.objects.active()
            .filter(subject__case=case)
            .select_related("subject__person", "subject__case")
            .order_by("subject_id")
        )
        setattr(case, CACHE, {p.subject_id: p for p in pauses})
    return getattr(case, CACHE)


@register.inclusion_tag("conduct/pauses/_case_section.html", takes_context=True)
def pause_warning(context, case):
    return {"active": list(_active(context, case).values())}


@register.inclusion_tag("conduct/pauses/_subject_pause.html", takes_context=True)
def subject_pause(context, subject):
    """The subject's pause, or the link to pause (for a decision-maker: the page's `can_decide`,
    else asked once per page); no query per subject."""
    case = context.get("case") or subject.case
    pause = _active(context, case).get(subject.pk)
    if not hasattr(case, "_can_pause"):
        user = context.get("user")
        may = context.get("can_decide")
        if may is None:
            may = user is not None and can_decide_pause(user, case)
        case._can_pause = bool(may) and case.status == "open"
    can_pause = pause is None and subject.proceedings.stage != "concluded" and case._can_pause
    return {"pause": pause, "subject": subject, "case": case, "can_pause": can_pause}
