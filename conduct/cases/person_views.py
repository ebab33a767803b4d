"""The person page: the register entry with the whole conduct history, the rules that apply to
the person, their warnings, and the panels other features add (the person_page hook)."""

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import render
from django.utils import timezone

from casework import door, permissions
from casework.models import Case, CaseSubject, Person
from conduct.cases import hooks, routes
from conduct.cases.views import PAGE_SIZE, _querystring_without_page
from conduct.models import Allegation, AllegationCategory, DisciplinaryWarning


def _word_stages(subjects, person):
    """Each subject's stage as its route words it: a staff subject's hearing is the staff
    procedure's, a Schedule 3 notice the C&M Regulations' (conduct.cases.routes.stage_label)."""
    regime = routes.regime_for(person)
    for subject in subjects:
        path = routes.path_for(routes.route_of(subject.case))
        subject.stage_text = routes.stage_label(subject.proceedings.stage, path, regime)


def person_detail(request, pk):
    person = door.open_person(
        request,
        pk,
        may_see=permissions.can_view_register,
        people=Person.objects.select_related("force", "rank", "unit", "line_manager").with_current_status(),
    )
    visible = permissions.visible_cases(request.user).values("pk")
    subjects = (
        CaseSubject.objects.filter(person=person, case__in=visible)
        .select_related("case__route", "proceedings")
        .prefetch_related(
            Prefetch(
                "allegations",
                queryset=Allegation.objects.prefetch_related("categories", "standards", "assessments"),
            )
        )
        # NULLS LAST (the date is never null) keeps PostgreSQL off the case list's index: walking
        # every case newest first to find this person's is far slower than sorting their few.
        .order_by(F("case__received_on").desc(nulls_last=True), "-case_id")
    )
    # Paginated: a long-serving officer can be subject to hundreds of cases (docs/performance.md).
    page = Paginator(subjects, PAGE_SIZE).get_page(request.GET.get("page"))
    _word_stages(page, person)
    category_counts = (
        AllegationCategory.objects.filter(allegations__subject__person=person, allegations__subject__case__in=visible)
        .annotate(n=Count("allegations", filter=Q(allegations__subject__person=person)))
        .order_by("-n", "name")
    )
    return render(
        request,
        "conduct/person_detail.html",
        {
            "person": person,
            "regime": routes.regime_reason(person),
            "warnings": DisciplinaryWarning.objects.filter(person=person).select_related("proceedings__subject__case"),
            "today": timezone.localdate(),
            "subjects": page,
            "page": page,
            "querystring": _querystring_without_page(request),
            "category_counts": category_counts,
            "duty_statuses": person.duty_statuses.select_related("decided_by"),
            "hidden_cases": permissions.hidden_case_count(
                request.user, Case.objects.filter(pk__in=CaseSubject.objects.filter(person=person).values("case_id"))
            ),
            "can_view_access_log": permissions.can_view_access_log(request.user),
            **hooks.person_page.collect(person=person, user=request.user, request=request),  # e.g. flags_panel
        },
    )
