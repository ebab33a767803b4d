"""Demo cases for seed_demo (the force and its people are casework.demo): about 60 cases in every stage,
including the two seed scenarios of DOMAIN.md. Deterministic (fixed random seed) and built
through the real services, so the timelines and histories are the ones users would create."""

import random
from datetime import date, timedelta

from casework import demo as casework_demo
from casework import services as casework_services
from casework.models import DutyStatus, PersonType
from casework.models.cases import HowReceived, Origin, Sensitivity
from conduct.cases import changes, demo_deadlines, demo_letters, demo_proceedings, demo_routes, lifecycle, services
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import Handling, MatterType
from conduct.models import AllegationCategory, CriminalInvestigation, Finding, Outcome, Severity, Standard

PATHS = {
    # target stage: (severity, [(action, extra)])
    "assessment": (None, []),
    "investigation": (Severity.MISCONDUCT, [("start_investigation", {})]),
    "notice_served": (Severity.MISCONDUCT, [("start_investigation", {}), ("serve_notice", {})]),
    "representations": (
        Severity.GROSS,
        [("start_investigation", {}), ("serve_notice", {}), ("record_representations", {})],
    ),
    "interviewed": (
        Severity.MISCONDUCT,
        [("start_investigation", {}), ("serve_notice", {}), ("record_interview", {})],
    ),
    "report": (Severity.GROSS, [("start_investigation", {}), ("serve_notice", {}), ("submit_report", {})]),
    "meeting": (
        Severity.MISCONDUCT,
        [("start_investigation", {}), ("serve_notice", {}), ("submit_report", {}), ("refer_to_meeting", {})],
    ),
    "hearing": (
        Severity.GROSS,
        [("start_investigation", {}), ("serve_notice", {}), ("submit_report", {}), ("refer_to_hearing", {})],
    ),
    "outcome": (
        Severity.MISCONDUCT,
        [
            ("start_investigation", {}),
            ("serve_notice", {}),
            ("submit_report", {}),
            ("refer_to_meeting", {}),
            ("record_outcome", {"finding": Finding.MISCONDUCT, "outcome": Outcome.WRITTEN_WARNING}),
        ],
    ),
    "appeal": (
        Severity.GROSS,
        [
            ("start_investigation", {}),
            ("serve_notice", {}),
            ("submit_report", {}),
            ("refer_to_hearing", {}),
            ("record_outcome", {"finding": Finding.GROSS, "outcome": Outcome.DISMISSAL}),
            ("lodge_appeal", {}),
        ],
    ),
    "accelerated": (
        Severity.GROSS,
        [
            ("start_investigation", {}),
            (
                "refer_to_accelerated",
                {"certification": "Body-worn video and the officer's admission prove the conduct; public interest."},
            ),
        ],
    ),
    "rprp": (Severity.PRI, [("start_rprp", {})]),
    "concluded": (
        Severity.MISCONDUCT,
        [("start_investigation", {}), ("serve_notice", {}), ("submit_report", {}), ("no_case_to_answer", {})],
    ),
    "nfa": (Severity.NO_CASE, [("no_further_action", {})]),
}
REASONS = {
    "start_investigation": "Severity assessed as misconduct or worse; investigator appointed.",
    "serve_notice": "Reg 17 notice served by email and by hand.",
    "record_representations": "Written representations received from the officer's federation representative.",
    "record_interview": "Interviewed under caution-free misconduct interview.",
    "submit_report": "Investigation report received and reviewed.",
    "refer_to_meeting": "Case to answer for misconduct.",
    "refer_to_hearing": "Case to answer for gross misconduct.",
    "record_outcome": "Panel finding recorded.",
    "lodge_appeal": "Appeal lodged to the Police Appeals Tribunal.",
    "refer_to_accelerated": "Special conditions met: the evidence is sufficient for an accelerated hearing.",
    "start_rprp": "Practice requiring improvement: reflective practice is proportionate.",
    "no_case_to_answer": "The evidence does not support a case to answer.",
    "no_further_action": "Assessment found no indication of misconduct; the reasons are recorded.",
}


def seed(users: dict) -> dict:
    """The force, the seed scenarios and cases in every stage, with their clocks and letters.
    Returns what the other features' demos build on (seed_demo calls them next, in the same
    transaction)."""
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    teams, people = casework_demo.seed_force(rng, users)
    standards = {s.name: s for s in Standard.objects.all()}
    categories = {c.code: c for c in AllegationCategory.objects.all()}
    ctx = {"rng": rng, "users": users, "teams": teams, "standards": standards, "categories": categories}
    group_chat = scenario_group_chat(ctx, people)
    scenario_probationer(ctx, people)
    scenario_restricted(ctx, people)
    _cases_in_every_stage(ctx, people["home"])
    demo_routes.seed(ctx, people["home"])
    demo_proceedings.seed(ctx, people["home"])
    demo_deadlines.seed([group_chat], users)
    demo_letters.seed(group_chat, users)
    return {**ctx, "group_chat": group_chat, "home_people": people["home"]}


