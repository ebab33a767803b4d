"""The case page, in sections under an MoJ sub-navigation: Summary (/cases/<ref>/), then
/cases/<ref>/<section>/ for the others. Every section is a consultation of the case: each view
opens the case through the one door (casework.door), which logs it with its purpose (s.62).

Each section reads only what it shows, so its query count stays bounded on its own
(tests/conduct/cases/test_case_sections.py). The panels of the features above the case arrive
through the `case_page` hook (conduct/cases/hooks.py) on every section: the known ones are
included where they belong by the section templates; a panel that names its own `template` is
included by the generic loop of the section it names (`section`, else "summary")."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse

from casework import door, history, permissions
from casework.models import CaseSubject, TimelineEvent
from conduct.cases import hooks, lifecycle, routes, task_list
from conduct.models import Allegation, SeverityAssessment, Stage, StageTransition


@dataclass(frozen=True)
class Section:
    slug: str
    label: str
    url_name: str
    template: str
    own_heading: bool = False  # the included panel has its own heading


SECTIONS = [
    Section("summary", "Summary", "case-detail", "conduct/cases/sections/summary.html"),
    Section("subjects", "Subjects and allegations", "case-section-subjects", "conduct/cases/sections/subjects.html"),
    Section("duty", "Duty", "case-section-duty", "conduct/cases/sections/duty.html", True),
    Section("deadlines", "Deadlines", "case-section-deadlines", "conduct/cases/sections/deadlines.html", True),
    Section(
        "correspondence",
        "Correspondence",
        "case-section-correspondence",
        "conduct/cases/sections/correspondence.html",
        True,
    ),
    Section("timeline", "Timeline", "case-section-timeline", "conduct/cases/sections/timeline.html"),
    Section("audit", "Access log", "case-section-audit", "conduct/cases/sections/audit.html"),
]
BY_SLUG = {s.slug: s for s in SECTIONS}
TIMELINE_SHOWN = 200


def section_url(case, slug: str) -> str:
    return reverse(BY_SLUG[slug].url_name, args=[case.reference])


def placed_panels(panels: dict, section: str) -> list[dict]:
    """The hook panels that name their own template, for the generic loop of `section`."""
    return [
        panel
        for panel in panels.values()
        if isinstance(panel, dict) and panel.get("template") and panel.get("section", "summary") == section
    ]


def case_section(request, reference, section="summary"):
    if permissions.may_break_glass_on(request.user, reference):
        return redirect("case-break-glass", reference=reference)
    case = door.open_case(request, reference)
    can_change = permissions.can_change_case(request.user, case)
    may_decide = permissions.can_decide(request.user)
    # e.g. risk_panel; with the rights worked out here, so the panels add no permission queries
    panels = hooks.case_page.collect(case=case, user=request.user, can_change=can_change, can_decide=may_decide)
    context = {
        "case": case,
        "section": BY_SLUG[section],
        "sections": [(s, section_url(case, s.slug)) for s in SECTIONS],
        "can_change": can_change,
        "can_decide": may_decide,
        "narrative": permissions.can_read_narrative(request.user, case),
        "can_view_access_log": permissions.can_view_access_log(request.user),
        **panels,
        "section_panels": placed_panels(panels, section),
    }
    context.update(BUILDERS[section](request, case, context))
    return render(request, "conduct/case_detail.html", context)


def _subjects(case, *, full: bool):
    subjects = CaseSubject.objects.filter(case=case).select_related(
        "person__rank", "person__unit", "person__force", "proceedings"
    )
    if full:
        subjects = subjects.select_related(
            "proceedings__reflective_practice", "proceedings__staff_outcome"
        ).prefetch_related(
            Prefetch(
                "allegations",
                queryset=Allegation.objects.prefetch_related(
                    "standards",
                    "categories",
                    Prefetch("assessments", queryset=SeverityAssessment.objects.select_related("assessed_by")),
                ),
            ),
            Prefetch("proceedings__transitions", queryset=StageTransition.objects.only("proceedings_id", "action")),
        )
    return list(subjects)


def _staged(subjects, route):
    for s in subjects:
        s.regime_text = route.regime(s.person)
        if hasattr(s, "proceedings"):
            s.stage_text = route.stage_label(s.proceedings.stage, s.person)
    return subjects


def _summary(request, case, context):
    route = routes.CaseRouteView(case)
    subjects = _staged(_subjects(case, full=False), route)
    concluded = all(s.proceedings.stage == Stage.CONCLUDED for s in subjects if hasattr(s, "proceedings"))
    return {
        "route": route,
        "subjects": subjects,
        "ready_to_close": concluded,
        "links": case.links.select_related("linked_case", "other_force"),
        "contact": getattr(case, "complainant_contact", None) if context["can_change"] else None,
    }


def _subjects_section(request, case, context):
    route = routes.CaseRouteView(case)
    subjects = _staged(_subjects(case, full=True), route)
    for s in subjects:
        if not hasattr(s, "proceedings"):
            continue
        steps = route.steps(s.person)
        # The page's own checks: the case is visible, so these equal conduct.permissions.can_apply.
        allowed = {
            t.action
            for t in lifecycle.available_transitions(s.proceedings, steps)
            if (context["can_decide"] if t.by_authority else context["can_change"])
        }
        taken = [t.action for t in s.proceedings.transitions.all()]
        s.tasks = task_list.task_statuses(steps, s.proceedings.stage, taken, lifecycle.TRANSITIONS)
        s.allowed = allowed if case.status == "open" else set()
    return {"route": route, "subjects": subjects}


def _duty(request, case, context):
    # conduct/templatetags/duty.py reads each subject's allegations and their categories.
    subjects = CaseSubject.objects.filter(case=case).select_related("person__rank", "person__force", "proceedings")
    allegations = Prefetch("allegations", queryset=Allegation.objects.prefetch_related("categories"))
    return {"subjects": list(subjects.prefetch_related(allegations))}


def _nothing(request, case, context):
    return {}


def _timeline(request, case, context):
    events = TimelineEvent.objects.filter(case=case).select_related("actor", "person")[:TIMELINE_SHOWN]
    return {"timeline": events}


def _access(request, case, context):
    return {"changes": history.case_changes(case) if context["narrative"] else []}


BUILDERS = {
    "summary": _summary,
    "subjects": _subjects_section,
    "duty": _duty,
    "deadlines": _nothing,
    "correspondence": _nothing,
    "timeline": _timeline,
    "audit": _access,
}
