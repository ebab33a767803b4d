from django.db import models


class BeatHeartbeat(models.Model):
    """One row per beat schedule: when beat last made the worker run its heartbeat.

    /healthz reads it to tell whether the scheduler that keeps every legal clock is alive.
    """

    name = models.CharField(max_length=50, unique=True)
    last_tick = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.last_tick:%Y-%m-%d %H:%M:%S}"
