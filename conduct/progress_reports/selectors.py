"""Reads for the report pages: the case panel (a fixed number of queries) and the force-wide list
of investigations whose report is due or overdue."""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from casework import permissions
from casework.models import Deadline
from casework.roles import Role
from conduct.progress_reports.models import ProgressReport, ReportCopy
from conduct.progress_reports.services import REPORT_CLOCKS, due_clock

# The panel shows, and the list counts as due, a report clock falling due within this many days:
# a report takes preparing (reg 19(1) asks for "as soon as practicable" after the period ends).
DUE_SOON_DAYS = 28
MANAGER_ROLES = frozenset({Role.APPROPRIATE_AUTHORITY, Role.HEAD_OF_PSD})


def reports_of(case):
    copies = ReportCopy.objects.select_related("letter").order_by("pk")
    return list(
        ProgressReport.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("copies", queryset=copies))
    )


def panel(case, user) -> dict | None:
    """The 12-month report panel's context, or None when no report is near due and none was made."""
    clock = due_clock(case)
    soon = timezone.localdate() + timedelta(days=DUE_SOON_DAYS)
    reports = reports_of(case)
    if not reports and (clock is None or clock.due_on > soon):
        return None
    return {
        "template": "conduct/progress_reports/_case_panel.html",  # the case page places it (hooks.case_page)
        "section": "summary",
        "case": case,
        "clock": clock,
        "overdue": clock is not None and clock.due_on < timezone.localdate(),
        "reports": reports,
        "can_record": clock is not None and permissions.can_change_case(user, case),
        "show_narrative": permissions.can_read_narrative(user, case),
    }


def can_view_due_list(user) -> bool:
    return user.is_superuser or bool(permissions.roles_of(user) & MANAGER_ROLES)


def due_list():
    """Every open report clock, force-wide, falling due within DUE_SOON_DAYS or overdue: soonest first."""
    soon = timezone.localdate() + timedelta(days=DUE_SOON_DAYS)
    return (
        Deadline.objects.open()
        .filter(kind__in=REPORT_CLOCKS, person=None, due_on__lte=soon, case__isnull=False)
        .select_related("case", "case__investigator", "owner")
        .order_by("due_on", "pk")
    )
