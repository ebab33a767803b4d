"""The route a matter takes (DOMAIN.md, "Which rules apply"): its type under the Police Reform Act
2002, how a complaint is handled, the IOPC's mode, and the wording a force gives its police staff
misconduct procedure. The route table that reads them is conduct.cases.routes."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models import Case


class MatterType(models.TextChoices):
    COMPLAINT = "complaint", "Complaint from the public (Schedule 3 Part 1)"
    RECORDABLE_CONDUCT = "recordable_conduct", "Recordable conduct matter (Schedule 3 Part 2)"
    DSI = "dsi", "Death or serious injury matter (Schedule 3 Part 2A)"
    INTERNAL = "internal", "Internal conduct matter (not Schedule 3)"


class Handling(models.TextChoices):
    UNDECIDED = "undecided", "Not decided yet"
    OTHERWISE = "otherwise", "Otherwise than by investigation"
    INVESTIGATION = "investigation", "Investigation"


class InvestigationMode(models.TextChoices):
    LOCAL = "local", "Local: by the force on its own behalf"
    DIRECTED = "directed", "Directed: by the force under the IOPC's direction"
    INDEPENDENT = "independent", "Independent: by the IOPC"


@pghistory.track()
class CaseRoute(models.Model):
    """One row per case. Written only by conduct.cases.routes (intake and route decisions)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="route")
    matter_type = models.CharField(max_length=30, choices=MatterType.choices)
    handling = models.CharField(max_length=20, choices=Handling.choices, default=Handling.UNDECIDED)
    mode = models.CharField("form of investigation", max_length=20, choices=InvestigationMode.choices, blank=True)
    special_procedures = models.BooleanField("subject to special procedures", default=False)
    action_taken = models.TextField("reasonable and proportionate action taken", blank=True)
    handling_outcome = models.TextField("outcome of the handling", blank=True)
    # Set on cases that existed before routes: the type was defaulted, not decided by a person.
    to_review = models.BooleanField("type defaulted: to review", default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["matter_type", "handling"], name="case_route_type_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(handling="otherwise") | Q(matter_type="complaint"),
                name="route_otherwise_only_for_complaints",
                violation_error_message="Only a complaint can be handled otherwise than by investigation.",
            ),
            models.CheckConstraint(
                condition=Q(mode="") | Q(handling="investigation"),
                name="route_mode_only_for_investigations",
                violation_error_message="Only an investigation has a form (local, directed or independent).",
            ),
            models.CheckConstraint(
                condition=Q(special_procedures=False) | Q(handling="investigation"),
                name="route_special_only_for_investigations",
                violation_error_message="Only an investigation can be subject to special procedures.",
            ),
        ]

    def __str__(self):
        return f"{self.case}: {self.get_matter_type_display()}"


class RouteDecision(models.Model):
    """A recorded, reasoned decision on the route: at intake, and every change of type, handling,
    mode or special procedures afterwards. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="route_decisions")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict)
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.case}: route decision {self.made_at:%Y-%m-%d}"


@pghistory.track()
class StaffProcedureStep(models.Model):
    """How the force words a step of its police staff misconduct procedure (an employment
    policy under the ACAS Code, not the Conduct Regulations). Seeded by a migration; the
    `action` links it to the lifecycle transition it words and is never edited."""

    action = models.SlugField(max_length=40, unique=True, editable=False)
    label = models.CharField(max_length=160)
    source = models.TextField(help_text="The force policy (and paragraph) this step comes from.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


@pghistory.track()
class StaffOutcome(models.Model):
    """A disciplinary outcome the force's staff procedure allows (data the force words)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, unique=True)
    source = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    is_no_action = models.BooleanField("means no action", default=False)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
