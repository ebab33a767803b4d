"""Reads for the manager, risk and consistency views of duty decisions (docs/rules.md,
"Suspension and duty decisions"). Each list is one queryset scoped to the cases the user may
see (a subquery, never a Python list); the current duty status and the last decision are
annotated in SQL, and the decisions a page shows are fetched in one more query, so the number
of queries never grows with the data."""

from datetime import timedelta

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from casework import figures
from casework.models import CaseLink, CaseSubject, DutyStatusEntry
from casework.permissions import visible_case_condition
from conduct.duty import other_forces
from conduct.duty.models import IMPOSING_KINDS
from conduct.models import Allegation, Approval, CriminalInvestigation, DecisionState, DutyDecision, DutyKind

# The consistency view's filter: a criminal investigation still running.
LIVE_CRIMINAL = (CriminalInvestigation.OPEN, CriminalInvestigation.CHARGED)


def end_of_week(today=None):
    """The last day of "this week": the seven days from today, so that on a Friday or a Sunday
    the manager still sees what falls due in the coming days."""
    today = today or timezone.localdate()
    return today + timedelta(days=6)


# Decisions --------------------------------------------------------------------------------
def decisions_for(user, *, few: bool = False):
    return DutyDecision.objects.visible_to(user, few=few).select_related(
        "subject__person__force", "subject__case", "proposed_by", "decided_by"
    )


def awaiting_approval(user):
    return decisions_for(user, few=True).proposed().order_by("proposed_at", "id")


def reviews_due(user, *, until=None):
    """Decisions in force whose review (scheduled, asked for, or prompted by an answer to the
    notice) falls due by `until` (the end of this week), overdue ones included."""
    until = until or end_of_week()
    return (
        decisions_for(user).active().with_review_due().filter(review_due_on__lte=until).order_by("review_due_on", "id")
    )


def overdue_reviews(user, today=None):
    today = today or timezone.localdate()
    return reviews_due(user, until=today - timedelta(days=1))


def in_force(user, kind="", *, effective_from=None, effective_to=None):
    """Suspensions and restrictions in force, in the order they came into force; optionally only those
    in force since a day between the two given (the dashboard's durations link here). Bare rows, to
    paginate: `in_force_rows` reads one page of them whole."""
    rows = DutyDecision.objects.visible_to(user).active().imposing()
    if kind in IMPOSING_KINDS:
        rows = rows.filter(kind=kind)
    if effective_from is not None:
        rows = rows.filter(effective_on__gte=effective_from)
    if effective_to is not None:
        rows = rows.filter(effective_on__lte=effective_to)
    return rows.order_by("effective_on", "id")


def _with_reviews(decisions):
    return decisions.with_review_due().annotate(review_count=Count("reviews"))


def in_force_rows(user, ids) -> list:
    """One page of `in_force`, in the order of `ids`, with each decision's review date and number of
    reviews (annotating every decision in force before paginating cost most of the page)."""
    found = _with_reviews(decisions_for(user)).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def in_force_with_reviews(user):
    """Every decision in force with its review date and number of reviews (the CSV export)."""
    return _with_reviews(decisions_for(user).active().imposing()).order_by("effective_on", "id")


def cached_counts(user) -> dict:
    """`counts`, cached per user for at most a minute and recomputed after a change (casework.figures):
    the manager's tabs and the panel on My work."""
    return figures.cached_figure(user, "duty-counts")


def awaiting_written_confirmation(user):
    return decisions_for(user).active().filter(approval=Approval.URGENT_ORAL, notice__isnull=True)


def person_history(user, person):
    return (
        decisions_for(user)
        .filter(subject__person=person)
        .with_review_due()
        .prefetch_related("reviews__reviewed_by", "representations", "allegations__categories")
        .order_by("-proposed_at", "-id")
    )


@figures.figure("duty-counts", topics=(figures.DUTY,))  # duty decisions, reviews, notices
def counts(user) -> dict:
    """The manager's numbers in one query (the home panel and the tabs)."""
    today = timezone.localdate()
    week = end_of_week(today)
    # Every number is of decisions proposed or in force: the ended ones (most of them, in time) are
    # not read, nor their review dates worked out.
    rows = DutyDecision.objects.visible_to(user).filter(state__in=[DecisionState.PROPOSED, DecisionState.ACTIVE])
    rows = rows.with_review_due()
    active = Q(state=DecisionState.ACTIVE)
    return rows.aggregate(
        awaiting=Count("pk", filter=Q(state=DecisionState.PROPOSED)),
        due_this_week=Count("pk", filter=active & Q(review_due_on__lte=week)),
        overdue=Count("pk", filter=active & Q(review_due_on__lt=today)),
        in_force=Count("pk", filter=active & Q(kind__in=IMPOSING_KINDS)),
        unconfirmed=Count("pk", filter=active & Q(approval=Approval.URGENT_ORAL, notice__isnull=True)),
    )


