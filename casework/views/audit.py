"""Asking why a user opens a record that is not their assignment (s.62 justification)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from casework import audit, csv_export, door, permissions, search, services
from casework.forms.base import Form
from casework.models import ObjectKind, Person
from casework.views.common import clean_param, parse_date_param


class PurposeForm(Form):
    purpose = forms.ChoiceField(
        choices=audit.PURPOSES,
        widget=forms.RadioSelect,
        label="Why are you opening this record?",
        error_messages={"required": "Choose why you are opening this record"},
    )
    other = forms.CharField(
        label="Describe the purpose", required=False, max_length=250, help_text="Required if you chose another purpose."
    )

    def clean(self):
        data = super().clean()
        if data.get("purpose") == "other" and not data.get("other", "").strip():
            self.add_error("other", "Describe the purpose")
        return data

    def purpose_text(self):
        if self.cleaned_data["purpose"] == "other":
            return f"Other: {self.cleaned_data['other'].strip()}"
        return dict(audit.PURPOSES)[self.cleaned_data["purpose"]]


@require_http_methods(["GET", "POST"])
def consultation_purpose(request):
    key, next_url = request.GET.get("key", ""), request.GET.get("next", "")
    kind = key.split(":")[0]
    if kind not in audit.ObjectKind.values or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        raise Http404
    form = PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        audit.state_purpose(request, key, form.purpose_text())
        return redirect(next_url)
    return render(request, "casework/purpose.html", {"form": form, "label": request.GET.get("label", "")[:200]})


# Who has looked at this ---------------------------------------------------------------------
def _log_filters(request):
    params = request.GET
    filters = {k: clean_param(params, k, 150) for k in ("user", "purpose", "date_from", "date_to")}
    parsed = {
        **filters,
        "date_from": parse_date_param(filters["date_from"]),
        "date_to": parse_date_param(filters["date_to"]),
    }
    return filters, parsed


def _access_log(request, *, kind, obj, label, entries_for):
    if not permissions.can_view_access_log(request.user):
        raise Http404
    filters, parsed = _log_filters(request)
    entries = entries_for(parsed)
    if request.GET.get("format") == "csv":
        # The export is itself a consultation of the record.
        door.log_with_purpose(
            request,
            kind=ObjectKind.EXPORT,
            obj=obj,
            purpose=f"Access log export: {label}",
            **({"case": obj} if kind == ObjectKind.CASE else {"person": obj}),
        )
        return _csv_response(entries, label)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/access_log.html",
        {
            "label": label,
            "filters": filters,
            "page": Paginator(entries, 50).get_page(request.GET.get("page")),
            "querystring": query.urlencode(),
            "back": obj.get_absolute_url(),
        },
    )


CSV_HEADER = ["time", "username", "name", "what", "record", "purpose", "client address", "path"]


def _csv_rows(entries):
    for e in entries.iterator(chunk_size=2000):
        yield [
            e.at.isoformat(),
            e.user.username,
            e.user.get_full_name(),
            e.get_kind_display(),
            e.object_label,
            e.purpose,
            e.client_address or "",
            e.path,
        ]


def _csv_response(entries, label):
    # Streamed, so a long log never sits in memory whole.
    return csv_export.streamed(f"access-log-{label[:60]}.csv", _csv_rows(entries), header=CSV_HEADER)


def case_access_log(request, reference):
    case = permissions.get_case_or_404(request.user, reference)
    return _access_log(
        request,
        kind=ObjectKind.CASE,
        obj=case,
        label=case.reference,
        entries_for=lambda f: audit.consultations_for(case=case, filters=f),
    )


def person_access_log(request, pk):
    if not permissions.can_view_register(request.user):
        raise Http404
    person = get_object_or_404(Person, pk=pk)
    return _access_log(
        request,
        kind=ObjectKind.PERSON,
        obj=person,
        label=person.full_name,
        entries_for=lambda f: audit.consultations_for(person=person, filters=f),
    )


# Break glass ------------------------------------------------------------------------------
class BreakGlassForm(Form):
    justification = forms.CharField(
        widget=forms.Textarea,
        label="Why must you open this restricted case now?",
        min_length=20,
        max_length=2000,
        help_text="At least 20 characters. The case's owners will see your name and this text.",
        error_messages={
            "required": "Give the justification for opening this case",
            "min_length": "Give a fuller justification (at least 20 characters)",
        },
    )


@require_http_methods(["GET", "POST"])
def break_glass(request, reference):
    case = permissions.restricted_case_for_break_glass(request.user, reference)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        justification = form.cleaned_data["justification"]
        services.break_glass(user=request.user, case=case, justification=justification)
        audit.state_purpose(request, audit.object_key(ObjectKind.CASE, case), f"Break glass: {justification}")
        messages.warning(request, "Break-glass access recorded. The case's owners have been told.")
        return redirect(case)
    return render(request, "casework/break_glass.html", {"case": case, "form": form})


# The auditor's way in: a case or a person's access log by what they know -------------------
class FindLogForm(Form):
    q = forms.CharField(
        label="Case reference, or a person's name or number",
        max_length=100,
        help_text="For example, PSD-2026-000123, 123, Daniel Brown or 7101",
        error_messages={"required": "Enter a case reference, or a person's name or number"},
    )


@require_http_methods(["GET"])
def access_log_find(request):
    """Straight to the access log of the case or person typed; a list when several match."""
    if not permissions.can_view_access_log(request.user):
        raise Http404
    form = FindLogForm(request.GET if "q" in request.GET else None)
    cases, people = [], []
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        cases = list(audit.cases_for_reference(permissions.visible_cases(request.user), text)[:20])
        people = list(search.people_matching(text).select_related("force")[:20])  # best match first
        if len(cases) + len(people) == 1:
            target = cases[0] if cases else people[0]
            name = "case-access-log" if cases else "person-access-log"
            return redirect(name, target.reference if cases else target.pk)
        if not cases and not people:
            form.add_error("q", f"No case or person matches “{text}”. Check the reference, name or number")
    return render(request, "casework/start/access_log_find.html", {"form": form, "cases": cases, "people": people})
