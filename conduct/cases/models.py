"""The regulations: standards, allegation categories, allegations, severity, and each subject's
progress through the Police (Conduct) Regulations 2020 (DOMAIN.md, "Case lifecycle")."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models import CaseSubject


class Standard(models.Model):
    """A Standard of Professional Behaviour (reference data, seeded by a migration)."""

    name = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    possibly_discriminatory = models.BooleanField(
        default=False,
        help_text="An allegation under this standard may meet the IOPC's discriminatory-behaviour criterion: "
        "the recorder is asked to decide it, with reasons.",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AllegationCategory(models.Model):
    """A category of allegation (reference data, seeded by migrations, edited by administrators).
    The flags below are what the risk lists and the referral questions read: data, not code lists."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    sexual_or_vawg = models.BooleanField(
        "sexual misconduct, domestic abuse or VAWG",
        default=False,
        help_text="Sexual misconduct, domestic abuse, abuse of position for a sexual purpose or violence against "
        "women and girls: anyone with such an allegation on public-facing duty is on the risk list and needs "
        "a duty decision (DOMAIN.md, seed 2).",
    )
    possibly_discriminatory = models.BooleanField(
        default=False,
        help_text="An allegation in this category (for example offensive messages in a group chat) may meet the "
        "IOPC's discriminatory-behaviour criterion: the recorder is asked to decide it, with reasons.",
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "allegation categories"

    def __str__(self):
        return self.name


class CriminalInvestigation(models.TextChoices):
    NONE = "none", "No criminal investigation"
    OPEN = "open", "Criminal investigation open"
    CHARGED = "charged", "Charged, awaiting trial"
    NFA = "nfa", "Closed with no further action"
    CONVICTED = "convicted", "Convicted"
    ACQUITTED = "acquitted", "Acquitted"


# On public-facing duty these need a duty decision (DOMAIN.md, seed 2: "under criminal
# investigation (or convicted)"); no further action and acquittal end the risk.
CRIMINAL_RISK = (CriminalInvestigation.OPEN, CriminalInvestigation.CHARGED, CriminalInvestigation.CONVICTED)


class Severity(models.TextChoices):
    NO_CASE = "no_case_to_answer", "No case to answer"
    PRI = "practice_requiring_improvement", "Practice requiring improvement (RPRP)"
    MISCONDUCT = "misconduct", "Misconduct"
    GROSS = "gross_misconduct", "Gross misconduct"
    VETTING = "vetting_referral", "Refer under the Vetting Regulations"


# current_severity is not history of its own: the assessments are (and keep theirs).
@pghistory.track(exclude=["current_severity"])
class Allegation(models.Model):
    # Indexed with the id beside it (Meta.indexes), not by the plain foreign-key index.
    subject = models.ForeignKey(CaseSubject, on_delete=models.CASCADE, related_name="allegations", db_index=False)
    description = models.TextField("what is alleged")
    occurred_on = models.DateField("when", null=True, blank=True)
    location = models.CharField("where", max_length=200, blank=True)
    standards = models.ManyToManyField(Standard, related_name="allegations")
    categories = models.ManyToManyField(AllegationCategory, related_name="allegations")
    criminal_investigation = models.CharField(
        max_length=20, choices=CriminalInvestigation.choices, default=CriminalInvestigation.NONE
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # The latest severity assessment's value ("" before the first), kept on the row for the
    # statistics that count by it (fairness, the Home Office return): each asked "the latest
    # assessment of this allegation" once per allegation, 22,000 a year at force scale. Written
    # only by the trigger on SeverityAssessment below, whoever inserts, changes or deletes an
    # assessment; the assessments stay the record.
    current_severity = models.CharField(
        max_length=40, choices=Severity.choices, blank=True, default="", db_default="", editable=False
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            # A subject's allegations, with their ids: the statistics that go from a period's subjects
            # to their allegations and on to the categories (monthly statistics, fairness) read the
            # index alone instead of visiting each allegation's row.
            models.Index(fields=["subject"], include=["id"], name="allegation_subject_idx"),
            # The risk views' "under criminal investigation or convicted": a few per cent of
            # allegations, so a small partial index answers "which subjects" without reading the rest.
            models.Index(
                fields=["subject"],
                condition=Q(criminal_investigation__in=["open", "charged", "convicted"]),
                name="allegation_criminal_risk_idx",
            ),
            # Fairness monitoring's "has an allegation currently assessed as misconduct or gross
            # misconduct", asked of each subject of a year's cases: answered from the index alone.
            models.Index(
                fields=["subject"],
                condition=Q(current_severity__in=["misconduct", "gross_misconduct"]),
                name="allegation_serious_idx",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def criminal_investigation_live(self):
        return self.criminal_investigation in (CriminalInvestigation.OPEN, CriminalInvestigation.CHARGED)

    @property
    def criminal_risk(self):
        """Under criminal investigation, charged or convicted: on public-facing duty, a risk."""
        return self.criminal_investigation in CRIMINAL_RISK


CURRENT_SEVERITY_SQL = """
    UPDATE conduct_allegation AS a
       SET current_severity = COALESCE(
           (SELECT s.severity FROM conduct_severityassessment AS s
             WHERE s.allegation_id = a.id ORDER BY s.assessed_at DESC, s.id DESC LIMIT 1), '')
     WHERE a.id IN (NEW.allegation_id, OLD.allegation_id);  -- NEW is null on delete, OLD on insert
    RETURN NULL;
"""


# The same for every allegation at once: after a load that bypassed the trigger (the migration
# that added the column; bench/generate.py, which loads with triggers off).
FILL_CURRENT_SEVERITY_SQL = """
    UPDATE conduct_allegation AS a SET current_severity = latest.severity
      FROM (SELECT DISTINCT ON (allegation_id) allegation_id, severity FROM conduct_severityassessment
             ORDER BY allegation_id, assessed_at DESC, id DESC) AS latest
     WHERE latest.allegation_id = a.id AND a.current_severity IS DISTINCT FROM latest.severity
"""


@pghistory.track()
class SeverityAssessment(models.Model):
    """A reg 14 assessment of one allegation. Revisions add rows; the latest is current."""

    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="assessments")
    severity = models.CharField(max_length=40, choices=Severity.choices)
    rationale = models.TextField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        get_latest_by = "assessed_at"
        triggers = [
            # Allegation.current_severity is the latest assessment (by assessed_at, then id, the
            # order above) of the allegation(s) the changed row belongs to before and after.
            pgtrigger.Trigger(
                name="current_severity",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=CURRENT_SEVERITY_SQL,
            )
        ]

    def __str__(self):
        return f"{self.get_severity_display()} ({self.assessed_at:%Y-%m-%d})"


class Stage(models.TextChoices):
    ASSESSMENT = "assessment", "Awaiting severity assessment"
    INVESTIGATION = "investigation", "Under investigation"
    NOTICE_SERVED = "notice_served", "Reg 17 notice served"
    REPRESENTATIONS = "representations", "Representations received"
    INTERVIEWED = "interviewed", "Interviewed"
    REPORT = "report", "Investigation report submitted"
    RPRP = "rprp", "Reflective practice review"
    MEETING = "meeting", "Referred to misconduct meeting"
    HEARING = "hearing", "Referred to misconduct hearing"
    ACCELERATED = "accelerated", "Referred to accelerated hearing"
    OUTCOME = "outcome", "Finding and outcome recorded"
    APPEAL = "appeal", "Appeal"
    CONCLUDED = "concluded", "Concluded"


class Conclusion(models.TextChoices):
    NFA = "nfa", "No further action"
    NO_CASE = "no_case_to_answer", "No case to answer"
    RPRP = "rprp_complete", "Reflective practice completed"
    WITHDRAWN = "withdrawn", "Proceedings withdrawn"
    OUTCOME = "outcome", "Outcome final"


class Finding(models.TextChoices):
    NOT_PROVEN = "not_proven", "Not proven"
    MISCONDUCT = "misconduct", "Misconduct found"
    GROSS = "gross_misconduct", "Gross misconduct found"


class Outcome(models.TextChoices):
    """Disciplinary action (Police (Conduct) Regulations 2020 reg 42). Which of them a forum may
    impose is conduct.cases.outcomes' table; management advice stays only as history."""

    NO_ACTION = "no_action", "No further action"
    RPRP_REFERRAL = "rprp_referral", "Referral to reflective practice"
    MANAGEMENT_ADVICE = "management_advice", "Management advice (abolished in 2020; a historical record)"
    WRITTEN_WARNING = "written_warning", "Written warning"
    FINAL_WRITTEN_WARNING = "final_written_warning", "Final written warning"
    FWW_EXTENDED = "final_written_warning_extended", "Final written warning extended"
    REDUCTION_IN_RANK = "reduction_in_rank", "Reduction in rank"
    DISMISSAL = "dismissal", "Dismissal without notice"
    WOULD_HAVE_BEEN_DISMISSED = "would_have_been_dismissed", "Would have been dismissed (former officer)"


@pghistory.track()
class Proceedings(models.Model):
    """One subject's progress on a case. Changed only by conduct.cases.lifecycle transitions."""

    subject = models.OneToOneField(CaseSubject, on_delete=models.CASCADE, related_name="proceedings")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.ASSESSMENT)
    stage_since = models.DateTimeField(default=timezone.now)
    forum = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    finding = models.CharField(max_length=20, choices=Finding.choices, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    # Police staff: the outcome of the force's staff procedure, never a Conduct Regulations one.
    staff_outcome = models.ForeignKey(
        "conduct.StaffOutcome", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conclusion = models.CharField(max_length=20, choices=Conclusion.choices, blank=True)
    conclusion_reason = models.TextField(blank=True)
    barred_list = models.BooleanField(default=False)
    advisory_list = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "proceedings"
        indexes = [
            models.Index(fields=["stage"], name="proceedings_stage_idx"),
            # The dashboard's "time in the current stage" and the case list's filter by it.
            models.Index(
                fields=["stage_since"], condition=~models.Q(stage=Stage.CONCLUDED), name="proceedings_live_since_idx"
            ),
        ]

    def __str__(self):
        return f"{self.subject}: {self.get_stage_display()}"


class StageTransition(models.Model):
    """Who moved a subject from one stage to another, when, and why. Append-only."""

    proceedings = models.ForeignKey(Proceedings, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=40)
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    reason = models.TextField()
    details = models.JSONField(default=dict, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]
        # Monthly statistics: subjects concluded (or given an outcome) in a period.
        indexes = [models.Index(fields=["to_stage", "made_at"], name="transition_to_stage_made_idx")]

    def __str__(self):
        return f"{self.action}: {self.from_stage} -> {self.to_stage}"


@pghistory.track()
class ReflectivePractice(models.Model):
    """The Reflective Practice Review Process for one subject (DOMAIN.md, "RPRP"): the officer's
    account, then the reflective review with its actions, lessons and the end of the review
    period. Written only by conduct.cases.changes.record_reflective_practice; `recorded_by` and
    `recorded_at` are the latest change, and the timeline keeps each one."""

    proceedings = models.OneToOneField(Proceedings, on_delete=models.CASCADE, related_name="reflective_practice")
    account = models.TextField("officer's account", blank=True)
    account_received_on = models.DateField("date the account was received", null=True, blank=True)
    actions = models.TextField(blank=True)
    lessons = models.TextField("lessons learned", blank=True)
    review_by = models.DateField("end of the review period", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(account="") & models.Q(account_received_on__isnull=True))
                | (~models.Q(account="") & models.Q(account_received_on__isnull=False)),
                name="rprp_account_has_its_date",
                violation_error_message="The officer's account and the date it was received go together.",
            ),
            models.CheckConstraint(
                condition=(models.Q(actions="") & models.Q(lessons="") & models.Q(review_by__isnull=True))
                | (~models.Q(actions="") & ~models.Q(lessons="") & models.Q(review_by__isnull=False)),
                name="rprp_review_is_complete",
                violation_error_message="The review needs its actions, lessons and the end of the review period.",
            ),
        ]

    def __str__(self):
        return f"Reflective practice for {self.proceedings.subject}"


# Clock rules ------------------------------------------------------------------------------
class ClockUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "Working days"
    # "N working days beginning with" a day: that day is the first of them when it is a working day.
    WORKING_DAYS_BEGINNING_WITH = "working_days_incl", "Working days, beginning with the day itself"
    CALENDAR_DAYS = "calendar_days", "Calendar days"
    WEEKS = "weeks", "Weeks"
    MONTHS = "months", "Months"
    END_OF_NEXT_DAY = "end_of_next_day", "End of the next day"


class RuleStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    TO_CONFIRM = "to_confirm", "To confirm"


@pghistory.track()
class ClockRule(models.Model):
    """One legal clock as data with its source (DOMAIN.md, "Other clocks"), seeded by a migration
    and edited by administrators. Deadlines copy the rule when they start (Deadline.source_rule)
    and store their due date, so an edit applies to clocks started afterwards; the change history
    (pghistory) keeps every version. Computed by conduct.cases.clocks."""

    code = models.SlugField(max_length=60, unique=True, help_text="Used by the services that start the clock.")
    name = models.CharField(max_length=160)
    amount = models.PositiveIntegerField(help_text="How many units. “End of the next day” is always 1.")
    unit = models.CharField(max_length=20, choices=ClockUnit.choices)
    starts_when = models.TextField()
    stops_when = models.TextField()
    source = models.TextField(help_text="The regulation, guidance or policy the clock comes from.")
    status = models.CharField(max_length=20, choices=RuleStatus.choices, default=RuleStatus.TO_CONFIRM)
    active = models.BooleanField(default=True, help_text="An inactive clock is not started for new events.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=1) & (~models.Q(unit=ClockUnit.END_OF_NEXT_DAY) | models.Q(amount=1)),
                name="clock_rule_amount_fits_unit",
                violation_error_message="The amount must be at least 1, and exactly 1 for “end of the next day”.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def describe(self) -> str:
        if self.unit == ClockUnit.END_OF_NEXT_DAY:
            return "By the end of the next day"
        return f"{self.amount} {self.get_unit_display().lower()}"

    def snapshot(self) -> dict:
        """The parts of the rule a deadline keeps, so later edits do not change it."""
        return {
            "code": self.code,
            "amount": self.amount,
            "unit": self.unit,
            "source": self.source,
            "status": self.status,
        }
