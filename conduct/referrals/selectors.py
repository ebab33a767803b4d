"""Reads for the IOPC referral pages: the lists at /referrals/, the case's referrals, the banner
on the case page and the count on "My work". Each is a fixed number of queries, whatever the
number of referrals (the pages paginate; the counts are aggregates in SQL)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from casework import figures
from casework.calendar import LONDON
from conduct.models import IopcDecision, IopcDirection, NotRequiredProposal, ProposalOutcome, Referral, ReferralState
from conduct.referrals.models import TIMED_KINDS

TABS = {
    "required": "Required, not yet made",
    "awaiting": "Awaiting the IOPC's decision",
    "decided": "Decided",
    "timeliness": "Timeliness",
}


def visible_referrals(user):
    return Referral.objects.visible_to(user)


def _pending_figures() -> dict:
    """Required (and of those overdue) and awaiting the IOPC's decision, as counts to aggregate."""
    return {
        "required": Count("pk", filter=Q(state=ReferralState.REQUIRED)),
        "overdue": Count("pk", filter=Q(state=ReferralState.REQUIRED, due_at__lt=timezone.now())),
        "awaiting": Count("pk", filter=Q(state=ReferralState.REFERRED)),
    }


@figures.figure("referral-tab-counts")
def tab_counts(user) -> dict:
    """How many referrals each list holds (one query)."""
    return visible_referrals(user).aggregate(
        **_pending_figures(), decided=Count("pk", filter=Q(state=ReferralState.DECIDED))
    )


def pending_counts(user) -> dict:
    """The referrals still pending, for the dashboard: read from those only, not the decided ones
    that make up most of them in time (one query)."""
    pending = visible_referrals(user).filter(state__in=[ReferralState.REQUIRED, ReferralState.REFERRED])
    return pending.aggregate(**_pending_figures())


def required(user):
    """Required and not yet made, soonest deadline first."""
    return (
        visible_referrals(user)
        .required()
        .select_related("case__investigator", "case__team")
        .prefetch_related(_pending_proposals())
        .order_by("due_at", "id")
    )


def awaiting_decision(user):
    return (
        visible_referrals(user)
        .awaiting_decision()
        .select_related("case__team", "referred_by")
        .order_by("referred_at", "id")
    )


def decided(user, mode: str = ""):
    rows = visible_referrals(user).decided().select_related("case__team", "decision_recorded_by")
    if mode in IopcDecision.values:
        rows = rows.filter(decision=mode)
    return rows.order_by("-decided_on", "-id")


def decided_by_mode(user) -> list[tuple[str, str, int]]:
    """(mode, label, count) for every mode, zeros included (one query)."""
    counts = dict(
        visible_referrals(user).decided().values("decision").annotate(n=Count("pk")).values_list("decision", "n")
    )
    return [(mode.value, mode.label, counts.get(mode.value, 0)) for mode in IopcDecision]


@dataclass(frozen=True)
class Month:
    month: object
    on_time: int
    late: int

    @property
    def total(self) -> int:
        return self.on_time + self.late

    @property
    def percent_on_time(self) -> int:
        return round(100 * self.on_time / self.total) if self.total else 0


def timeliness(user):
    """Mandatory referrals (and re-referrals) made, per month they were made (London time): how
    many on time, how many late. Newest month first."""
    return (
        visible_referrals(user)
        .filter(kind__in=TIMED_KINDS, referred_at__isnull=False)
        .annotate(month=TruncMonth("referred_at", tzinfo=LONDON))
        .values("month")
        .annotate(made_on_time=Count("pk", filter=Q(on_time=True)), made_late=Count("pk", filter=Q(on_time=False)))
        .order_by("-month")
    )


def as_months(rows) -> list[Month]:
    return [Month(row["month"], row["made_on_time"], row["made_late"]) for row in rows]


def _pending_proposals():
    return Prefetch(
        "not_required_proposals",
        queryset=NotRequiredProposal.objects.filter(outcome=ProposalOutcome.PENDING).select_related("proposed_by"),
        to_attr="pending_proposals",
    )


def case_referrals(case):
    """Every referral of the case, newest first, with its criteria and its proposals."""
    return (
        Referral.objects.filter(case=case)
        .select_related("recorded_by", "referred_by", "decision_recorded_by", "deadline")
        .prefetch_related(
            "criteria",
            Prefetch(
                "not_required_proposals",
                queryset=NotRequiredProposal.objects.select_related("proposed_by", "decided_by"),
            ),
            Prefetch(
                "directions",
                queryset=IopcDirection.objects.select_related("recorded_by", "response_recorded_by", "deadline"),
            ),
        )
        .order_by("-created_at", "-id")
    )


def banner_referrals(case) -> list:
    """What the case page says about referrals: one query."""
    return list(Referral.objects.filter(case=case).exclude(state=ReferralState.NOT_REQUIRED).order_by("-id")[:20])


@figures.figure("referral-home-counts")
def home_counts(user) -> dict:
    """For "My work" (decision-makers): referrals required and overdue, and those with a "not
    required" proposal waiting for someone other than its author (one pending per referral).
    One query."""
    waiting = NotRequiredProposal.objects.filter(outcome=ProposalOutcome.PENDING).exclude(proposed_by=user)
    # Only the referrals still required are counted: a few dozen of thousands, read by their state
    # (the rest, referred or decided, were each joined to their case and then not counted).
    return (
        visible_referrals(user)
        .filter(state=ReferralState.REQUIRED)
        .aggregate(
            required=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
            proposals=Count("pk", filter=Q(pk__in=waiting.values("referral_id"))),
        )
    )
