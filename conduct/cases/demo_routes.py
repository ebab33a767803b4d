"""Demo cases for each route of docs/rules.md ("Routes") that the cases in every stage do not
show: a complaint handled otherwise than by investigation, a complaint investigated without
special procedures, a DSI matter, a member of police staff under the staff procedure and a
former officer. Built through the real services, like the rest of the demo."""

from datetime import date

from casework.models import LeavingReason, Person, PersonType
from casework.models.cases import HowReceived, Origin, Sensitivity
from conduct.cases import lifecycle, services
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import Handling, MatterType
from conduct.models import Severity


def record(ctx, *, person, origin, route, summary, allegation, standards, categories, received_on, complainant=""):
    investigator = ctx["users"]["investigator"]
    return services.record_case(
        user=investigator,
        contact={"email": "complainant@demo.example", "telephone": ""} if complainant else None,
        route=route,
        route_reason="Demo: a route of docs/rules.md.",
        subjects=[
            services.SubjectInput(
                person=person,
                allegations=[
                    services.AllegationInput(
                        description=allegation,
                        standards=[ctx["standards"][s] for s in standards],
                        categories=[ctx["categories"][c] for c in categories],
                    )
                ],
            )
        ],
        details={
            "origin": origin,
            "received_on": received_on,
            "how_received": HowReceived.ONLINE if complainant else HowReceived.INTERNAL,
            "summary": summary,
            "complainant_name": complainant,
            "sensitivity": Sensitivity.NORMAL,
            "team": ctx["teams"]["a"],
            "investigator": investigator,
        },
    )


def step(ctx, case, action, reason, severity=None, **extra):
    user = ctx["users"]["authority"] if lifecycle.TRANSITIONS[action].by_authority else ctx["users"]["investigator"]
    subject = case.subjects.select_related("proceedings").get()
    if severity:
        for allegation in subject.allegations.all():
            services.assess_severity(
                user=ctx["users"]["investigator"], allegation=allegation, severity=severity, rationale=reason
            )
    lifecycle.apply_transition(user=user, proceedings=subject.proceedings, action=action, reason=reason, **extra)


def seed(ctx, home_people):
    officers = [p for p in home_people if p.person_type == PersonType.OFFICER][200:]
    staff = [p for p in home_people if p.person_type == PersonType.STAFF]
    otherwise = record(
        ctx,
        person=officers[0],
        origin=Origin.PUBLIC_COMPLAINT,
        route=RouteInput(
            MatterType.COMPLAINT,
            Handling.OTHERWISE,
            action_taken="The sergeant spoke to the complainant, explained the delay and apologised.",
        ),
        summary="Complaint that an officer did not call back about a stolen bicycle.",
        allegation="Did not call the complainant back as promised about a reported bicycle theft.",
        standards=["Duties and responsibilities"],
        categories=["other"],
        received_on=date(2026, 11, 9),
        complainant="Ms Priya Shah",
    )
    step(ctx, otherwise, "no_further_action", "Explanation and apology accepted; service recovery recorded.")
    plain = record(
        ctx,
        person=officers[1],
        origin=Origin.PUBLIC_COMPLAINT,
        route=RouteInput(MatterType.COMPLAINT, Handling.INVESTIGATION, special_procedures=False),
        summary="Complaint about how a road traffic collision report was handled.",
        allegation="Recorded the collision report with the wrong details and did not correct it.",
        standards=["Duties and responsibilities"],
        categories=["other"],
        received_on=date(2026, 10, 12),
        complainant="Mr Tom Reilly",
    )
    step(ctx, plain, "start_investigation", "Investigation of the service given; no indication of misconduct.")
    dsi = record(
        ctx,
        person=officers[2],
        origin=Origin.DSI_MATTER,
        route=RouteInput(MatterType.DSI),
        summary="A man detained in custody was taken ill and died in hospital two days later.",
        allegation="Custody sergeant on duty when the detainee was taken ill (no indication of misconduct).",
        standards=["Duties and responsibilities"],
        categories=["other"],
        received_on=date(2026, 11, 20),
    )
    step(ctx, dsi, "start_investigation", "The IOPC decided the force investigates; evidence secured.")
    if staff:
        staff_case = record(
            ctx,
            person=staff[0],
            origin=Origin.ACCESS_EXERCISE,
            route=RouteInput(MatterType.INTERNAL),
            summary="A member of police staff opened the records of a high-profile case without a business need.",
            allegation="Opened the case records of a high-profile investigation without a policing purpose.",
            standards=["Confidentiality"],
            categories=["data-misuse"],
            received_on=date(2026, 10, 30),
        )
        step(ctx, staff_case, "start_investigation", "Investigating officer appointed.", severity=Severity.MISCONDUCT)
        step(ctx, staff_case, "submit_report", "Report received: the access had no business reason.")
        step(ctx, staff_case, "refer_to_hearing", "Case to answer under the staff procedure.")
    former = officers[3]
    Person.objects.filter(pk=former.pk).update(left_service_on=date(2026, 8, 31), left_by=LeavingReason.RESIGNED)
    former.refresh_from_db()
    former_case = record(
        ctx,
        person=former,
        origin=Origin.INTERNAL_REPORT,
        route=RouteInput(MatterType.INTERNAL),
        summary="A constable who resigned in August is alleged to have taken cash seized at a search.",
        allegation="Kept £400 in cash seized during a search of a house in July 2026.",
        standards=["Honesty and integrity"],
        categories=["dishonesty"],
        received_on=date(2026, 11, 2),
    )
    step(ctx, former_case, "start_investigation", "Investigator appointed.", severity=Severity.GROSS)
    step(ctx, former_case, "serve_notice", "Notice sent to the former officer's home address by email.")
