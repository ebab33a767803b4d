"""The Barred and Advisory List report pages: check the report (its content, prepared by the case
team or an appropriate authority), approve and send it (an appropriate authority other than the
preparer), record it made by other means or the College's acknowledgement, and the force-wide list.
Thin: the record through the door (404 to outsiders), one service call, redirect; bad input gets
its messages with a 400."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casework import door, permissions
from casework.errors import add_to_form
from casework.views.filters import ListFilters
from conduct.lists import content, selectors, services
from conduct.lists.forms import (
    KIND_CHOICES,
    STATE_CHOICES,
    AcknowledgeForm,
    PrepareAfterLeavingForm,
    PrepareForm,
    ReportMadeForm,
)
from conduct.lists.models import ListReport, ReportState

PAGE_SIZE = 25


def _report_or_404(request, report_id, *, reference=None, authority=False) -> ListReport:
    """The report, if the user may see its case (or, for one without a case, is an appropriate
    authority) and may prepare it (or, with `authority`, decide); its consultation logged."""
    user = request.user
    report = (
        ListReport.objects.select_related(
            "person__force", "person__rank", "case", "proceedings", "letter", "follows", "prepared_by", "approved_by"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None or (reference is not None and (report.case is None or report.case.reference != reference)):
        raise Http404
    if report.case_id:
        report.case = permissions.get_case_or_404(user, report.case.reference)
    allowed = permissions.can_decide(user) if authority or not report.case_id else selectors.may_prepare(user, report)
    if not allowed:
        raise Http404
    if report.case_id:
        door.consult_change_form(request, report.case, authority=authority, person=report.person)
    elif request.method == "GET":
        door.consult_person(request, report.person)
    return report


def _items(report, user):
    items = content.build(report) if report.state == ReportState.DUE else report.content
    items = [item.as_dict() if isinstance(item, content.Item) else dict(item) for item in items]
    if not permissions.can_view_special_category(user):
        for item in items:
            if item.get("special"):
                item["value"] = "Held: in the report; shown only to those who may see special category data"
    return items


def _back(report):
    return redirect(report.case) if report.case_id else redirect("list-report", report.pk)


@require_http_methods(["GET", "POST"])
def report_page(request, report_id):
    """Check the report: its items as the regulation lists them, and the step it is at."""
    report = _report_or_404(request, report_id)
    user = request.user
    form_class = PrepareAfterLeavingForm if services.asks_how_they_left(report) else PrepareForm
    prepare_form = form_class(
        request.POST if request.method == "POST" else None,
        initial={"summary": report.summary or content.default_summary(report)},
    )
    status = 200
    if request.method == "POST":
        if report.state not in (ReportState.DUE, ReportState.PREPARED):
            messages.error(request, "This report was already sent.")
            return redirect("list-report", report.pk)
        if prepare_form.is_valid():
            try:
                services.prepare(user=user, report=report, **prepare_form.cleaned_data)
            except services.ListRefused as refusal:
                add_to_form(prepare_form, refusal)
            else:
                messages.success(
                    request, f"{report.get_kind_display()} report prepared: an appropriate authority approves it."
                )
                return redirect("list-report", report.pk)
        status = 400
    context = {
        "report": report,
        "items": _items(report, user),
        "missing": [item.label for item in content.missing(content.build(report))]
        if report.state == ReportState.DUE
        else [],
        "form": prepare_form,
        "can_decide": permissions.can_decide(user),
        "may_approve": permissions.can_decide(user) and report.prepared_by_id not in (None, user.pk),
        "acknowledge_form": AcknowledgeForm(initial={"acknowledged_on": timezone.localdate()}),
        "today": timezone.localdate(),
    }
    return render(request, "conduct/lists/report.html", context, status=status)


@require_http_methods(["POST"])
def approve(request, report_id):
    report = _report_or_404(request, report_id, authority=True)
    try:
        services.approve_and_send(user=request.user, report=report)
    except services.ListRefused as refusal:
        for message, _field in refusal.problems:
            messages.error(request, message)
    else:
        messages.success(request, f"{report.get_kind_display()} report approved: the letter is in the outbox.")
    return redirect("list-report", report.pk)


@require_http_methods(["GET", "POST"])
def acknowledge(request, report_id):
    report = _report_or_404(request, report_id, authority=True)
    form = AcknowledgeForm(request.POST or None, initial={"acknowledged_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.acknowledge(user=request.user, report=report, **form.cleaned_data)
            except services.ListRefused as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, "The College's acknowledgement is recorded.")
                return redirect("list-report", report.pk)
        status = 400
    return render(request, "conduct/lists/acknowledge.html", {"report": report, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def record_made(request, report_id, reference=None):
    """Record that the report was made by other means: the appropriate authority's (the chief
    officer's duty, s.88A Police Act 1996), on an open or closed case; 404 to anyone else."""
    report = _report_or_404(request, report_id, reference=reference, authority=True)
    form = ReportMadeForm(request.POST or None, initial={"made_on": timezone.localdate()})
    status = 200
    if request.method == "POST" and not report.made:
        if form.is_valid():
            try:
                services.record_made(user=request.user, report=report, data=services.ReportMade(**form.cleaned_data))
            except services.ListRefused as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, f"{report.get_kind_display()} report recorded as made.")
                return _back(report)
        status = 400
    return render(
        request,
        "conduct/lists/record_made.html",
        {"case": report.case, "report": report, "form": form},
        status=status,
    )


@require_GET
def report_list(request):
    """Barred and Advisory List reports, force-wide: overdue first; filtered by state and list."""
    if not selectors.can_view_list(request.user):
        raise Http404
    read = ListFilters(request.GET)
    state = read.choice("state", dict(STATE_CHOICES), "a state")
    kind = read.choice("kind", dict(KIND_CHOICES), "a list")
    read.show("state", "State", options=STATE_CHOICES)
    read.show("kind", "List", options=KIND_CHOICES)
    rows = selectors.report_list(state=state, kind=kind)
    if not read.valid:  # never the whole list as if filtered (casework.views.filters)
        rows = rows.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conduct/lists/list.html",
        {"page": page, "today": timezone.localdate(), **read.panel(page, ("report", "reports"))},
        status=200 if read.valid else 400,
    )
