"""Fixtures for the outbox: an officer with an email address on a case of ivy's team, a helper
that composes a letter in a committed transaction, and an SMTP server whose answers a test
can script (4xx, 5xx) — a real aiosmtpd server on loopback, not a mock."""

import threading
from dataclasses import dataclass, field
from email import message_from_bytes

import pytest
from django.conf import settings
from django.db import transaction

from notifications import outbox
from notifications.models import LetterKind
from tests.conftest import _free_port
from tests.factories import ForceFactory, PersonFactory, TeamFactory, make_case


@pytest.fixture
def letter_case(personas):
    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    officer = PersonFactory(
        force=force, number="4321", first_name="Dana", last_name="Whitlock", email="dana.whitlock@police.example"
    )
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    case = make_case(personas.investigator, team, [officer], summary="Comments made in a group chat")
    return case, officer


@pytest.fixture
def write_letter(personas, letter_case):
    """Compose an information request to the officer, committed (on_commit enqueues delivery)."""
    case, officer = letter_case

    def write(key="request-1", kind=LetterKind.INFORMATION_REQUEST, email=None, **extra):
        fields = {
            "request_text": "Please say where you were on the evening of 14 September 2026.",
            "response_due_on": "2026-12-04",
        }
        fields.update(extra)
        with transaction.atomic():
            return outbox.compose(
                kind=kind,
                case=case,
                person=officer,
                recipient_name=officer.full_name,
                recipient_email=officer.email if email is None else email,
                sender=personas.investigator,
                idempotency_key=key,
                actor=personas.investigator,
                extra=fields,
            )

    return write


@dataclass
class ScriptedSmtp:
    """Answers each DATA with the next scripted reply, then 250 for ever."""

    host: str
    port: int
    replies: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def message_ids(self):
        return [m["Message-ID"] for m in self.messages]


class _ScriptedHandler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, server, session, envelope):
        with self.server.lock:
            if self.server.replies:
                self.server.refused += 1
                return self.server.replies.pop(0)
            message = message_from_bytes(envelope.content)
            message.envelope_to = list(envelope.rcpt_tos)
            self.server.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def scripted_smtp():
    from aiosmtpd.controller import Controller

    server = ScriptedSmtp(host="127.0.0.1", port=_free_port())
    controller = Controller(_ScriptedHandler(server), hostname=server.host, port=server.port)
    controller.start()
    saved = (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    try:
        yield server
    finally:
        settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = saved
        controller.stop()
