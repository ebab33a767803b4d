"""Deadlines: the list (mine, my teams', the department's; overdue, due soon, all open; by kind
and owner) and one deadline's page with its history and the forms to extend or stop it.
Thin: permissions from casework.permissions, changes through casework.deadlines."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casework import deadlines, door, permissions
from casework.errors import add_to_form
from casework.forms.deadlines import ExtendDeadlineForm, StopDeadlineForm
from casework.models import User
from casework.panels import deadline_panels
from casework.permissions import CASE_ROLES
from casework.time_left import time_left, with_time_left
from casework.views.filters import ListFilters

PAGE_SIZE = 25
SOON_WORKING_DAYS = 5
SCOPES = {"mine": "Mine", "team": "My teams", "department": "Department"}
BUCKETS = {
    "open": "All open",
    "soon": f"Due in the next {SOON_WORKING_DAYS} working days",
    "overdue": "Overdue",
}


# List -------------------------------------------------------------------------------------
@require_GET
def deadline_list(request):
    user = request.user
    if not permissions.can_view_deadlines(user):
        raise Http404
    read = ListFilters(request.GET, keep=("scope",))
    scope = read.choice("scope", SCOPES, "whose deadlines", default="mine")
    chosen = {"bucket": read.choice("bucket", BUCKETS, "which deadlines to show", default="open")}
    if scope == "department" and not permissions.can_view_department_deadlines(user):
        raise Http404
    in_scope = _in_scope(user, scope)
    kinds = list(in_scope.values("kind").annotate(label=Max("label")).order_by("label"))
    chosen["kind"] = read.choice("kind", {k["kind"] for k in kinds}, "a kind of deadline")
    chosen["owner"] = read.number("owner", "an owner")
    owners = list(_owners(user, scope))
    _show_filters(read, kinds, owners)
    now = timezone.now()
    rows = _filtered(in_scope, chosen, now).select_related("case", "person", "owner").order_by("due_at", "id")
    if not read.valid:  # never every deadline as if filtered (casework.views.filters)
        rows = rows.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    with_time_left(page.object_list, now=now)  # an overdue one says by how much (casework.time_left)
    return render(
        request,
        "casework/deadline_list.html",
        {
            "page": page,
            "scopes": _allowed_scopes(user),
            "scope": scope,
            "bucket": chosen["bucket"],
            "now": now,
            **read.panel(page, NOUNS),
        },
    )


NOUNS = ("open deadline", "open deadlines")


def _show_filters(read, kinds, owners):
    read.show("bucket", "Show", options=BUCKETS.items(), blank=None, default="open")
    read.show("kind", "Clock", options=[(k["kind"], k["label"]) for k in kinds])
    if owners:  # "Mine" has no one else to choose
        read.show("owner", "Owner", options=[(u.pk, u.get_full_name() or u.username) for u in owners], blank="Anyone")


def _allowed_scopes(user) -> dict:
    if permissions.can_view_department_deadlines(user):
        return SCOPES
    return {key: label for key, label in SCOPES.items() if key != "department"}


def _in_scope(user, scope):
    """Open deadlines of the scope, on cases the user may see."""
    deadlines_seen = permissions.visible_deadlines(user).open()
    if scope == "mine":
        return deadlines_seen.filter(owner=user)
    if scope == "team":
        return deadlines_seen.filter(case__team__members=user)
    return deadlines_seen


def _filtered(in_scope, chosen, now):
    rows = in_scope
    if chosen["bucket"] == "overdue":
        rows = rows.overdue(now)
    elif chosen["bucket"] == "soon":
        rows = rows.due_within(SOON_WORKING_DAYS, now=now)
    if chosen["kind"]:
        rows = rows.filter(kind=chosen["kind"])
    if chosen["owner"] is not None:
        rows = rows.filter(owner_id=chosen["owner"])
    return rows


def _owners(user, scope):
    """Whom the list can be narrowed to: my teams' members, or everyone doing casework."""
    if scope == "mine":
        return User.objects.none()
    if scope == "team":
        people = User.objects.filter(teams__members=user)
    else:
        people = User.objects.filter(groups__name__in=[role.label for role in CASE_ROLES])
    return people.distinct().order_by("last_name", "first_name", "username")


# One deadline -----------------------------------------------------------------------------
@require_GET
def deadline_detail(request, pk):
    deadline = permissions.get_deadline_or_404(request.user, pk)
    case = deadline.case
    # Seeing a case's deadline is seeing the case: logged with its purpose (s.62), as the case page.
    door.consult_case(request, case)
    return _detail_page(request, deadline, ExtendDeadlineForm(), StopDeadlineForm())


def _detail_page(request, deadline, extend_form, stop_form, status=200):
    return render(
        request,
        "casework/deadline_detail.html",
        {
            "deadline": deadline,
            "time_left": time_left(deadline.due_at) if deadline.is_open else "",
            "case": deadline.case,
            "history": deadlines.history(deadline),
            "panels": deadline_panels(request, deadline),
            "can_change": permissions.can_change_deadline(request.user, deadline),
            "extend_form": extend_form,
            "stop_form": stop_form,
        },
        status=status,
    )


def _deadline_to_change(request, pk):
    deadline = permissions.get_deadline_or_404(request.user, pk)
    if not permissions.can_change_deadline(request.user, deadline):
        raise Http404
    return deadline


@require_POST
def extend_deadline(request, pk):
    deadline = _deadline_to_change(request, pk)
    form = ExtendDeadlineForm(request.POST)
    if form.is_valid():
        try:
            deadline = deadlines.extend_deadline(
                deadline=deadline,
                new_due_on=form.cleaned_data["new_due_on"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except deadlines.DeadlineRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Deadline extended to {deadline.due_on.day} {deadline.due_on:%B %Y}.")
            return redirect(deadline)
    return _detail_page(request, deadline, form, StopDeadlineForm())


@require_POST
def stop_deadline(request, pk):
    deadline = _deadline_to_change(request, pk)
    form = StopDeadlineForm(request.POST)
    if form.is_valid():
        try:
            deadline = deadlines.stop_deadline(
                deadline=deadline, reason=form.cleaned_data["reason"], actor=request.user
            )
        except deadlines.DeadlineRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Deadline {deadline.get_state_display().lower()}.")
            return redirect(deadline)
    return _detail_page(request, deadline, ExtendDeadlineForm(), form)
