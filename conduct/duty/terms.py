"""What a duty decision decides and why (reg 11 for a suspension, a rationale for the rest): the
terms a proposal, an amendment or a review carries, their checks, and the words for what an
amendment changed."""

from dataclasses import dataclass, field, replace

from casework.errors import refuse_all
from conduct.duty.checks import DutyRefused
from conduct.duty.models import PUBLIC_FACING_FIXED
from conduct.models import DutyDecision, DutyKind, SuspensionGround

TERM_LABELS = {
    "kind": "What is decided",
    "allegations": "Allegations it rests on",
    "redeployment_considered_reason": "Why redeployment is not appropriate",
    "ground": "Ground",
    "ground_reasoning": "Reasoning for the ground",
    "rationale": "Why it is enough",
    "conditions": "Conditions",
    "public_facing": "Whether the role faces the public",
}


@dataclass
class DecisionTerms:
    """What is decided and why: a proposal, an amendment, or the conditions a review records."""

    kind: str
    allegations: list = field(default_factory=list)
    redeployment_considered_reason: str = ""
    ground: str = ""
    ground_reasoning: str = ""
    rationale: str = ""
    conditions: str = ""
    # Does the role face the public? Fixed by the kind except for restriction and redeployment,
    # where it is asked (DOMAIN.md: a property of the role); None until answered.
    public_facing: bool | None = None

    def cleaned(self) -> "DecisionTerms":
        """Trimmed, and only the reasoning that belongs to the kind (reg 11 for a suspension, the
        rationale for the rest), so the record never carries reasons for something not decided."""
        # Browsers send line breaks as CRLF: normalised, so resubmitting unchanged text is no amendment.
        text = {
            name: (getattr(self, name) or "").replace("\r\n", "\n").strip()
            for name in ("redeployment_considered_reason", "ground", "ground_reasoning", "rationale", "conditions")
        }
        if self.kind == DutyKind.SUSPEND:
            text["rationale"] = ""
        else:
            text.update(redeployment_considered_reason="", ground="", ground_reasoning="")
        public_facing = PUBLIC_FACING_FIXED.get(self.kind, self.public_facing)
        return replace(self, **text, public_facing=public_facing)

    @classmethod
    def of(cls, decision: DutyDecision) -> "DecisionTerms":
        return cls(
            kind=decision.kind,
            allegations=list(decision.allegations.all()),
            redeployment_considered_reason=decision.redeployment_considered_reason,
            ground=decision.ground,
            ground_reasoning=decision.ground_reasoning,
            rationale=decision.rationale,
            conditions=decision.conditions,
            public_facing=decision.public_facing,
        )


def reasoning_problems(terms: DecisionTerms) -> list[tuple[str, str]]:
    """Every missing piece of reasoning for the kind (reg 11 for a suspension, a rationale for the
    rest), as (message, field) pairs: all of them, so the form shows them together."""
    if terms.kind not in DutyKind.values:
        return [("Select what is decided", "kind")]
    problems = []
    if terms.kind == DutyKind.SUSPEND:
        if not terms.redeployment_considered_reason:
            problems.append(
                (
                    "Enter why temporary redeployment to alternative duties or another location is not "
                    "appropriate (reg 11: a suspension is lawful only if it was considered and ruled out)",
                    "redeployment_considered_reason",
                )
            )
        if terms.ground not in SuspensionGround.values:
            problems.append(
                (
                    "Select the ground for suspension: the investigation may be prejudiced, or the public "
                    "interest requires it (reg 11)",
                    "ground",
                )
            )
        if not terms.ground_reasoning:
            problems.append(("Enter the reasoning for the ground on the facts of this case", "ground_reasoning"))
    elif not terms.rationale:
        message = (
            "Enter why the officer can stay on full duties"
            if terms.kind == DutyKind.FULL_DUTIES
            else "Enter why this is enough, instead of suspension"
        )
        problems.append((message, "rationale"))
    if terms.kind in (DutyKind.RESTRICT, DutyKind.REDEPLOY) and terms.public_facing is None:
        problems.append(
            (
                "Say whether the role faces the public: restricted or redeployed officers can still face the "
                "public, and the risk lists count them if they do.",
                "public_facing",
            )
        )
    return problems


def terms_problems(terms: DecisionTerms, subject) -> list[tuple[str, str]]:
    problems = reasoning_problems(terms)
    if not terms.allegations:
        problems.append(("Select the allegation or allegations the decision rests on", "allegations"))
    elif any(a.subject_id != subject.pk for a in terms.allegations):
        problems.append(("Select allegations against this subject only", "allegations"))
    return problems


def check_reasoning(terms: DecisionTerms) -> None:
    refuse_all(reasoning_problems(terms), DutyRefused)


def check_terms(terms: DecisionTerms, subject) -> DecisionTerms:
    terms = terms.cleaned()
    refuse_all(terms_problems(terms, subject), DutyRefused)
    return terms


def as_fields(terms: DecisionTerms) -> dict:
    """The decision's columns; the allegations are a many-to-many, set after the row is saved."""
    return {
        "kind": terms.kind,
        "redeployment_considered_reason": terms.redeployment_considered_reason,
        "ground": terms.ground,
        "ground_reasoning": terms.ground_reasoning,
        "rationale": terms.rationale,
        "conditions": terms.conditions,
        "public_facing": bool(terms.public_facing),
    }


def describe_amendments(before: DecisionTerms, after: DecisionTerms) -> str:
    """What the decision-maker changed, in words, for the record and the timeline."""
    changed = []
    for name, label in TERM_LABELS.items():
        old, new = getattr(before, name), getattr(after, name)
        if name == "allegations":
            old, new = sorted(a.pk for a in old), sorted(a.pk for a in new)
        if old == new:
            continue
        if name == "kind":
            changed.append(f"{label}: {DutyKind(old).label} → {DutyKind(new).label}")
        elif name == "ground" and new:
            changed.append(f"{label}: {SuspensionGround(new).label}")
        else:
            changed.append(f"{label} changed")
    return "; ".join(changed)
