"""An investigator writes a request for information to an officer: preview, send, one letter."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import TimelineEvent
from notifications.models import Correspondence, LetterKind, Status

pytestmark = pytest.mark.django_db


def url(case):
    return f"/cases/{case.reference}/letters/new/"


def form_data(case, **overrides):
    data = {
        "subject": case.subjects.get().pk,
        "request_text": "Please send your duty rota for September 2026.",
        "response_due_on": (timezone.localdate() + timedelta(days=14)).strftime("%d/%m/%Y"),
        "nonce": "a" * 32,
        "send": "1",
    }
    data.update(overrides)
    return data


def test_the_investigator_previews_then_sends_one_letter(client, personas, letter_case):
    case, officer = letter_case
    client.force_login(personas.investigator)
    page = client.get(url(case))
    assert page.status_code == 200 and "Dana Whitlock (4321)" in page.content.decode()
    preview = client.post(url(case), {**form_data(case), "preview": "1", "send": ""})
    assert "duty rota for September 2026" in preview.content.decode()
    assert not Correspondence.objects.exists()
    sent = client.post(url(case), form_data(case))
    letter = Correspondence.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/cases/{case.reference}/letters/{letter.pk}/"
    assert (letter.kind, letter.status, letter.recipient_email) == (
        LetterKind.INFORMATION_REQUEST,
        Status.QUEUED,
        "dana.whitlock@police.example",
    )
    assert "duty rota for September 2026" in letter.body
    assert TimelineEvent.objects.filter(case=case, summary__contains="Request for information").exists()
    client.post(url(case), form_data(case))  # the same form again: a double click
    assert Correspondence.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"request_text": ""}, "Enter what you need from them"),
        ({"response_due_on": "31/02/2027"}, "must be a real date"),
        ({"response_due_on": "01/01/2020"}, "must be in the future"),
        ({"subject": "999999"}, "Select who the letter is to"),
        ({"nonce": "../../etc"}, "The form has expired"),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(client, personas, letter_case, change, message):
    case, _ = letter_case
    client.force_login(personas.investigator)
    response = client.post(url(case), form_data(case, **change))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Correspondence.objects.exists()


@pytest.mark.parametrize("persona", ["investigator_other_team", "auditor", "admin", "authority"])
def test_only_the_case_team_writes_to_the_officer(client, personas, letter_case, persona):
    case, _ = letter_case
    client.force_login(getattr(personas, persona))
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), form_data(case)).status_code == 404
    assert not Correspondence.objects.exists()
