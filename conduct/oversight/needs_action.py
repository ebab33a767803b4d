""" "Needs action": the cards at the top of the department dashboard and of "My work" for those
who decide (issue 20, point 3; DOMAIN.md, seed 2). Each card is a count that links to the list it
counts, with the same definition as that list (conduct.duty.selectors, the deadline and referral
lists); all of them in two queries: the risk lists' sizes in one pass (shared with the risk page,
conduct.duty.selectors.cached_risk_counts), the rest as scalar subqueries (casework.figures).

- on public-facing duty under criminal investigation, charged or convicted, with no duty decision
  in force; and with a sexual-misconduct, domestic-abuse or VAWG allegation, likewise: a decision
  (any, "stays on duty, because..." included) takes them off the card, though they stay on the
  risk list, where the decision is shown beside them;
- duty decisions overdue (the `duty_decision_due` clock ran out);
- reviews of decisions in force overdue;
- IOPC referrals due by the end of today (or overdue).
"""

from dataclasses import dataclass
from datetime import datetime, time
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from casework import figures
from casework import permissions as casework_permissions
from casework.calendar import LONDON
from conduct import permissions as conduct_permissions
from conduct.duty import selectors as duty_queries
from conduct.duty.risk import DUTY_DECISION_DUE


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    count: int
    url: str
    note: str = ""
    note_url: str = ""

    @property
    def urgent(self) -> bool:
        return self.count > 0


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


# The risk counts (DUTY, and changes naming none), the duty decision clocks (DEADLINES), referrals
# (their services name no topic): not letters (casework.figures).
@figures.figure("needs-action", topics=(figures.DUTY, figures.DEADLINES))
def _counts(user) -> dict:
    """The cards' numbers: the risk lists' (shared with the risk page, conduct.duty.selectors) and the
    overdue decisions and referrals due, in one query."""
    from conduct.referrals.selectors import visible_referrals

    now = timezone.now()
    end_of_today = datetime.combine(timezone.localdate(), time.max, tzinfo=LONDON)
    risk = duty_queries.cached_risk_counts(user)
    querysets = {
        "decisions_overdue": casework_permissions.visible_deadlines(user)
        .open()
        .filter(kind=DUTY_DECISION_DUE, due_at__lt=now),
    }
    if conduct_permissions.can_view_referrals(user):
        querysets["referrals_today"] = visible_referrals(user).required().filter(due_at__lte=end_of_today)
    return {
        "criminal": risk["criminal_undecided"],
        "criminal_all": risk["criminal"],
        "sexual": risk["sexual_undecided"],
        "sexual_all": risk["sexual"],
        "reviews_overdue": risk["overdue"],
    } | figures.counts_in_one_query(querysets)


def cards(user) -> list[Card] | None:
    """The cards for someone who decides (None for everyone else). Their counts are cached per
    user for at most a minute and recomputed after any change they count (casework.figures)."""
    if not conduct_permissions.can_view_duty_risk(user):
        return None
    n = figures.cached_figure(user, "needs-action")  # _counts
    risk_list = "suspension-risk"
    shown = [
        Card(
            "criminal",
            "On public-facing duty under criminal investigation or convicted, no duty decision",
            n["criminal"],
            _url(risk_list, list="criminal", decision="none"),
            f"{n['criminal_all']} on the list in all",
            _url(risk_list, list="criminal"),
        ),
        Card(
            "sexual",
            "Sexual-misconduct, domestic-abuse or VAWG allegation on public-facing duty, no duty decision",
            n["sexual"],
            _url(risk_list, list="sexual", decision="none"),
            f"{n['sexual_all']} on the list in all",
            _url(risk_list, list="sexual"),
        ),
        Card(
            "decisions_overdue",
            "Duty decisions overdue",
            n["decisions_overdue"],
            _url("deadline-list", scope="department", bucket="overdue", kind=DUTY_DECISION_DUE)
            if casework_permissions.can_view_department_deadlines(user)
            else _url("deadline-list", bucket="overdue", kind=DUTY_DECISION_DUE),
        ),
        Card(
            "reviews_overdue",
            "Reviews of suspensions and restrictions overdue",
            n["reviews_overdue"],
            _url(risk_list, list="overdue"),
        ),
    ]
    if "referrals_today" in n:
        shown.append(
            Card(
                "referrals_today",
                "IOPC referrals due today or overdue",
                n["referrals_today"],
                _url("referral-list", tab="required"),
            )
        )
    return shown


def home_panel(request):
    """The cards on "My work" (casework.panels)."""
    shown = cards(request.user)
    return {"cards": shown} if shown else None
