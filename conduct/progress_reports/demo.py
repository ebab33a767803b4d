"""Demo for seed_demo: a recordable conduct matter (Schedule 3) whose investigation passed 12
months, with its report made: letters to the local policing body and the IOPC in the outbox, the
officer's copy withheld with reasons, and the 6-monthly clock running. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from casework import calendar
from casework.models import Case, PersonType
from casework.models.cases import HowReceived, Origin, Sensitivity
from conduct.cases import services as case_services
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import MatterType
from conduct.progress_reports import services

SUMMARY = "Investigation past 12 months: misuse of force systems to look up a neighbour"


def _case(ctx, person, received_on):
    investigator = ctx["users"]["investigator"]
    allegation = case_services.AllegationInput(
        description="Searched police systems for a neighbour's details with no policing purpose.",
        standards=[ctx["standards"]["Confidentiality"]] if "Confidentiality" in ctx["standards"] else [],
        categories=[],
    )
    return case_services.record_case(
        user=investigator,
        contact=None,
        route=RouteInput(MatterType.RECORDABLE_CONDUCT),
        route_reason="Demo: an investigation past 12 months.",
        subjects=[case_services.SubjectInput(person=person, allegations=[allegation])],
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": received_on,
            "how_received": HowReceived.INTERNAL,
            "summary": SUMMARY,
            "complainant_name": "",
            "sensitivity": Sensitivity.NORMAL,
            "team": ctx["teams"]["a"],
            "investigator": investigator,
        },
    )


def seed(ctx, home_people) -> int | None:
    if Case.objects.filter(summary=SUMMARY).exists():
        return None
    officers = [p for p in home_people if p.person_type == PersonType.OFFICER]
    today = timezone.localdate()
    received_on = calendar.add_months(today, -13)
    case = _case(ctx, officers[min(190, len(officers) - 1)], received_on)
    person = case.subjects.get().person
    report = services.record_report(
        user=ctx["users"]["investigator"],
        case=case,
        data=services.ReportInput(
            made_on=today,
            came_to_attention_on=received_on,
            notice_given_on=received_on + timedelta(days=14),
            progress="The audit of the officer's system searches is complete and the neighbour has given a statement.",
            estimated_conclusion=today + timedelta(days=60),
            estimated_report=today + timedelta(days=90),
            reasons_for_time="The system supplier took five months to provide the audit trail.",
            planned_steps="Interview the officer; then write the final report.",
        ),
        withheld={
            f"officer-{person.pk}": "The officer is to be interviewed next week; a copy now would set out "
            "the lines of questioning in advance and prejudice the interview."
        },
    )
    return report.pk
