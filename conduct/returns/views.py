"""/returns/home-office/: the Home Office police misconduct return for a financial year: what
stops each case being exported (with the page that fixes it), the suspension figures, and the
streamed CSV. Administrators holding the special-category permission only; 404 to anyone else.
Every view is logged with its purpose: the page and the exports show special category data (or
who lacks it)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework import csv_export, door
from conduct.permissions import can_make_home_office_return
from conduct.returns import columns, selectors
from conduct.returns.forms import YearForm


def _log(request, year, what):
    label = f"Home Office police misconduct return {year.label}: {what}"
    door.log_listing(request, label, purpose=label)


def _year(request):
    """(form, year or None); 404 to anyone who may not make the return."""
    if not can_make_home_office_return(request.user):
        raise Http404
    data = request.GET if "year" in request.GET else {"year": str(selectors.current_year().start_year)}
    form = YearForm(data)
    return form, (form.cleaned_data["year"] if form.is_valid() else None)


def page_url(year) -> str:
    return f"{reverse('home-office-return')}?year={year.start_year}"


@require_GET
def home_office_return(request):
    form, year = _year(request)
    context = {"form": form, "year": year, "columns": columns.COLUMNS}
    if year is not None:
        _log(request, year, "validation and suspension figures (protected characteristics checked)")
        check = selectors.validate(year, back=page_url(year))
        context.update(
            check=check,
            flagged=list(check.flagged.values()),
            suspension_header=selectors.SUSPENSION_HEADER,
            suspensions=selectors.suspension_table(year),
        )
    return render(request, "conduct/returns/home_office.html", context)


def _back(request, year=None, message=None):
    if message:
        messages.error(request, message)
    if year is None:
        return redirect(f"{reverse('home-office-return')}?{request.GET.urlencode()}")
    return redirect(page_url(year))


@require_GET
def return_csv(request):
    """The return: streamed, a chunk of cases at a time. With cases flagged, only when the user
    confirmed exporting anyway with that many flagged (the number they saw, still true now)."""
    form, year = _year(request)
    if year is None:
        return _back(request, message=form.errors["year"][0])
    flagged = len(selectors.validate(year, back=page_url(year)).flagged)
    if flagged and request.GET.get("confirm") != str(flagged):
        return _back(
            request,
            year,
            f"{flagged} case{'s are' if flagged != 1 else ' is'} flagged: fix them, or confirm that you export "
            "anyway with them flagged.",
        )
    _log(request, year, f"export with protected characteristics ({flagged} cases flagged)")
    return csv_export.streamed(
        f"home-office-misconduct-return-{year.label}.csv", selectors.rows(year), header=columns.HEADER
    )


@require_GET
def suspensions_csv(request):
    form, year = _year(request)
    if year is None:
        return _back(request, message=form.errors["year"][0])
    _log(request, year, "suspension figures")
    return csv_export.whole(
        f"home-office-suspensions-{year.label}.csv",
        selectors.suspension_table(year),
        header=selectors.SUSPENSION_HEADER,
    )
