"""The report pages: record a report on the case (with a check-your-answers step before the
letters go) and the force-wide list of reports due. Thin: the case through the door (404 to
outsiders), one service call, redirect."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.errors import add_to_form
from conduct.cases.change_views import open_case
from conduct.progress_reports import recipients, selectors, services
from conduct.progress_reports.forms import ReportForm

PAGE_SIZE = 25


@open_case()
def record_report(request, case):
    people = recipients.addressees(case)
    clock = services.due_clock(case)
    form = ReportForm(request.POST or None, addressees=people)
    context = {
        "case": case,
        "form": form,
        "clock": clock,
        "addressees": people,
        "reported_by_iopc": recipients.reported_by_iopc(case),
        "iopc_note": recipients.IOPC_REPORTS,
    }
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "yes":
            withheld = form.withheld()
            return render(
                request,
                "conduct/progress_reports/confirm.html",
                {
                    **context,
                    "withheld": withheld,
                    "answers": request.POST.items(),
                },
            )
        try:
            services.record_report(user=request.user, case=case, data=form.report_input(), withheld=form.withheld())
        except services.ReportRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Report recorded; its letters are in the outbox.")
            return redirect(case)
    return render(request, "conduct/progress_reports/record.html", context)


@require_GET
def reports_due(request):
    if not selectors.can_view_due_list(request.user):
        raise Http404
    page = Paginator(selectors.due_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conduct/progress_reports/due.html",
        {"page": page, "days": selectors.DUE_SOON_DAYS, "today": timezone.localdate()},
    )
