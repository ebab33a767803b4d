"""What each kind of letter is: who approves it, whether the recipient answers through a link,
which legal clock runs on the answer, and the fixed, documented context its template may use.

A template can only reach the variables declared here (notifications/letters.py enforces it),
so this module is the contract between the code that writes letters and the administrators
who word them. docs/letters.md describes the same table for people.

Names are dotted paths into plain data. `allegations[].description` is the `description` of
each item of the list `allegations`, as reached by `{% for allegation in allegations %}
{{ allegation.description }}`. Notifications never imports conduct: a clock is named by its
rule code, a plain string the conduct app resolves.
"""

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from .models import LetterKind

# Stored in the body of a letter that offers a response; the real single-use URL replaces it in
# the email only, at send time, so no copy of the letter on file (PDF, preview) carries a live link.
RESPONSE_URL_PLACEHOLDER = "[secure response link: sent by email only]"

OFFICER = "officer"  # someone on the register who never signs in: the letter goes by email or post
STAFF = "staff"  # a user of this service: an internal email with a link to the case

# Every kind has these; build_context (notifications/letters.py) fills them from the case file.
COMMON_VARIABLES = MappingProxyType(
    {
        "case.reference": "Case reference, e.g. PSD-2026-000123",
        "person.full_name": "Full name of the officer or staff member concerned",
        "person.rank": "Their rank or grade (may be blank)",
        "person.number": "Their warrant, collar or staff number",
        "recipient.name": "Name of the person the letter is addressed to",
        "sender.name": "Name of the user sending the letter",
        "sender.title": "The sender's role, e.g. Investigator",
        "today": 'Date of the letter (use |date:"j F Y")',
        "force.name": "Name of the force sending the letter",
    }
)
COMMON_ROOTS = frozenset(name.split(".")[0] for name in COMMON_VARIABLES)

# Kind extras that build_context fills itself; the caller never passes them.
RESPONSE_URL = "response_url"
CASE_URL = "case_url"
AUTOMATIC_EXTRAS = frozenset({RESPONSE_URL, CASE_URL})

_RESPONSE = {
    "response_due_on": 'Date by which the answer is due (a date: use |date:"j F Y")',
    RESPONSE_URL: "The single-use response link. Stored as a placeholder; the real link is put in the email only",
}
_ALLEGATIONS = {
    "allegations": "The allegations, a list: loop with {% for allegation in allegations %}",
    "allegations[].description": "What is alleged",
    "allegations[].standards": 'Standards of Professional Behaviour engaged, a list of names (use |join:", ")',
    "allegations[].standards[]": "The name of one standard, inside {% for standard in allegation.standards %}",
}

_COMMON_SAMPLE = {
    "case": {"reference": "PSD-2026-000123"},
    "person": {"full_name": "Dana Whitlock", "rank": "Police constable", "number": "4321"},
    "recipient": {"name": "PC Dana Whitlock"},
    "sender": {"name": "Ivy Marsh", "title": "Investigator"},
    "today": date(2026, 10, 5),
    "force": {"name": "Demo Constabulary"},
}
_SAMPLE_ALLEGATIONS = [
    {
        "description": "On 14 September 2026 you shared messages of a misogynistic and racist nature in a "
        "WhatsApp group chat whose members included serving police officers.",
        "standards": ["Discreditable conduct", "Equality and diversity"],
    },
    {
        "description": "You failed to report or challenge the messages posted by other members of the group.",
        "standards": ["Challenging and reporting improper conduct"],
    },
]


@dataclass(frozen=True)
class KindSpec:
    kind: str
    needs_approval: bool
    offers_response: bool
    # The conduct clock rule that runs on the answer (a code, resolved by conduct), or None.
    response_clock: str | None
    audience: str
    variables: dict[str, str] = field(default_factory=dict)
    sample: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return LetterKind(self.kind).label

    @property
    def extra_variables(self) -> dict[str, str]:
        """The variables this kind adds to the common ones."""
        return {name: text for name, text in self.variables.items() if name not in COMMON_VARIABLES}

    @property
    def extra_roots(self) -> frozenset[str]:
        return frozenset(_root(name) for name in self.extra_variables)


def _root(name: str) -> str:
    return name.split(".")[0].split("[")[0]


def _spec(kind, *, approval=False, response_clock=None, offers_response=False, audience=OFFICER, extra, sample):
    return KindSpec(
        kind=kind,
        needs_approval=approval,
        offers_response=offers_response,
        response_clock=response_clock,
        audience=audience,
        variables=MappingProxyType({**COMMON_VARIABLES, **extra}),
        sample=MappingProxyType({**_COMMON_SAMPLE, **sample}),
    )


