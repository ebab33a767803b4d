"""The case intake: four steps (details, subjects, allegations, check your answers) kept in the
session until the case is recorded. Check your answers shows every answer with a Change link
to its step; the step, saved, returns to check your answers (`?next=check`, read against an
allow-list, so no address can be smuggled in: GOV.UK "Check answers" pattern)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods, require_POST

from casework import permissions, search
from conduct.cases import routes, services
from conduct.cases.forms import AllegationForm, CaseDetailsForm, RouteForm, SubjectsForm, allegation_input

INTAKE = "case_intake"
# Where a step may send the user back to once saved: names, never addresses (no open redirect).
RETURN_TO = {"check": "case-new-check"}


# Intake (multi-step) ----------------------------------------------------------------------
STEPS = ["details", "subjects", "allegations", "check"]


def _intake(request):
    return request.session.setdefault(INTAKE, {})


def _stored(request, step):
    data = _intake(request).get(step)
    return MultiValueDict(data) if data is not None else None


def _store(request, step, post):
    _intake(request)[step] = {k: post.getlist(k) for k in post if k != "csrfmiddlewaretoken"}
    request.session.modified = True


def _step_data(request, step):
    """What the user just posted, or (on GET) their earlier answers; never the one for the other."""
    return request.POST if request.method == "POST" else _stored(request, step)


def _require_recorder(request):
    if not permissions.can_record_cases(request.user):
        raise Http404


def _returning(request) -> str:
    """ "check" when the step was opened from a Change link on check your answers; anything else
    in `next` is ignored (an allow-list of names, never an address)."""
    value = request.GET.get("next", "")
    return value if value in RETURN_TO else ""


def _onwards(request, next_step: str):
    """After a step is saved: back to check your answers when the step came from there and every
    answer is still complete; otherwise the next step, still on its way back (new subjects need
    their allegations first)."""
    back = _returning(request)
    if back and _validated_intake(request) is not None:
        return redirect(RETURN_TO[back])
    if back:
        return redirect(f"{reverse(next_step)}?{urlencode({'next': back})}")
    return redirect(next_step)


@require_http_methods(["GET", "POST"])
def intake_details(request):
    _require_recorder(request)
    if request.method == "GET" and "restart" in request.GET:
        request.session.pop(INTAKE, None)
    form = CaseDetailsForm(_step_data(request, "details"), user=request.user)
    route_form = RouteForm(_step_data(request, "details"))
    if request.method == "POST" and all([form.is_valid(), route_form.is_valid()]):
        _store(request, "details", request.POST)
        return _onwards(request, "case-new-subjects")
    if request.method == "GET" and _stored(request, "details") is None:
        form, route_form = CaseDetailsForm(user=request.user), RouteForm()
    errors = request.method == "POST" and (form.errors or route_form.errors)
    return render(
        request,
        "conduct/intake_details.html",
        {"form": form, "route_form": route_form, "step": 1, "any_errors": errors, "returning": _returning(request)},
    )


@require_http_methods(["GET", "POST"])
def intake_subjects(request):
    _require_recorder(request)
    if _stored(request, "details") is None:
        return redirect("case-new")
    form = SubjectsForm(_step_data(request, "subjects"))
    if request.method == "POST" and form.is_valid():
        _store(request, "subjects", request.POST)
        return _onwards(request, "case-new-allegations")
    if request.method == "GET" and _stored(request, "subjects") is None:
        form = SubjectsForm()
    return render(request, "conduct/intake_subjects.html", {"form": form, "step": 2, "returning": _returning(request)})


def _subject_people(request):
    form = SubjectsForm(_stored(request, "subjects"))
    return form.cleaned_data["numbers"] if form.is_valid() else None


def _allegation_forms(request, people, data):
    # Keyed by person, so re-ordering the subjects never moves an allegation to someone else.
    return [(person, AllegationForm(data, prefix=f"p{person.pk}")) for person in people]


@require_http_methods(["GET", "POST"])
def intake_allegations(request):
    _require_recorder(request)
    people = _subject_people(request)
    if people is None:
        return redirect("case-new-subjects")
    data = request.POST if request.method == "POST" else _stored(request, "allegations")
    forms = _allegation_forms(request, people, data)
    if request.method == "POST" and all(f.is_valid() for _, f in forms):
        _store(request, "allegations", request.POST)
        return _onwards(request, "case-new-check")
    if request.method == "GET" and data is None:
        forms = [
            (person, AllegationForm(prefix=f"p{person.pk}", initial={"criminal_investigation": "none"}))
            for person, _f in forms
        ]
    errors = [(f, person) for person, f in forms if f.errors]
    return render(
        request,
        "conduct/intake_allegations.html",
        {"forms": forms, "errors": errors, "step": 3, "returning": _returning(request)},
    )


def _validated_intake(request):
    """Every step re-validated from the session: (details form, people, allegation forms) or None."""
    details = CaseDetailsForm(_stored(request, "details"), user=request.user)
    route = RouteForm(_stored(request, "details"))
    people = _subject_people(request)
    if not all([details.is_valid(), route.is_valid()]) or people is None or _stored(request, "allegations") is None:
        return None
    forms = _allegation_forms(request, people, _stored(request, "allegations"))
    if not all(f.is_valid() for _, f in forms):
        return None
    return details, route, forms


@require_http_methods(["GET", "POST"])
def intake_check(request):
    _require_recorder(request)
    validated = _validated_intake(request)
    if validated is None:
        messages.warning(request, "Some answers are missing or no longer valid. Check each step.")
        return redirect("case-new")
    details, route, forms = validated
    if request.method == "POST":
        subjects = [
            services.SubjectInput(
                person=person,
                allegations=[allegation_input(f)],
            )
            for person, f in forms
        ]
        case = services.record_case(
            user=request.user,
            details=details.case_details(),
            contact=details.contact(),
            subjects=subjects,
            route=route.route_input(),
        )
        request.session.pop(INTAKE, None)
        messages.success(request, f"Case {case.reference} recorded.")
        return redirect(case)
    route_input = route.route_input().normalised()
    for person, _form in forms:
        person.regime_text = routes.regime_reason(person)
    return render(
        request,
        "conduct/intake_check.html",
        {
            "details": details,
            "route": route_input,
            "route_labels": routes.describe_input(route_input),
            "forms": forms,
            "subjects_text": "\n".join(
                f"{person.full_name}, {search.number_label(person)}, {person.force.name}" for person, _form in forms
            ),
            "step": 4,
        },
    )


@require_POST
def restart_intake(request):
    request.session.pop(INTAKE, None)
    return redirect(reverse("case-new"))
