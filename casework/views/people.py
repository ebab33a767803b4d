from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework import permissions, search
from casework.models import CaseSubject, DutyStatus, Force, Person, Unit
from casework.models.cases import CaseStatus
from casework.views.common import clean_param
from casework.views.filters import ListFilters

PAGE_SIZE = 25


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
        search.people_matching(filters["q"], Person.objects.with_current_status())
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
    forces, units = list(Force.objects.all()), list(Unit.objects.select_related("force"))
    read.show("q", "Search by name or number", "search")
    read.show("force", "Force", options=[(f.pk, f.name) for f in forces])
    read.show("unit", "Unit", options=[(u.pk, u.name) for u in units])
    read.show("status", "Duty status", options=DutyStatus.choices)
    read.show("open_case", "Open case", options=[("yes", "Has an open case")])
    page = Paginator(people, PAGE_SIZE).get_page(params.get("page"))
    return render(
        request,
        "casework/person_list.html",
        {"page": page, "can_import": permissions.can_import_people(request.user), **read.panel(page, NOUNS)},
    )


NOUNS = ("person", "people")


# The person chooser's search (issue 22). Only for those who choose people into records; it
# reads the register as the people list does and logs nothing (casework.search).
def _chooser_people(request):
    if not permissions.can_choose_people(request.user):
        raise Http404
    text = clean_param(request.GET, "q", max_length=100)
    people = search.people_matching(text).select_related("force", "rank", "unit") if text else Person.objects.none()
    return text, people


@require_GET
def person_find(request):
    """The chooser's search as a page: it works without JavaScript."""
    text, people = _chooser_people(request)
    return render(
        request,
        "casework/person_find.html",
        {
            "q": text,
            "page": Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")),
            "querystring": urlencode({"q": text}),
        },
    )


@require_GET
def person_find_json(request):
    """The chooser's search for the component (static/js/person-search.mjs): the first few."""
    text, people = _chooser_people(request)
    results = [
        {
            "id": person.pk,
            "value": search.person_token(person),
            "name": person.full_name,
            "number": search.number_label(person),
            "force": f"{person.force.name} ({person.force.code})",
            "rank": str(person.rank or ""),
            "unit": str(person.unit or ""),
        }
        for person in people[: search.CHOOSER_LIMIT]
    ]
    return JsonResponse({"query": text, "results": results})