_ACCESS_REQUEST = {
    "record_description": "The record that was opened, e.g. crime report 44/12345/26",
    "accessed_on": 'Date of the access (use |date:"j F Y")',
}
_SAMPLE_ACCESS_REQUEST = {
    "record_description": "crime report 44/12345/26 (murder investigation, Operation Linden)",
    "accessed_on": date(2026, 9, 16),
    "response_due_on": date(2026, 10, 19),
}

_SUSPENSION = {
    "reasons": "Summary of the reasons for the decision (several lines)",
    "conditions": "Conditions that apply while it lasts (several lines; may be blank)",
    "effective_on": "Date it takes effect",
    "review_by": "Date by which it will next be reviewed",
}
_SAMPLE_REASONS = (
    "Temporary redeployment to alternative duties was considered and is not appropriate because the "
    "allegations concern your conduct towards members of the public and colleagues.\n"
    "The public interest requires your suspension given the nature of the allegations."
)
_SAMPLE_CONDITIONS = (
    "You must not enter police premises without the prior agreement of Professional Standards.\n"
    "You must not contact any witness in the investigation."
)

KINDS: dict[str, KindSpec] = {
    LetterKind.REG17_NOTICE: _spec(
        LetterKind.REG17_NOTICE,
        offers_response=True,
        response_clock="reg17_written_statement",
        extra={
            **_ALLEGATIONS,
            "severity": "Assessed severity, e.g. gross misconduct",
            "investigator.name": "Name of the investigator appointed under reg 15",
            **_RESPONSE,
        },
        sample={
            "allegations": _SAMPLE_ALLEGATIONS,
            "severity": "gross misconduct",
            "investigator": {"name": "Ivy Marsh"},
            "response_due_on": date(2026, 10, 19),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    LetterKind.SUSPENSION_NOTICE: _spec(
        LetterKind.SUSPENSION_NOTICE,
        approval=True,
        offers_response=True,
        response_clock="suspension_representations",
        extra={**_SUSPENSION, **_RESPONSE},
        sample={
            "reasons": _SAMPLE_REASONS,
            "conditions": _SAMPLE_CONDITIONS,
            "effective_on": date(2026, 10, 5),
            "review_by": date(2026, 11, 2),
            "response_due_on": date(2026, 10, 14),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    LetterKind.SUSPENSION_REVIEW: _spec(
        LetterKind.SUSPENSION_REVIEW,
        approval=True,
        extra={
            "outcome": "What the review decided, e.g. Suspension continues",
            "reasons": "Summary of the reasons for the decision (several lines)",
            "conditions": "Conditions that apply from now (several lines; may be blank)",
            "reviewed_on": "Date of the review",
            "next_review_by": "Date of the next review (blank when the suspension ends)",
        },
        sample={
            "outcome": "Suspension continues",
            "reasons": "The investigation is at an early stage and witnesses have yet to be interviewed.",
            "conditions": _SAMPLE_CONDITIONS,
            "reviewed_on": date(2026, 11, 2),
            "next_review_by": date(2026, 11, 30),
        },
    ),
    LetterKind.RESTRICTION_NOTICE: _spec(
        LetterKind.RESTRICTION_NOTICE,
        approval=True,
        offers_response=True,
        # The alternatives to suspension keep its discipline (DOMAIN.md), representations included.
        response_clock="suspension_representations",
        extra={
            "restriction": "What is decided, e.g. restricted duties, non-public-facing role, redeployment",
            **_SUSPENSION,
            **_RESPONSE,
        },
        sample={
            "restriction": "a non-public-facing role",
            "reasons": "The allegations concern your conduct towards members of the public.",
            "conditions": "You will work in the Crime Management Unit, Monday to Friday.",
            "effective_on": date(2026, 10, 5),
            "review_by": date(2026, 11, 2),
            "response_due_on": date(2026, 10, 14),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    LetterKind.REFERRAL_NOTICE: _spec(
        LetterKind.REFERRAL_NOTICE,
        offers_response=True,
        response_clock="reg31_response",
        extra={
            "proceedings": "Form of proceedings, e.g. misconduct hearing",
            **_ALLEGATIONS,
            "severity": "Severity of the conduct, e.g. gross misconduct",
            **_RESPONSE,
        },
        sample={
            "proceedings": "misconduct hearing",
            "allegations": _SAMPLE_ALLEGATIONS,
            "severity": "gross misconduct",
            "response_due_on": date(2027, 2, 1),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    LetterKind.OUTCOME_LETTER: _spec(
        LetterKind.OUTCOME_LETTER,
        approval=True,
        extra={
            "proceedings": "Form of proceedings, e.g. misconduct hearing",
            "finding": "The finding, e.g. Gross misconduct proved",
            "outcome": "The outcome, e.g. Final written warning",
            "reasons": "Summary of the reasons (several lines)",
            "appeal_route": "How and to whom to appeal (several lines)",
            "appeal_due_on": "Date by which an appeal must be made",
        },
        sample={
            "proceedings": "misconduct hearing",
            "finding": "Gross misconduct proved",
            "outcome": "Final written warning",
            "reasons": "The panel found that the messages were discriminatory and that sharing them "
            "was so serious as to justify a final written warning.",
            "appeal_route": "You may appeal to the Police Appeals Tribunal. Your notice of appeal must "
            "be given within 10 working days of receiving this letter.",
            "appeal_due_on": date(2027, 4, 16),
        },
    ),
    LetterKind.INFORMATION_REQUEST: _spec(
        LetterKind.INFORMATION_REQUEST,
        offers_response=True,
        # No legal clock of its own: the caller gives the due date (the RPRP account, say).
        response_clock=None,
        extra={"request_text": "What is asked for (several lines)", **_RESPONSE},
        sample={
            "request_text": "Please give your account of the stop and search you carried out on "
            "2 October 2026 on Mill Lane, including the grounds for the search.",
            "response_due_on": date(2026, 10, 12),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    LetterKind.ACCESS_JUSTIFICATION: _spec(
        LetterKind.ACCESS_JUSTIFICATION,
        offers_response=True,
        response_clock="access_justification_response",
        extra={
            "record_description": "The record that was opened, e.g. crime report 44/12345/26",
            "accessed_on": 'Date of the access (use |date:"j F Y")',
            **_RESPONSE,
        },
        sample={
            "record_description": "crime report 44/12345/26 (murder investigation, Operation Linden)",
            "accessed_on": date(2026, 9, 16),
            "response_due_on": date(2026, 10, 19),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    # Chasers and escalations of an unanswered request, written by the reminder sweep from the
    # request's own context. The chaser carries the request's single-use link (it has none of its
    # own: one link, one answer).
    LetterKind.RESPONSE_CHASER: _spec(
        LetterKind.RESPONSE_CHASER,
        extra={**_ACCESS_REQUEST, "stage": "How late: e.g. overdue", **_RESPONSE},
        sample={**_SAMPLE_ACCESS_REQUEST, "stage": "overdue", RESPONSE_URL: RESPONSE_URL_PLACEHOLDER},
    ),
    LetterKind.LINE_MANAGER_ESCALATION: _spec(
        LetterKind.LINE_MANAGER_ESCALATION,
        extra={**_ACCESS_REQUEST, "response_due_on": _RESPONSE["response_due_on"]},
        sample={**_SAMPLE_ACCESS_REQUEST, "recipient": {"name": "Inspector Carol Hunt"}},
    ),
    LetterKind.DEADLINE_REMINDER: _spec(
        LetterKind.DEADLINE_REMINDER,
        audience=STAFF,
        extra={
            "deadline.label": "What is due, e.g. Suspension review",
            "deadline.due_on": "When it is due",
            "deadline.stage": "How close: e.g. due in 3 working days, due today, overdue",
            "deadline.about": "What the deadline runs on when it has no case, e.g. an access review (else blank)",
            CASE_URL: "Link to the case page",
        },
        sample={
            "recipient": {"name": "Ivy Marsh"},
            "deadline": {
                "label": "Suspension review",
                "due_on": date(2026, 11, 2),
                "stage": "due in 3 working days",
                "about": "",
            },
            CASE_URL: "https://psd.police.example/cases/PSD-2026-000123/",
        },
    ),
    LetterKind.RESPONSE_RECEIVED: _spec(
        LetterKind.RESPONSE_RECEIVED,
        audience=STAFF,
        extra={
            CASE_URL: "Link to the case page",
            "letter_subject": "Subject of the letter that was answered",
        },
        sample={
            "recipient": {"name": "Ivy Marsh"},
            CASE_URL: "https://psd.police.example/cases/PSD-2026-000123/",
            "letter_subject": "Notice of investigation: PSD-2026-000123",
        },
    ),
}


def spec_for(kind: str) -> KindSpec:
    """The spec of a kind; a KeyError names the unknown kind (a programming error)."""
    try:
        return KINDS[kind]
    except KeyError:
        raise KeyError(f"Unknown letter kind {kind!r}; known: {', '.join(KINDS)}") from None


def needs_approval(kind: str) -> bool:
    return spec_for(kind).needs_approval
