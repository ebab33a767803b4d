"""Case pages: intake (a multi-step form), the case file, and decisions on it. Thin: validate a
form, call one service, redirect. Permission checks come from casework.permissions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework import door, permissions, search
from casework.errors import Refused, add_to_form
from casework.models import CaseSubject, Deadline, Force, Team, User
from casework.models.cases import CaseStatus, Origin, Sensitivity
from casework.roles import Role
from casework.views.filters import ListFilters
from conduct import permissions as conduct_permissions
from conduct.cases import case_page, lifecycle, services
from conduct.cases import selectors as oversight_filters
from conduct.cases.forms import (
    CloseCaseForm,
    SeverityForm,
    TransitionForm,
)
from conduct.models import Allegation, AllegationCategory, Stage

PAGE_SIZE = 25


# Case list --------------------------------------------------------------------------------
def case_list(request):
    if not permissions.can_open_section(request.user, "case-list"):
        raise Http404
    cases, read = _filtered_cases(request)
    filters = read.values
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    search.explain_case_matches(page.object_list, filters["q"])
    if filters.get("overdue") and read.valid:  # say which clock is overdue, and by how much
        overdue = oversight_filters.overdue_deadlines(request.user, page.object_list)
        for case in page.object_list:
            case.overdue_deadline = overdue.get(case.pk)
    _show_case_filters(read)
    return render(
        request,
        "conduct/case_list.html",
        {
            "page": page,
            "can_record": permissions.can_record_cases(request.user),
            "oversight_active": [(k, label, filters[k]) for k, label in OVERSIGHT_PARAMS.items() if filters[k]],
            **read.panel(page, ("case", "cases")),
        },
    )


def _show_case_filters(read):
    """The filter panel (templates/includes/filter_panel.html); the dashboard's filters below
    arrive in links only and are carried through it unchanged."""
    investigators = User.objects.filter(groups__name=Role.INVESTIGATOR.label).order_by("last_name")
    read.show("q", "Search", "search", hint="Reference, subject's name or number, or words in the summary")
    read.show("status", "Status", options=CaseStatus.choices)
    read.show("origin", "Origin", options=Origin.choices)
    read.show("stage", "Subject's stage", options=Stage.choices)
    read.show("category", "Category", options=AllegationCategory.objects.values_list("code", "name"))
    read.show("team", "Team", options=Team.objects.values_list("pk", "name"))
    read.show("investigator", "Investigator", options=[(u.pk, u.get_full_name() or u.username) for u in investigators])
    read.show("force", "Subject's force", options=Force.objects.values_list("pk", "name"))
    read.show("sensitivity", "Sensitivity", options=Sensitivity.choices)
    read.show("received_from", "Received from", "date", hint="For example, 1/1/2026")
    read.show("received_to", "Received to", "date", hint="For example, 31/12/2026")
    read.show("overdue", "Deadlines", options=[("yes", "Has an overdue deadline")])
    read.show("sort", "Sort by", options=SORTS, blank="Newest received", tag=False)


SORTS = [("received", "Oldest received"), ("reference", "Reference")]


# The dashboard's figures link to the list with these: conduct.cases.selectors.
OVERSIGHT_PARAMS = {
    "stage_since_from": "in the current stage since, from",
    "stage_since_to": "in the current stage since, to",
    "closed_from": "closed from",
    "closed_to": "closed to",
    "days_to_close_min": "days to closure, at least",
    "days_to_close_max": "days to closure, at most",
}


def _filtered_cases(request):
    params = request.GET
    cases = permissions.visible_cases(request.user)
    read = ListFilters(params, keep=OVERSIGHT_PARAMS)
    filters = read.values  # what was typed, shown back in the form
    read.text("q")
    status = read.choice("status", CaseStatus.values, "a status")
    origin = read.choice("origin", Origin.values, "an origin")
    stage = read.choice("stage", Stage.values, "a stage")
    category = read.text("category", 60)
    if category and not AllegationCategory.objects.filter(code=category).exists():  # asked only when given
        read.errors["category"] = "Select a category from the list"
    team_id = read.number("team", "a team")
    investigator_id = read.number("investigator", "an investigator")
    force_id = read.number("force", "a force")
    received_from, received_to = read.date_range("received_from", "received_to", ("Received from", "Received to"))
    sensitivity = read.choice("sensitivity", Sensitivity.values, "a sensitivity")
    overdue = read.choice("overdue", {"yes"}, "whether a deadline is overdue")
    sort = read.choice("sort", {"received", "reference"}, "an order")
    if filters["q"]:
        cases = search.cases_matching(cases, filters["q"], narrative=permissions.reads_narratives(request.user))
    if status:
        cases = cases.filter(status=status)
    if origin:
        cases = cases.filter(origin=origin)
    if stage:
        cases = cases.filter(pk__in=CaseSubject.objects.filter(proceedings__stage=stage).values("case_id"))
    if category:
        categorised = Allegation.objects.filter(categories__code=category).values("subject__case_id")
        cases = cases.filter(pk__in=categorised)
    if team_id is not None:
        cases = cases.filter(team_id=team_id)
    if investigator_id is not None:
        cases = cases.filter(investigator_id=investigator_id)
    if force_id is not None:
        cases = cases.filter(pk__in=CaseSubject.objects.filter(person__force_id=force_id).values("case_id"))
    if received_from is not None:
        cases = cases.filter(received_on__gte=received_from)
    if received_to is not None:
        cases = cases.filter(received_on__lte=received_to)
    if sensitivity:
        cases = cases.filter(sensitivity=sensitivity)
    if overdue:  # an open deadline whose due day has ended
        cases = cases.filter(pk__in=Deadline.objects.overdue().values("case_id"))
    cases = _oversight_filters(cases, read)
    if not read.valid:  # never the whole list as if it were filtered (casework.views.filters)
        cases = cases.none()
    order = {"received": ["received_on", "id"], "reference": ["reference"]}.get(sort, ["-received_on", "-id"])
    if filters["q"]:  # best match first: reference, then subjects, then the summary (casework.search)
        order = ["match_rank", *order]
    # Every filter above is a condition on the case row or an IN-subquery (no join multiplies
    # the rows), so the list reads the cases in order off an index and stops at the page; the
    # number of subjects is counted for the rows shown only (docs/performance.md).
    subject_count = (
        CaseSubject.objects.filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cases = (
        cases.select_related("team", "investigator")
        .annotate(subject_count=Coalesce(Subquery(subject_count), 0))
        .order_by(*order)
    )
    return cases, read


def _oversight_filters(cases, read):
    """Time in the current stage, closure dates and time to closure (the dashboard's figures)."""
    since = read.date_range(
        "stage_since_from", "stage_since_to", ("In the stage since, from", "In the stage since, to")
    )
    if any(since):
        cases = cases.filter(oversight_filters.in_stage_since(*since))
    closed = read.date_range("closed_from", "closed_to", ("Closed from", "Closed to"))
    if any(closed):
        cases = cases.filter(oversight_filters.closed_between(*closed))
    days = [_days(read, k, label) for k, label in (("days_to_close_min", "at least"), ("days_to_close_max", "at most"))]
    if any(d is not None for d in days):
        cases = cases.filter(oversight_filters.days_to_close_between(*days))
    return cases


def _days(read, name, bound):
    value = read.text(name, 20)
    days = oversight_filters.parse_days(value) if value else None
    if value and days is None:
        read.errors[name] = f"Days to closure, {bound}, must be a whole number of days, like 30"
    return days


def _querystring_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Decisions on the case (the case page itself is conduct/cases/case_page.py) -------------------
# Steps that end something for good: their form is a confirmation page ("Are you sure", what will
# happen, a warning button and a cancel link); the service call is the same.
DESTRUCTIVE = {
    "withdraw": (
        "The proceedings against {name} end as withdrawn. The subject's stage becomes concluded and no "
        "further step can be taken on these proceedings; the decision is recorded with your name and reasons."
    ),
}


def _subject_for(request, reference, subject_id, transition):
    """The subject if the user may take this decision on its case; 404 otherwise."""
    case = permissions.get_case_or_404(request.user, reference)
    if not conduct_permissions.can_apply(request.user, case, transition):
        raise Http404
    return get_object_or_404(CaseSubject.objects.select_related("person", "proceedings"), pk=subject_id, case=case)


@require_http_methods(["GET", "POST"])
def assess_severity(request, reference, allegation_id):
    case = permissions.get_case_or_404(request.user, reference, for_change=True)
    allegation = get_object_or_404(
        Allegation.objects.select_related("subject__person"), pk=allegation_id, subject__case=case
    )
    form = SeverityForm(request.POST or None)
    door.consult_change_form(request, case)
    if request.method == "POST" and form.is_valid():
        try:
            services.assess_severity(user=request.user, allegation=allegation, **form.cleaned_data)
        except Refused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Severity assessment recorded.")
            return redirect(f"{case_page.section_url(case, 'subjects')}#subject-{allegation.subject_id}")
    return render(request, "conduct/severity_form.html", {"case": case, "allegation": allegation, "form": form})


@require_http_methods(["GET", "POST"])
def transition(request, reference, subject_id, action):
    if action not in lifecycle.TRANSITIONS:
        raise Http404
    subject = _subject_for(request, reference, subject_id, lifecycle.TRANSITIONS[action])
    form = TransitionForm(request.POST or None, action=action, staff_outcomes=lifecycle.staff_outcomes_for(subject))
    door.consult_change_form(request, subject.case, authority=lifecycle.TRANSITIONS[action].by_authority)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.apply_transition(
                user=request.user, proceedings=subject.proceedings, action=action, **form.cleaned_data
            )
        except lifecycle.TransitionRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{subject.person.full_name}: {form.transition.label}.")
            return redirect(_subjects_url(subject))
    confirm = DESTRUCTIVE.get(action, "").format(name=subject.person.full_name)
    return render(
        request,
        "conduct/transition_form.html",
        {"subject": subject, "case": subject.case, "form": form, "confirm": confirm, "back": _subjects_url(subject)},
    )


def _subjects_url(subject):
    return f"{case_page.section_url(subject.case, 'subjects')}#subject-{subject.pk}"


@require_http_methods(["GET", "POST"])
def close_case(request, reference):
    case = permissions.get_case_or_404(request.user, reference, for_change=True)
    form = CloseCaseForm(request.POST or None)
    door.consult_change_form(request, case)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(user=request.user, case=case, reason=form.cleaned_data["reason"])
        except services.ClosureRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Case {case.reference} closed.")
            return redirect(case)
    return render(request, "conduct/close_form.html", {"case": case, "form": form})
