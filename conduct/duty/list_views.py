"""/suspensions/: the manager's lists (awaiting approval, reviews due, in force), one person's
history, the risk views, the consistency view, their CSV exports, and the home-page counts.
Reads come from conduct.duty.selectors (a bounded number of queries per page, whatever the data);
who may see what from conduct.permissions, scoped to the cases the user may open."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework import csv_export, door, permissions
from casework.models import Person
from casework.views.common import clean_param
from casework.views.filters import ListFilters
from conduct import permissions as conduct_permissions
from conduct.duty import selectors as queries
from conduct.duty.models import IMPOSING_KINDS
from conduct.models import AllegationCategory, DutyKind

PAGE_SIZE = 25
MANAGER_TABS = {
    "awaiting": "Awaiting approval",
    "due": "Reviews due this week or overdue",
    "active": "In force",
}
RISK_TABS = {
    "criminal": "Under criminal investigation or convicted, on public-facing duty",
    "sexual": "Sexual-misconduct, domestic-abuse or VAWG allegation, on public-facing duty",
    "overdue": "Decisions in force with the review overdue",
    "no_reason": "Left on full duty without a recorded reason",
}
CRIMINAL_FILTERS = {
    "": "Either",
    "live": "Criminal investigation open or charged",
    "none": "No live criminal investigation",
}


def _querystring_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


# The manager's lists ----------------------------------------------------------------------
@require_GET
def suspension_list(request):
    user = request.user
    if not conduct_permissions.can_view_duty_decisions(user):
        raise Http404
    read = ListFilters(request.GET, keep=("tab",))
    tab = read.choice("tab", MANAGER_TABS, "a list", default="awaiting")
    kind = read.choice("kind", IMPOSING_KINDS, "a kind of decision")
    read.show("kind", "Decision", options=[(k.value, k.label) for k in DutyKind if k in IMPOSING_KINDS])
    since = {"effective_from": None, "effective_to": None}
    if tab == "active":  # only a decision in force has a day it came into force
        dates = read.date_range("effective_from", "effective_to", ("In force from", "In force to"))
        since = dict(zip(since, dates, strict=True))
        read.show("effective_from", "In force from", "date", hint="For example, 1/1/2026")
        read.show("effective_to", "In force to", "date", hint="For example, 31/12/2026")
    rows = {
        "awaiting": lambda: queries.awaiting_approval(user),
        "due": lambda: queries.reviews_due(user),
        "active": lambda: queries.in_force(user, **since),
    }[tab]()
    if kind:
        rows = rows.filter(kind=kind)
    if not read.valid:  # never the whole list as if filtered (casework.views.filters)
        rows = rows.none()
    if tab == "active":  # paginated bare, then the page's decisions read with their reviews
        page = _page(request, rows.values_list("pk", flat=True))
        page.object_list = queries.in_force_rows(user, list(page.object_list))
    else:
        page = _page(request, rows)
    return render(
        request,
        "conduct/duty/suspension_list.html",
        {
            "tab": tab,
            "tabs": MANAGER_TABS,
            "counts": queries.cached_counts(user),
            "page": page,
            "today": timezone.localdate(),
            "can_view_risk": conduct_permissions.can_view_duty_risk(user),
            **read.panel(page, ("decision", "decisions")),
        },
    )


@require_GET
def person_history(request, pk):
    user = request.user
    person = door.open_person(
        request,
        pk,
        may_see=conduct_permissions.can_view_duty_decisions,
        people=Person.objects.select_related("force", "rank").with_current_status(),
    )
    return render(
        request,
        "conduct/duty/person_history.html",
        {
            "person": person,
            "page": _page(request, queries.person_history(user, person)),
            "duty_statuses": person.duty_statuses.select_related("decided_by")[:50],
            "querystring": _querystring_without_page(request),
        },
    )


# Risk -------------------------------------------------------------------------------------
def _risk_rows(user, tab):
    return {
        "criminal": queries.criminal_on_public_duty,
        "sexual": queries.sexual_on_public_facing,
        "overdue": queries.overdue_reviews,
        "no_reason": queries.full_duty_without_reason,
    }[tab](user)


def _needing_action_first(user, tab, counts, *, undecided):
    return queries.NeedingActionFirst(
        _risk_rows(user, tab), undecided=counts[f"{tab}_undecided"], total=counts[tab], only_undecided=undecided
    )


def _undecided(request) -> bool:
    return clean_param(request.GET, "decision", 10) == "none"


def _risk_tab(request):
    tab = clean_param(request.GET, "list", 20)
    return tab if tab in RISK_TABS else "criminal"


@require_GET
def risk(request):
    user = request.user
    if not conduct_permissions.can_view_duty_risk(user):
        raise Http404
    tab = _risk_tab(request)
    subjects_tab = tab in ("criminal", "sexual")
    undecided = subjects_tab and _undecided(request)
    # The lists' sizes in the tabs: the same figures as the Needs-action cards, cached per user for a
    # minute and invalidated by every change (casework/figures.py).
    counts = queries.cached_risk_counts(user)
    if subjects_tab:
        # Those needing action first, paginated on ids in index order, then the page's 25 read whole:
        # sorting the whole list, or carrying every column of each subject through a sort, cost more
        # than the page. The sizes are the tabs' figures (counting again cost as much as the page).
        page = _page(request, _needing_action_first(user, tab, counts, undecided=undecided))
        page.object_list = queries.subjects_by_id(user, page.object_list)
    else:
        page = _page(request, _risk_rows(user, tab))
    return render(
        request,
        "conduct/duty/risk.html",
        {
            "tab": tab,
            "tabs": RISK_TABS,
            "counts": counts,
            "page": page,
            "rows": queries.attach_last_decisions(page.object_list) if subjects_tab else page.object_list,
            "subjects_tab": subjects_tab,
            "undecided": undecided,
            "querystring": _querystring_without_page(request),
            "today": timezone.localdate(),
        },
    )


# Consistency ------------------------------------------------------------------------------
@require_GET
def consistency(request):
    user = request.user
    if not conduct_permissions.can_view_duty_decisions(user):
        raise Http404
    filters = {name: clean_param(request.GET, name, 60) for name in ("category", "criminal", "case")}
    categories = list(AllegationCategory.objects.all())
    category = next((c for c in categories if c.code == filters["category"]), None)
    filters["criminal"] = filters["criminal"] if filters["criminal"] in CRIMINAL_FILTERS else ""
    case = permissions.visible_cases(user).filter(reference=filters["case"]).first() if filters["case"] else None
    page = rows = None
    if category is not None:
        page = _page(
            request, queries.consistency(user, category=category.code, criminal=filters["criminal"], case=case)
        )
        rows = queries.attach_last_decisions(page.object_list)
    return render(
        request,
        "conduct/duty/consistency.html",
        {
            "filters": filters,
            "categories": categories,
            "category": category,
            "criminal_filters": CRIMINAL_FILTERS,
            "case": case,
            "case_not_found": bool(filters["case"]) and case is None,
            "external_links": queries.external_links(case) if case else [],
            "page": page,
            "rows": rows,
            "querystring": _querystring_without_page(request),
            "can_view_risk": conduct_permissions.can_view_duty_risk(user),
        },
    )


# Exports ----------------------------------------------------------------------------------
def _stream(filename, header, rows):
    # Streamed, so a long list never sits in memory whole.
    return csv_export.streamed(f"{filename}-{timezone.localdate():%Y-%m-%d}.csv", rows, header=header)


def _log_export(request, label):
    door.log_listing(request, label, purpose=f"Export: {label}")


ACTIVE_HEADER = [
    "case",
    "name",
    "number",
    "force",
    "decision",
    "in force from",
    "days in force",
    "reviews",
    "next review due",
    "decided by",
    "reasons",
]


@require_GET
def export_active(request):
    user = request.user
    if not conduct_permissions.can_view_duty_decisions(user):
        raise Http404
    _log_export(request, "Suspensions and restrictions in force (CSV)")
    rows = (
        (
            d.subject.case.reference,
            d.subject.person.full_name,
            d.subject.person.number,
            d.subject.person.force.name,
            d.get_kind_display(),
            d.effective_on.isoformat(),
            d.days_in_force,
            d.review_count,
            d.review_due_on.isoformat() if d.review_due_on else "",
            d.decided_by.get_full_name() or d.decided_by.username,
            d.reasons_summary,
        )
        for d in queries.in_force_with_reviews(user).iterator(chunk_size=500)
    )
    return _stream("suspensions-in-force", ACTIVE_HEADER, rows)


SUBJECT_HEADER = [
    "case",
    "name",
    "number",
    "force",
    "duty status",
    "criminal investigation",
    "last decision",
    "decision state",
    "decided",
    "reasons",
    "other force's decision",
]


@require_GET
def export_risk(request):
    user = request.user
    if not conduct_permissions.can_view_duty_risk(user):
        raise Http404
    tab = _risk_tab(request)
    _log_export(request, f"Risk view: {RISK_TABS[tab]} (CSV)")
    if tab in ("criminal", "sexual"):
        rows = _needing_action_first(user, tab, queries.cached_risk_counts(user), undecided=_undecided(request))
        return _stream(f"risk-{tab}", SUBJECT_HEADER, _subject_lines(user, rows))
    return _stream(f"risk-{tab}", ACTIVE_HEADER, _decision_lines(_risk_rows(user, tab)))


def _subject_lines(user, rows, batch=500):
    """A page of subjects at a time, in the list's order, with their last decisions in one query per
    page."""
    from casework.models import DutyStatus

    labels = dict(DutyStatus.choices)
    paginator = Paginator(rows, batch)
    for number in paginator.page_range:
        for s in queries.attach_last_decisions(queries.subjects_by_id(user, paginator.page(number).object_list)):
            d = s.last_decision
            yield (
                s.case.reference,
                s.person.full_name,
                s.person.number,
                s.person.force.name,
                labels.get(s.current_status, "Not recorded"),
                "Open or charged" if s.criminal_live else "None live",
                d.get_kind_display() if d else "No duty decision",
                d.get_state_display() if d else "",
                d.decided_at.date().isoformat() if d and d.decided_at else "",
                (d.decision_reasons or d.reasons_summary) if d else "",
                _other_force_text(s),
            )


def _other_force_text(row) -> str:
    """A cross-force subject's force's reported decision, as the risk list shows it."""
    if not row.other_force:
        return ""
    o = row.other_decision
    if o is None:
        return "Other force: decision not known"
    return f"Decision by {o.force.name}: {o.get_duty_status_display()}, {o.role_label}, {o.decided_on.isoformat()}"


def _decision_lines(rows):
    for d in rows.iterator(chunk_size=500):
        review_due = getattr(d, "review_due_on", None)
        yield (
            d.subject.case.reference,
            d.subject.person.full_name,
            d.subject.person.number,
            d.subject.person.force.name,
            d.get_kind_display(),
            d.effective_on.isoformat() if d.effective_on else "",
            d.days_in_force,
            "",
            review_due.isoformat() if review_due else "",
            (d.decided_by.get_full_name() or d.decided_by.username) if d.decided_by else "",
            d.reasons_summary,
        )


# My work ----------------------------------------------------------------------------------
def home_panel(request):
    """Counts for decision-makers on "My work": what waits for them. Who is at risk is the "Needs
    action" cards' (conduct/oversight/needs_action.py), above this panel: not said twice."""
    user = request.user
    if not conduct_permissions.can_view_duty_risk(user):
        return None
    return {"counts": queries.cached_counts(user)}
