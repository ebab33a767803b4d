"""Early-warning flags: evaluating the rules (conduct.models.FlagRule, data) for a
person, and the managers' workflows on a flag (acknowledge, act: open a case or set
monitoring) and on monitoring. Each workflow takes the acting user and runs in one transaction.

A rule's rolling window is counted back from the day of evaluation: an allegation is inside a
window of N days when its case was received within the last N days, today included (received
on today - N + 1 is inside, on today - N outside). An allegation's date is its case's
`received_on`: the day the complaint or report reached the force.

Flags are re-evaluated when an allegation is recorded (conduct.cases.services.record_allegation),
when monitoring is set, and nightly (conduct.oversight.tasks.evaluate_flags, on the beat schedule). A
rule that stops being met leaves its open flag for a manager to close with reasons; a flag that
was dealt with is not raised again for the same evidence, only when the evidence changes.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from casework import figures
from casework.errors import Refused
from casework.models import Case, CaseSubject, Person
from casework.models.cases import HowReceived, Origin, Sensitivity
from conduct.models import (
    Allegation,
    DisciplinaryWarning,
    Flag,
    FlagAction,
    FlagKind,
    FlagRule,
    FlagState,
    Monitoring,
    WarningKind,
)


class FlagRefused(Refused):
    """The flag cannot be closed this way; the message says why."""


@dataclass(frozen=True)
class Finding:
    reasons: str
    evidence: dict

    @property
    def key(self) -> str:
        ids = ",".join(f"{name}:{sorted(values)}" for name, values in sorted(self.evidence.items()))
        return hashlib.sha256(ids.encode()).hexdigest()


@dataclass(frozen=True)
class AllegationFact:
    """What the rules need of one allegation (no narrative)."""

    pk: int
    case_id: int
    received_on: date
    origin: str
    complainant: str
    categories: frozenset


@dataclass(frozen=True)
class PersonFacts:
    allegations: tuple
    final_warnings: tuple  # (in force from, in force until) of each final written warning
    monitoring_ids: tuple  # monitoring in force today


# Reading the facts (a fixed number of queries per person) ----------------------------------
def complainant_key(case) -> str:
    """The same complainant: their email when recorded, else their name, case and spaces folded."""
    contact = getattr(case, "complainant_contact", None)
    email = (contact.email if contact else "").strip().lower()
    if email:
        return email
    return re.sub(r"\s+", " ", case.complainant_name).strip().lower()


def person_facts(person, today: date) -> PersonFacts:
    allegations = (
        Allegation.objects.filter(subject__person=person)
        .select_related("subject__case__complainant_contact")
        .prefetch_related("categories")
    )
    facts = tuple(
        AllegationFact(
            pk=a.pk,
            case_id=a.subject.case_id,
            received_on=a.subject.case.received_on,
            origin=a.subject.case.origin,
            complainant=complainant_key(a.subject.case),
            categories=frozenset(c.code for c in a.categories.all()),
        )
        for a in allegations
    )
    # The warnings themselves, with the life the rule data gave them (and any extension or early
    # end): never re-derived from the outcome's transition date and a fixed window.
    warnings = DisciplinaryWarning.objects.filter(person=person, kind=WarningKind.FINAL).only(
        "starts_on", "expires_on", "extended_until", "ended_on"
    )
    monitoring = Monitoring.objects.filter(person=person).current(today).values_list("pk", flat=True)
    return PersonFacts(
        allegations=facts,
        final_warnings=tuple((w.starts_on, w.runs_until) for w in warnings),
        monitoring_ids=tuple(monitoring),
    )


# The rules -------------------------------------------------------------------------------
def in_window(day: date, today: date, window_days: int | None) -> bool:
    if window_days is None:
        return day <= today
    return today - timedelta(days=window_days) < day <= today


def _window_words(rule) -> str:
    return f"in the last {rule.window_days} days" if rule.window_days else "ever"


def _allegations(rule, facts, today) -> Finding | None:
    inside = [a for a in facts.allegations if in_window(a.received_on, today, rule.window_days)]
    if len(inside) < rule.threshold:
        return None
    return Finding(
        f"{len(inside)} allegations {_window_words(rule)} (threshold {rule.threshold}).",
        {"allegations": [a.pk for a in inside], "cases": sorted({a.case_id for a in inside})},
    )


def _category(rule, facts, today) -> Finding | None:
    code = rule.category.code
    inside = [
        a for a in facts.allegations if code in a.categories and in_window(a.received_on, today, rule.window_days)
    ]
    if len(inside) < rule.threshold:
        return None
    return Finding(
        f"{len(inside)} allegation{'s' if len(inside) != 1 else ''} of {rule.category.name.lower()} "
        f"{_window_words(rule)} (threshold {rule.threshold}).",
        {"allegations": [a.pk for a in inside], "cases": sorted({a.case_id for a in inside})},
    )


def _repeat_complainant(rule, facts, today) -> Finding | None:
    cases_by_complainant: dict[str, set] = {}
    for a in facts.allegations:
        if a.origin == Origin.PUBLIC_COMPLAINT and a.complainant and in_window(a.received_on, today, rule.window_days):
            cases_by_complainant.setdefault(a.complainant, set()).add(a.case_id)
    repeated = {who: cases for who, cases in cases_by_complainant.items() if len(cases) >= rule.threshold}
    if not repeated:
        return None
    cases = sorted(set().union(*repeated.values()))
    most = max(len(c) for c in repeated.values())
    return Finding(
        f"{most} complaints from the same complainant {_window_words(rule)} (threshold {rule.threshold}).",
        {"cases": cases},
    )


def _final_warning(rule, facts, today) -> Finding | None:
    """A new allegation received while a final written warning was in force. The warning's own
    life decides (conduct.cases.warning_models; reg 42), so the rule's window is not used."""
    for given_on, live_until in sorted(facts.final_warnings, reverse=True):
        newer = [a for a in facts.allegations if given_on < a.received_on <= min(live_until, today)]
        if len(newer) >= rule.threshold:
            return Finding(
                f"{len(newer)} new allegation{'s' if len(newer) != 1 else ''} while a final written warning "
                f"given on {given_on:%-d %B %Y} was live.",
                {"allegations": [a.pk for a in newer], "cases": sorted({a.case_id for a in newer})},
            )
    return None