# Subjects: risk and consistency -----------------------------------------------------------
def _current_period(day):
    return (
        DutyStatusEntry.objects.filter(person=OuterRef("person_id"), starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .order_by("-starts_on", "-id")
    )


def _status_on(day):
    """The current duty status of a subject's person, as the register derives it: the person row's
    latest period when it has started (the latest period is always open-ended, so it is today's;
    casework.services.change_duty_status keeps the row), else the timeline's answer for today."""
    return Case(
        When(person__duty_since__lte=day, then=F("person__duty_status")),
        default=Subquery(_current_period(day).values("status")[:1]),
    )


def _public_facing_on(day):
    """The current period's public-facing answer, read the same way as `_status_on`."""
    return Case(
        When(person__duty_since__lte=day, then=F("person__public_facing")),
        default=Subquery(_current_period(day).values("public_facing")[:1]),
    )


def _last_decision():
    return Subquery(
        DutyDecision.objects.filter(subject=OuterRef("pk")).order_by("-proposed_at", "-id").values("pk")[:1]
    )


def _visible_subjects(user):
    """Subjects on cases the user may open, with what the risk lists filter on beyond the row: the
    latest decision reported by the force of someone of another force (conduct.duty.other_forces)."""
    # The visibility test on the joined case row: these lists join the case anyway, and hashing
    # every visible case first cost more than the list (docs/performance.md).
    return CaseSubject.objects.filter(visible_case_condition(user, "case__")).annotate(
        other_decision_id=other_forces.latest(),
        other_public_facing=other_forces.latest("public_facing"),
    )


def _subjects(user):
    """`_visible_subjects` with what a list shows of each: status, last decision, live criminal."""
    today = timezone.localdate()
    return (
        _visible_subjects(user)
        .select_related("person__force", "person__rank", "case")
        .annotate(
            current_status=_status_on(today),
            status_or_none=Coalesce("current_status", Value(NOT_RECORDED)),
            last_decision_id=_last_decision(),
            criminal_live=Exists(
                Allegation.objects.filter(subject=OuterRef("pk"), criminal_investigation__in=LIVE_CRIMINAL)
            ),
            current_public_facing=_public_facing_on(today),
        )
    )


NOT_RECORDED = ""


def _public_facing():
    """On public-facing duty today: the current period's `public_facing` (a property of the role,
    recorded on each period; DOMAIN.md, "Suspension"), not its status word. No period recorded is
    not evidence of being off public duty: it counts as public-facing.

    Read from the person row (docs/performance.md): it carries the latest period, kept by
    casework.services.change_duty_status in the same transaction; when that period has started
    it is today's, so the row answers. Only someone whose latest period starts in the future
    (a decision taking effect later) needs the timeline's exact answer for today."""
    today = timezone.localdate()
    current = Subquery(_current_period(today).values("public_facing")[:1])
    here = (
        Q(person__duty_since__isnull=True)
        | Q(person__duty_since__lte=today, person__public_facing=True)
        | (Q(person__duty_since__gt=today) & Q(Exact(Coalesce(current, Value(True)), True)))
    )
    # Someone of another force: their force's latest reported decision answers when one is
    # known (conduct.duty.other_forces); else the register's answer, as for everyone else.
    # The force is tested first: PostgreSQL evaluates the terms of an AND or OR in order and stops at
    # the answer, so for the home force's people (nearly everyone) the other-force lookups never run.
    known = Q(person__force__is_home=False) & Q(other_public_facing__isnull=False)
    return (known & Q(other_public_facing=True)) | (~known & here)


def _risk_list(user, at_risk: Q):
    return (
        _subjects(user)
        .filter(at_risk)
        .filter(_public_facing())
        # The newest matters first, by the cases' received index, so that PostgreSQL reads cases in
        # that order and stops at the page. Those needing action come first through
        # `NeedingActionFirst`, which reads the two parts in this order: a computed first key made
        # PostgreSQL build and sort the whole list (26,000 rows at force scale) for every page.
        .order_by("-case__received_on", "-case_id", "person__last_name", "pk")
    )


def criminal_on_public_duty(user):
    """People on public-facing duty under criminal investigation, charged or convicted."""
    return _risk_list(user, Q(criminal_risk=True))  # the flag, through its partial index


def sexual_on_public_facing(user):
    """People on public-facing duty with a sexual-misconduct, domestic-abuse or VAWG allegation."""
    # The subject's flag (conduct.cases.sexual), through its partial index: an allegation, open or
    # closed, in a category flagged sexual misconduct, domestic abuse or VAWG.
    return _risk_list(user, Q(sexual_risk=True))


class NeedingActionFirst:
    """A risk list as the Paginator reads it: those with no duty decision in force first (the ones
    needing action), then the others, each part newest first. A page is one or two slices of the
    parts' querysets, each read in index order up to the page; the sizes are given (the cached risk
    counts), so nothing counts the whole list again. Rows are subject ids."""

    def __init__(self, rows, *, undecided: int, total: int, only_undecided: bool = False):
        self.first = without_decision(rows).values_list("pk", flat=True)
        self.then = rows.exclude(_undecided()).values_list("pk", flat=True)
        self.undecided = undecided
        self.total = undecided if only_undecided else total

    def count(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, min(window.stop, self.total)
        ids = list(self.first[start : min(stop, self.undecided)]) if start < self.undecided else []
        if stop > self.undecided:
            ids += list(self.then[max(start - self.undecided, 0) : stop - self.undecided])
        return ids


def subjects_by_id(user, ids) -> list:
    """One page of a subjects list, read whole, in the order of `ids` (the list's order)."""
    found = _subjects(user).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _undecided() -> Q:
    """No duty decision in force on that case, nor (for someone of another force) one reported by
    their own force: the ones needing action."""
    decided_here = Q(pk__in=DutyDecision.objects.active().values("subject_id"))
    decided_there = Q(person__force__is_home=False) & Q(other_decision_id__isnull=False)
    return ~decided_here & ~decided_there


def without_decision(rows):
    """Those of a risk list with no duty decision in force on that case: the ones needing action."""
    return rows.filter(_undecided())


def full_duty_without_reason(user):
    """Decisions to leave on full duty with no recorded reason: the database refuses them, so
    this list must always be empty; it is shown so that anyone can see it is."""
    return decisions_for(user).filter(kind=DutyKind.FULL_DUTIES, rationale="").order_by("-proposed_at")


# Counts subjects flagged by their allegations (changes naming no topic), their duty status and
# decisions (DUTY), and reviews overdue (DUTY): not deadlines or letters (casework.figures).
@figures.figure("risk-counts", topics=(figures.DUTY,))
def risk_counts(user) -> dict:
    """The risk lists' sizes, with and without the decided ones (the tabs, and each list's number of
    pages), in two queries: one pass over the subjects on either list, then the overdue reviews and
    the decisions with no reason."""
    # The two subject lists counted in one pass over those on either (conditional counts): each
    # count on its own joined every flagged subject to their case and person again.
    criminal, sexual, undecided = Q(criminal_risk=True), Q(sexual_risk=True), _undecided()
    sizes = (
        _visible_subjects(user)
        .filter(criminal | sexual)
        .filter(_public_facing())
        .aggregate(
            criminal=Count("pk", filter=criminal),
            criminal_undecided=Count("pk", filter=criminal & undecided),
            sexual=Count("pk", filter=sexual),
            sexual_undecided=Count("pk", filter=sexual & undecided),
        )
    )
    return sizes | figures.counts_in_one_query(
        {"overdue": overdue_reviews(user), "no_reason": full_duty_without_reason(user)}
    )


def cached_risk_counts(user) -> dict:
    """`risk_counts`, cached per user for at most a minute and recomputed after a change it counts
    (casework.figures): the risk page's tabs and the Needs-action cards show the same figures."""
    return figures.cached_figure(user, "risk-counts")


def consistency(user, *, category: str, criminal: str = "", case=None):
    """Everyone with an allegation in the category (and, if asked, a live criminal
    investigation or none), across forces, optionally only on one case and the cases linked to
    it, with their duty status and last decision side by side."""
    rows = _subjects(user).filter(Exists(Allegation.objects.filter(subject=OuterRef("pk"), categories__code=category)))
    if criminal == "live":
        rows = rows.filter(criminal_live=True)
    elif criminal == "none":
        rows = rows.filter(criminal_live=False)
    if case is not None:
        rows = rows.filter(case_id__in=linked_case_ids(case))
    return rows.order_by("person__force__name", "case__reference", "person__last_name", "pk")


def linked_case_ids(case) -> list[int]:
    """The case and the cases linked to it here, either way round (one query)."""
    pairs = CaseLink.objects.filter(Q(case=case) | Q(linked_case=case), linked_case__isnull=False).values_list(
        "case_id", "linked_case_id"
    )
    return list({case.pk} | {pk for pair in pairs for pk in pair})


def external_links(case):
    """Links to other forces' cases: the decisions there are not held here, but they are named."""
    return CaseLink.objects.filter(case=case, linked_case__isnull=True).select_related("other_force")


def decisions_by_id(ids) -> dict:
    """The decisions a page of subjects shows, in one query."""
    ids = [pk for pk in ids if pk]
    if not ids:
        return {}
    return DutyDecision.objects.select_related("subject__case", "decided_by", "proposed_by").in_bulk(ids)


def attach_last_decisions(rows) -> list:
    """Put each row's last decision on it (`row.last_decision`), for one page of rows."""
    rows = list(rows)
    found = decisions_by_id([row.last_decision_id for row in rows])
    elsewhere = other_forces.decisions_by_id(
        [row.other_decision_id for row in rows if not row.person.force.is_home]
    )  # no query when no one on the page is of another force
    for row in rows:
        row.last_decision = found.get(row.last_decision_id)
        row.other_force = not row.person.force.is_home
        row.other_decision = elsewhere.get(row.other_decision_id) if row.other_force else None
    return rows
