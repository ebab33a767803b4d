"""The vetting route's pages: the list of reviews in progress, a review, opening one by hand from
the person page, and each step's form. Thin: the review through one door (404 to anyone who may not
see it; every showing logged with its purpose), a form, one service call, back to the review."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework import door
from casework.errors import Refused, add_to_form
from casework.forms.base import Form
from casework.models import Deadline, ObjectKind, Person
from conduct.vetting import appeals, selectors, services
from conduct.vetting.forms import (
    AppealForm,
    AppealResultForm,
    DecisionForm,
    DismissalForm,
    NoticeForm,
    OpenForm,
    RepresentationsForm,
    SeverityForm,
)
from conduct.vetting.models import Decision, ReviewState
from notifications.models import Correspondence

PAGE_SIZE = 25
PURPOSE = "Vetting review: a decision of the appropriate authority (Police (Vetting) Regulations 2025)"


def _consult(request, person, case=None):
    """Every showing of a review (or of the form that opens one) is a logged consultation of the
    person's record (the review is part of it), on the case when the review has one."""
    if request.method == "GET":
        door.log_with_purpose(request, kind=ObjectKind.PERSON, obj=person, person=person, case=case, purpose=PURPOSE)


def review_list(request):
    if not selectors.may_see_reviews(request.user):
        raise Http404
    page = Paginator(selectors.in_progress(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conduct/vetting/list.html", {"page": page, "reviews": page.object_list})


def review_detail(request, pk):
    review = selectors.get_review_or_404(request.user, pk)
    _consult(request, review.person, review.case)
    return render(
        request,
        "conduct/vetting/review.html",
        {
            "review": review,
            "steps": [step for step in STEPS.values() if review.state in step.states],
            "clocks": Deadline.objects.filter(scope=review.scope).order_by("starts_on", "pk"),
            "letters": Correspondence.objects.filter(idempotency_key__endswith=f":{review.pk}", person=review.person)
            .filter(kind__startswith="vetting_")
            .order_by("created_at"),
        },
    )


@require_http_methods(["GET", "POST"])
def review_open(request, pk):
    if not selectors.may_see_reviews(request.user):
        raise Http404
    person = get_object_or_404(Person.objects.select_related("force"), pk=pk)
    _consult(request, person)
    form = OpenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.open_review(
                user=request.user, person=person, data=services.Opening(reason=form.cleaned_data["reason"])
            )
        except Refused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Vetting review of {person.full_name} opened: assess its severity next.")
            return redirect(review)
    return render(request, "conduct/vetting/open.html", {"person": person, "form": form})


# The steps ------------------------------------------------------------------------------------
class NoFields(Form):
    """A step that asks nothing but the button (the time passed; the period ended)."""


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    button: str
    states: tuple
    form: type
    service: object
    done: str
    intro: str = ""
    warning: bool = False


def _decide(*, user, review, decision, reasons, decided_on, restrictions=""):
    return services.decide(
        user=user,
        review=review,
        data=services.DecisionInput(
            decision=decision, reasons=reasons, decided_on=decided_on, restrictions=restrictions
        ),
    )


STEPS = {
    step.slug: step
    for step in (
        Step(
            "severity",
            "Assess the severity",
            "Record the assessment",
            (ReviewState.OPENED,),
            SeverityForm,
            services.assess_severity,
            "Severity assessment recorded.",
            "Police (Vetting) Regulations 2025, reg 15: there must be a withdrawal assessment when the matter could "
            "reasonably result in the withdrawal of the officer's clearance. If not, the review closes.",
        ),
        Step(
            "notice",
            "Give notice of the review",
            "Record the notice",
            (ReviewState.ASSESSMENT,),
            NoticeForm,
            services.give_notice,
            "Notice recorded; the letter to the officer is on its way.",
            "The letter tells the officer why their clearance is reviewed and by when to make representations.",
        ),
        Step(
            "representations",
            "Record the officer's representations",
            "Record the representations",
            (ReviewState.NOTICE_GIVEN,),
            RepresentationsForm,
            services.record_representations,
            "Representations recorded: the review awaits its decision.",
        ),
        Step(
            "no-representations",
            "Record that no representations came",
            "Record that none came",
            (ReviewState.NOTICE_GIVEN,),
            NoFields,
            services.record_no_representations,
            "Recorded: the review awaits its decision.",
            "Only once the time for representations has passed.",
        ),
        Step(
            "decision",
            "Decide the review",
            "Record the decision",
            (ReviewState.AWAITING_DECISION,),
            DecisionForm,
            _decide,
            "Decision recorded; the letter to the officer is on its way.",
            "Decided by an appropriate authority who neither opened nor prepared the review, with reasons.",
        ),
        Step(
            "appeal",
            "Record an appeal",
            "Record the appeal",
            (ReviewState.DECIDED,),
            AppealForm,
            appeals.lodge_appeal,
            "Appeal recorded.",
        ),
        Step(
            "close-appeal-period",
            "Record that no appeal came",
            "Record that no appeal came",
            (ReviewState.DECIDED,),
            NoFields,
            appeals.close_appeal_period,
            "Recorded: the decision stands.",
            "Only once the period for appealing has ended.",
        ),
        Step(
            "appeal-result",
            "Record the result of the appeal",
            "Record the result",
            (ReviewState.APPEALED,),
            AppealResultForm,
            appeals.decide_appeal,
            "Result recorded; the letter to the officer is on its way.",
            "Heard by someone who neither prepared nor decided the review.",
        ),
        Step(
            "dismissal",
            "Record the dismissal",
            "Record the dismissal",
            (ReviewState.DISMISSAL_DUE,),
            DismissalForm,
            appeals.record_dismissal,
            "Dismissal recorded.",
            "The clearance was withdrawn and the withdrawal stands: an officer who cannot hold vetting clearance "
            "is dismissed.",
            warning=True,
        ),
    )
}


@require_http_methods(["GET", "POST"])
def review_step(request, pk, step):
    step = STEPS.get(step)
    if step is None:
        raise Http404
    review = selectors.get_review_or_404(request.user, pk)
    _consult(request, review.person, review.case)
    form = step.form(request.POST if request.method == "POST" else None)
    context = {"review": review, "step": step, "form": form}
    if request.method == "POST" and review.state not in step.states:
        form.is_valid()
        form.add_error(None, f"The review is {review.get_state_display().lower()}: this step is not open now.")
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if step.slug == "decision" and data["decision"] == Decision.WITHDRAWN and not data.get("confirmed"):
            # A withdrawal can end in dismissal: it is asked again before it is recorded.
            return render(request, "conduct/vetting/confirm_withdrawal.html", context)
        data.pop("confirmed", None)
        try:
            step.service(user=request.user, review=review, **data)
        except Refused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, step.done)
            return redirect(review)
    return render(request, "conduct/vetting/step.html", context)
