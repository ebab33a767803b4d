"""IOPC referrals' place in the case workflows and pages (conduct/cases/hooks.py)."""

from casework.history import register
from casework.panels import Panel, register_home_panel
from casework.permissions import CASE_ROLES, NavItem, register_nav_item
from casework.roles import Role, register_role_permissions
from conduct.cases import hooks


def _evaluate(*, case, user, **_):
    from conduct.referrals import services

    services.evaluate_case(case, user)


def _evaluate_subjects_case(*, subject, user, **_):
    _evaluate(case=subject.case, user=user)


def _evaluate_linked(*, case, target, user):
    from conduct.referrals import services

    services.on_cases_linked(case, target, user)


def _required_referral_not_made(*, case):
    from conduct.models import Referral, ReferralState

    # A mandatory referral is a legal duty the closure would bury: make it, or have an authority
    # agree it is not required after all, first.
    if Referral.objects.filter(case=case, state=ReferralState.REQUIRED).exists():
        return (
            "An IOPC referral is required and has not been made. Record the referral, or have an "
            "appropriate authority agree that it is not required, before closing the case."
        )
    return None


def _consultation_needed(*, case):
    from conduct.referrals import directions

    return directions.consultation_needed(case=case)


def ready():
    from conduct.referrals import admin, discrimination, history  # noqa: F401  (admin: the criteria's pages)
    from conduct.referrals.views import home_panel

    # The IOPC referral criteria are evaluated whenever the facts they read change: a new
    # allegation, a new case or a changed origin, and a link to a referred matter.
    hooks.allegation_recorded.connect(_evaluate_subjects_case, order=10)
    # ... and an allegation that may meet the discriminatory-behaviour criterion asks the case team
    # to decide it (issue 20), shown on the case page until answered.
    hooks.allegation_recorded.connect(discrimination.on_allegation_recorded, order=5)
    hooks.case_page.connect(discrimination.case_panel, name="discrimination_panel")
    hooks.case_recorded.connect(_evaluate)
    hooks.case_changed.connect(_evaluate)
    hooks.cases_linked.connect(_evaluate_linked)
    hooks.closing_refusals.connect(_required_referral_not_made, name="iopc-referral")
    # While the IOPC investigates, duty decisions record the IOPC's consultation (conduct.duty asks).
    hooks.iopc_consultation_needed.connect(_consultation_needed, name="iopc-investigates")
    for tracked in history.TRACKED_RECORDS:
        register(tracked)
    register_nav_item(NavItem("Referrals", "referral-list", CASE_ROLES, order=60))
    # The mandatory IOPC referral criteria: worded and linked to categories, never deleted.
    register_role_permissions(
        Role.ADMINISTRATOR, ["conduct.view_referralcriterion", "conduct.change_referralcriterion"]
    )
    # Decision-makers see the referrals required and the "not required" proposals awaiting them.
    register_home_panel(Panel("iopc-referrals", "conduct/referrals/_home_panel.html", home_panel, order=30))
