"""Who may see and do what with letters and their templates. Case visibility is decided by
casework.permissions; this module adds only what is particular to letters. Outsiders get 404."""

from django.db.models import Q
from django.http import Http404

from casework import permissions as casework_permissions
from casework.roles import Role

from .models import Correspondence, Status

APPROVER_ROLES = (Role.APPROPRIATE_AUTHORITY, Role.HEAD_OF_PSD)


def _is(user, *roles) -> bool:
    return bool(getattr(user, "is_superuser", False)) or casework_permissions.has_role(user, *roles)


def can_manage_templates(user) -> bool:
    """Letter wording is reference data: administrators only (DOMAIN.md)."""
    return _is(user, Role.ADMINISTRATOR)


def can_view_failed_queue(user) -> bool:
    """Letters that could not be delivered: administrators fix addresses, the head of PSD oversees."""
    return _is(user, Role.ADMINISTRATOR, Role.HEAD_OF_PSD)


def require(allowed: bool):
    if not allowed:
        raise Http404


def letter_on_case_or_404(user, reference, pk):
    """(case, letter) when the user may see the case and the letter is on it; otherwise 404."""
    case = casework_permissions.get_case_or_404(user, reference)
    letter = (
        Correspondence.objects.select_related("template", "created_by", "approved_by", "person", "case")
        .filter(pk=pk, case=case)
        .first()
    )
    if letter is None:
        raise Http404("No such letter")
    return case, letter


def can_read_letter(user, case) -> bool:
    """The text of a letter, its PDF and the answer to it are narrative: auditors see metadata only."""
    return casework_permissions.can_read_narrative(user, case)


def is_approver(user) -> bool:
    """Appropriate authorities and the head of PSD approve drafts. That nobody approves their own
    letter, and that only drafts are approved, are the outbox's rules: it refuses with a message."""
    return _is(user, *APPROVER_ROLES)


def can_approve(user, letter) -> bool:
    """Whether the page offers the Approve button."""
    return letter.status == Status.DRAFT and is_approver(user)


def may_cancel(user, case) -> bool:
    """The case team or an approver may withdraw a letter that has not gone (the outbox says which)."""
    return is_approver(user) or casework_permissions.can_change_case(user, case)


def can_cancel(user, case, letter) -> bool:
    return letter.status in (Status.DRAFT, Status.FAILED, Status.BOUNCED) and may_cancel(user, case)


def may_retry(user, case) -> bool:
    """Administrators or the case team send an undelivered letter again."""
    return _is(user, Role.ADMINISTRATOR) or casework_permissions.can_change_case(user, case)


def can_retry(user, case, letter) -> bool:
    return letter.status in (Status.FAILED, Status.BOUNCED) and may_retry(user, case)


def letters_to_person(user, person):
    """Letters to a person on cases the user may see (a subquery: never loaded into Python)."""
    visible = casework_permissions.visible_cases(user).values("pk")
    return Correspondence.objects.filter(person=person, case__in=visible)


def failed_letters_for(user):
    """Undelivered letters: administrators see them all (they fix addresses and servers); the
    head of PSD those on cases they can see, and those on no case."""
    letters = Correspondence.objects.needing_attention()
    if _is(user, Role.ADMINISTRATOR):
        return letters
    visible = casework_permissions.visible_cases(user).values("pk")
    return letters.filter(Q(case__isnull=True) | Q(case__in=visible))


def failed_letter_or_404(user, pk):
    require(can_view_failed_queue(user))
    letter = failed_letters_for(user).filter(pk=pk).select_related("case").first()
    if letter is None:
        raise Http404("No such letter")
    return letter
