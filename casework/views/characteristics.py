"""Protected characteristics on the person page (special category data, issue 21): the panel,
shown only to those with the permission (to anyone else it does not exist), and the form that
records them by hand. Every view of them is logged with its purpose (ObjectKind.SPECIAL_CATEGORY);
outsiders get 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from casework import characteristics, door, permissions
from casework.characteristics_services import Characteristics, CharacteristicsRefused, record_characteristics
from casework.errors import add_to_form
from casework.forms.characteristics import CharacteristicsForm
from casework.models import ObjectKind, Person
from casework.models.characteristics import ProtectedCharacteristics


def _consult(request, person, row, purpose):
    door.log_with_purpose(
        request,
        kind=ObjectKind.SPECIAL_CATEGORY,
        obj=row if row is not None else person,
        person=person,
        purpose=purpose,
    )


def person_panel(*, person, user, request, **_):
    """For the person page (conduct.cases.hooks.person_page): None without the permission, so the
    page says nothing of the panel; with it, the characteristics, their view logged."""
    if not permissions.can_view_special_category(user):
        return None
    row = ProtectedCharacteristics.objects.filter(person=person).select_related("recorded_by").first()
    _consult(request, person, row, f"Protected characteristics of {person.full_name} (person page)")
    today = timezone.localdate()
    return {
        "row": row,
        "group": characteristics.high_level_group(row.ethnicity) if row else None,
        "age": characteristics.age_on(row.date_of_birth, today) if row else None,
        "can_record": permissions.can_record_characteristics(user),
    }


def _next_url(request, person) -> str:
    """Where to go back to: a page of this site the caller named (the Home Office return's
    validation), else the person page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if (
        wanted
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
        and wanted.startswith("/")
    ):
        return wanted
    return reverse("person-detail", args=[person.pk])


@require_http_methods(["GET", "POST"])
def record(request, pk):
    if not permissions.can_record_characteristics(request.user):
        raise Http404
    person = get_object_or_404(Person.objects.select_related("force"), pk=pk)
    row = ProtectedCharacteristics.objects.filter(person=person).first()
    back = _next_url(request, person)
    if request.method == "GET":
        _consult(request, person, row, f"Record the protected characteristics of {person.full_name}")
    form = CharacteristicsForm(
        request.POST if request.method == "POST" else None, initial=CharacteristicsForm.initial_from(row)
    )
    if request.method == "POST" and form.is_valid():
        data = Characteristics(
            sex=form.cleaned_data["sex"],
            ethnicity=form.cleaned_data["ethnicity"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        try:
            record_characteristics(user=request.user, person=person, data=data)
        except CharacteristicsRefused as refusal:
            # The date of birth is three boxes on the form: its message goes by the first.
            refusal.problems = [(m, "dob_day" if f == "date_of_birth" else f) for m, f in refusal.problems]
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Protected characteristics of {person.full_name} recorded.")
            return redirect(back)
    return render(
        request,
        "casework/characteristics_form.html",
        {"person": person, "form": form, "row": row, "back": back},
    )
