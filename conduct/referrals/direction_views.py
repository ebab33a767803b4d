"""IOPC directions and recommendations: the list of those awaiting the force's response, and on a
case's referral the forms to record one and its response. Thin: permissions from
conduct.permissions (404 for outsiders), changes through conduct.referrals.directions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casework import door
from casework.errors import add_to_form
from conduct.models import IopcDirection, Referral
from conduct.permissions import can_record_referral, can_respond_to_iopc, can_view_referrals, referral_case_or_404
from conduct.referrals import directions
from conduct.referrals.forms import DirectionForm, DirectionResponseForm
from conduct.referrals.services import ReferralRefused

PAGE_SIZE = 25


@require_GET
def open_directions(request):
    if not can_view_referrals(request.user):
        raise Http404
    page = Paginator(directions.visible_open(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conduct/referrals/directions.html", {"page": page, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def record_direction(request, reference, pk):
    case = referral_case_or_404(request.user, reference)
    if not can_record_referral(request.user, case):
        raise Http404
    referral = get_object_or_404(Referral, pk=pk, case=case)
    form = DirectionForm(request.POST or None, initial={"given_on": timezone.localdate()})
    door.consult_change_form(request, case)
    if request.method == "POST" and form.is_valid():
        try:
            directions.record_direction(user=request.user, referral=referral, **form.cleaned_data)
        except ReferralRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Recorded.")
            return redirect("case-referrals", case.reference)
    return render(request, "conduct/referrals/direction_new.html", {"case": case, "referral": referral, "form": form})


@require_http_methods(["GET", "POST"])
def record_response(request, reference, pk):
    case = referral_case_or_404(request.user, reference)
    if not can_respond_to_iopc(request.user, case):
        raise Http404
    direction = get_object_or_404(IopcDirection.objects.select_related("referral"), pk=pk, referral__case=case)
    if not direction.is_open:
        messages.info(request, "This has no response outstanding.")
        return redirect("case-referrals", case.reference)
    form = DirectionResponseForm(request.POST or None, initial={"responded_on": timezone.localdate()})
    door.consult_change_form(request, case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directions.record_response(
                user=request.user,
                direction=direction,
                response=data["response"],
                reasons=data["response_reasons"],
                action_taken=data["action_taken"],
                responded_on=data["responded_on"],
            )
        except ReferralRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Response recorded.")
            return redirect("case-referrals", case.reference)
    return render(
        request, "conduct/referrals/direction_respond.html", {"case": case, "direction": direction, "form": form}
    )
