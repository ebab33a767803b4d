"""The IOPC's mandatory referral criteria (DOMAIN.md, "IOPC referrals"; docs/rules.md): which
criteria a case meets, and why. The evaluator is a set of pure functions over plain facts
(`CaseFacts`, `CriterionRule`), so the criteria are table-tested without a database;
`case_facts` and `active_rules` read those facts from the database. The workflow that acts on
a match (a required referral, its clock, the timeline) is conduct.referrals.services."""

from collections import defaultdict
from dataclasses import dataclass, field, replace

from casework.models import CaseLink, CaseSubject
from casework.models.cases import LinkKind, Origin
from conduct.models import Allegation, CriminalInvestigation, Referral, ReferralCriterion

CRIMINAL_CATEGORY = "criminal-offence"


# The evaluator: pure functions ------------------------------------------------------------
@dataclass(frozen=True)
class SubjectFacts:
    name: str
    rank: str = ""
    chief_officer: bool = False


@dataclass(frozen=True)
class AllegationFacts:
    id: int | None
    subject: str
    categories: frozenset = frozenset()  # category codes
    criminal: bool = False  # a criminal investigation recorded, or the category "Criminal offence"
    chief_officer: bool = False  # the subject holds a chief officer rank
    rank: str = ""


@dataclass(frozen=True)
class CaseFacts:
    origin: str
    subjects: tuple = ()
    allegations: tuple = ()
    # References of cases linked as the same incident whose mandatory referral is required or made.
    same_incident_referred: tuple = ()


@dataclass(frozen=True)
class CriterionRule:
    code: str
    name: str
    categories: dict = field(default_factory=dict)  # code -> name
    origins: frozenset = frozenset()
    chief_officer_subject: bool = False
    same_incident_as_referred: bool = False
    criminal_only: bool = False


@dataclass(frozen=True)
class Reason:
    """What met a criterion, as a person reads it; `allegation_id` when an allegation did."""

    text: str
    allegation_id: int | None = None


@dataclass(frozen=True)
class Match:
    code: str
    name: str
    reasons: tuple

    @property
    def allegation_ids(self) -> set:
        return {r.allegation_id for r in self.reasons if r.allegation_id is not None}


def _origin_label(value: str) -> str:
    return Origin(value).label if value in Origin.values else value


def criterion_met(rule: CriterionRule, facts: CaseFacts) -> Match | None:
    """The reasons the case meets the criterion, or None."""
    reasons = []
    if facts.origin in rule.origins:
        reasons.append(Reason(f"The case is a {_origin_label(facts.origin).lower()}."))
    for allegation in facts.allegations:
        hit = sorted(rule.categories[code] for code in allegation.categories if code in rule.categories)
        if hit and (allegation.criminal or not rule.criminal_only):
            reasons.append(Reason(f"Allegation against {allegation.subject}: {', '.join(hit)}.", allegation.id))
        elif rule.chief_officer_subject and allegation.chief_officer:
            reasons.append(
                Reason(f"Allegation against {allegation.subject}, a chief officer ({allegation.rank}).", allegation.id)
            )
    if rule.chief_officer_subject:
        with_allegations = {a.subject for a in facts.allegations if a.chief_officer}
        for subject in facts.subjects:
            if subject.chief_officer and subject.name not in with_allegations:
                reasons.append(Reason(f"{subject.name} is a chief officer ({subject.rank})."))
    if rule.same_incident_as_referred:
        for reference in facts.same_incident_referred:
            reasons.append(Reason(f"Same incident as {reference}, whose referral to the IOPC is mandatory."))
    return Match(rule.code, rule.name, tuple(reasons)) if reasons else None


def criteria_met(facts: CaseFacts, rules) -> list[Match]:
    """Every criterion the case meets, in the rules' order."""
    return [match for rule in rules if (match := criterion_met(rule, facts)) is not None]


def uncovered(matches, covered_codes: set, covered_allegations: set) -> list[Match]:
    """What is new: criteria not yet covered, and allegations not yet covered under a criterion
    that is (new concerns after a referral need a fresh one; DOMAIN.md)."""
    new = []
    for match in matches:
        if match.code not in covered_codes:
            new.append(match)
            continue
        fresh = tuple(
            r for r in match.reasons if r.allegation_id is not None and r.allegation_id not in covered_allegations
        )
        if fresh:
            new.append(replace(match, reasons=fresh))
    return new


def grounds_text(matches) -> str:
    return "\n".join(f"{m.name}: " + " ".join(r.text for r in m.reasons) for m in matches)


# Reading the facts ------------------------------------------------------------------------
def active_rules() -> list[CriterionRule]:
    """The active criteria with their categories (one query)."""
    rows = (
        ReferralCriterion.objects.filter(active=True)
        .order_by("order", "name", "code")
        .values_list(
            "code",
            "name",
            "origins",
            "chief_officer_subject",
            "same_incident_as_referred",
            "criminal_only",
            "categories__code",
            "categories__name",
        )
    )
    rules, categories = {}, defaultdict(dict)
    for code, name, origins, chief, same, criminal, category_code, category_name in rows:
        rules.setdefault(code, (name, frozenset(origins or ()), chief, same, criminal))
        if category_code:
            categories[code][category_code] = category_name
    return [
        CriterionRule(code, name, dict(categories[code]), origins, chief, same, criminal)
        for code, (name, origins, chief, same, criminal) in rules.items()
    ]


def case_facts(case) -> CaseFacts:
    """Origin, subjects and ranks, allegations and categories, and same-incident cases referred."""
    subjects = tuple(
        SubjectFacts(f"{first} {last}", rank or "", bool(chief))
        for first, last, rank, chief in CaseSubject.objects.filter(case=case)
        .order_by("id")
        .values_list("person__first_name", "person__last_name", "person__rank__name", "person__rank__is_chief_officer")
    )
    rows = (
        Allegation.objects.filter(subject__case=case)
        .order_by("id")
        .values_list(
            "pk",
            "subject__person__first_name",
            "subject__person__last_name",
            "subject__person__rank__name",
            "subject__person__rank__is_chief_officer",
            "criminal_investigation",
            "categories__code",
        )
    )
    allegations: dict[int, dict] = {}
    for pk, first, last, rank, chief, criminal, category in rows:
        entry = allegations.setdefault(
            pk,
            {
                "subject": f"{first} {last}",
                "rank": rank or "",
                "chief": bool(chief),
                "criminal": criminal != CriminalInvestigation.NONE,
                "categories": set(),
            },
        )
        if category:
            entry["categories"].add(category)
    referred = (
        CaseLink.objects.filter(case=case, kind=LinkKind.SAME_INCIDENT, linked_case__isnull=False)
        .exclude(linked_case=case)
        .filter(linked_case__in=Referral.objects.live_mandatory().values("case_id"))
        .order_by("linked_case__reference")
        .values_list("linked_case__reference", flat=True)
        .distinct()
    )
    return CaseFacts(
        origin=case.origin,
        subjects=subjects,
        allegations=tuple(
            AllegationFacts(
                id=pk,
                subject=a["subject"],
                categories=frozenset(a["categories"]),
                criminal=a["criminal"] or CRIMINAL_CATEGORY in a["categories"],
                chief_officer=a["chief"],
                rank=a["rank"],
            )
            for pk, a in allegations.items()
        ),
        same_incident_referred=tuple(referred),
    )
