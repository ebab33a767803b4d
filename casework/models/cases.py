"""The case file: cases, the people subject to them, links, complainant contact and the timeline."""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

from .people import Force, Person

REFERENCE_SEQUENCE = "casework_case_reference_seq"


class Team(models.Model):
    """A PSD investigation team. Investigators see and change their team's cases."""

    name = models.CharField(max_length=80, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Origin(models.TextChoices):
    PUBLIC_COMPLAINT = "public_complaint", "Public complaint"
    CONDUCT_MATTER = "conduct_matter", "Recordable conduct matter"
    DSI_MATTER = "dsi_matter", "Death or serious injury matter"
    INTERNAL_REPORT = "internal_report", "Internal report"
    WHISTLEBLOWING = "whistleblowing", "Whistleblowing report"
    ACCESS_EXERCISE = "access_exercise", "Access-justification exercise"


class HowReceived(models.TextChoices):
    ONLINE = "online", "Online form"
    EMAIL = "email", "Email"
    TELEPHONE = "telephone", "Telephone"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"
    INTERNAL = "internal", "Internal referral"
    IOPC = "iopc", "From the IOPC"


class Sensitivity(models.TextChoices):
    NORMAL = "normal", "Normal"
    RESTRICTED = "restricted", "Restricted"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CaseStatus.OPEN)

    # Searching cases, ranked: casework.search.cases_matching.


SUMMARY_VECTOR = SearchVector("summary", config="english")


@pghistory.track()
class Case(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    origin = models.CharField(max_length=30, choices=Origin.choices)
    received_on = models.DateField()
    how_received = models.CharField(max_length=20, choices=HowReceived.choices)
    summary = models.TextField()
    complainant_name = models.CharField(max_length=160, blank=True)
    sensitivity = models.CharField(max_length=20, choices=Sensitivity.choices, default=Sensitivity.NORMAL)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investigating",
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            GinIndex(SUMMARY_VECTOR, name="case_summary_fts"),
            models.Index(fields=["status", "-received_on"], name="case_status_received_idx"),
            models.Index(fields=["team", "status"], name="case_team_status_idx"),
            # The case list's default order: the first page is read off this index.
            models.Index(fields=["-received_on", "-id"], name="case_received_idx"),
            # The dashboard and the monthly statistics: closed in a period (received in a
            # period is read off case_received_idx above).
            models.Index(fields=["closed_at"], condition=Q(closed_at__isnull=False), name="case_closed_at_idx"),
            # The restricted cases (a few in a hundred): the head of PSD's, authorities' and
            # auditors' visibility is "none of those hidden from me" (casework.permissions).
            # With their team and investigator, so that the set is read from the index alone.
            models.Index(
                fields=["id"],
                include=["team", "investigator"],
                condition=Q(sensitivity=Sensitivity.RESTRICTED),
                name="case_restricted_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CaseStatus.OPEN) | Q(closed_at__isnull=False), name="closed_case_has_date"
            )
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("case-detail", args=[self.reference])

    @staticmethod
    def next_reference(year: int) -> str:
        """PSD-YYYY-NNNNNN from a database sequence: concurrent transactions never share one."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [REFERENCE_SEQUENCE])
            (number,) = cursor.fetchone()
        return f"PSD-{year}-{number:06d}"

    @property
    def is_restricted(self):
        return self.sensitivity == Sensitivity.RESTRICTED


@pghistory.track()
class ComplainantContact(models.Model):
    """Kept apart from the case so only those allowed see how to reach the complainant."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="complainant_contact")
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)

    def __str__(self):
        return f"Complainant contact for {self.case}"


@pghistory.track()
class CaseSubject(models.Model):
    """A person subject to the case (several per case: co-accused)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_subjects")
    added_at = models.DateTimeField(default=timezone.now)
    # The live-criminal flag (issue 20, point 7): an allegation of this subject is under criminal
    # investigation, charged or convicted. Denormalised for the risk lists and the Needs-action
    # cards; written only by conduct (conduct.cases.criminal.sync_criminal_flag), in the
    # transaction that records an allegation or changes its criminal status.
    criminal_risk = models.BooleanField(default=False, db_default=False)
    # The sexual-misconduct flag, kept likewise: an allegation of this subject is in a category
    # flagged sexual misconduct, domestic abuse or VAWG. Written only by
    # conduct.cases.sexual.sync_sexual_flag, in the transaction that sets an allegation's
    # categories or changes a category's flag.
    sexual_risk = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="subject_once_per_case")]
        indexes = [
            # The criminal risk list: the few flagged subjects, by person (then the person row).
            models.Index(fields=["person"], condition=Q(criminal_risk=True), name="subject_criminal_risk_idx"),
            models.Index(fields=["person"], condition=Q(sexual_risk=True), name="subject_sexual_risk_idx"),
        ]

    def __str__(self):
        return f"{self.person} on {self.case}"


class LinkKind(models.TextChoices):
    SAME_INCIDENT = "same_incident", "Same incident"
    RELATED = "related", "Related"
    DUPLICATE = "duplicate", "Duplicate"


@pghistory.track()
class CaseLink(models.Model):
    """A link to another case here, or to another force's case by its reference."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    linked_case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    other_force = models.ForeignKey(Force, on_delete=models.PROTECT, null=True, blank=True)
    other_reference = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(linked_case__isnull=False) & Q(other_reference=""))
                | (Q(linked_case__isnull=True) & Q(other_force__isnull=False) & ~Q(other_reference="")),
                name="link_is_internal_or_external",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.linked_case or self.other_reference}"


class EventKind(models.TextChoices):
    CASE_RECORDED = "case_recorded", "Case recorded"
    CASE_CHANGED = "case_changed", "Case details changed"
    SUBJECT_ADDED = "subject_added", "Subject added"
    ALLEGATION_RECORDED = "allegation_recorded", "Allegation recorded"
    SEVERITY_ASSESSED = "severity_assessed", "Severity assessed"
    TRANSITION = "transition", "Stage changed"
    LINKED = "linked", "Case linked"
    BREAK_GLASS = "break_glass", "Break-glass access"
    ACCESS = "access", "Access granted or revoked"
    DUTY_STATUS = "duty_status", "Duty status changed"
    CLOSED = "closed", "Case closed"
    DEADLINE = "deadline", "Deadline"
    CORRESPONDENCE = "correspondence", "Correspondence"
    RESPONSE = "response", "Response received"
    NOTE = "note", "Note"
    PAUSE = "pause", "Proceedings paused or resumed"
    IOPC_DIRECTION = "iopc_direction", "IOPC direction or recommendation"


class TimelineEvent(models.Model):
    """Every event and decision on a case, in order. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["case", "-occurred_at"], name="timeline_case_time_idx")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.summary}"
