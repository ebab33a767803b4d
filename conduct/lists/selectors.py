"""Reads for the Barred List report: the case panel (one query)."""

from django.utils import timezone

from casework import permissions
from conduct.lists.models import ListReport


def panel(case, user) -> dict | None:
    reports = list(
        ListReport.objects.filter(proceedings__subject__case=case).select_related("person", "made_by").order_by("pk")
    )
    if not reports:
        return None
    return {
        "template": "conduct/lists/_case_panel.html",  # the case page places it (hooks.case_page)
        "section": "summary",
        "case": case,
        "reports": reports,
        "can_record": permissions.can_decide(user),
        "today": timezone.localdate(),
    }
