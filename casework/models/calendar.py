"""Days an administrator declares non-working on top of the bank holidays of England and Wales
(a force closure day, a bank holiday announced after the `holidays` package was released).
The working-day arithmetic itself is in casework.calendar."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone


# Deleting a day changes due dates computed afterwards, so deletions are kept too.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class NonWorkingDay(models.Model):
    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.reason}"
