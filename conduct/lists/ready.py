"""The Barred List report in the case workflows and page (conduct/cases/hooks.py)."""

from conduct.cases import hooks


def _outcome(*, proceedings, action, user, **_):
    from conduct.lists import services

    if action in ("record_outcome", "decide_appeal"):
        services.on_outcome(proceedings=proceedings, user=user)


def _case_panel(*, case, user, **_):
    from conduct.lists import selectors

    return selectors.panel(case, user)


def _closing_refusal(*, case, **_):
    from conduct.lists.models import ListReport

    due = ListReport.objects.filter(proceedings__subject__case=case, made_on__isnull=True).select_related("person")
    report = due.first()
    if report is None:
        return None
    return (
        f"The {report.get_kind_display()} report on {report.person.full_name} is not yet recorded as made "
        f"(due by {report.due_on:%-d %B %Y}): record it before closing the case."
    )


def ready():
    from conduct.cases import clocks
    from conduct.lists.services import BARRED_LIST_REPORT

    clocks.OUTLIVE_PROCEEDINGS.add(BARRED_LIST_REPORT)  # the report is owed whatever happens next
    hooks.transition_applied.connect(_outcome, name="barred-list-report-due")
    hooks.closing_refusals.connect(_closing_refusal, name="barred-list-report-made")
    hooks.case_page.connect(_case_panel, name="list_report_panel")