def _monitored(rule, facts, today) -> Finding | None:
    if not facts.monitoring_ids:
        return None
    return Finding("Marked for monitoring by a manager.", {"monitoring": list(facts.monitoring_ids)})


CHECKS = {
    FlagKind.ALLEGATIONS: _allegations,
    FlagKind.CATEGORY: _category,
    FlagKind.ANY_OF_CATEGORY: _category,  # threshold 1, no window: "any"
    FlagKind.REPEAT_COMPLAINANT: _repeat_complainant,
    FlagKind.FINAL_WARNING: _final_warning,
    FlagKind.MONITORED: _monitored,
}


def check(rule, facts, today) -> Finding | None:
    return CHECKS[rule.kind](rule, facts, today)


# Raising flags ---------------------------------------------------------------------------
def active_rules():
    return list(FlagRule.objects.filter(active=True).select_related("category"))


@transaction.atomic
def evaluate_person(person, *, today: date | None = None, rules=None) -> list[Flag]:
    """Raise (or refresh) the person's flags; returns the open flags raised or refreshed."""
    today = today or timezone.localdate()
    rules = active_rules() if rules is None else rules
    facts = person_facts(person, today)
    open_flags = {f.rule_id: f for f in Flag.objects.select_for_update().filter(person=person, state=FlagState.OPEN)}
    dealt_with = set(
        Flag.objects.filter(person=person).exclude(state=FlagState.OPEN).values_list("rule_id", "evidence_key")
    )
    touched = []
    for rule in rules:
        finding = check(rule, facts, today)
        if finding is None:
            continue
        flag = open_flags.get(rule.pk)
        if flag is not None:
            if flag.evidence_key != finding.key:
                flag.reasons, flag.evidence, flag.evidence_key = finding.reasons, finding.evidence, finding.key
                flag.updated_at = timezone.now()
                flag.save(update_fields=["reasons", "evidence", "evidence_key", "updated_at"])
            touched.append(flag)
        elif (rule.pk, finding.key) not in dealt_with:
            figures.changed()  # a flag raised: the open flags counted, after commit
            touched.append(
                Flag.objects.create(
                    person=person,
                    rule=rule,
                    reasons=finding.reasons,
                    evidence=finding.evidence,
                    evidence_key=finding.key,
                )
            )
    return touched


def on_allegation_recorded(subject):
    """Called by conduct.cases.services.record_allegation, in its transaction."""
    evaluate_person(subject.person)


def people_to_evaluate():
    """Everyone a rule could flag: subjects with an allegation, and those being monitored."""
    with_allegations = CaseSubject.objects.filter(allegations__isnull=False).values("person_id")
    monitored = Monitoring.objects.current().values("person_id")
    return Person.objects.filter(Q(pk__in=with_allegations) | Q(pk__in=monitored)).order_by("pk")


def evaluate_everyone(*, today: date | None = None) -> int:
    """The nightly run: windows roll on even when nothing is recorded. Returns people evaluated."""
    rules = active_rules()
    count = 0
    for person in people_to_evaluate().iterator(chunk_size=500):
        evaluate_person(person, today=today, rules=rules)
        count += 1
    return count


# Managers' workflows ---------------------------------------------------------------------
def _lock_open(flag) -> Flag:
    flag = Flag.objects.select_for_update().select_related("person", "rule").get(pk=flag.pk)
    if flag.state != FlagState.OPEN:
        raise FlagRefused("This flag has already been dealt with.")
    return flag


