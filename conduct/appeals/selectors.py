"""Reads of appeals: the case page's panel, the lists' status, and the statistics' dates."""

from django.db.models import Count, F, Max, Q

from casework.models import Case
from conduct.appeals.models import Appeal, AppealWindow
from conduct.models import Outcome, Proceedings


def panel(case, *, can_change: bool, can_decide: bool) -> dict | None:
    """The Appeal panel's context: each subject with an appeal period, its appeals and its
    finalisation (None when no subject of the case has one). Three queries whatever the size."""
    windows = list(
        AppealWindow.objects.filter(proceedings__subject__case=case).select_related(
            "proceedings__subject__person", "proceedings__finalisation"
        )
    )
    if not windows:
        return None
    appeals = {}
    for appeal in Appeal.objects.filter(proceedings__subject__case=case).order_by("lodged_on", "id"):
        appeals.setdefault(appeal.proceedings_id, []).append(appeal)
    rows = []
    for window in windows:
        proceedings = window.proceedings
        mine = appeals.get(proceedings.pk, [])
        rows.append(
            {
                "window": window,
                "proceedings": proceedings,
                "subject": proceedings.subject,
                "appeals": mine,
                "pending": next((a for a in mine if a.pending), None),
                "finalisation": getattr(proceedings, "finalisation", None),
                "barred_list": barred_list_status(proceedings, mine),
            }
        )
    return {
        "template": "conduct/appeals/_case_panel.html",  # placed by the case page (hooks.case_page)
        "section": "subjects",
        "case": case,
        "rows": rows,
        "can_change": can_change,
        "can_decide": can_decide,
    }


def barred_list_status(proceedings, appeals=None) -> str:
    """How the Barred List flag reads: a dismissal under appeal is pending appeal; one an appeal
    undid is shown as removed, never deleted (DOMAIN.md, "The lists")."""
    appeals = list(proceedings.appeals.all()) if appeals is None else appeals
    if proceedings.barred_list:
        return "pending appeal" if any(a.pending for a in appeals) else "on the list"
    if any(a.original_outcome == Outcome.DISMISSAL and a.new_outcome != Outcome.DISMISSAL for a in appeals if a.result):
        return "removed on appeal"
    return ""


def finalised_between(start, end):
    """Subjects' proceedings finalised from `start` to `end` inclusive (every appeal and review over)."""
    return Proceedings.objects.filter(finalisation__finalised_on__range=(start, end)).select_related(
        "finalisation", "subject__case", "subject__person"
    )


def cases_finalised_between(start, end):
    """Cases whose every subject's proceedings are finalised, the last of them within the period;
    each annotated with `finalised_on`."""
    return Case.objects.annotate(
        subjects_total=Count("subjects", distinct=True),
        subjects_finalised=Count(
            "subjects", filter=Q(subjects__proceedings__finalisation__isnull=False), distinct=True
        ),
        finalised_on=Max("subjects__proceedings__finalisation__finalised_on"),
    ).filter(subjects_total__gt=0, subjects_total=F("subjects_finalised"), finalised_on__range=(start, end))
