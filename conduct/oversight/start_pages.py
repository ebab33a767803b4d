"""The appropriate authority's start page: the decisions waiting for them, first on "My work"
(a panel in casework.panels), each one a link to the page where it is made."""

from casework import permissions as casework_permissions
from casework.roles import Role
from conduct.duty import selectors as duty_queries
from conduct.referrals import selectors as referral_queries

SHOWN = 10


def authority_panel(request):
    user = request.user
    if not casework_permissions.has_role(user, Role.APPROPRIATE_AUTHORITY):
        return None
    waiting = duty_queries.awaiting_approval(user).select_related(
        "subject__case", "subject__person__force", "proposed_by"
    )
    duty = list(waiting[: SHOWN + 1])
    referrals = referral_queries.home_counts(user)
    return {
        "duty": duty[:SHOWN],
        "more_duty": len(duty) > SHOWN,
        "referral_proposals": referrals["proposals"],
        "referrals_required": referrals["required"],
    }
