"""Records management pages: the retention schedule, the review list with keep and dispose, legal
holds, and the subject access export. 404 to anyone without the role (conduct.permissions)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from casework import door
from casework.errors import add_to_form
from casework.models import Case, ObjectKind, Person
from conduct import permissions
from conduct.records import selectors, services, subject_access
from conduct.records.forms import DisposeForm, HoldForm, KeepForm, LiftForm, SubjectAccessForm
from conduct.records.models import DisposalEntry, LegalHold, RetentionRule
from conduct.records.schedule import KINDS

PAGE_SIZE = 25


def _require(allowed: bool):
    if not allowed:
        raise Http404


@require_GET
def schedule(request):
    _require(permissions.can_hold_records(request.user))
    return render(
        request,
        "conduct/records/schedule.html",
        {
            "rules": selectors.rules(),
            "reviewable": set(KINDS),
            "disposals": DisposalEntry.objects.select_related("user")[:20],
            "can_review": permissions.can_review_records(request.user),
        },
    )


@require_GET
def due(request):
    _require(permissions.can_review_records(request.user))
    types = selectors.reviewable_types()
    chosen = request.GET.get("type") or (types[0].record_type if types else "")
    rule = next((r for r in types if r.record_type == chosen), None)
    if rule is None:
        raise Http404("No such record type")
    today = timezone.localdate()
    page = Paginator(selectors.due_records(rule, today), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conduct/records/due.html",
        {
            "types": types,
            "rule": rule,
            "rows": selectors.describe(rule, page.object_list),
            "page": page,
            "querystring": urlencode({"type": rule.record_type}),
            "today": today,
        },
    )


def _record(record_type, pk):
    kind = KINDS.get(record_type)
    if kind is None:
        raise Http404("No such record type")
    record = get_object_or_404(kind.model, pk=pk)
    return get_object_or_404(RetentionRule, record_type=record_type), kind, record


def _back(rule):
    return f"{reverse('records-due')}?{urlencode({'type': rule.record_type})}"


@require_http_methods(["GET", "POST"])
def keep(request, record_type, pk):
    _require(permissions.can_review_records(request.user))
    rule, kind, record = _record(record_type, pk)
    form = KeepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.keep(user=request.user, record_type=record_type, record=record, **form.cleaned_data)
        except services.RecordsRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(
                request, f"{kind.label(record)} kept until {form.cleaned_data['next_review_on']:%-d %B %Y}."
            )
            return redirect(_back(rule))
    context = {"rule": rule, "label": kind.label(record), "form": form, "back": _back(rule)}
    context["review_on"] = selectors.review_date(rule, record)
    return render(request, "conduct/records/keep.html", context)


@require_http_methods(["GET", "POST"])
def dispose(request, record_type, pk):
    _require(permissions.can_review_records(request.user))
    rule, kind, record = _record(record_type, pk)
    form = DisposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.dispose(
                user=request.user, record_type=record_type, record=record, reason=form.cleaned_data["reason"]
            )
        except services.RecordsRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{entry.object_label} disposed of; the disposal log records what was removed.")
            return redirect(_back(rule))
    context = {
        "rule": rule,
        "kept": kind.kept,
        "disposable": rule.disposable and kind.dispose is not None,
        "label": kind.label(record),
        "form": form,
        "back": _back(rule),
        "held": selectors.is_held(record_type, record),
        "disposed": selectors.disposal_of(record_type, record),
        "review_on": selectors.review_date(rule, record),
    }
    return render(request, "conduct/records/dispose.html", context)


# Legal holds ------------------------------------------------------------------------------
@require_GET
def holds(request):
    _require(permissions.can_hold_records(request.user))
    all_holds = LegalHold.objects.select_related("case", "person", "placed_by", "lifted_by")
    page = Paginator(all_holds, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conduct/records/holds.html", {"page": page, "holds": page.object_list})


def _hold_target(form):
    """The case or person the form names, or a field error (a clear message, never a 500)."""
    reference = form.cleaned_data.get("case_reference", "").strip().upper()
    number = form.cleaned_data.get("person_number", "").strip()
    if reference:
        case = Case.objects.filter(reference=reference).first() if "\x00" not in reference else None
        if case is None:
            form.add_error("case_reference", f"No case has the reference {reference}")
        return case, None
    people = list(Person.objects.filter(number__iexact=number)[:2]) if "\x00" not in number else []
    if not people:
        form.add_error("person_number", f"No one on the register has the number {number}")
    elif len(people) > 1:
        form.add_error("person_number", f"More than one person has the number {number}: hold each of their cases")
    return None, (people[0] if len(people) == 1 else None)


@require_http_methods(["GET", "POST"])
def hold_new(request):
    _require(permissions.can_hold_records(request.user))
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case, person = _hold_target(form)
        if case is not None or person is not None:
            try:
                hold = services.place_hold(
                    user=request.user, reason=form.cleaned_data["reason"], case=case, person=person
                )
            except services.RecordsRefused as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, f"{hold.case or hold.person.full_name} is under a legal hold.")
                return redirect("records-holds")
    return render(request, "conduct/records/hold_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def hold_lift(request, pk):
    _require(permissions.can_hold_records(request.user))
    hold = get_object_or_404(LegalHold.objects.select_related("case", "person", "placed_by"), pk=pk)
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lift_hold(user=request.user, hold=hold, reason=form.cleaned_data["reason"])
        except services.RecordsRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "The legal hold is lifted.")
            return redirect("records-holds")
    return render(request, "conduct/records/hold_lift.html", {"hold": hold, "form": form})


# Subject access ---------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def subject_access_export(request, person_id):
    _require(permissions.can_export_subject_access(request.user))
    person = get_object_or_404(Person, pk=person_id)
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sar = form.request()
        withheld = [
            f"{r.category.label}: {r.ground_label.split(':')[0]}" for r in sar.restrictions.values() if r.withheld
        ]
        purpose = f"Subject access request {sar.reference} (DPA 2018 s.45): export of the person's data"
        if withheld:
            purpose += "; withheld " + "; ".join(withheld)
        door.log_with_purpose(request, kind=ObjectKind.EXPORT, obj=person, person=person, purpose=purpose)
        archive = subject_access.write_export(person, sar)
        return FileResponse(
            archive, as_attachment=True, filename=subject_access.filename(person, sar), content_type="application/zip"
        )
    return render(request, "conduct/records/subject_access.html", {"person": person, "form": form})


def person_panel(person, user, **_):
    """conduct.cases.hooks.person_page: the data protection links and any hold, for those allowed."""
    if not permissions.can_hold_records(user):
        return None
    return {"holds": list(selectors.holds_on_person(person)), "can_export": permissions.can_export_subject_access(user)}
