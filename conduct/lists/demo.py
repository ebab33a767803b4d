"""Demo for seed_demo, through the real services: a Barred List report due (a police officer dismissed
after their vetting clearance was withdrawn, the route's hook firing), not yet sent; and an Advisory
List entry (a subject who resigned under investigation, recorded as leaving the force), prepared by
the investigator, approved by the appropriate authority and sent to the College through the outbox.
Idempotent: each scenario is built once, found by its case summary."""

from datetime import timedelta

from django.utils import timezone

from casework import calendar
from casework import services as casework_services
from casework.models import Case, DutyStatus, PersonType
from casework.models.cases import HowReceived, Origin, Sensitivity
from conduct.cases import hooks
from conduct.cases import services as case_services
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import MatterType
from conduct.lists import services
from conduct.lists.models import ListReport, ListTrigger

VETTING = "Vetting clearance withdrawn after undisclosed association with an organised crime group"
RESIGNED = "Resigned under investigation: inappropriate relationship with a vulnerable witness"


def _case(ctx, person, summary, description, received_on):
    investigator = ctx["users"]["investigator"]
    allegation = case_services.AllegationInput(
        description=description,
        standards=[ctx["standards"]["Discreditable conduct"]] if "Discreditable conduct" in ctx["standards"] else [],
        categories=[],
    )
    return case_services.record_case(
        user=investigator,
        contact=None,
        route=RouteInput(MatterType.INTERNAL),
        route_reason="Demo: a report to the College of Policing's lists.",
        subjects=[case_services.SubjectInput(person=person, allegations=[allegation])],
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": received_on,
            "how_received": HowReceived.INTERNAL,
            "summary": summary,
            "complainant_name": "",
            "sensitivity": Sensitivity.NORMAL,
            "team": ctx["teams"]["a"],
            "investigator": investigator,
        },
    )


def _barred_due(ctx, person, today):
    case = _case(
        ctx,
        person,
        VETTING,
        "Failed to disclose a continuing association with a member of an organised crime group.",
        calendar.add_months(today, -3),
    )
    hooks.person_dismissed(
        person=person, on=today, user=ctx["users"]["authority"], case=case, route="vetting", source=None
    )
    return ListReport.objects.get(person=person, trigger=ListTrigger.DISMISSAL_VETTING)


def _advisory_sent(ctx, person, today):
    case = _case(
        ctx,
        person,
        RESIGNED,
        "Pursued a sexual relationship with a vulnerable witness met in the course of duty.",
        calendar.add_months(today, -2),
    )
    resigned_on = today - timedelta(days=2)
    casework_services.change_duty_status(
        user=ctx["users"]["investigator"],
        person=person,
        status=DutyStatus.LEFT,
        starts_on=resigned_on,
        reason="Resigned (HR notice) while under investigation.",
        case=case,
    )
    report = ListReport.objects.get(case=case, trigger=ListTrigger.LEFT_UNDER_INVESTIGATION)
    report = services.prepare(
        user=ctx["users"]["investigator"],
        report=report,
        summary="Alleged to have pursued a sexual relationship with a vulnerable witness met in the course of duty "
        "(abuse of position for a sexual purpose); resigned before the investigation concluded.",
    )
    return services.approve_and_send(user=ctx["users"]["authority"], report=report)


def seed(ctx, home_people) -> dict:
    today = timezone.localdate()
    officers = [p for p in home_people if p.person_type == PersonType.OFFICER]
    done = {}
    if not Case.objects.filter(summary=VETTING).exists():
        done["barred"] = _barred_due(ctx, officers[min(210, len(officers) - 2)], today).pk
    if not Case.objects.filter(summary=RESIGNED).exists():
        done["advisory"] = _advisory_sent(ctx, officers[min(230, len(officers) - 1)], today).pk
    return done
