"""The outbox: every letter and email is a row before it is a message.

A decision that causes a letter writes the row in its own transaction; a Celery task, enqueued
on commit, only says "deliver row N". The row's status is the truth, so a lost or repeated
message never loses or doubles a letter (DESIGN.md, "The database is the source of truth")."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .letters import LetterKind, LetterTemplate


class Status(models.TextChoices):
    DRAFT = "draft", "Awaiting approval"
    APPROVED = "approved", "Approved"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    # The worker took the letter and was not heard of again within the lease: the relay may or
    # may not have accepted it. Never re-sent automatically; a person decides (notifications.uncertain).
    UNCERTAIN = "uncertain", "Delivery uncertain"
    FAILED = "failed", "Failed"
    BOUNCED = "bounced", "Bounced"
    CANCELLED = "cancelled", "Cancelled"


NEEDS_A_DECISION = [Status.FAILED, Status.BOUNCED, Status.UNCERTAIN]


class CorrespondenceQuerySet(models.QuerySet):
    def for_case(self, case):
        return self.filter(case=case)

    def needing_attention(self):
        """Failed, bounced or uncertain: a person must act (retry, correct the address, print and
        post, or confirm with the relay's log that an uncertain letter went)."""
        return self.filter(status__in=NEEDS_A_DECISION)

    def without_pdf(self):
        return self.filter(pdf__isnull=True)


class Correspondence(models.Model):
    kind = models.CharField(max_length=40, choices=LetterKind.choices)
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="correspondence"
    )
    # The officer or staff member written to (per-person history), or the user for staff email.
    person = models.ForeignKey(
        "casework.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="correspondence"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField(max_length=200)
    recipient_email = models.EmailField(blank=True)
    # The postal address of a recipient who is neither on the register nor a user (a complainant):
    # a letter without an email address is printed and posted to it.
    recipient_address = models.TextField(blank=True)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    # What the template was rendered with, and what it produced: evidence of what was said.
    context = models.JSONField(default=dict)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # One letter per cause: the service that writes the row derives the key from what caused it,
    # so a double click or a retried transaction finds the existing row instead.
    idempotency_key = models.CharField(max_length=200, unique=True)
    message_id = models.CharField(max_length=250, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # When the PDF sweep last asked for this letter's PDF: it asks again only once that is stale,
    # so a render still waiting on the documents queue is not queued twice.
    pdf_requested_at = models.DateTimeField(null=True, blank=True)
    # The clock the recipient's answer meets (a request whose deadline has no case, such as an
    # access-justification request): the reminder sweep finds the request from its deadline,
    # and the answer meets exactly this deadline.
    deadline = models.ForeignKey(
        "casework.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    # A chaser carries the single-use link of the request it chases (one link, one answer),
    # rather than a link of its own.
    answers_through = models.ForeignKey(
        "notifications.ResponseLink", on_delete=models.PROTECT, null=True, blank=True, related_name="chasers"
    )

    objects = CorrespondenceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "correspondence"
        indexes = [
            models.Index(fields=["case", "-created_at"], name="letter_case_idx"),
            models.Index(fields=["person", "-created_at"], name="letter_person_idx"),
            # The sweep looks only at rows in flight; the index holds only those.
            models.Index(
                fields=["status", "next_attempt_at"],
                name="letter_in_flight_idx",
                condition=Q(status__in=["queued", "sending"]),
            ),
            models.Index(
                fields=["status"],
                name="letter_attention_idx",
                condition=Q(status__in=["failed", "bounced", "uncertain"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="sent_letter_has_time"),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(recipient_user__isnull=False)
                | ~Q(recipient_email="")
                | ~Q(recipient_address=""),
                name="letter_has_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient_name}"

    @property
    def needs_approval(self):
        return self.status == Status.DRAFT

    @property
    def delivered(self):
        return self.status == Status.SENT


class AttemptOutcome(models.TextChoices):
    SENT = "sent", "Accepted by the mail server"
    TRANSIENT = "transient", "Temporary failure; will retry"
    PERMANENT = "permanent", "Permanent failure"
    # A person's decisions on a letter whose delivery was uncertain (who is in `recorded_by`).
    UNCERTAIN = "uncertain", "Worker lost after the claim; delivery uncertain"
    CONFIRMED = "confirmed", "Confirmed sent from the relay's log"
    RESENT = "resent", "Sent again on a person's decision"


class DeliveryAttempt(models.Model):
    """Each try at handing a letter to the mail server, with what the server said. Append-only."""

    correspondence = models.ForeignKey(Correspondence, on_delete=models.PROTECT, related_name="attempts_log")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=AttemptOutcome.choices)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["correspondence", "number", "at"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"attempt {self.number}: {self.get_outcome_display()}"


class LetterPdf(models.Model):
    """The letter as a PDF for the case file and for printing; rendered once, kept."""

    correspondence = models.OneToOneField(Correspondence, on_delete=models.PROTECT, related_name="pdf")
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    rendered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"PDF of {self.correspondence_id}"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Printed and posted"
    HAND = "hand", "Handed over in person"


class Disclosure(models.Model):
    """The disclosure log (Data Protection Act 2018, s.62): each letter that left the system, to
    whom, when, by what channel, on whose action. Append-only and hash-chained like the
    consultation log; `manage.py verify_audit` checks both chains."""

    correspondence = models.ForeignKey(Correspondence, on_delete=models.PROTECT, related_name="disclosures")
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recipients = models.JSONField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    description = models.CharField(max_length=300)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case", "-at"], name="disclosure_case_idx"),
            models.Index(fields=["person", "-at"], name="disclosure_person_idx"),
        ]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.description} at {self.at:%Y-%m-%d %H:%M}"
