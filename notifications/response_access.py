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

A confirmation lasts for the browser session (the session holds the link ids confirmed in it).
"""

import hmac

from django.conf import settings
from django.db import transaction

from casework.audit import Chain, append_entry, register_chain
from casework.errors import Refused
from casework.ratelimit import read_count

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


def _matches(link: ResponseLink, answer: str) -> bool:
    person = link.correspondence.person
    expected = _normalised(person.number) if person is not None else ""
    given = _normalised(answer)
    # Constant time, and never a match on an empty number (a letter to no one on the register).
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def _failures_key(link: ResponseLink) -> str:
    return f"respond-confirm-failures:{link.pk}"


def is_locked(link: ResponseLink) -> bool:
    """Raises casework.ratelimit.RateLimitUnavailable when the count cannot be read: the caller
    refuses to confirm rather than allow uncounted guesses at a number."""
    return read_count(_failures_key(link)) >= settings.RESPONSE_CONFIRM_MAX_FAILURES


def confirm_recipient(link: ResponseLink, answer: str, *, client_address: str | None) -> None:
    """Accept the reader as the link's recipient, or raise WrongDetail / ConfirmationLocked.
    Every outcome is logged."""
    if is_locked(link):
        record(link, LinkEventKind.LOCKED, client_address=client_address)
        raise ConfirmationLocked
    if not _matches(link, answer):
        record(link, LinkEventKind.WRONG_DETAIL, client_address=client_address)
        count_in_window(_failures_key(link))
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
