"""Officers' single-use response links.

The token is never stored. Each link holds a random salt; the token is an HMAC of the link's id
and salt under the server's secret, and the database keeps only the token's SHA-256. The stored
letter body carries a placeholder; the real link is put into the email as it is sent. So neither
a database reader nor a case-file reader can answer in the officer's name, and a letter resent
after a crash carries the same working link. Rotating SECRET_KEY invalidates open links
(docs/operations.md)."""

import base64
import hashlib
import hmac
import mimetypes
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.errors import Refused
from casework.ratelimit import RateLimitUnavailable, count_attempt

from . import kinds
from .models import Correspondence, LetterKind, OfficerResponse, ResponseAttachment, ResponseLink


class LinkUnusable(Exception):
    """Unknown, expired or spent: the officer sees the same neutral page for all three."""


# Tokens ---------------------------------------------------------------------------------------
def _token_for(link: ResponseLink) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"psd-response:{link.pk}:{link.salt}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_expiry(expires_on=None, now=None):
    """The end of the response due date plus a grace period (late answers still reach the file),
    or a default lifetime when the letter sets no date."""
    now = now or timezone.now()
    if expires_on:
        if isinstance(expires_on, str):
            expires_on = datetime.fromisoformat(expires_on).date()
        end_of_day = timezone.make_aware(datetime.combine(expires_on, time.max))
        return end_of_day + timedelta(days=settings.RESPONSE_LINK_GRACE_DAYS)
    return now + timedelta(days=settings.RESPONSE_LINK_DAYS)


def create_link(letter: Correspondence, *, expires_on=None) -> ResponseLink:
    """Bind a new link to the letter and its recipient (inside the letter's transaction)."""
    link = ResponseLink.objects.create(
        correspondence=letter,
        salt=secrets.token_hex(32),
        token_hash="pending:" + secrets.token_hex(16),  # replaced below once the id is known
        recipient_email=letter.recipient_email,
        expires_at=link_expiry(expires_on),
    )
    link.token_hash = _hash(_token_for(link))
    link.save(update_fields=["token_hash"])
    return link


def url_for(link: ResponseLink) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("respond", args=[_token_for(link)])


def with_live_link(letter: Correspondence, text: str) -> str:
    """The text as sent: the placeholder replaced by the working link, if the letter has one."""
    link = letter.response_link if _has_link(letter) else letter.answers_through
    if link is None:
        return text
    return text.replace(kinds.RESPONSE_URL_PLACEHOLDER, url_for(link))


def _has_link(letter) -> bool:
    try:
        letter.response_link  # noqa: B018 - a reverse one-to-one raises when absent
    except ResponseLink.DoesNotExist:
        return False
    return True


def find_usable(token: str, now=None) -> ResponseLink:
    """The link for a token that may still be used, or LinkUnusable."""
    if not token or len(token) > 100:
        raise LinkUnusable
    link = (
        ResponseLink.objects.select_related("correspondence__case", "correspondence__person")
        .filter(token_hash=_hash(token))
        .first()
    )
    if link is None or not link.is_usable(now):
        raise LinkUnusable
    return link


# Rate limit ---------------------------------------------------------------------------------------
def allow_attempt(client_address: str | None) -> bool:
    """A fixed window per client address, counted in Redis: guessing tokens is pointless
    (256-bit), but the endpoint is public, so it must not be a free oracle or a load lever.
    With the cache down it allows (fails open): the page keeps working for officers, and the
    recipient check keeps its own limit, which fails closed (response_access)."""
    try:
        return count_in_window(f"respond-rate:{client_address or 'unknown'}") <= settings.RESPONSE_RATE_LIMIT
    except RateLimitUnavailable:
        return True


def count_in_window(key: str) -> int:
    """One more attempt under key, counted in the RESPONSE_RATE_LIMIT_WINDOW (Redis); the new count."""
    return count_attempt(key, settings.RESPONSE_RATE_LIMIT_WINDOW)


