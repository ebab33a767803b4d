"""Fairness monitoring (issue 21, point 5; DOMAIN.md "Statistical returns and fairness"): at each
stage of the misconduct system, the people of each ethnic group and sex, their rate against the
workforce, and the relative rate against the reference group (conduct/fairness/rates.py).

Definitions (docs/fairness.md says the same, for readers):
- the workforce (the baseline): people on the register of the home force, of the chosen person
  type, serving at some time in the period (no leaving date, or one on or after its start);
- allegation: workforce people subject of a case received in the period;
- severity: of those, people with an allegation currently assessed (the latest assessment, reg 14
  or C&M Regs reg 16) as misconduct or gross misconduct;
- case to answer: of those, people whom the appropriate authority found a case to answer (reg 23;
  PRA 2002 Sch 3 para 24), which this service records as the referral to a misconduct meeting,
  hearing or accelerated hearing (Proceedings.forum);
- proceedings: of those, people whose meeting or hearing was held: a finding is recorded
  (withdrawn or pending proceedings are not counted);
- sanction: of those, people given disciplinary action beyond no action or reflective practice
  (reg 42; for police staff an outcome of the staff procedure not marked "means no action");
- suspension: workforce people suspended (reg 11) with effect from a day in the period, whenever
  their case was received.
Every stage counts people, once each however many cases they have; the case list behind a number
lists their cases. Only cases the reader may open are counted (as the monthly statistics).

Efficient: one grouped query for all six stages (conditional distinct counts), one for the
baseline and one for the allegation categories, whatever the size of the force."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from casework import characteristics as pc
from casework import permissions as casework_permissions
from casework.models import CaseSubject, Force, Person, PersonType
from casework.models.cases import Origin
from conduct.fairness import rates
from conduct.models import (
    Allegation,
    DecisionState,
    DutyDecision,
    DutyKind,
    Finding,
    MatterType,
    Outcome,
    Severity,
    Stage,
)

PURPOSE = "Fairness monitoring"

# Groups: (key in links, short label, the stored values). White and Male are the reference groups.
_SHORT = {pc.ASIAN: ("asian", "Asian"), pc.BLACK: ("black", "Black"), pc.MIXED: ("mixed", "Mixed")}
_SHORT |= {pc.WHITE: ("white", "White"), pc.OTHER: ("other", "Other"), pc.NOT_STATED: ("not_stated", "Not stated")}
ETHNIC_GROUPS = [(*_SHORT[group], [c for c, _l, g in pc.ETHNIC_GROUPS if g == group]) for group in pc.HIGH_LEVEL_GROUPS]
SEX_GROUPS = [(code, label, [code]) for code, label in pc.SEX if code != "not_stated"] + [
    ("not_stated", "Not stated", ["not_stated"])
]
NOT_RECORDED = ("not_recorded", "Not recorded", [])
REFERENCE = {"ethnicity": "white", "sex": "male"}
BREAKDOWNS = {"ethnicity": ("Ethnic group (ONS 2021 high-level groups)", ETHNIC_GROUPS), "sex": ("Sex", SEX_GROUPS)}
UNCOMPARED = {"not_stated", "not_recorded"}  # shown, never given a ratio

# Disciplinary action beyond no action or reflective practice (reg 42; management advice, the
# abolished 2012 outcome, stays a sanction in the history it belongs to).
SANCTIONS = [o for o in Outcome.values if o not in (Outcome.NO_ACTION, Outcome.RPRP_REFERRAL)]
FORUMS = [Stage.MEETING, Stage.HEARING, Stage.ACCELERATED]
SUSPENSION_STATES = [DecisionState.ACTIVE, DecisionState.ENDED, DecisionState.REPLACED]

MATTERS = {
    "complaint": "Complaints from the public",
    "conduct": "Conduct matters (recordable, internal and death or serious injury matters)",
}


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    matter: str = ""  # "", "complaint" or "conduct"
    person_type: str = ""  # "" or a PersonType value

    def describe(self) -> str:
        parts = [f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"]
        if self.matter:
            parts.append(MATTERS[self.matter].lower())
        if self.person_type:
            parts.append(PersonType(self.person_type).label.lower())
        return ", ".join(parts)

    def query(self) -> dict:
        params = {"from": f"{self.start:%-d/%-m/%Y}", "to": f"{self.end:%-d/%-m/%Y}"}
        if self.matter:
            params["matter"] = self.matter
        if self.person_type:
            params["person_type"] = self.person_type
        return params


def financial_year_before(today: date) -> tuple[date, date]:
    """The last complete financial year (1 April to 31 March) before today."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return date(end_year - 1, 4, 1), date(end_year, 3, 31)


# The population and the stages, as conditions on CaseSubject -----------------------------------
def _workforce(filters: Filters, prefix: str = "") -> Q:
    query = Q(**{f"{prefix}left_service_on__isnull": True}) | Q(**{f"{prefix}left_service_on__gte": filters.start})
    # The home force's people, when the register names a home force (else everyone): asked in SQL,
    # once per statement, rather than by a query of its own before each.
    query &= Q(**{f"{prefix}force__is_home": True}) | ~Exists(Force.objects.filter(is_home=True))
    if filters.person_type:
        query &= Q(**{f"{prefix}person_type": filters.person_type})
    return query


