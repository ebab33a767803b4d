from .heartbeat import BeatHeartbeat
from .inbox import Notification
from .letters import LetterKind, LetterTemplate
from .outbox import Correspondence, DeliveryAttempt, Disclosure, LetterPdf, Status
from .reminders import Audience, ReminderOutcome, ReminderSent, ReminderStage
from .responses import LinkEvent, LinkEventKind, OfficerResponse, ResponseAttachment, ResponseLink

__all__ = [
    "Audience",
    "BeatHeartbeat",
    "Correspondence",
    "DeliveryAttempt",
    "Disclosure",
    "LetterKind",
    "LetterPdf",
    "LetterTemplate",
    "LinkEvent",
    "LinkEventKind",
    "Notification",
    "OfficerResponse",
    "ReminderOutcome",
    "ReminderSent",
    "ReminderStage",
    "ResponseAttachment",
    "ResponseLink",
    "Status",
]