# Attachments ---------------------------------------------------------------------------------------
# Type by extension AND by the file's first bytes: a renamed executable is refused.
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [b"PK\x03\x04"],
    ),
    ".txt": ("text/plain", []),
}


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    content: bytes


def check_attachment(upload) -> CheckedFile:
    """A safe (name, type, bytes), or Refused with a message for the officer."""
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(e.lstrip(".").upper() for e in ALLOWED_TYPES))
        raise Refused(f"{name} is not a file type we accept. Send {allowed} files.")
    limit = settings.RESPONSE_MAX_FILE_BYTES
    if upload.size > limit:
        raise Refused(f"{name} is larger than {limit // (1024 * 1024)} MB.")
    content = upload.read()
    content_type, signatures = ALLOWED_TYPES[extension]
    if signatures and not any(content.startswith(s) for s in signatures):
        raise Refused(f"{name} does not look like a {extension.lstrip('.').upper()} file.")
    if extension == ".txt":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(f"{name} is not a plain text file.") from None
    return CheckedFile(name, content_type or mimetypes.guess_type(name)[0] or "application/octet-stream", content)


# Submitting ---------------------------------------------------------------------------------------
@transaction.atomic
def submit(*, token: str, text: str, files: list[CheckedFile], client_address: str | None) -> OfficerResponse:
    """Store the answer, spend the link, put it on the case timeline and tell the investigator.

    The link row is locked first, so two submissions at once give one response."""
    from casework.models.cases import EventKind
    from casework.services import record_event, system_user

    found = find_usable(token)
    link = ResponseLink.objects.select_for_update().get(pk=found.pk)
    if not link.is_usable():
        raise LinkUnusable
    letter = found.correspondence
    now = timezone.now()
    response = OfficerResponse.objects.create(
        link=link,
        correspondence=letter,
        case=letter.case,
        person=letter.person,
        text=text,
        received_at=now,
        client_address=client_address,
    )
    for checked in files:
        ResponseAttachment.objects.create(
            response=response,
            filename=checked.filename,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=hashlib.sha256(checked.content).hexdigest(),
            content=checked.content,
        )
    link.spent_at = now
    link.save(update_fields=["spent_at"])
    _meet_response_clock(letter, now)
    if letter.case_id:
        attached = f" with {len(files)} attachment{'s' if len(files) != 1 else ''}" if files else ""
        record_event(
            letter.case,
            kind=EventKind.RESPONSE,
            summary=f"{letter.recipient_name} answered the {letter.get_kind_display().lower()}{attached}",
            actor=system_user(),
            person=letter.person,
        )
    _notify_owner(letter, response)
    return response


def _meet_response_clock(letter: Correspondence, now):
    """The answer is what the kind's clock waited for (e.g. the reg 17 written statement): meet
    it. The domain still decides what the answer means; this only stops the reminders."""
    from casework.deadlines import meet_deadline, meet_open
    from casework.services import system_user

    if letter.deadline_id:  # the request names its clock
        meet_deadline(deadline=letter.deadline, actor=system_user(), on=timezone.localdate(now))
        return
    clock = kinds.spec_for(letter.kind).response_clock
    if clock and letter.case_id:
        meet_open(letter.case, clock, letter.person, actor=system_user(), on=timezone.localdate(now))


def _notify_owner(letter: Correspondence, response: OfficerResponse):
    """The investigator (else the letter's author) hears of it: in the app and by email."""
    from . import inbox

    owner = (letter.case.investigator if letter.case_id else None) or letter.created_by
    if owner is None or not owner.is_active:
        return
    inbox.notify(
        user=owner,
        case=letter.case,
        message=f"{letter.recipient_name} answered: {letter.subject}",
        url=reverse("letter-detail", args=[letter.case.reference, letter.pk]) if letter.case_id else "",
        email_kind=LetterKind.RESPONSE_RECEIVED,
        idempotency_key=f"response-received:{response.pk}",
        extra={"letter_subject": letter.subject},
    )
