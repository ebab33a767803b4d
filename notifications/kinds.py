"""What each kind of letter is: who approves it, whether the recipient answers through a link,
which legal clock runs on the answer, and the fixed, documented context its template may use.

A template can only reach the variables declared here (notifications/template_engine.py enforces it),
so this module is the contract between the code that writes letters and the administrators
who word them. docs/letters.md describes the same table for people. notifications registers its
generic kinds here; each conduct feature registers its letters (conduct/<feature>/letters.py).

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
# A member of the public who complained: not on the register, never signs in; the letter goes to
# the contact details held for the case (casework.ComplainantContact), and a response link is
# confirmed with the case reference and their postcode or surname (response_access).
COMPLAINANT = "complainant"

# Every kind has these; build_context (notifications/letters.py) fills them from the case file.
COMMON_VARIABLES = MappingProxyType(
    {
        "case.reference": "Case reference, e.g. PSD-2026-000123",
        "person.full_name": "Full name of the officer or staff member concerned (blank in letters to a complainant)",
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

RESPONSE_VARIABLES = {
    "response_due_on": 'Date by which the answer is due (a date: use |date:"j F Y")',
    RESPONSE_URL: "The single-use response link. Stored as a placeholder; the real link is put in the email only",
}
_COMMON_SAMPLE = {
    "case": {"reference": "PSD-2026-000123"},
    "person": {"full_name": "Dana Whitlock", "rank": "Police constable", "number": "4321"},
    "recipient": {"name": "PC Dana Whitlock"},
    "sender": {"name": "Ivy Marsh", "title": "Investigator"},
    "today": date(2026, 10, 5),
    "force": {"name": "Demo Constabulary"},
}


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
    # The email carries the letter as a PDF attachment too (a report another body files).
    attach_pdf: bool = False

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


def letter_kind(
    kind,
    *,
    approval=False,
    response_clock=None,
    offers_response=False,
    audience=OFFICER,
    extra,
    sample,
    attach_pdf=False,
):
    """A kind's spec: the common variables and sample, plus the kind's own (`extra`, `sample`)."""
    return KindSpec(
        kind=kind,
        needs_approval=approval,
        offers_response=offers_response,
        response_clock=response_clock,
        audience=audience,
        variables=MappingProxyType({**COMMON_VARIABLES, **extra}),
        sample=MappingProxyType({**_COMMON_SAMPLE, **sample}),
        attach_pdf=attach_pdf,
    )


# What a request about a record access asks (conduct's access-justification letter) and what its
# chasers and escalations repeat.
ACCESS_REQUEST_VARIABLES = {
    "record_description": "The record that was opened, e.g. crime report 44/12345/26",
    "accessed_on": 'Date of the access (use |date:"j F Y")',
}
SAMPLE_ACCESS_REQUEST = {
    "record_description": "crime report 44/12345/26 (murder investigation, Operation Linden)",
    "accessed_on": date(2026, 9, 16),
    "response_due_on": date(2026, 10, 19),
}

# The registry: notifications' own kinds below; conduct registers the letters of the regulations
# from its AppConfig.ready (conduct/<feature>/letters.py), as notifications may not import conduct. The
# LetterKind choices stay in notifications.models: they are a database field's choices.
KINDS: dict[str, KindSpec] = {}


def register_kind(spec: KindSpec) -> KindSpec:
    KINDS[spec.kind] = spec
    return spec


for _generic in (
    letter_kind(
        LetterKind.INFORMATION_REQUEST,
        offers_response=True,
        # No legal clock of its own: the caller gives the due date (the RPRP account, say).
        response_clock=None,
        extra={"request_text": "What is asked for (several lines)", **RESPONSE_VARIABLES},
        sample={
            "request_text": "Please give your account of the stop and search you carried out on "
            "2 October 2026 on Mill Lane, including the grounds for the search.",
            "response_due_on": date(2026, 10, 12),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    # Chasers and escalations of an unanswered request, written by the reminder sweep from the
    # request's own context. The chaser carries the request's single-use link (it has none of its
    # own: one link, one answer).
    letter_kind(
        LetterKind.RESPONSE_CHASER,
        extra={**ACCESS_REQUEST_VARIABLES, "stage": "How late: e.g. overdue", **RESPONSE_VARIABLES},
        sample={**SAMPLE_ACCESS_REQUEST, "stage": "overdue", RESPONSE_URL: RESPONSE_URL_PLACEHOLDER},
    ),
    letter_kind(
        LetterKind.LINE_MANAGER_ESCALATION,
        extra={**ACCESS_REQUEST_VARIABLES, "response_due_on": RESPONSE_VARIABLES["response_due_on"]},
        sample={**SAMPLE_ACCESS_REQUEST, "recipient": {"name": "Inspector Carol Hunt"}},
    ),
    letter_kind(
        LetterKind.DEADLINE_REMINDER,
        audience=STAFF,
        extra={
            "deadline.label": "What is due, e.g. Suspension review",
            "deadline.due_on": "When it is due",
            "deadline.stage": "The real time left: e.g. due in 3 working days, due in 1 day 14 hours",
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
    letter_kind(
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
):
    register_kind(_generic)


def spec_for(kind: str) -> KindSpec:
    """The spec of a kind; a KeyError names the unknown kind (a programming error)."""
    try:
        return KINDS[kind]
    except KeyError:
        raise KeyError(f"Unknown letter kind {kind!r}; known: {', '.join(KINDS)}") from None


def needs_approval(kind: str) -> bool:
    return spec_for(kind).needs_approval
