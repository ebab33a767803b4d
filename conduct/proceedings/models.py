"""Misconduct meetings and hearings after a case to answer (Police (Conduct) Regulations 2020
Part 4, as amended by SI 2024/521 from 7 May 2024): who sits (regs 28 and 29, reg 2(4A) on
delegation), the events that run the hearing clocks (regs 31 to 34 and 43), and the public
notice of a hearing (reg 36). Every record is append-only: a replacement, a new date or an
extension is a new row, attributed and reasoned; the latest row of each kind is current."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models import Person

APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class PanelRole(models.TextChoices):
    CHAIR = "chair", "Chair of the hearing panel"
    INDEPENDENT_MEMBER = "independent_member", "Independent panel member"
    LEGAL_ADVISER = "legal_adviser", "Legally qualified adviser"
    PERSON_CONDUCTING = "person_conducting", "Person conducting the meeting"
    PRESENTING = "presenting", "Presenting the case"


@pghistory.track()
class PanelAppointment(models.Model):
    """One person appointed to a role for one subject's meeting or hearing. A person on the
    register (police officers, staff) is linked; an independent member or adviser appointed by the
    local policing body is named. A chair who is not the chief officer sits by delegation
    (reg 2(4A), SI 2024/521): who delegated, when and why are recorded with it."""

    proceedings = models.ForeignKey("conduct.Proceedings", on_delete=models.CASCADE, related_name="panel")
    role = models.CharField(max_length=30, choices=PanelRole.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=160, blank=True)
    delegated_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    delegated_on = models.DateField(null=True, blank=True)
    delegation_reasons = models.TextField(blank=True)
    staff_seniority_reasons = models.TextField(
        blank=True, help_text="A police staff member conducting a meeting: why the authority thinks them more senior."
    )
    reasons = models.TextField()
    replaces = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["appointed_at", "id"]
        triggers = [APPEND_ONLY]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="panel_appointee_named"),
            models.CheckConstraint(
                condition=Q(delegated_by__isnull=True) | (Q(delegated_on__isnull=False) & ~Q(delegation_reasons="")),
                name="panel_delegation_complete",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else self.name


@pghistory.track()
class PanelConflict(models.Model):
    """A declared conflict: this person may not sit on this subject's proceedings."""

    proceedings = models.ForeignKey("conduct.Proceedings", on_delete=models.CASCADE, related_name="panel_conflicts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=160, blank=True)
    reasons = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        triggers = [APPEND_ONLY]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="panel_conflict_named")
        ]

    def __str__(self):
        return f"Conflict: {self.person.full_name if self.person_id else self.name}"


class EventKind(models.TextChoices):
    RESPONSE_RECEIVED = "response_received", "Officer's response received (reg 31(2))"
    WITNESS_LISTS = "witness_lists", "Witness lists exchanged (reg 31(4))"
    DOCUMENTS_TO_CHAIR = "documents_to_chair", "Documents supplied to the chair or person conducting (reg 32(6))"
    PRE_HEARING_HELD = "pre_hearing_held", "Pre-hearing held (reg 33)"
    SCHEDULED = "scheduled", "Date, time and place set (reg 34)"
    ALTERNATIVE_PROPOSED = "alternative_proposed", "Officer's alternative date (reg 34)"
    TIMING_EXTENDED = "timing_extended", "Period extended by the chair in the interests of justice (reg 34)"
    FINDINGS_REPORT = "findings_report", "Report on the findings to the appropriate authority (reg 43)"
    OUTCOME_NOTIFIED = "outcome_notified", "Written notice of the outcome given to the officer (reg 43)"


# Steps that happen once for a subject's proceedings.
ONCE = ["response_received", "documents_to_chair", "findings_report", "outcome_notified"]


@pghistory.track()
class HearingEvent(models.Model):
    """Something that happened on the way to, or after, a meeting or hearing, on the day it
    happened: each one starts, meets or extends a clock (conduct.proceedings.clocks)."""

    proceedings = models.ForeignKey("conduct.Proceedings", on_delete=models.CASCADE, related_name="hearing_events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    on = models.DateField("date")
    starts_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    agreed = models.BooleanField(default=False, help_text="The date was agreed with the officer (reg 34).")
    reasons = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "recorded_at", "id"]
        triggers = [APPEND_ONLY]
        constraints = [
            models.UniqueConstraint(
                fields=["proceedings", "kind"],
                condition=Q(kind__in=ONCE),
                name="hearing_event_once",
                violation_error_message="This step has already been recorded.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.on:%Y-%m-%d}"


@pghistory.track()
class PublicNotice(models.Model):
    """The public notice of a misconduct hearing (reg 36): what was published, when, and what
    was withheld and why (the chair's decision on anonymity or withholding)."""

    proceedings = models.ForeignKey("conduct.Proceedings", on_delete=models.CASCADE, related_name="public_notices")
    published_on = models.DateField()
    officer_named = models.BooleanField(default=True)
    text = models.TextField("what was published")
    withheld = models.TextField("what was withheld", blank=True)
    withholding_reasons = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["published_on", "id"]
        triggers = [APPEND_ONLY]
        constraints = [
            models.CheckConstraint(
                condition=(Q(officer_named=True) & Q(withheld="")) | ~Q(withholding_reasons=""),
                name="public_notice_withholding_reasoned",
            )
        ]

    def __str__(self):
        return f"Public notice published {self.published_on:%Y-%m-%d}"
