"""IOPC referral pages: the lists at /referrals/, a case's referrals with the forms to record
them, "not required after all" and its approval, the IOPC's decision, and the referral summary
for the IOPC as a printable page and a PDF. Thin: permissions from conduct.permissions (404 for
outsiders), reads from conduct.referrals.selectors, changes through conduct.referrals.services."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casework import door, figures
from casework import permissions as casework_permissions
from casework.errors import add_to_form
from casework.models import CaseSubject, Force
from casework.models.cases import CaseStatus
from casework.time_left import with_time_left
from casework.views.common import clean_param
from conduct.models import Allegation, IopcDecision, ProposalOutcome, Referral, ReferralState
from conduct.permissions import (
    can_decide_not_required,
    can_record_referral,
    can_respond_to_iopc,
    can_view_referrals,
    referral_case_or_404,
)
from conduct.referrals import selectors
from conduct.referrals import services as referrals
from conduct.referrals.forms import (
    DecideNotRequiredForm,
    IopcDecisionForm,
    MadeReferralForm,
    NewConcernsForm,
    NotRequiredForm,
    OtherReferralForm,
)

PAGE_SIZE = 25


# Lists ------------------------------------------------------------------------------------
@require_GET
def referral_list(request):
    user = request.user
    if not can_view_referrals(user):
        raise Http404
    tab = clean_param(request.GET, "tab", 20)
    tab = tab if tab in selectors.TABS else "required"
    mode = clean_param(request.GET, "mode", 30)
    mode = mode if mode in IopcDecision.values else ""
    rows = {
        "required": lambda: selectors.required(user),
        "awaiting": lambda: selectors.awaiting_decision(user),
        "decided": lambda: selectors.decided(user, mode),
        "timeliness": lambda: selectors.timeliness(user),
    }[tab]()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    if tab == "timeliness":
        page.object_list = selectors.as_months(page.object_list)
    elif tab == "required":
        with_time_left(page.object_list, now=now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "conduct/referrals/list.html",
        {
            "tab": tab,
            "tabs": selectors.TABS,
            # The tabs' sizes, cached per user for at most a minute and recomputed after any change
            # (casework.figures): counting every visible referral cost more than the page's list.
            "counts": figures.cached_figure(user, "referral-tab-counts"),
            "page": page,
            "mode": mode,
            "modes": selectors.decided_by_mode(user) if tab == "decided" else [],
            "querystring": query.urlencode(),
            "now": now,
            "can_decide": casework_permissions.can_decide(user),
        },
    )


def home_panel(request):
    """The panel on My work for decision-makers: referrals required (overdue), proposals to decide."""
    if not casework_permissions.can_decide(request.user):
        return None
    # Cached per user for at most a minute and recomputed after any change (casework.figures).
    counts = figures.cached_figure(request.user, "referral-home-counts")
    return {"counts": counts} if counts["required"] or counts["proposals"] else None


# A case's referrals -----------------------------------------------------------------------
@require_GET
def case_referrals(request, reference):
    case = referral_case_or_404(request.user, reference)
    door.consult_case(request, case)
    may_record = can_record_referral(request.user, case)
    all_referrals = list(selectors.case_referrals(case))
    return render(
        request,
        "conduct/referrals/case.html",
        {
            "case": case,
            "referrals": all_referrals,
            "can_record": may_record,
            "can_decide": case.status == CaseStatus.OPEN and casework_permissions.can_decide(request.user),
            "can_respond": can_respond_to_iopc(request.user, case),
            "can_add_concerns": may_record
            and any(r.state in (ReferralState.REFERRED, ReferralState.DECIDED) for r in all_referrals)
            and not any(r.state == ReferralState.REQUIRED for r in all_referrals),
            "now": timezone.now(),
        },
    )


def _case_to_change(request, reference):
    """The case, if the user may record referrals on it; 404 otherwise. Closed: back, with why."""
    case = referral_case_or_404(request.user, reference)
    if not casework_permissions.can_change_case(request.user, case):
        raise Http404
    return case


def _closed(request, case):
    messages.error(request, f"Case {case.reference} is closed and can no longer be changed.")
    return redirect("case-referrals", reference=case.reference)


def _referral(case, pk) -> Referral:
    referral = get_object_or_404(Referral.objects.select_related("deadline"), pk=pk, case=case)
    referral.case = case  # already found (and checked) by the view
    return referral


def _not_now(request, referral, message):
    messages.info(request, message)
    return redirect("case-referrals", reference=referral.case.reference)


def _posted(request):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def record_referral(request, reference, pk):
    case = _case_to_change(request, reference)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    referral = _referral(case, pk)
    if referral.state != ReferralState.REQUIRED:
        return _not_now(request, referral, f"This referral is “{referral.get_state_display()}”.")
    door.consult_change_form(request, case)
    form = MadeReferralForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            referral = referrals.record_referral(user=request.user, referral=referral, **form.made())
        except referrals.ReferralRefused as refusal:
            add_to_form(form, refusal)
        else:
            late = "" if referral.on_time else " It was made after the deadline and is recorded as late."
            messages.success(request, f"Referral to the IOPC recorded.{late}")
            return redirect("case-referrals", reference=case.reference)
    return render(request, "conduct/referrals/record.html", {"case": case, "referral": referral, "form": form})


@require_http_methods(["GET", "POST"])
def record_other_referral(request, reference):
    case = _case_to_change(request, reference)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    door.consult_change_form(request, case)
    form = OtherReferralForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            referrals.record_other_referral(
                user=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                reasons=form.cleaned_data["reasons"],
                **form.made(),
            )
        except referrals.ReferralRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Referral to the IOPC recorded.")
            return redirect("case-referrals", reference=case.reference)
    return render(request, "conduct/referrals/other.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
def new_concerns(request, reference):
    case = _case_to_change(request, reference)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    door.consult_change_form(request, case)
    form = NewConcernsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            referral = referrals.require_re_referral(
                user=request.user, case=case, concerns=form.cleaned_data["concerns"]
            )
        except referrals.ReferralRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"A fresh referral to the IOPC is required by {referrals.when(referral.due_at)}.")
            return redirect("case-referrals", reference=case.reference)
    return render(request, "conduct/referrals/new_concerns.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
def propose_not_required(request, reference, pk):
    case = _case_to_change(request, reference)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    referral = _referral(case, pk)
    if referral.state != ReferralState.REQUIRED:
        return _not_now(request, referral, f"This referral is “{referral.get_state_display()}”.")
    if referral.not_required_proposals.filter(outcome=ProposalOutcome.PENDING).exists():
        return _not_now(request, referral, "A proposal that this referral is not required is awaiting a decision.")
    door.consult_change_form(request, case)
    form = NotRequiredForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            referrals.propose_not_required(user=request.user, referral=referral, reasons=form.cleaned_data["reasons"])
        except referrals.ReferralRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(
                request, "Proposal recorded. An appropriate authority must approve it; until then the referral is due."
            )
            return redirect("case-referrals", reference=case.reference)
    return render(request, "conduct/referrals/not_required.html", {"case": case, "referral": referral, "form": form})


@require_http_methods(["GET", "POST"])
def decide_not_required(request, reference, pk):
    case = referral_case_or_404(request.user, reference)
    referral = _referral(case, pk)
    proposal = referral.not_required_proposals.filter(outcome=ProposalOutcome.PENDING).select_related("proposed_by")
    proposal = proposal.first()
    if proposal is None:
        if not casework_permissions.can_decide(request.user):
            raise Http404
        return _not_now(request, referral, "No proposal about this referral is awaiting a decision.")
    if not can_decide_not_required(request.user, case, proposal):
        raise Http404  # the proposal's author, or not an appropriate authority
    door.consult_change_form(request, case, authority=True)
    form = DecideNotRequiredForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            referrals.decide_not_required(
                user=request.user, proposal=proposal, approve=approve, reason=form.cleaned_data["reason"]
            )
        except referrals.ReferralRefused as refusal:
            add_to_form(form, refusal)
        else:
            done = "approved: the referral is not required" if approve else "rejected: the referral is still required"
            messages.success(request, f"Proposal {done}.")
            return redirect("case-referrals", reference=case.reference)
    return render(
        request,
        "conduct/referrals/decide.html",
        {"case": case, "referral": referral, "proposal": proposal, "form": form},
    )


@require_http_methods(["GET", "POST"])
def record_decision(request, reference, pk):
    case = _case_to_change(request, reference)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    referral = _referral(case, pk)
    if referral.state != ReferralState.REFERRED:
        return _not_now(request, referral, "The IOPC's decision is recorded once, after the referral is made.")
    door.consult_change_form(request, case)
    form = IopcDecisionForm(_posted(request), initial={"iopc_reference": referral.iopc_reference})
    if request.method == "POST" and form.is_valid():
        try:
            referral = referrals.record_iopc_decision(user=request.user, referral=referral, **form.cleaned_data)
        except referrals.ReferralRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"IOPC decision recorded: {referral.get_decision_display()}.")
            return redirect("case-referrals", reference=case.reference)
    return render(request, "conduct/referrals/decision.html", {"case": case, "referral": referral, "form": form})


# The referral summary for the IOPC --------------------------------------------------------
def _summary_context(case, referral) -> dict:
    subjects = CaseSubject.objects.filter(case=case).select_related("person__rank", "person__force").order_by("id")
    allegations = (
        Allegation.objects.filter(subject__case=case)
        .select_related("subject__person")
        .prefetch_related("categories", "standards")
        .order_by("id")
    )
    return {
        "case": case,
        "referral": referral,
        "criteria": list(referral.criteria.all()),
        "subjects": subjects,
        "allegations": allegations,
        "force": Force.objects.filter(is_home=True).values_list("name", flat=True).first() or "",
        "generated_at": timezone.now(),
    }


def _summary(request, reference, pk):
    """The case and referral, once the look is logged as a consultation of the document."""
    case = referral_case_or_404(request.user, reference)
    referral = _referral(case, pk)
    door.consult_case(request, case, document=referral)
    return case, referral


@require_GET
def referral_summary(request, reference, pk):
    case, referral = _summary(request, reference, pk)
    return render(request, "conduct/referrals/summary.html", _summary_context(case, referral))


@require_GET
def referral_summary_pdf(request, reference, pk):
    from notifications.pdf import html_to_pdf  # WeasyPrint, with a fetcher that refuses every URL

    case, referral = _summary(request, reference, pk)
    html = render_to_string("conduct/referrals/summary_pdf.html", _summary_context(case, referral))
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="iopc-referral-{case.reference}-{referral.pk}.pdf"'
    return response
