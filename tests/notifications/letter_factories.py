"""Letters written straight to the database for the letter tests (the outbox's compose is tested
in test_outbox.py): rendered from the kind's current template and its documented sample."""

import hashlib
import importlib
import json
from datetime import timedelta

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from notifications import letters
from notifications.models import (
    Correspondence,
    LetterKind,
    LetterTemplate,
    OfficerResponse,
    ResponseAttachment,
    ResponseLink,
    Status,
)


def ensure_default_templates():
    """A transactional test's flush empties the templates table; put version 1 back."""
    if LetterTemplate.objects.count() < len(LetterKind.values):
        importlib.import_module("notifications.migrations.0003_default_letter_templates").add_default_templates(
            apps, None
        )


def make_letter(case, person, *, sender, kind=LetterKind.REG17_NOTICE, status=Status.QUEUED, key=None, **fields):
    ensure_default_templates()
    key = key or f"test-{kind}-{Correspondence.objects.count() + 1}-{timezone.now().timestamp()}"
    template = letters.current_template(kind)
    context = letters.build_context(
        kind, case=case, person=person, recipient_name=person.full_name, sender=sender, extra=letters.sample_extra(kind)
    )
    subject, body = letters.render(template, context)
    values = {
        "kind": kind,
        "case": case,
        "person": person,
        "recipient_name": person.full_name,
        "recipient_email": person.email or "officer@police.example",
        "template": template,
        "context": json.loads(json.dumps(context, cls=DjangoJSONEncoder)),
        "subject": subject,
        "body": body,
        "idempotency_key": key,
        "message_id": f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@test.example>",
        "status": status,
        "created_by": sender,
        "sent_at": timezone.now() if status == Status.SENT else None,
    }
    values.update(fields)
    return Correspondence.objects.create(**values)


def add_response(letter, *, text="I was on duty at the time.", files=(("statement.pdf", b"%PDF-1.4 statement"),)):
    """The officer's answer with attachments, as the response view would store it."""
    link = ResponseLink.objects.create(
        correspondence=letter,
        salt="test-salt",
        token_hash=hashlib.sha256(f"token-{letter.pk}".encode()).hexdigest(),
        recipient_email=letter.recipient_email,
        expires_at=timezone.now() + timedelta(days=10),
        spent_at=timezone.now(),
    )
    response = OfficerResponse.objects.create(
        link=link, correspondence=letter, case=letter.case, person=letter.person, text=text
    )
    for name, content in files:
        ResponseAttachment.objects.create(
            response=response,
            filename=name,
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        )
    return response
