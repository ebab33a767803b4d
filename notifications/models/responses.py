"""Officers' answers through single-use links. Officers have no account: a letter may carry a
link whose token is random, stored only as its SHA-256, bound to that letter and recipient,
expiring, and spent by the first response."""

import pgtrigger
from django.db import models
from django.utils import timezone

from .outbox import Correspondence


class ResponseLink(models.Model):
    correspondence = models.OneToOneField(Correspondence, on_delete=models.PROTECT, related_name="response_link")
    # The token is derived from the id and this salt under SECRET_KEY; only its hash is kept.
    salt = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    # The address the link was sent to: a response is the recipient's, not whoever forwarded it.
    recipient_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    spent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"response link for letter {self.correspondence_id}"

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.spent_at is None and now < self.expires_at


class OfficerResponse(models.Model):
    """What the officer sent back. Append-only: the answer is evidence."""

    link = models.OneToOneField(ResponseLink, on_delete=models.PROTECT, related_name="response")
    correspondence = models.OneToOneField(Correspondence, on_delete=models.PROTECT, related_name="response")
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField()
    received_at = models.DateTimeField(default=timezone.now)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"response to letter {self.correspondence_id}"


class ResponseAttachment(models.Model):
    response = models.ForeignKey(OfficerResponse, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()

    class Meta:
        ordering = ["id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return self.filename


class LinkEventKind(models.TextChoices):
    WRONG_DETAIL = "wrong_detail", "Wrong confirming detail given"
    CONFIRMED = "confirmed", "Recipient confirmed"
    LOCKED = "locked", "Refused: too many wrong answers"
    LETTER_SHOWN = "letter_shown", "Letter shown"


class LinkEvent(models.Model):
    """Each use of a response link: every showing of the letter and every attempt to confirm
    who is reading (notifications/response_access.py). A link is a bearer secret sent by email,
    so who read the letter, when and from where must be on record like any other disclosure.
    Append-only and hash-chained like the consultation and disclosure logs."""

    link = models.ForeignKey(ResponseLink, on_delete=models.PROTECT, related_name="events")
    correspondence = models.ForeignKey(Correspondence, on_delete=models.PROTECT, related_name="link_events")
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Who the link was sent to: the only person it may show the letter to.
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recipient_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=LinkEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["link", "-at"], name="link_event_link_idx")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.recipient_name}) at {self.at:%Y-%m-%d %H:%M}"
