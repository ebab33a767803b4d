"""Counts at the top of "My work" for every role: my open cases, my deadlines (and
how many are overdue), the decisions waiting for me, my unread notifications. Each count links
to the list it counts. All of them in one query (scalar subqueries), so the home page's
query count stays bounded."""

from django.urls import reverse
from django.utils import timezone

from casework import figures, start_pages
from casework import permissions as casework_permissions
from casework.models import Deadline
from conduct.duty import selectors as duty_queries
from conduct.models import FlagState, Stage
from conduct.oversight.early_warning import visible_flags
from conduct.permissions import can_view_flags
from notifications.models import Notification


def _querysets(user) -> dict:
    mine = Deadline.objects.open().filter(owner=user).visible_to(user)
    querysets = {"cases": casework_permissions.my_open_cases(user)}
    if casework_permissions.can_view_deadlines(user):
        querysets["deadlines"] = mine
        querysets["overdue"] = mine.filter(due_at__lt=timezone.now())
    if casework_permissions.can_decide(user):
        querysets["approvals"] = duty_queries.awaiting_approval(user)
    if can_view_flags(user):
        querysets["flags"] = visible_flags(user).filter(state=FlagState.OPEN)
    if casework_permissions.has_role(user, casework_permissions.Role.INVESTIGATOR):
        querysets["assessments"] = (
            casework_permissions.visible_cases(user)
            .open()
            .filter(investigator=user, subjects__proceedings__stage=Stage.ASSESSMENT)
            .distinct()
        )
    return querysets


# Cases and flags (changes naming no topic), deadlines, duty decisions awaiting approval: not
# letters (casework.figures).
@figures.figure("my-work", topics=(figures.DEADLINES, figures.DUTY))
def _counts(user) -> dict:
    return figures.counts_in_one_query(_querysets(user))


def home_panel(request):
    user = request.user
    if start_pages.only_oversees(user):  # an auditor's or administrator's home is their start page
        return None
    # Cached for at most a minute (casework.figures); unread notifications are counted fresh.
    counts = figures.cached_figure(user, "my-work")  # _counts
    unread = Notification.objects.filter(user=user, read_at=None).count()
    items = [("Open cases of mine or my team's", counts["cases"], f"{reverse('case-list')}?status=open", "")]
    if "deadlines" in counts:
        overdue = f"{counts['overdue']} overdue" if counts["overdue"] else ""
        items.append(("My deadlines", counts["deadlines"], f"{reverse('deadline-list')}?scope=mine", overdue))
    decisions = []
    if "assessments" in counts:
        url = f"{reverse('case-list')}?status=open&stage={Stage.ASSESSMENT}&investigator={user.pk}"
        decisions.append(("Cases of mine awaiting a severity assessment", counts["assessments"], url, ""))
    if "approvals" in counts:
        url = f"{reverse('suspension-list')}?tab=awaiting"
        decisions.append(("Duty decisions awaiting approval", counts["approvals"], url, ""))
    if "flags" in counts:
        decisions.append(
            ("Early-warning flags to deal with", counts["flags"], f"{reverse('flag-list')}?state=open", "")
        )
    return {
        "items": items + decisions,
        "notifications": unread,
        "dashboard": casework_permissions.can_open_section(user, "dashboard"),
    }
