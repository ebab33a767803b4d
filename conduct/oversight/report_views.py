"""/reports/monthly/: monthly statistics for a chosen period, as a page, CSV and PDF,
for the head of PSD and appropriate authorities; everyone else gets 404. Thin: the period form
(conduct.oversight.report_forms), the figures (conduct.oversight.reports), the PDF (notifications.pdf)."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework import csv_export, figures
from conduct.oversight import reports
from conduct.oversight.report_forms import PeriodForm
from conduct.permissions import can_view_oversight
from notifications.pdf import html_to_pdf


def _report(request):
    """(form, report): the report for the period asked, or for last month when none was asked;
    report None when the period is not valid."""
    if not can_view_oversight(request.user):
        raise Http404
    if not any(name in request.GET for name in PeriodForm.base_fields):
        start, end = reports.previous_month()
        form = PeriodForm(PeriodForm.initial_for(start, end))
    else:
        form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, None
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    # Cached per user and period for at most a minute and recomputed after any change it counts
    # (casework.figures): a year of cases is several grouped passes (docs/performance.md).
    return form, figures.cached(
        request.user, f"monthly:{start}:{end}", lambda: reports.monthly(request.user, start, end)
    )


def _filename(report, extension):
    return f"psd-statistics-{report.start:%Y-%m-%d}-to-{report.end:%Y-%m-%d}.{extension}"


@require_GET
def monthly(request):
    form, report = _report(request)
    query = request.GET.urlencode() or "&".join(f"{k}={v}" for k, v in form.data.items())
    return render(request, "conduct/reports/monthly.html", {"form": form, "report": report, "query": query})


def _back_to_form(request):
    return redirect(f"{reverse('report-monthly')}?{request.GET.urlencode()}")


@require_GET
def monthly_csv(request):
    form, report = _report(request)
    if report is None:
        return _back_to_form(request)
    return csv_export.whole(_filename(report, "csv"), _csv_rows(report))


def _csv_rows(report):
    yield ["Period start", report.start.isoformat(), "Period end", report.end.isoformat()]
    for title, headings, rows in report.tables:
        yield []
        yield [title, *headings[1:]]
        yield from rows


@require_GET
def monthly_pdf(request):
    form, report = _report(request)
    if report is None:
        return _back_to_form(request)
    html = render_to_string("conduct/reports/monthly_pdf.html", {"report": report})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "pdf")}"'
    return response
