"""Another force's duty decision on a subject of a linked case (issue 20, point 1: "cross-force
subjects counted with their force's decision when known"). An officer of another force who is a
subject here is suspended, restricted or left on duty by their own force's appropriate
authority, not by this one (Police (Conduct) Regulations 2020, reg 11: the appropriate authority
is the chief officer of the force the officer is a member of); the case is linked to that
force's case (casework.CaseLink with `other_force`). What that force told us is recorded here:
who decided, what (the duty status and whether the role faces the public), when, and how we know.
Append-only (a database trigger refuses changes and deletions) and attributed; a later report
is a new row, and the latest by the day decided counts."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models import CaseLink, CaseSubject, DutyStatus, Force
from casework.models.people import OFF_PUBLIC_DUTY


class OtherForceDecision(models.Model):
    link = models.ForeignKey(CaseLink, on_delete=models.PROTECT, related_name="other_force_decisions")
    subject = models.ForeignKey(CaseSubject, on_delete=models.PROTECT, related_name="other_force_decisions")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    duty_status = models.CharField("duty status decided", max_length=20, choices=DutyStatus.choices)
    public_facing = models.BooleanField("whether the role faces the public")
    decided_by = models.CharField("who decided (name and role at that force)", max_length=200)
    decided_on = models.DateField("when it was decided")
    source = models.TextField("how we know (the message, letter or call, and from whom)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "conduct"
        ordering = ["-decided_on", "-id"]
        indexes = [
            # The risk lists: each cross-force subject's latest known decision, one index probe.
            models.Index(fields=["subject", "-decided_on", "-id"], name="other_force_latest_idx"),
        ]
        constraints = [
            # As on the register (casework.DutyStatusEntry): suspended or in a non-public-facing
            # role do not face the public; full duties do.
            models.CheckConstraint(
                condition=~(
                    (Q(duty_status__in=OFF_PUBLIC_DUTY) & Q(public_facing=True))
                    | (Q(duty_status=DutyStatus.FULL) & Q(public_facing=False))
                ),
                name="other_force_public_facing_fits_status",
            ),
            models.CheckConstraint(condition=~Q(source="") & ~Q(decided_by=""), name="other_force_attributed"),
        ]
        triggers = [pgtrigger.Protect(name="other_force_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.force}: {self.get_duty_status_display()} ({self.decided_on:%d %b %Y})"

    @property
    def role_label(self) -> str:
        return "public-facing role" if self.public_facing else "not public-facing"
