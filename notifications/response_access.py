"""Who may read a letter through its response link, and the record of each use.

A response link is a bearer secret sent by email: whoever holds it (a forwarded email, a shared
mailbox, a proxy log) could read the letter and answer in the officer's name. So before the
letter is shown the reader confirms something only the recipient knows and the email does not
carry: their collar or staff number as held on the register (casework `Person.number`). Each
wrong answer is logged and counted: against the link (after RESPONSE_CONFIRM_MAX_FAILURES in
the rate-limit window the link refuses to confirm anyone until the window ends) and, like every
request to the endpoint, against the client's address (`responses.allow_attempt`). Every
confirmation and every showing of the letter is logged too, append-only and hash-chained
(`LinkEvent`, checked by `manage.py verify_audit`).

A complainant is a member of the public with no number on the register: a letter to a
complainant (a kind whose audience is `kinds.COMPLAINANT`) is confirmed instead with the case
reference printed on the letter and the postcode of the address held for them, or, when no
postcode is held, their surname (`complainant_expected`; docs/security.md, "Response links").

A confirmation lasts for the browser session (the session holds the link ids confirmed in it).
"""

import hmac
import re

from django.conf import settings
from django.db import transaction

from casework.audit import Chain, append_entry, register_chain
from casework.errors import Refused
from casework.ratelimit import read_count

from . import kinds
from .models import LinkEvent, LinkEventKind, ResponseLink
from .responses import count_in_window

SESSION_KEY = "response_links_confirmed"


class WrongDetail(Refused):
    """The number given is not the recipient's (or the recipient has none on the register)."""


class ConfirmationLocked(Exception):
    """Too many wrong answers for this link in the current window: no further tries for now."""


# The log ----------------------------------------------------------------------------------
def _hashed_fields(entry: LinkEvent) -> dict:
    return {
        "link": entry.link_id,
        "correspondence": entry.correspondence_id,
        "case": entry.case_id,
        "person": entry.person_id,
        "recipient_name": entry.recipient_name,
        "kind": entry.kind,
        "at": entry.at.isoformat(),
        "client_address": entry.client_address,
    }


LINK_EVENTS = register_chain(Chain("response link log", LinkEvent, 62_0004, _hashed_fields))


@transaction.atomic
def record(link: ResponseLink, kind: LinkEventKind, *, client_address: str | None) -> LinkEvent:
    """One use of the link, in its own transaction: a refused attempt is recorded all the same."""
    letter = link.correspondence
    entry = LinkEvent(
        link=link,
        correspondence=letter,
        case_id=letter.case_id,
        person_id=letter.person_id,
        recipient_name=letter.recipient_name[:200],
        kind=kind,
        client_address=client_address,
    )
    return append_entry(LINK_EVENTS, entry)


# Confirming the recipient -----------------------------------------------------------------
def _normalised(number: str) -> str:
    """Numbers are written "MET 1234", "met1234" or " 1234 ": compare without case or spaces."""
    return "".join((number or "").split()).upper()


def is_for_complainant(link: ResponseLink) -> bool:
    return kinds.spec_for(link.correspondence.kind).audience == kinds.COMPLAINANT


# A UK postcode, anywhere in the address held (outward code, space optional, inward code).
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")


def complainant_expected(case) -> tuple[str, str]:
    """What a complainant must give to open their link: (the case reference, the postcode of the
    address held for them). With no postcode held, their surname (the last word of the name
    recorded) stands in: weaker, as a letter may be addressed by surname (docs/security.md)."""
    from casework.models import ComplainantContact

    address = ComplainantContact.objects.filter(case=case).values_list("address", flat=True).first() or ""
    found = _POSTCODE.search(address.upper())
    if found:
        return _normalised(case.reference), found[1] + found[2]
    surname = (case.complainant_name or "").split()[-1:] or [""]
    return _normalised(case.reference), _normalised(surname[0])


def _same(expected: str, given: str) -> bool:
    # Constant time, and never a match on an empty expectation (nothing held to check against).
    return bool(expected) and hmac.compare_digest(expected.encode(), _normalised(given).encode())


def _matches(link: ResponseLink, answer) -> bool:
    letter = link.correspondence
    if is_for_complainant(link):
        reference, detail = answer if isinstance(answer, tuple) else (answer, "")
        if letter.case is None:
            return False
        want_reference, want_detail = complainant_expected(letter.case)
        return _same(want_reference, reference) & _same(want_detail, detail)
    person = letter.person
    return _same(_normalised(person.number) if person is not None else "", answer)


def _failures_key(link: ResponseLink) -> str:
    return f"respond-confirm-failures:{link.pk}"


def is_locked(link: ResponseLink) -> bool:
    """Raises casework.ratelimit.RateLimitUnavailable when the count cannot be read: the caller
    refuses to confirm rather than allow uncounted guesses at a number."""
    return read_count(_failures_key(link)) >= settings.RESPONSE_CONFIRM_MAX_FAILURES


def confirm_recipient(link: ResponseLink, answer, *, client_address: str | None) -> None:
    """Accept the reader as the link's recipient, or raise WrongDetail / ConfirmationLocked.
    `answer` is the number, or for a complainant (reference, postcode or surname). Every outcome
    is logged."""
    if is_locked(link):
        record(link, LinkEventKind.LOCKED, client_address=client_address)
        raise ConfirmationLocked
    if not _matches(link, answer):
        record(link, LinkEventKind.WRONG_DETAIL, client_address=client_address)
        count_in_window(_failures_key(link))
        if is_for_complainant(link):
            raise WrongDetail(
                "The reference and postcode (or surname) do not match the letter. Check them and try again.",
                field="reference",
            )
        raise WrongDetail(
            "That does not match the number we hold for the person this letter was sent to. Check it and try again.",
            field="number",
        )
    record(link, LinkEventKind.CONFIRMED, client_address=client_address)


def remember(session, link: ResponseLink):
    confirmed = set(session.get(SESSION_KEY, []))
    confirmed.add(link.pk)
    session[SESSION_KEY] = sorted(confirmed)
    session.cycle_key()  # a new session id once the reader has proved who they are


def is_confirmed(session, link: ResponseLink) -> bool:
    return link.pk in session.get(SESSION_KEY, [])
