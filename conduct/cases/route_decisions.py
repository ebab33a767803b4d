"""Recording a case's route at intake and changing it afterwards: each a reasoned decision kept
in RouteDecision (append-only), the case history and the timeline (DOMAIN.md, "Which rules
apply": changing type later is a recorded, reasoned decision)."""

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from casework import services as casework_services
from casework.errors import Refused
from casework.models import CaseSubject
from casework.models.cases import EventKind
from conduct.cases import clocks, hooks, lifecycle, routes
from conduct.cases.route_models import CaseRoute, Handling, InvestigationMode, MatterType, RouteDecision
from conduct.models import Stage


@dataclass
class RouteInput:
    matter_type: str = MatterType.INTERNAL
    handling: str = Handling.UNDECIDED
    mode: str = ""
    special_procedures: bool = False
    action_taken: str = ""

    def normalised(self) -> "RouteInput":
        """What the law fixes, filled in: only a complaint has a handling decision to make; a
        recordable conduct matter's investigation is always under special procedures (Sch 3 para
        19B: it is an indication of misconduct); a DSI matter's never is; an investigation is
        local until the IOPC decides otherwise."""
        data = RouteInput(**asdict(self))
        data.action_taken = (data.action_taken or "").strip()
        if data.matter_type != MatterType.COMPLAINT:
            data.handling = Handling.INVESTIGATION
            data.special_procedures = data.matter_type == MatterType.RECORDABLE_CONDUCT
        if data.handling != Handling.INVESTIGATION:
            data.mode, data.special_procedures = "", False
        elif not data.mode:
            data.mode = InvestigationMode.LOCAL
        if data.handling != Handling.OTHERWISE:
            data.action_taken = ""
        return data


def _validate(data: RouteInput):
    if data.matter_type not in MatterType.values:
        raise Refused("Select the type of matter.", field="matter_type")
    if data.handling not in Handling.values:
        raise Refused("Select how the complaint is handled.", field="handling")
    if data.mode and data.mode not in InvestigationMode.values:
        raise Refused("Select the form of the investigation.", field="mode")
    if data.handling == Handling.OTHERWISE and not data.action_taken:
        raise Refused(
            "Say what reasonable and proportionate action is taken to handle the complaint.", field="action_taken"
        )


def state_of(route: CaseRoute | None) -> dict:
    if route is None:
        return {}
    return {
        "matter_type": route.matter_type,
        "handling": route.handling,
        "mode": route.mode,
        "special_procedures": route.special_procedures,
        "action_taken": route.action_taken,
    }


def describe(state: dict) -> str:
    if not state:
        return "no route"
    parts = [MatterType(state["matter_type"]).label]
    if state["matter_type"] == MatterType.COMPLAINT:
        parts.append(Handling(state["handling"]).label.lower())
    if state.get("mode"):
        parts.append(InvestigationMode(state["mode"]).label.split(":")[0].lower() + " investigation")
    if state.get("special_procedures"):
        parts.append("subject to special procedures")
    return ", ".join(parts)


def record_route(*, user, case, data: RouteInput, reason: str = "") -> CaseRoute:
    """The route decided at intake (inside record_case's transaction)."""
    data = data.normalised()
    _validate(data)
    route = CaseRoute.objects.create(case=case, **asdict(data), decided_by=user, decided_at=timezone.now())
    RouteDecision.objects.create(
        case=case,
        before={},
        after=state_of(route),
        reason=(reason or "").strip() or "Recorded at intake.",
        made_by=user,
    )
    return route


def _refuse_stranded_subjects(case, route: CaseRoute):
    """A change that would leave a subject part-way along a path the new route does not have."""
    for subject in CaseSubject.objects.filter(case=case).select_related("person", "proceedings"):
        stage = getattr(getattr(subject, "proceedings", None), "stage", Stage.ASSESSMENT)
        if stage in (Stage.ASSESSMENT, Stage.CONCLUDED):
            continue
        steps = routes.steps_for(routes.path_for(route), routes.regime_for(subject.person))
        if not any(stage in (step.sources or lifecycle.TRANSITIONS[a].sources) for a, step in steps.items()):
            raise Refused(
                f"{subject.person.full_name} is at “{Stage(stage).label}”, which the new route does not "
                "reach. Conclude or withdraw that first, or choose another route."
            )


@transaction.atomic
def change_route(*, user, case, data: RouteInput, reason: str) -> CaseRoute | None:
    """A reasoned change of type, handling, form of investigation or special procedures. None
    when nothing changed."""
    case = casework_services.lock_case(case)
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Give the reasons for this decision.", field="reason")
    data = data.normalised()
    _validate(data)
    route = routes.route_of(case)
    before = state_of(route)
    after = asdict(data)
    if before == after and not (route and route.to_review):
        return None
    route = route or CaseRoute(case=case)
    for name, value in after.items():
        setattr(route, name, value)
    _refuse_stranded_subjects(case, route)
    route.to_review, route.decided_by, route.decided_at = False, user, timezone.now()
    route.save()
    RouteDecision.objects.create(case=case, before=before, after=after, reason=reason, made_by=user)
    casework_services.record_event(
        case,
        kind=EventKind.CASE_CHANGED,
        actor=user,
        summary=f"Route decided: {describe(after)}"[:300],
        detail=f"Before: {describe(before)}.\n{reason}",
    )
    if data.handling == Handling.OTHERWISE and before.get("handling") != Handling.OTHERWISE:
        clocks.on_handled_otherwise(case=case, user=user)
    hooks.route_changed(case=case, before=before, after=after, user=user)  # e.g. now a complaint
    return route


def iopc_decided_mode(*, user, case, mode: str, reason: str):
    """The IOPC's decision on the form of the investigation (conduct.referrals) sets the route's."""
    route = routes.route_of(case)
    if route is None or mode not in InvestigationMode.values or route.mode == mode:
        return None
    data = RouteInput(**state_of(route))
    data.handling, data.mode = Handling.INVESTIGATION, mode
    return change_route(user=user, case=case, data=data, reason=reason)
