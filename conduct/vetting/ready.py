"""The vetting route in the case workflows and pages (conduct/cases/hooks.py)."""

from casework.permissions import NavItem, register_nav_item
from casework.roles import Role
from conduct.cases import hooks
from notifications.kinds import register_kind


def _outcome(*, proceedings, action, user, **_):
    from conduct.vetting import services

    if action == "record_outcome":  # a finding of misconduct or gross misconduct opens a review
        services.on_outcome(proceedings=proceedings, user=user)


def _person_panel(*, person, user, **_):
    from conduct.vetting import selectors

    return selectors.person_panel(person, user)


def _case_panel(*, case, user, **_):
    from conduct.vetting import selectors

    return selectors.case_panel(case, user)


def ready():
    from conduct.vetting import letters

    for spec in letters.LETTER_KINDS:
        register_kind(spec)
    hooks.transition_applied.connect(_outcome, order=200, name="vetting-review-on-finding")
    hooks.person_page.connect(_person_panel, name="vetting_panel")
    hooks.case_page.connect(_case_panel, name="vetting_case_panel")
    register_nav_item(
        NavItem("Vetting", "vetting-list", frozenset({Role.APPROPRIATE_AUTHORITY, Role.HEAD_OF_PSD}), order=75)
    )