def _matter(filters: Filters) -> Q:
    """Cases recorded before routes have no route: their origin says whether they are complaints."""
    if not filters.matter:
        return Q()
    no_route = Q(case__route__isnull=True)
    if filters.matter == "complaint":
        return Q(case__route__matter_type=MatterType.COMPLAINT) | (no_route & Q(case__origin=Origin.PUBLIC_COMPLAINT))
    others = [m for m in MatterType.values if m != MatterType.COMPLAINT]
    return Q(case__route__matter_type__in=others) | (no_route & ~Q(case__origin=Origin.PUBLIC_COMPLAINT))


def _serious():
    """The subject has an allegation whose latest severity assessment is misconduct or gross misconduct
    (kept on the allegation by a trigger: Allegation.current_severity)."""
    serious = [Severity.MISCONDUCT, Severity.GROSS]
    return Exists(Allegation.objects.filter(subject=OuterRef("pk"), current_severity__in=serious))


def _suspended(filters: Filters):
    """The subjects suspended with effect from a day in the period: a few dozen rows a year, so an
    IN-subquery that PostgreSQL starts from (an EXISTS per subject read every subject)."""
    return DutyDecision.objects.filter(
        kind=DutyKind.SUSPEND,
        state__in=SUSPENSION_STATES,
        effective_on__range=(filters.start, filters.end),
    ).values("subject_id")


@dataclass(frozen=True)
class StageDef:
    key: str
    label: str
    description: str


STAGES = [
    StageDef("allegation", "Allegation", "subject of a case received in the period"),
    StageDef("severity", "Severity", "an allegation assessed as misconduct or gross misconduct"),
    StageDef("case_to_answer", "Case to answer", "a case to answer: referred to a misconduct meeting or hearing"),
    StageDef("proceedings", "Proceedings", "a misconduct meeting or hearing held: a finding recorded"),
    StageDef("sanction", "Sanction", "disciplinary action beyond no action or reflective practice"),
    StageDef("suspension", "Suspension", "suspended with effect from a day in the period"),
]
STAGE_KEYS = [s.key for s in STAGES]


def stage_condition(key: str, filters: Filters) -> Q:
    received = Q(case__received_on__range=(filters.start, filters.end))
    return {
        "allegation": received,
        "severity": received & Q(_serious()),
        "case_to_answer": received & Q(proceedings__forum__in=FORUMS),
        "proceedings": received & Q(proceedings__finding__in=Finding.values),
        "sanction": received
        & (
            Q(proceedings__outcome__in=SANCTIONS)
            | Q(proceedings__staff_outcome__isnull=False, proceedings__staff_outcome__is_no_action=False)
        ),
        "suspension": Q(pk__in=_suspended(filters)),
    }[key]


def _subjects(user, filters: Filters, *, received_in_period=False):
    """The workforce's case subjects on cases the user may open; with `received_in_period`, only
    on cases received in the period, narrowed inside the visibility subquery so that PostgreSQL
    reads the period's cases by their received index instead of every visible case."""
    # visible_cases is IN-subqueries without a join that repeats rows (casework.permissions): used as
    # it is, with no second wrapper, PostgreSQL hashes the visible cases once.
    cases = casework_permissions.visible_cases(user)
    subjects = CaseSubject.objects.all()
    if received_in_period:
        period = (filters.start, filters.end)
        cases = cases.filter(received_on__range=period)
        subjects = subjects.filter(case__received_on__range=period)
    return subjects.filter(case__in=cases.values("pk")).filter(_workforce(filters, "person__"), _matter(filters))


def group_condition(breakdown: str, key: str, prefix: str = "person__") -> Q:
    field_name = f"{prefix}characteristics__{breakdown}"
    if key == NOT_RECORDED[0]:
        return Q(**{f"{prefix}characteristics__isnull": True}) | Q(**{field_name: ""})
    groups = {k: values for k, _label, values in BREAKDOWNS[breakdown][1]}
    return Q(**{f"{field_name}__in": groups[key]})


# The tables ---------------------------------------------------------------------------------------
@dataclass
class Cell:
    key: str
    label: str
    count: int
    baseline: int
    hidden: bool = False
    reference: bool = False
    relative: rates.RelativeRate | None = None

    @property
    def rate(self) -> float | None:
        return None if self.hidden else rates.rate(self.count, self.baseline)

    @property
    def per_thousand(self) -> float | None:
        return None if self.rate is None else self.rate * 1000


@dataclass
class StageRow:
    stage: StageDef
    cells: list  # of Cell, in the breakdown's order


@dataclass
class Breakdown:
    key: str  # "ethnicity" or "sex"
    title: str
    reference_label: str
    groups: list  # (key, label)
    baseline: dict  # key -> people in the workforce
    stages: list = field(default_factory=list)  # of StageRow


