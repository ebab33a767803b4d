"""Panels other apps add to "My work". casework may not import notifications or conduct
(DESIGN.md), so they register here, in their AppConfig.ready, a template and a function that
reads what the panel shows; the home page includes each in order."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable  # (request) -> dict, or None to leave the panel out
    order: int = 100


HOME_PANELS: dict[str, Panel] = {}


def register_home_panel(panel: Panel) -> Panel:
    HOME_PANELS[panel.name] = panel
    return panel


def home_panels(request) -> list[tuple[str, dict]]:
    """(template, context) of each panel with something to show."""
    shown = []
    for panel in sorted(HOME_PANELS.values(), key=lambda p: p.order):
        context = panel.context(request)
        if context:
            shown.append((panel.template, context))
    return shown


# The deadline page's panels: what other apps know about a deadline (the reminders sent, in
# notifications). The context function takes (request, deadline).
DEADLINE_PANELS: dict[str, Panel] = {}


def register_deadline_panel(panel: Panel) -> Panel:
    DEADLINE_PANELS[panel.name] = panel
    return panel


def deadline_panels(request, deadline) -> list[tuple[str, dict]]:
    shown = []
    for panel in sorted(DEADLINE_PANELS.values(), key=lambda p: p.order):
        context = panel.context(request, deadline)
        if context:
            shown.append((panel.template, context))
    return shown
