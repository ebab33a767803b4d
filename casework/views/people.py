from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render

from casework import permissions
from casework.models import CaseSubject, DutyStatus, Force, Person, Unit
from casework.models.cases import CaseStatus
from casework.views.filters import ListFilters


def person_list(request):
    if not permissions.can_view_register(request.user):
        raise Http404
    params = request.GET
    read = ListFilters(params)
    filters = read.values
    read.text("q")
    force_id = read.number("force", "a force")
    unit_id = read.number("unit", "a unit")
    status = read.choice("status", DutyStatus.values, "a duty status")
    open_case = read.choice("open_case", {"yes"}, "whether they have an open case")
    people = (
        Person.objects.with_current_status()
        .search(filters["q"])
        .select_related("force", "rank", "unit")
        .annotate(has_open_case=Exists(CaseSubject.objects.filter(person=OuterRef("pk"), case__status=CaseStatus.OPEN)))
    )
    if force_id is not None:
        people = people.filter(force_id=force_id)
    if unit_id is not None:
        people = people.filter(unit_id=unit_id)
    if status:
        people = people.filter(current_status=status)
    if open_case:
        people = people.filter(has_open_case=True)
    if not read.valid:  # never everyone as if filtered (casework.views.filters)
        people = people.none()
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/person_list.html",
        {
            "page": Paginator(people, 25).get_page(params.get("page")),
            "filters": filters,
            "filter_errors": read.error_list(),
            "filter_error_map": read.errors,
            "forces": Force.objects.all(),
            "units": Unit.objects.select_related("force"),
            "statuses": DutyStatus.choices,
            "querystring": query.urlencode(),
            "can_import": permissions.can_import_people(request.user),
        },
    )
