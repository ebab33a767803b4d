from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render

from casework import permissions
from casework.models import CaseSubject, DutyStatus, Force, Person, Unit
from casework.models.cases import CaseStatus
from casework.views.common import clean_param, parse_id


def person_list(request):
    if not permissions.can_view_register(request.user):
        raise Http404
    params = request.GET
    filters = {k: clean_param(params, k) for k in ("q", "force", "unit", "status", "open_case")}
    people = (
        Person.objects.with_current_status()
        .search(filters["q"])
        .select_related("force", "rank", "unit")
        .annotate(has_open_case=Exists(CaseSubject.objects.filter(person=OuterRef("pk"), case__status=CaseStatus.OPEN)))
    )
    if (force_id := parse_id(filters["force"])) is not None:
        people = people.filter(force_id=force_id)
    if (unit_id := parse_id(filters["unit"])) is not None:
        people = people.filter(unit_id=unit_id)
    if filters["status"] in DutyStatus.values:
        people = people.filter(current_status=filters["status"])
    if filters["open_case"] == "yes":
        people = people.filter(has_open_case=True)
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/person_list.html",
        {
            "page": Paginator(people, 25).get_page(params.get("page")),
            "filters": filters,
            "forces": Force.objects.all(),
            "units": Unit.objects.select_related("force"),
            "statuses": DutyStatus.choices,
            "querystring": query.urlencode(),
            "can_import": permissions.can_import_people(request.user),
        },
    )
