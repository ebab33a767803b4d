"""Reads for the Barred and Advisory List reports: the case panel (one query), the force-wide list
(overdue first, then by due date; filtered by state and list) and who may open what."""

from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone

from casework import permissions
from casework.roles import Role
from conduct.lists.models import ListReport, ReportState

MANAGER_ROLES = frozenset({Role.APPROPRIATE_AUTHORITY, Role.HEAD_OF_PSD})
NOT_MADE = (ReportState.DUE, ReportState.PREPARED)
# The list's "state" filter: the report's own states, and "overdue" (not made, past its due date).
OVERDUE = "overdue"


def can_view_list(user) -> bool:
    """The force-wide list: the appropriate authority and the head of PSD (as the 12-month reports')."""
    return user.is_superuser or bool(permissions.roles_of(user) & MANAGER_ROLES)


def may_prepare(user, report) -> bool:
    """Preparing a report: an appropriate authority, or the case's team when it has a case."""
    if permissions.can_decide(user):
        return True
    return report.case_id is not None and permissions.can_change_case(user, report.case)


def panel(case, user) -> dict | None:
    reports = list(ListReport.objects.filter(case=case).select_related("person", "made_by", "letter").order_by("pk"))
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


def report_list(*, state: str = "", kind: str = ""):
    """Every report, force-wide: those overdue first, then soonest due."""
    today = timezone.localdate()
    overdue = Q(state__in=NOT_MADE, due_on__lt=today)
    rows = ListReport.objects.select_related("person", "case", "letter").annotate(
        is_overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    if state == OVERDUE:
        rows = rows.filter(overdue)
    elif state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-is_overdue", "due_on", "pk")
