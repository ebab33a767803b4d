"""The "Duty decisions" section of the case page: `{% load duty %}{% duty_section %}`.

One query, however many subjects and decisions: the case's decisions with their review dates
and number of reviews. The subjects, their allegations and the user's rights come from the case
page's own context, which has already loaded them."""

from django import template
from django.db.models import Count
from django.utils import timezone

from casework.models.cases import CaseStatus
from conduct.models import DecisionState, DutyDecision, DutyKind, Stage

register = template.Library()


@register.inclusion_tag("conduct/duty/_case_section.html", takes_context=True)
def duty_section(context):
    case = context["case"]
    if not context.get("narrative", False):
        return {"hidden": True}  # the reasons are narrative: auditors see the case's metadata only
    decisions = list(
        DutyDecision.objects.filter(subject__case=case)
        .with_review_due()
        .annotate(review_count=Count("reviews"))
        .select_related("subject__case", "proposed_by", "decided_by")
        .order_by("-proposed_at", "-id")
    )
    open_case = case.status == CaseStatus.OPEN
    can_decide = open_case and context.get("can_decide", False)
    rows = [_row(subject, decisions, can_decide) for subject in context["subjects"]]
    return {
        "case": case,
        "rows": rows,
        "decisions": decisions,
        "can_propose": open_case and context.get("can_change", False),
        "narrative": context.get("narrative", False),
        "today": timezone.localdate(),
    }


def _row(subject, decisions, can_decide):
    mine = [d for d in decisions if d.subject_id == subject.pk]
    allegations = list(subject.allegations.all())  # prefetched by the case page
    proceedings = getattr(subject, "proceedings", None)
    concluded = proceedings is not None and proceedings.stage == Stage.CONCLUDED
    in_force = next((d for d in mine if d.state == DecisionState.ACTIVE), None)
    return {
        "subject": subject,
        "in_force": in_force,
        "proposal": next((d for d in mine if d.state == DecisionState.PROPOSED), None),
        "last": mine[0] if mine else None,
        "criminal": any(a.criminal_risk for a in allegations),
        "sexual": any(c.sexual_or_vawg for a in allegations for c in a.categories.all()),
        "concluded": concluded,
        # An appropriate authority may suspend at once unless the subject is already suspended.
        "urgent": can_decide and not concluded and (in_force is None or in_force.kind != DutyKind.SUSPEND),
    }
