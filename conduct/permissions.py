"""Who may take which conduct decision. Builds on casework.permissions (the one place for case
visibility); views never hand-roll these checks."""

from casework import permissions as casework_permissions
from casework.models.cases import CaseStatus
from casework.roles import Role


def can_apply(user, case, transition) -> bool:
    """Case-to-answer decisions are the appropriate authority's; the rest the case team's.
    No decision is taken on a closed case."""
    if case.status != CaseStatus.OPEN:
        return False
    if transition.by_authority:
        return casework_permissions.can_decide(user) and casework_permissions.can_view_case(user, case)
    return casework_permissions.can_change_case(user, case)


# Duty decisions (suspension and its alternatives) ------------------------------------------
# The case team proposes; appropriate authorities and the head of PSD decide and review (never
# their own proposal: conduct.duty.services checks that). Nothing is decided on a closed case.
def can_propose_duty(user, case) -> bool:
    return case.status == CaseStatus.OPEN and casework_permissions.can_change_case(user, case)


def can_decide_duty(user, case) -> bool:
    return (
        case.status == CaseStatus.OPEN
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


# Criminal proceedings pauses (reg 10) ------------------------------------------------------
# The appropriate authority decides whether misconduct proceedings would prejudice criminal
# proceedings (reg 10(2)-(3)): pausing, reviewing and ending a pause are its decisions (or the head
# of PSD's). Everyone who sees the case sees the pause. Nothing is decided on a closed case.
def can_decide_pause(user, case) -> bool:
    return can_decide_duty(user, case)


# IOPC referrals ----------------------------------------------------------------------------
# Referral pages: those who may open the referrals section and see the case. The case team
# records referrals and the IOPC's decisions; "not required after all" is decided by an
# appropriate authority (or the head of PSD) other than its author (conduct.referrals.services checks it
# too, and the database). Nothing is recorded on a closed case.
def can_view_referrals(user) -> bool:
    """The /referrals/ lists, scoped to the cases the user sees."""
    return casework_permissions.can_open_section(user, "referral-list")


def can_record_referral(user, case) -> bool:
    return case.status == CaseStatus.OPEN and casework_permissions.can_change_case(user, case)


def can_decide_not_required(user, case, proposal) -> bool:
    return (
        case.status == CaseStatus.OPEN
        and proposal.proposed_by_id != user.pk
        and casework_permissions.can_decide(user)
        and casework_permissions.can_view_case(user, case)
    )


def can_respond_to_iopc(user, case) -> bool:
    """The force's response to an IOPC direction or recommendation: the case team or a decision-maker."""
    return can_record_referral(user, case) or can_decide_duty(user, case)


def referral_case_or_404(user, reference):
    """The case, for a referral page: 404 unless the user may open referrals and see the case."""
    from django.http import Http404

    if not can_view_referrals(user):
        raise Http404("No such case")
    return casework_permissions.get_case_or_404(user, reference)


# Access reviews ----------------------------------------------------------------------------
# Investigators and the head of PSD run exercises; appropriate authorities and auditors read
# the progress boards. An exercise is seen by its team and its owner, and by the department's
# managers and auditors; one about a case only by those who may see the case. The people's
# answers (narrative) are for those who run exercises. Outsiders get 404.
def can_view_access_reviews(user) -> bool:
    return casework_permissions.can_open_section(user, "access-review-list")


def can_run_access_reviews(user) -> bool:
    return user.is_superuser or casework_permissions.has_role(
        user, casework_permissions.Role.INVESTIGATOR, casework_permissions.Role.HEAD_OF_PSD
    )


def visible_exercises(user):
    """Exercises the user may open, as one queryset."""
    from django.db.models import Q

    from .models import AccessExercise

    if not can_view_access_reviews(user):
        return AccessExercise.objects.none()
    about_visible = Q(case__isnull=True) | Q(case__in=casework_permissions.visible_cases(user).values("pk"))
    exercises = AccessExercise.objects.filter(about_visible)
    roles = casework_permissions.roles_of(user)
    if user.is_superuser or roles & {
        casework_permissions.Role.HEAD_OF_PSD,
        casework_permissions.Role.APPROPRIATE_AUTHORITY,
        casework_permissions.Role.AUDITOR,
    }:
        return exercises
    return exercises.filter(Q(owner=user) | Q(team__members=user)).distinct()


def can_run_exercise(user, exercise) -> bool:
    """Change it: an investigator of its team (or its owner), or the head of PSD."""
    if not can_run_access_reviews(user):
        return False
    roles = casework_permissions.roles_of(user)
    if user.is_superuser or casework_permissions.Role.HEAD_OF_PSD in roles:
        return True
    return exercise.owner_id == user.pk or exercise.team.members.filter(pk=user.pk).exists()


def exercise_or_404(user, pk, *, for_change=False):
    """The exercise if the user may see it (and run it, when asked); otherwise 404, never 403."""
    from django.http import Http404

    exercise = visible_exercises(user).filter(pk=pk).select_related("case", "team", "owner").first()
    if exercise is None or (for_change and not can_run_exercise(user, exercise)):
        raise Http404("No such exercise")
    return exercise


# Early-warning flags and monitoring -----------------------------------------------
# Managers' work: the head of PSD and appropriate authorities see the flags, acknowledge them and
# set monitoring; opening a case from a flag needs the right to record cases (the head of PSD).
def can_view_flags(user) -> bool:
    return casework_permissions.can_decide(user)


def can_open_case_from_flag(user) -> bool:
    return can_view_flags(user) and casework_permissions.can_record_cases(user)


# The department dashboard and the reports: the same managers.
def can_view_oversight(user) -> bool:
    return casework_permissions.can_decide(user)


# Records management (conduct/records): the retention schedule, legal holds, disposal and the
# subject access export. Administrators review and dispose of records (they never read case
# content on the way: the pages show references and dates); the head of PSD and administrators
# place and lift legal holds and export a person's data for a subject access request.
def can_review_records(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or casework_permissions.has_role(user, Role.ADMINISTRATOR)


def can_hold_records(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or casework_permissions.has_role(
        user, Role.ADMINISTRATOR, Role.HEAD_OF_PSD
    )


def can_export_subject_access(user) -> bool:
    return can_hold_records(user)


# Fairness monitoring (conduct/fairness) ------------------------------------------------------
def can_view_fairness(user) -> bool:
    """Rates by ethnic group and sex are built from special category data: the head of PSD with
    the special category permission only (administrators hold the permission for the register,
    not for case figures)."""
    return casework_permissions.has_role(user, Role.HEAD_OF_PSD) and casework_permissions.can_view_special_category(
        user
    )


# The Home Office police misconduct return (issue 21): case-level data with the subjects' protected
# characteristics, so the administrator who makes statutory returns, and only with the
# special-category permission.
def can_make_home_office_return(user) -> bool:
    from casework.roles import Role

    return (
        casework_permissions.has_role(user, Role.ADMINISTRATOR) or getattr(user, "is_superuser", False)
    ) and casework_permissions.can_view_special_category(user)
