"""Reads of appeals: the case page's panel, the lists' status, and the statistics' dates."""

from django.db.models import Case as Cond
from django.db.models import Count, DateField, F, Max, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

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


def cases_finalised_between(start, end, *, today=None):
    """Cases finalised within the period: every subject's proceedings finalised and, for a complaint,
    the complainant's review over (DOMAIN.md: "finalised when all proceedings, appeals and reviews are
    over"). The date is the later of the last subject's finalisation and the end of the review: its
    decision, or the last day to apply for one when none was made. A complaint whose outcome the
    complainant has not been given, whose review is pending, or whose review period is still open is
    not finalised. Each case is annotated with `finalised_on`."""
    today = today or timezone.localdate()
    review_ended_on = Cond(
        When(complaint_outcome__review__decided_on__isnull=False, then=F("complaint_outcome__review__decided_on")),
        When(complaint_outcome__review_due_on__isnull=False, then=F("complaint_outcome__review_due_on")),
        default=Value(None),
        output_field=DateField(),
    )
    return (
        Case.objects.annotate(
            subjects_total=Count("subjects", distinct=True),
            subjects_finalised=Count(
                "subjects", filter=Q(subjects__proceedings__finalisation__isnull=False), distinct=True
            ),
            subjects_finalised_on=Max("subjects__proceedings__finalisation__finalised_on"),
            review_ended_on=review_ended_on,
        )
        .annotate(finalised_on=Greatest("subjects_finalised_on", Coalesce("review_ended_on", "subjects_finalised_on")))
        .filter(subjects_total__gt=0, subjects_total=F("subjects_finalised"))
        .exclude(Q(route__matter_type="complaint") & ~Q(complaint_outcome__state="approved"))
        .exclude(complaint_outcome__review__isnull=False, complaint_outcome__review__decided_on__isnull=True)
        .exclude(complaint_outcome__review__isnull=True, complaint_outcome__review_due_on__gte=today)
        .filter(finalised_on__range=(start, end))
    )
