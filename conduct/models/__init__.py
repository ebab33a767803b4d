"""The regulations' records. One module per subject; import every model here so Django (and
`from conduct.models import X`) finds it."""

from .core import (
    Allegation,
    AllegationCategory,
    ClockRule,
    ClockUnit,
    Conclusion,
    CriminalInvestigation,
    Finding,
    Outcome,
    Proceedings,
    ReflectivePractice,
    RuleStatus,
    Severity,
    SeverityAssessment,
    Stage,
    StageTransition,
    Standard,
)

__all__ = [
    "Allegation",
    "AllegationCategory",
    "ClockRule",
    "ClockUnit",
    "Conclusion",
    "CriminalInvestigation",
    "Finding",
    "Outcome",
    "Proceedings",
    "ReflectivePractice",
    "RuleStatus",
    "Severity",
    "SeverityAssessment",
    "Stage",
    "StageTransition",
    "Standard",
]
