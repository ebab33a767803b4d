"""Record that a Barred List report was made: the appropriate authority's (the chief officer's
duty, s.88A Police Act 1996), on an open or closed case; 404 to anyone else."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import door, permissions
from casework.errors import add_to_form
from conduct.lists import services
from conduct.lists.forms import ReportMadeForm
from conduct.lists.models import ListReport


@require_http_methods(["GET", "POST"])
def record_made(request, reference, report_id):
    case = permissions.get_case_or_404(request.user, reference)
    if not permissions.can_decide(request.user):
        raise Http404
    report = get_object_or_404(
        ListReport.objects.select_related("person"), pk=report_id, proceedings__subject__case=case
    )
    door.consult_change_form(request, case, authority=True)
    form = ReportMadeForm(request.POST or None, initial={"made_on": timezone.localdate()})
    if request.method == "POST" and not report.made and form.is_valid():
        try:
            services.record_made(user=request.user, report=report, data=services.ReportMade(**form.cleaned_data))
        except services.ListRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{report.get_kind_display()} report recorded as made.")
            return redirect(case)
    return render(request, "conduct/lists/record_made.html", {"case": case, "report": report, "form": form})
