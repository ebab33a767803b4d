from django.utils import timezone

from .models import BeatHeartbeat

HEARTBEAT = "beat"


def record_heartbeat(name: str = HEARTBEAT):
    """Record that beat ticked now; idempotent, one row per name."""
    now = timezone.now()
    BeatHeartbeat.objects.update_or_create(name=name, defaults={"last_tick": now})
    return now
