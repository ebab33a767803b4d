"""Named points in the case workflows where other features act.

`cases` is the bottom of conduct: duty decisions, IOPC referrals and early-warning flags build on
the case, so the case's services must not import them. Instead each feature connects a function
to a hook here, from its `ready.py` (called in a fixed order by ConductConfig.ready), and the
case's services call the hook by name, inside their own transaction. Unlike Django signals the
receivers run in a stated order and are listed in one place (docs/architecture.md); a receiver
that raises rolls the whole workflow back.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Hook:
    name: str
    receivers: list[tuple[int, str, Callable]] = field(default_factory=list)

    def connect(self, receiver: Callable, *, order: int = 100, name: str | None = None) -> Callable:
        """Add receiver (called with the hook's keyword arguments); connecting the same name again
        replaces it, so a second ready() does not run a receiver twice."""
        key = name or f"{receiver.__module__}.{receiver.__qualname__}"
        self.receivers = [r for r in self.receivers if r[1] != key]
        self.receivers.append((order, key, receiver))
        self.receivers.sort(key=lambda r: (r[0], r[1]))
        return receiver

    def __call__(self, **kwargs) -> None:
        for _, _, receiver in self.receivers:
            receiver(**kwargs)

    def collect(self, **kwargs) -> dict:
        """Each receiver's answer by its name: for hooks that ask rather than tell."""
        return {key: receiver(**kwargs) for _, key, receiver in self.receivers}


# An allegation was recorded against a subject: (subject, allegation, user).
allegation_recorded = Hook("allegation recorded")
# A case was recorded at intake, or its details (origin, incident) changed: (case, user).
case_recorded = Hook("case recorded")
case_changed = Hook("case details changed")
# The route changed by a reasoned decision: (case, before, after, user), the states as dicts.
route_changed = Hook("route changed")
# Two cases were linked: (case, target, user).
cases_linked = Hook("cases linked")
# A subject's proceedings moved by a lifecycle transition: (proceedings, action, user, label).
transition_applied = Hook("transition applied")
# May the case close? Each receiver answers a refusal message or None: (case).
closing_refusals = Hook("closing refusals")
# The case closed: (case, user, reason).
case_closed = Hook("case closed")
# Panels of the person page: each receiver answers its template context or None, under the
# name the template reads: (person, user, request). A receiver that shows a record the page does
# not (protected characteristics) logs its consultation with the request (casework.door).
person_page = Hook("person page")
# May this subject's proceedings take this lifecycle step now? Each receiver answers a refusal
# message or None: (proceedings, action). E.g. a criminal proceedings pause (reg 10) refuses the
# steps into and through misconduct proceedings (conduct/pauses).
transition_refusals = Hook("transition refusals")
# Must the IOPC be consulted before a duty decision on this case? Each receiver answers why (a
# sentence for the decision-maker) or None: (case). The referrals feature answers while the IOPC
# investigates (independent or directed); duty asks without importing referrals.
iopc_consultation_needed = Hook("IOPC consultation needed")


def first_answer(hook: Hook, **kwargs) -> str | None:
    """The first non-empty answer of an asking hook, in the receivers' order (or None)."""
    return next((answer for answer in hook.collect(**kwargs).values() if answer), None)


def refuse_if_any(hook: Hook, refused: type[Exception], **kwargs) -> None:
    """Raise `refused(message)` with the first refusal the hook's receivers answer, if any: the one
    line a workflow adds to let the features above it refuse a step."""
    message = first_answer(hook, **kwargs)
    if message:
        raise refused(message)


# Panels of the case page, the same way: each receiver answers its template context or None,
# under the name the template reads: (case, user, can_change, can_decide: the page's own checks).
# E.g. the complainant, the duty-decision risk warning, the discriminatory-behaviour question.
# The page is in sections (conduct/cases/case_page.py; docs/architecture.md "The case page"), and
# every receiver runs for every section, so keep each to one query. Where a panel shows:
# - complainant_panel, discrimination_panel: Summary; risk_panel: Summary and Duty (their includes
#   are in conduct/templates/conduct/cases/sections/summary.html and duty.html).
# - any other panel shows without a template edit when its answer is a dict that names its own
#   template and section: {"template": "conduct/<feature>/_case_panel.html", "section": "subjects",
#   ...}; the page includes it, with `panel` set to the answer, at the end of that section
#   ("summary" when no section is named). Proceedings panels (a meeting or hearing, an appeal)
#   belong in "subjects"; case-wide ones (the 12-month report) in "summary" or "deadlines".
case_page = Hook("case page")

# The officer was given written notice of the outcome of misconduct proceedings with a copy of
# the report on the findings (Conduct Regs reg 43): (proceedings, notified_on, user). The appeal
# from a misconduct meeting runs from it (reg 45). Fired by conduct/proceedings.
outcome_notified = Hook("outcome notified")

# Someone was dismissed other than by misconduct proceedings' outcome (which fires
# transition_applied): the vetting route's dismissal after clearance was withdrawn (Police
# (Vetting) Regulations 2025), performance proceedings, the police staff procedure. Keyword
# arguments: person, on (the date of the dismissal), user, case (or None), route ("vetting",
# "performance", "staff"), source (the record that decided it). The Barred List report falls due
# on it (conduct/lists). Fired by the feature that decided the dismissal.
person_dismissed = Hook("person dismissed")