def route_for(origin) -> RouteInput:
    """The demo's routes on purpose (docs/rules.md, "Routes"): a public complaint investigated under
    special procedures, a conduct matter as a recordable conduct matter, the rest internal."""
    if origin == Origin.PUBLIC_COMPLAINT:
        return RouteInput(MatterType.COMPLAINT, Handling.INVESTIGATION, special_procedures=True)
    if origin == Origin.CONDUCT_MATTER:
        return RouteInput(MatterType.RECORDABLE_CONDUCT)
    return RouteInput(MatterType.INTERNAL)


def _allegation(ctx, description, standards, categories, criminal="none"):
    return services.AllegationInput(
        description=description,
        standards=[ctx["standards"][s] for s in standards],
        categories=[ctx["categories"][c] for c in categories],
        criminal_investigation=criminal,
    )


def _assess_all(case, severity, rationale, user):
    for subject in case.subjects.all():
        for allegation in subject.allegations.all():
            services.assess_severity(
                user=user,
                allegation=allegation,
                severity=severity,
                rationale=rationale,
            )


def _walk(ctx, case, severity, steps, user):
    if severity:
        _assess_all(case, severity, "Assessed against the reg 14 test on the material available.", user)
    for subject in case.subjects.select_related("proceedings"):
        for action, extra in steps:
            # Case-to-answer decisions are the appropriate authority's.
            actor = ctx["users"]["authority"] if lifecycle.TRANSITIONS[action].by_authority else user
            lifecycle.apply_transition(
                user=actor,
                proceedings=subject.proceedings,
                action=action,
                reason=REASONS.get(action, "Recorded."),
                **extra,
            )


def scenario_group_chat(ctx, people):
    """Seed 2: officers in a messaging group with misogynistic and racist messages, under criminal
    investigation, four of this force and two of others: the decisions must be explicit."""
    subjects = people["home"][10:14] + people["other"][:2]
    allegation = (
        "Member of a messaging group in which misogynistic and racist messages were shared; the group "
        "included a man since convicted of murder. Messages recovered by the criminal investigation."
    )
    items = [
        services.SubjectInput(
            person=p,
            allegations=[
                _allegation(
                    ctx,
                    allegation,
                    ["Discreditable conduct", "Equality and diversity", "Authority, respect and courtesy"],
                    ["social-media", "discrimination", "sexual-misconduct", "criminal-offence"],
                    CriminalInvestigation.OPEN,
                )
            ],
        )
        for p in subjects
    ]
    case = services.record_case(
        user=ctx["users"]["investigator"],
        subjects=items,
        contact=None,
        route=RouteInput(MatterType.RECORDABLE_CONDUCT),
        route_reason="Conduct that may justify criminal and disciplinary proceedings, not a complaint.",
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": date(2026, 9, 14),
            "how_received": HowReceived.IOPC,
            "summary": "Group chat: misogynistic and racist messages shared by serving officers of three "
            "forces; criminal investigation under way. Linked to other forces' cases.",
            "complainant_name": "",
            "sensitivity": Sensitivity.NORMAL,
            "team": ctx["teams"]["a"],
            "investigator": ctx["users"]["investigator"],
        },
    )
    _walk(
        ctx,
        case,
        Severity.GROSS,
        [("start_investigation", {}), ("serve_notice", {})],
        ctx["users"]["investigator"],
    )
    casework_services.grant_case_access(
        user=ctx["users"]["investigator"],
        case=case,
        grantee=ctx["users"]["investigator2"],
        reason="Team B holds the linked probationer case; liaison on the shared messaging evidence.",
    )
    # The summary says the case is linked to other forces' cases: the links are recorded (issue 22).
    for force in dict.fromkeys(p.force for p in people["other"][:2]):
        changes.link_case(
            user=ctx["users"]["investigator"],
            case=case,
            kind="same_incident",
            reason="The same messaging group: that force investigates its own officers.",
            other_force=force,
            other_reference=f"{force.code.upper()}-PSD-2026-041",
        )
    return case


def scenario_probationer(ctx, people):
    """Seed 1: a probationer who shared an offensive image, moved to a non-public-facing role."""
    probationer = next(p for p in people["home"] if p.probationer)
    case = services.record_case(
        user=ctx["users"]["investigator2"],
        contact=None,
        route=RouteInput(MatterType.RECORDABLE_CONDUCT),
        subjects=[
            services.SubjectInput(
                person=probationer,
                allegations=[
                    _allegation(
                        ctx,
                        "Shared an offensive image in a work messaging group.",
                        ["Discreditable conduct", "Equality and diversity"],
                        ["social-media", "discrimination"],
                    )
                ],
            )
        ],
        details={
            "origin": Origin.INTERNAL_REPORT,
            "received_on": date(2026, 10, 2),
            "how_received": HowReceived.INTERNAL,
            "summary": "Probationer shared an offensive image; IOPC investigating. Non-public-facing role meanwhile.",
            "complainant_name": "",
            "sensitivity": Sensitivity.NORMAL,
            "team": ctx["teams"]["b"],
            "investigator": ctx["users"]["investigator2"],
        },
    )
    casework_services.change_duty_status(
        user=ctx["users"]["authority"],
        person=probationer,
        status=DutyStatus.NON_PUBLIC_FACING,
        starts_on=date(2026, 10, 3),
        case=case,
        reason="Moved to a non-public-facing role while the IOPC investigates; suspension not necessary.",
    )
    _walk(ctx, case, Severity.MISCONDUCT, [("start_investigation", {})], ctx["users"]["investigator2"])
    return case


