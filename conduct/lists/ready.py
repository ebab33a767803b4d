"""The Barred and Advisory List reports in the case workflows and pages (conduct/cases/hooks.py:
outcomes, dismissals, an allegation about someone who has left, the case closing), and in leaving
the service (casework.services.person_left_service)."""

from conduct.cases import hooks


def _transition(*, proceedings, action, user, **_):
    from conduct.lists import services
    from conduct.models import Stage

    if action in ("record_outcome", "decide_appeal"):
        services.on_outcome(proceedings=proceedings, user=user)
    if action == "decide_appeal":
        services.on_appeal_decided(proceedings=proceedings, user=user)
    if proceedings.stage == Stage.CONCLUDED:
        services.on_concluded(proceedings=proceedings, user=user)


def _dismissed(**kwargs):
    from conduct.lists import services

    services.on_person_dismissed(**kwargs)


def _left_service(**kwargs):
    from conduct.lists import services

    services.on_left_service(**kwargs)


def _allegation_recorded(**kwargs):
    from conduct.lists import after_leaving

    after_leaving.on_allegation_recorded(**kwargs)


def _case_closed(*, case, user, **_):
    from conduct.lists import services

    services.on_case_closed(case=case, user=user)


def _case_panel(*, case, user, **_):
    from conduct.lists import selectors

    return selectors.panel(case, user)


def _closing_refusal(*, case, **_):
    from conduct.lists.models import ListReport

    report = ListReport.objects.filter(case=case, made_on__isnull=True).select_related("person").first()
    if report is None:
        return None
    return (
        f"The {report.get_kind_display()} report on {report.person.full_name} is not yet recorded as made "
        f"(due by {report.due_on:%-d %B %Y}): send it, or record it as made, before closing the case."
    )


def ready():
    from casework import services as casework_services
    from conduct.cases import clocks
    from conduct.lists import letters
    from conduct.lists.services import CLOCKS
    from notifications.kinds import register_kind

    for spec in letters.LETTER_KINDS:  # the report to the College, with its PDF
        register_kind(spec)
    clocks.OUTLIVE_PROCEEDINGS.update(CLOCKS)  # each report is owed whatever happens next
    hooks.transition_applied.connect(_transition, name="barred-list-report-due")
    hooks.person_dismissed.connect(_dismissed, name="barred-list-report-dismissed")
    hooks.allegation_recorded.connect(_allegation_recorded, order=40, name="advisory-list-allegation-after-leaving")
    hooks.case_closed.connect(_case_closed, name="advisory-list-entry-ended")
    hooks.closing_refusals.connect(_closing_refusal, name="barred-list-report-made")
    hooks.case_page.connect(_case_panel, name="list_report_panel")
    casework_services.connect_left_service("advisory-list-report", _left_service)
