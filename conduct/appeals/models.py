"""Appeals against the outcome of misconduct proceedings, and the day a subject's proceedings are
finalised (DOMAIN.md, "Proceedings and outcomes"; docs/rules.md, "Appeals").

- `AppealWindow`: the officer was given written notice of the outcome with the report (Conduct
  Regs reg 43): the right of appeal it opens (to the appropriate authority from a misconduct
  meeting, reg 45; to a Police Appeals Tribunal from a hearing, Police Act 1996 s.85 and the
  Police Appeals Tribunals Rules 2020), and the day the notice of appeal is due by.
- `Appeal`: one appeal, its current state (tracked by pghistory), and `AppealDecision`, the
  append-only record of each step taken on it (lodged, date set, result), who, when and why.
- `Finalisation`: the day a subject's proceedings were finalised: every appeal and review over.
  Written only by conduct.appeals.services; read by the statistics (selectors.finalised_between).
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class AppealKind(models.TextChoices):
    MEETING = "meeting", "Appeal from a misconduct meeting (Conduct Regs reg 45)"
    TRIBUNAL = "tribunal", "Appeal to a Police Appeals Tribunal (Police Act 1996 s.85)"


class AppealGround(models.TextChoices):
    """The only grounds: reg 45(2) for a meeting appeal; the tribunal's are the same three
    (Police Appeals Tribunals Rules 2020 rule 4(4), to confirm)."""

    UNREASONABLE = "unreasonable", "The finding or disciplinary action imposed was unreasonable"
    NEW_EVIDENCE = (
        "new_evidence",
        (
            "There is evidence that could not reasonably have been considered which could have materially affected "
            "the finding or decision on disciplinary action"
        ),
    )
    PROCEDURE = (
        "procedure",
        (
            "There was a serious breach of the procedures or other unfairness which could have materially affected "
            "the finding or decision on disciplinary action"
        ),
    )


class Appellant(models.TextChoices):
    OFFICER = "officer", "The officer concerned"
    REPRESENTATIVE = "representative", "The officer's police friend or lawyer, on the officer's behalf"


class AppealResult(models.TextChoices):
    DISMISSED = "dismissed", "Appeal dismissed: the finding and outcome confirmed"
    REVERSED = "reversed", "Appeal allowed: the finding reversed (no misconduct)"
    SUBSTITUTED = "substituted", "Appeal allowed: another outcome substituted"


@pghistory.track()
class AppealWindow(models.Model):
    proceedings = models.OneToOneField("conduct.Proceedings", on_delete=models.CASCADE, related_name="appeal_window")
    kind = models.CharField(max_length=10, choices=AppealKind.choices)
    notified_on = models.DateField("written notice of the outcome given on")
    due_on = models.DateField("notice of appeal due by")
    source_rule = models.JSONField(default=dict)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["due_on"], name="appeal_window_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: due by {self.due_on}"


@pghistory.track()
class Appeal(models.Model):
    proceedings = models.ForeignKey("conduct.Proceedings", on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(max_length=10, choices=AppealKind.choices)
    appellant = models.CharField(max_length=20, choices=Appellant.choices)
    lodged_on = models.DateField("notice of appeal given on")
    grounds = ArrayField(models.CharField(max_length=20, choices=AppealGround.choices))
    grounds_detail = models.TextField("the grounds in the appellant's words")
    late = models.BooleanField(default=False)
    extension_reasons = models.TextField("exceptional circumstances for accepting it late", blank=True)
    copy_received_on = models.DateField("copy of the notice of appeal received by the force on", null=True, blank=True)
    hearing_on = models.DateField("appeal meeting or tribunal hearing on", null=True, blank=True)
    original_finding = models.CharField(max_length=20, blank=True)
    original_outcome = models.CharField(max_length=30, blank=True)
    result = models.CharField(max_length=20, choices=AppealResult.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    new_finding = models.CharField(max_length=20, blank=True)
    new_outcome = models.CharField(max_length=30, blank=True)
    result_reasons = models.TextField(blank=True)
    lodged_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["lodged_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(late=False) | ~models.Q(extension_reasons=""),
                name="appeal_late_has_reasons",
                violation_error_message="An appeal accepted late needs the reasons for the extension.",
            ),
            models.CheckConstraint(
                condition=(models.Q(result="") & models.Q(decided_on__isnull=True))
                | (~models.Q(result="") & models.Q(decided_on__isnull=False) & ~models.Q(result_reasons="")),
                name="appeal_result_complete",
                violation_error_message="A result needs its date and its reasons.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} lodged {self.lodged_on}"

    @property
    def pending(self) -> bool:
        return not self.result


class AppealStep(models.TextChoices):
    LODGED = "lodged", "Appeal lodged"
    DATE_SET = "date_set", "Date of the appeal meeting or hearing set"
    DECIDED = "decided", "Result recorded"


class AppealDecision(models.Model):
    """Each step taken on an appeal: who, when, why, with its data. Append-only."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField(max_length=20, choices=AppealStep.choices)
    details = models.JSONField(default=dict)
    reasons = models.TextField(blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]
        triggers = [
            pgtrigger.Protect(name="appeal_decision_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        return f"{self.get_step_display()} ({self.made_at:%Y-%m-%d})"


class Finalisation(models.Model):
    """The day a subject's proceedings were finalised: no appeal or review left. Append-only."""

    proceedings = models.OneToOneField("conduct.Proceedings", on_delete=models.CASCADE, related_name="finalisation")
    finalised_on = models.DateField()
    basis = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["finalised_on"], name="finalisation_on_idx")]
        triggers = [pgtrigger.Protect(name="finalisation_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"Finalised on {self.finalised_on}: {self.basis}"
