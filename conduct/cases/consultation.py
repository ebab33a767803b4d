"""Logging the consultation of a case by its change and decision forms (s.62)."""

from casework import audit, permissions
from casework.models import ObjectKind


def log_change_page_view(request, case, *, authority=False):
    """A change form shows the record, so opening it is a consultation (s.62). The purpose is the
    user's assignment, or what they said on the case page; failing both (a bookmarked form), the
    role that lets them act on it, which the log then shows for what it is."""
    purpose = (
        permissions.assignment_purpose(request.user, case)
        or audit.stated_purpose(request, ObjectKind.CASE, case)
        or (ROLE_PURPOSE_DECISION if authority else ROLE_PURPOSE_OVERSIGHT)
    )
    audit.log_consultation(request, kind=ObjectKind.CASE, obj=case, case=case, purpose=purpose)


ROLE_PURPOSE_DECISION = "Decision asked of me as appropriate authority (opened a decision form directly)"
ROLE_PURPOSE_OVERSIGHT = "Oversight of the case (opened a change form directly)"