@dataclass
class Monitoring:
    filters: Filters
    breakdowns: list
    categories: list  # (name, code, people, case to answer, hidden, rate)
    threshold: int = rates.SUPPRESSION_THRESHOLD
    computed_at: datetime = field(default_factory=timezone.now)  # shown: the figures may be cached


def _group_of(breakdown: str, value) -> str:
    for key, _label, values in BREAKDOWNS[breakdown][1]:
        if value in values:
            return key
    return NOT_RECORDED[0]


def _counts_by_group(subjects, conditions: dict):
    """People in each stage by ethnicity and sex: one grouped query, a distinct count per stage."""
    return (
        subjects.values(eth=F("person__characteristics__ethnicity"), sex=F("person__characteristics__sex"))
        # Prefixed: an annotation named "proceedings" would hide the relation the next ones read.
        .annotate(**{f"n_{key}": Count("person_id", distinct=True, filter=q) for key, q in conditions.items()})
        .order_by()
    )


def monitoring(user, filters: Filters) -> Monitoring:
    conditions = {key: stage_condition(key, filters) for key in STAGE_KEYS}
    # Two queries, each starting from its few rows: the stages of the cases received in the period
    # (their cases by the received index), and the suspensions of the period (their decisions),
    # whenever the case was received. One query over "either" read every subject of every case.
    cohort = _subjects(user, filters, received_in_period=True)
    case_stages = {key: q for key, q in conditions.items() if key != "suspension"}
    suspension = {"suspension": conditions["suspension"]}
    rows = [
        *_counts_by_group(cohort, case_stages),
        *_counts_by_group(_subjects(user, filters).filter(conditions["suspension"]), suspension),
    ]
    workforce = (
        Person.objects.filter(_workforce(filters))
        .values(eth=F("characteristics__ethnicity"), sex=F("characteristics__sex"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {b: defaultdict(lambda: defaultdict(int)) for b in BREAKDOWNS}
    baseline = {b: defaultdict(int) for b in BREAKDOWNS}
    for row in workforce:
        baseline["ethnicity"][_group_of("ethnicity", row["eth"])] += row["n"]
        baseline["sex"][_group_of("sex", row["sex"])] += row["n"]
    for row in rows:
        for breakdown, value in (("ethnicity", row["eth"]), ("sex", row["sex"])):
            group = _group_of(breakdown, value)
            for key in STAGE_KEYS:
                counts[breakdown][key][group] += row.get(f"n_{key}", 0)
    return Monitoring(
        filters,
        [_breakdown(b, counts[b], baseline[b]) for b in BREAKDOWNS],
        _categories(cohort, conditions["case_to_answer"]),
    )


def _breakdown(key, counts, baseline) -> Breakdown:
    title, groups = BREAKDOWNS[key]
    groups = [(k, label) for k, label, _values in groups] + [NOT_RECORDED[:2]]
    reference = REFERENCE[key]
    breakdown = Breakdown(key, title, dict(groups)[reference], groups, dict(baseline))
    for stage in STAGES:
        cells = [Cell(k, label, counts[stage.key][k], baseline[k], reference=k == reference) for k, label in groups]
        for cell, hidden in zip(cells, rates.suppressed([c.count for c in cells]), strict=True):
            cell.hidden = hidden or rates.is_small(cell.baseline)
        ref = next(c for c in cells if c.reference)
        for cell in cells:
            if not (cell.hidden or ref.hidden or cell.reference or cell.key in UNCOMPARED):
                cell.relative = rates.relative_rate(cell.count, cell.baseline, ref.count, ref.baseline)
        breakdown.stages.append(StageRow(stage, cells))
    return breakdown


def _categories(cohort, case_to_answer: Q) -> list:
    rows = (
        cohort.values(code=F("allegations__categories__code"), name=F("allegations__categories__name"))
        .annotate(
            people=Count("person_id", distinct=True),
            answer=Count("person_id", distinct=True, filter=case_to_answer),
        )
        .order_by("name")
    )
    table = []
    for row in rows:
        if row["code"] is None:  # allegations without a category
            continue
        hidden = rates.is_small(row["people"]) or rates.is_small(row["answer"])
        rate = None if hidden else rates.rate(row["answer"], row["people"])
        table.append((row["name"], row["code"], row["people"], row["answer"], hidden, rate))
    return table


# The people behind a number ----------------------------------------------------------------------
def behind(user, filters: Filters, stage: str, breakdown: str, group: str, category: str = ""):
    """The case subjects counted in one cell (a person with two cases in it appears twice)."""
    subjects = _subjects(user, filters).filter(stage_condition(stage, filters))
    if breakdown:
        subjects = subjects.filter(group_condition(breakdown, group))
    if category:
        subjects = subjects.filter(allegations__categories__code=category).distinct()
    return subjects.select_related("case", "person").order_by(
        "-case__received_on", "case__reference", "person__last_name"
    )
