"""IOPC referrals on the case page: `{% iopc_referral_banner case %}` (one query), so the case view
needs no change; and the filters the referral pages share."""

from django import template
from django.utils import timezone

from casework.time_left import time_left as casework_time_left
from conduct.models import ReferralState
from conduct.permissions import can_view_referrals
from conduct.referrals import selectors as referral_selectors
from conduct.referrals import services as referrals

register = template.Library()


@register.inclusion_tag("conduct/referrals/_banner.html", takes_context=True)
def iopc_referral_banner(context, case):
    """A red banner while a referral is required and not made; what is awaited or decided."""
    shown = referral_selectors.banner_referrals(case)
    user = context.get("user")
    now = timezone.now()
    required = next((r for r in shown if r.state == ReferralState.REQUIRED), None)
    return {
        "case": case,
        "required": required,
        "overdue": required is not None and required.due_at < now,
        "awaiting": [r for r in shown if r.state == ReferralState.REFERRED],
        "decided": next((r for r in shown if r.state == ReferralState.DECIDED), None),
        "can_view": user is not None and can_view_referrals(user),
    }


@register.filter
def referral_time(moment):
    """A moment as "11:59pm on Saturday 19 December 2026" (London time)."""
    return referrals.when(moment) if moment else ""


@register.filter
def time_left(due_at):
    return casework_time_left(due_at) if due_at else ""
