"""/dashboard/: the department at a glance for the head of PSD and appropriate authorities;
everyone else gets 404. The figures come from conduct.oversight.dashboard's sections; this view
only lays the charts out as SVG bars (no JavaScript), each bar a link to its list."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conduct.oversight import dashboard, needs_action
from conduct.permissions import can_view_fairness, can_view_oversight

CHART_WIDTH, CHART_HEIGHT, LABEL_SPACE, TOP_SPACE = 640, 220, 48, 20


@dataclass(frozen=True)
class Bar:
    figure: dashboard.Figure
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


def bars(chart: dashboard.Chart) -> list[Bar]:
    """Bar geometry in SVG units: heights relative to the largest value (zero bars stay flat)."""
    count = max(len(chart.bars), 1)
    slot = CHART_WIDTH / count
    top = max((f.value for f in chart.bars), default=0) or 1
    usable = CHART_HEIGHT - LABEL_SPACE - TOP_SPACE
    laid_out = []
    for i, figure in enumerate(chart.bars):
        height = usable * figure.value / top
        laid_out.append(
            Bar(figure, x=i * slot + slot * 0.15, y=TOP_SPACE + usable - height, width=slot * 0.7, height=height)
        )
    return laid_out


@require_GET
def department_dashboard(request):
    if not can_view_oversight(request.user):
        raise Http404
    # Each user's sections are cached for at most a minute, each recomputed after a change of
    # what it counts (casework.figures); the charts' layout is not.
    sections = dashboard.build(request.user)
    for section in sections:
        section.laid_out = [(chart, bars(chart)) for chart in section.charts]
    return render(
        request,
        "conduct/dashboard.html",
        {
            "cards": needs_action.cards(request.user),  # "Needs action" first (issue 20)
            "sections": sections,
            "can_view_fairness": can_view_fairness(request.user),
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
            "baseline": CHART_HEIGHT - LABEL_SPACE,
        },
    )
