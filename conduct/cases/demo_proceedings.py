"""Demo proceedings that the cases in every stage do not show (issue 19, point 8): an officer given
a final written warning whose later misconduct must go to a hearing, not a meeting, because the
warning was live at the severity assessment (reg 23; reg 42(5)). Built through the real services:
the warning's life comes from the rule data, the forum from the lifecycle's rule."""

from datetime import date

from casework.models import PersonType
from casework.models.cases import Origin
from conduct.cases.demo_routes import record, step
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import MatterType
from conduct.models import Finding, Outcome, Severity


def seed(ctx, home_people):
    officers = [p for p in home_people if p.person_type == PersonType.OFFICER][210:]
    if not officers:
        return None
    officer = officers[0]
    earlier = record(
        ctx,
        person=officer,
        origin=Origin.INTERNAL_REPORT,
        route=RouteInput(MatterType.INTERNAL),
        summary="A constable repeatedly failed to book property seized at arrests into the property system.",
        allegation="Did not record seized property on three occasions in spring 2025.",
        standards=["Duties and responsibilities"],
        categories=["other"],
        received_on=date(2025, 12, 1),
    )
    step(ctx, earlier, "start_investigation", "Investigator appointed.", severity=Severity.MISCONDUCT)
    step(ctx, earlier, "serve_notice", "Reg 17 notice served by email.")
    step(ctx, earlier, "submit_report", "Report received: the property was recorded late on each occasion.")
    step(ctx, earlier, "refer_to_meeting", "Case to answer for misconduct.")
    step(
        ctx,
        earlier,
        "record_outcome",
        "A repeated failure after advice from the sergeant: a final written warning.",
        finding=Finding.MISCONDUCT,
        outcome=Outcome.FINAL_WRITTEN_WARNING,
    )
    step(ctx, earlier, "finalise_outcome", "No appeal within the time allowed.")
    later = record(
        ctx,
        person=officer,
        origin=Origin.INTERNAL_REPORT,
        route=RouteInput(MatterType.INTERNAL),
        summary="The same constable is alleged to have left a detained person's property unsecured overnight.",
        allegation="Left a detained person's phone and wallet unsecured in the report-writing room overnight.",
        standards=["Duties and responsibilities"],
        categories=["other"],
        received_on=date(2026, 11, 16),
    )
    step(
        ctx, later, "start_investigation", "Misconduct; a final written warning is live.", severity=Severity.MISCONDUCT
    )
    step(ctx, later, "serve_notice", "Reg 17 notice served by email.")
    step(ctx, later, "submit_report", "Report received: the property was left out overnight.")
    # A meeting would be refused: misconduct with a final written warning live at the severity
    # assessment goes to a hearing, where reduction in rank or dismissal are open (reg 42(5)).
    step(ctx, later, "refer_to_hearing", "Case to answer for misconduct; the final written warning is live.")
    return later