def _close(flag, *, user, state, reason, action="", case=None) -> Flag:
    figures.changed()  # the open flags counted on the dashboard and My work, after commit
    flag.state, flag.resolved_by, flag.resolved_at = state, user, timezone.now()
    flag.resolution_reason, flag.action, flag.action_case = reason, action, case
    flag.save(update_fields=["state", "resolved_by", "resolved_at", "resolution_reason", "action", "action_case"])
    return flag


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FlagRefused("Give your reasons.")
    return reason


@transaction.atomic
def acknowledge(*, user, flag: Flag, reason: str) -> Flag:
    """Seen, and no action needed now, with the reasons why."""
    reason = _reason(reason)
    return _close(_lock_open(flag), user=user, state=FlagState.ACKNOWLEDGED, reason=reason)


@transaction.atomic
def mark_false_positive(*, user, flag: Flag, reason: str) -> Flag:
    """The rule was wrong about this person: closed as a false positive, with the reasons (the
    rule's results count it; the same evidence does not raise it again)."""
    reason = _reason(reason)
    return _close(_lock_open(flag), user=user, state=FlagState.FALSE_POSITIVE, reason=reason)


def rule_results(user) -> list[dict]:
    """Each rule judged by its results, over the flags the user may see (one query): raised, still
    open, acknowledged, acted on, false positives, and the share of those dealt with that were
    false positives."""
    counts = {
        row["rule"]: row
        for row in visible_flags(user)
        .values("rule")
        .annotate(
            raised=Count("pk"),
            open=Count("pk", filter=Q(state=FlagState.OPEN)),
            acknowledged=Count("pk", filter=Q(state=FlagState.ACKNOWLEDGED)),
            acted=Count("pk", filter=Q(state=FlagState.ACTED)),
            false_positive=Count("pk", filter=Q(state=FlagState.FALSE_POSITIVE)),
        )
    }
    results = []
    for rule in FlagRule.objects.order_by("name"):
        row = counts.get(rule.pk, {"raised": 0, "open": 0, "acknowledged": 0, "acted": 0, "false_positive": 0})
        dealt = row["raised"] - row["open"]
        share = round(100 * row["false_positive"] / dealt) if dealt else None
        results.append({"rule": rule, **{k: v for k, v in row.items() if k != "rule"}, "false_positive_share": share})
    return results


@transaction.atomic
def set_monitoring(*, user, person, reason: str, starts_on: date, ends_on: date | None = None) -> Monitoring:
    reason = _reason(reason)
    if ends_on is not None and ends_on < starts_on:
        raise FlagRefused("The end of the monitoring must be on or after its start.")
    monitoring = Monitoring.objects.create(
        person=person, reason=reason, starts_on=starts_on, ends_on=ends_on, set_by=user
    )
    evaluate_person(person)
    return monitoring


@transaction.atomic
def act_by_monitoring(*, user, flag: Flag, reason: str, ends_on: date | None = None) -> Flag:
    flag = _lock_open(flag)
    reason = _reason(reason)
    set_monitoring(user=user, person=flag.person, reason=reason, starts_on=timezone.localdate(), ends_on=ends_on)
    return _close(flag, user=user, state=FlagState.ACTED, reason=reason, action=FlagAction.MONITOR)


@transaction.atomic
def act_by_opening_case(*, user, flag: Flag, reason: str, team) -> Flag:
    """Open a conduct matter with the flagged person as its subject; allegations are recorded
    on it afterwards, as on any case."""
    from conduct.cases import services

    flag = _lock_open(flag)
    reason = _reason(reason)
    case = services.record_case(
        user=user,
        contact=None,
        subjects=[services.SubjectInput(person=flag.person)],
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": timezone.localdate(),
            "how_received": HowReceived.INTERNAL,
            "summary": f"Opened from the early-warning flag “{flag.rule.name}”: {reason}",
            "complainant_name": "",
            "sensitivity": Sensitivity.NORMAL,
            "team": team,
            "investigator": None,
        },
    )
    return _close(flag, user=user, state=FlagState.ACTED, reason=reason, action=FlagAction.OPEN_CASE, case=case)


def visible_flags(user):
    """Flags the user may see: on people who are subjects of a case the user may open (a flag
    raised only by a restricted case stays with those who may open it), and monitoring flags,
    which come from a manager's decision rather than a case. One queryset, for the list, the
    dashboard, "My work" and the person page alike."""
    from casework.permissions import visible_cases

    subjects = CaseSubject.objects.filter(case__in=visible_cases(user).values("pk")).values("person_id")
    return Flag.objects.filter(Q(person__in=subjects) | Q(rule__kind=FlagKind.MONITORED))


def evidence_cases(flag, user):
    """The cases behind a flag that the reader may open (the rest are only counted)."""
    from casework.permissions import visible_cases

    ids = flag.evidence.get("cases", [])
    return Case.objects.filter(pk__in=visible_cases(user).filter(pk__in=ids).values("pk")).order_by("-received_on")