def scenario_restricted(ctx, people):
    """A restricted case (the subject works in PSD): only Team A sees it; the head of PSD has
    broken glass once, so Ivy's My work page shows the alert."""
    psd_member = next(p for p in people["home"] if p.unit and p.unit.name == "Professional Standards")
    case = services.record_case(
        user=ctx["users"]["investigator"],
        contact=None,
        subjects=[
            services.SubjectInput(
                person=psd_member,
                allegations=[
                    _allegation(
                        ctx,
                        "Disclosed details of a live misconduct investigation to its subject.",
                        ["Confidentiality"],
                        ["data-misuse"],
                    )
                ],
            )
        ],
        details={
            "origin": Origin.INTERNAL_REPORT,
            "received_on": date(2026, 10, 20),
            "how_received": HowReceived.INTERNAL,
            "complainant_name": "",
            "summary": "Restricted: a member of PSD is alleged to have tipped off the subject of an investigation.",
            "sensitivity": Sensitivity.RESTRICTED,
            "team": ctx["teams"]["a"],
            "investigator": ctx["users"]["investigator"],
        },
    )
    casework_services.break_glass(
        user=ctx["users"]["head"],
        case=case,
        justification="Chief constable asked for a briefing before the press conference.",
    )
    return case


CASE_TEMPLATES = [
    (
        "Rude and dismissive to a member of the public reporting a burglary.",
        ["Authority, respect and courtesy"],
        ["other"],
        Origin.PUBLIC_COMPLAINT,
    ),
    (
        "Accessed police systems to look up a neighbour without a policing purpose.",
        ["Confidentiality"],
        ["data-misuse"],
        Origin.CONDUCT_MATTER,
    ),
    (
        "Excessive force used during an arrest outside a night-time venue.",
        ["Use of force"],
        ["use-of-force"],
        Origin.PUBLIC_COMPLAINT,
    ),
    (
        "Inappropriate sexual comments to a colleague on night shifts.",
        ["Discreditable conduct", "Equality and diversity"],
        ["sexual-misconduct"],
        Origin.INTERNAL_REPORT,
    ),
    (
        "Failed to record a domestic abuse report.",
        ["Duties and responsibilities"],
        ["domestic-abuse"],
        Origin.PUBLIC_COMPLAINT,
    ),
    (
        "Claimed overtime for hours not worked.",
        ["Honesty and integrity"],
        ["dishonesty"],
        Origin.WHISTLEBLOWING,
    ),
    (
        "Posted offensive content on a personal social media account.",
        ["Discreditable conduct"],
        ["social-media"],
        Origin.CONDUCT_MATTER,
    ),
]


def _cases_in_every_stage(ctx, home_people):
    rng = ctx["rng"]
    targets = list(PATHS) * 4 + ["closed"] * 8
    # Officers and specials: these cases walk the Conduct Regulations' steps, which staff never take
    # (police staff have their own scenario in demo_routes).
    pool = [p for p in home_people[20:] if p.person_type != PersonType.STAFF]
    for index, target in enumerate(targets):
        description, standards, categories, origin = CASE_TEMPLATES[index % len(CASE_TEMPLATES)]
        team_key = "a" if index % 2 == 0 else "b"
        investigator = ctx["users"]["investigator" if team_key == "a" else "investigator2"]
        subjects = rng.sample(pool, rng.choice([1, 1, 1, 2]))
        case = services.record_case(
            user=investigator,
            contact=None,
            route=route_for(origin),
            subjects=[
                services.SubjectInput(person=p, allegations=[_allegation(ctx, description, standards, categories)])
                for p in subjects
            ],
            details={
                "origin": origin,
                "received_on": date(2026, 11, 1) - timedelta(days=rng.randint(5, 700)),
                "how_received": rng.choice([HowReceived.ONLINE, HowReceived.EMAIL, HowReceived.TELEPHONE]),
                "summary": description,
                # Each complaint its own complainant: the repeat-complainant flag must mean something.
                "complainant_name": f"Member of the public no. {index + 1}"
                if origin == Origin.PUBLIC_COMPLAINT
                else "",
                "sensitivity": Sensitivity.NORMAL,
                "team": ctx["teams"][team_key],
                "investigator": investigator,
            },
        )
        path_key = "concluded" if target == "closed" else target
        severity, steps = PATHS[path_key]
        _walk(ctx, case, severity, steps, investigator)
        if target == "closed":
            services.close_case(user=investigator, case=case, reason="All subjects concluded; case closed.")
    return len(targets)
