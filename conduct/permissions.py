"""Who may take which conduct decision. Builds on casework.permissions (the one place for case
visibility); views never hand-roll these checks."""

from casework import permissions as casework_permissions


def can_apply(user, case, transition) -> bool:
    """Case-to-answer decisions are the appropriate authority's; the rest the case team's.
    No decision is taken on a closed case."""
    if case.status != "open":
        return False
    if transition.by_authority:
        return casework_permissions.can_decide(user) and casework_permissions.can_view_case(user, case)
    return casework_permissions.can_change_case(user, case)


# Duty decisions (suspension and its alternatives) ------------------------------------------
# The case team proposes; appropriate authorities and the head of PSD decide and review (never
# their own proposal: conduct.duty checks that). Nothing is decided on a closed case.
def can_propose_duty(user, case) -> bool:
    return case.status == "open" and casework_permissions.can_change_case(user, case)


def can_decide_duty(user, case) -> bool:
    return (
        case.status == "open"
        and casework_permissions.can_decide(user)
        and casework_permissions.can_view_case(user, case)
    )


def can_record_duty_representations(user, case) -> bool:
    """Representations and requests for review come in to the case team or the decision-makers."""
    return can_propose_duty(user, case) or can_decide_duty(user, case)


def can_view_duty_decisions(user) -> bool:
    """The /suspensions/ lists, scoped to the cases the user sees."""
    return casework_permissions.can_open_section(user, "suspension-list")


def can_view_duty_risk(user) -> bool:
    """The risk views and their exports: the head of PSD and appropriate authorities."""
    return casework_permissions.can_decide(user)


# IOPC referrals ----------------------------------------------------------------------------
# Referral pages: those who may open the referrals section and see the case. The case team
# records referrals and the IOPC's decisions; "not required after all" is decided by an
# appropriate authority (or the head of PSD) other than its author (conduct.referrals checks it
# too, and the database). Nothing is recorded on a closed case.
def can_view_referrals(user) -> bool:
    """The /referrals/ lists, scoped to the cases the user sees."""
    return casework_permissions.can_open_section(user, "referral-list")


def can_record_referral(user, case) -> bool:
    return case.status == "open" and casework_permissions.can_change_case(user, case)


def can_decide_not_required(user, case, proposal) -> bool:
    return (
        case.status == "open"
        and proposal.proposed_by_id != user.pk
        and casework_permissions.can_decide(user)
        and casework_permissions.can_view_case(user, case)
    )


def referral_case_or_404(user, reference):
    """The case, for a referral page: 404 unless the user may open referrals and see the case."""
    from django.http import Http404

    if not can_view_referrals(user):
        raise Http404("No such case")
    return casework_permissions.get_case_or_404(user, reference)


# Early-warning flags and monitoring (issue 10) -----------------------------------------------
# Managers' work: the head of PSD and appropriate authorities see the flags, acknowledge them and
# set monitoring; opening a case from a flag needs the right to record cases (the head of PSD).
def can_view_flags(user) -> bool:
    return casework_permissions.can_decide(user)


def can_open_case_from_flag(user) -> bool:
    return can_view_flags(user) and casework_permissions.can_record_cases(user)


# The department dashboard and the reports (issue 10): the same managers.
def can_view_oversight(user) -> bool:
    return casework_permissions.can_decide(user)
