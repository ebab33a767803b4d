"""Which body reviews the outcome of a complaint, if any (docs/rules.md, "The complainant").

The right of review: PRA 2002 Sch 3 para 6A (a complaint handled otherwise than by
investigation) and para 25(1), (1B) (a complaint investigated by the appropriate authority on its
own behalf: a local investigation). A directed or independent investigation carries no such
review, and neither does a complaint whose handling is not decided yet.

The relevant review body: PRA 2002 Sch 3 para 30: the Director General (the IOPC) for a
complaint of a description specified by regulations, or whose appropriate authority is a local
policing body; the local policing body in any other case. The description is C&M Regs 2020
reg 32, the table CRITERIA below, each criterion with its paragraph. A person can choose another
body, with a reason (conduct.complaints.services.record_outcome).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from casework.models import CaseLink
from casework.models.cases import LinkKind
from conduct.cases import routes
from conduct.complaints.models import ReviewBody
from conduct.models import Handling, InvestigationMode, Referral, ReferralState

REFERRED_STATES = (ReferralState.REQUIRED, ReferralState.REFERRED, ReferralState.DECIDED)


@dataclass(frozen=True)
class Facts:
    """What the rule reads about one complaint."""

    handling: str
    mode: str
    senior_officer: bool = False
    proceedings_not_excluded: bool = False
    referred: bool = False
    same_incident_as_referred: bool = False


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    source: str
    met: Callable[[Facts], bool]


CRITERIA = (
    Criterion(
        "senior_officer",
        "The complaint is about the conduct of a senior officer (a rank above chief superintendent).",
        "C&M Regs 2020 reg 32(a); PRA 2002 s.29(1) (“senior officer”)",
        lambda f: f.senior_officer,
    ),
    Criterion(
        "proceedings_not_excluded",
        "The appropriate authority could not satisfy itself, from the complaint alone, that the conduct "
        "(if proved) would not justify criminal or disciplinary proceedings or would not infringe "
        "Article 2 or 3 rights.",
        "C&M Regs 2020 reg 32(b)",
        lambda f: f.proceedings_not_excluded,
    ),
    Criterion(
        "referred",
        "The complaint has been, or must be, referred to the IOPC (Sch 3 para 4), or the IOPC treats it "
        "as referred (para 4A).",
        "C&M Regs 2020 reg 32(c), (d)",
        lambda f: f.referred,
    ),
    Criterion(
        "same_incident",
        "The complaint arises from the same incident as a complaint that has been, or must be, referred.",
        "C&M Regs 2020 reg 32(e)",
        lambda f: f.same_incident_as_referred,
    ),
)


@dataclass(frozen=True)
class Decision:
    body: str
    grounds: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ReviewBody(self.body).label

    @property
    def grounds_text(self) -> str:
        return "\n".join(self.grounds)


def has_review_right(facts: Facts) -> tuple[bool, str]:
    if facts.handling == Handling.OTHERWISE:
        return True, "Handled otherwise than by investigation: PRA 2002 Sch 3 para 6A."
    if facts.handling == Handling.INVESTIGATION and facts.mode in ("", InvestigationMode.LOCAL):
        return True, "Investigated by the force on its own behalf: PRA 2002 Sch 3 para 25(1)(a), (1B)."
    if facts.handling == Handling.INVESTIGATION:
        return False, "A directed or independent investigation: no review under Sch 3 para 25 (para 25(1))."
    return False, "How the complaint is handled is not decided yet."


def decide(facts: Facts) -> Decision:
    """The review body for these facts, with the grounds (each criterion met, with its source)."""
    right, why = has_review_right(facts)
    if not right:
        return Decision(ReviewBody.NONE, [why])
    met = [f"{c.text} ({c.source})" for c in CRITERIA if c.met(facts)]
    if met:
        return Decision(ReviewBody.IOPC, [why, *met, "So the IOPC is the relevant review body (Sch 3 para 30(1))."])
    return Decision(
        ReviewBody.LOCAL_POLICING_BODY,
        [why, "No criterion of reg 32 is met: the local policing body is the relevant review body (Sch 3 para 30(2))."],
    )


def facts_for(case, *, proceedings_not_excluded: bool = False) -> Facts:
    """The facts of one case, in three queries (ranks, referral, linked referrals) and the route."""
    route = routes.route_of(case)
    senior = case.subjects.filter(person__rank__is_chief_officer=True).exists()
    referred = Referral.objects.filter(case=case, state__in=REFERRED_STATES).exists()
    same_incident = CaseLink.objects.filter(kind=LinkKind.SAME_INCIDENT)
    linked_referred = Referral.objects.filter(
        Q(case__in=same_incident.filter(linked_case=case).values("case_id"))
        | Q(case__in=same_incident.filter(case=case, linked_case__isnull=False).values("linked_case_id")),
        state__in=REFERRED_STATES,
    ).exists()
    return Facts(
        handling=route.handling if route else "",
        mode=route.mode if route else "",
        senior_officer=senior,
        proceedings_not_excluded=proceedings_not_excluded,
        referred=referred,
        same_incident_as_referred=linked_referred,
    )
