"""The subject access export (DPA 2018 s.45): the person's own data, never other people's; what is
withheld listed with the s.45(4) ground and the reason; logged as an export with its purpose; for
the head of PSD and administrators only."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Consultation, DutyStatusEntry, ObjectKind
from notifications.models import Correspondence, LetterTemplate, Status
from tests.factories import make_case

pytestmark = pytest.mark.django_db

DISCLOSE_ALL = {
    "reference": "SAR-2026-0042",
    "live_narrative_ground": "disclose",
    "consulters_ground": "disclose",
}


def export(client, person, data):
    response = client.post(reverse("records-subject-access", args=[person.pk]), data)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip", response.content[:500]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    html = archive.read("subject-access.html").decode()
    rows = list(csv.reader(io.StringIO(archive.read("consultations.csv").decode())))
    return html, rows


@pytest.fixture
def letter(old_case, officer, personas):
    return Correspondence.objects.create(
        kind=LetterTemplate.objects.first().kind,
        case=old_case,
        person=officer,
        recipient_name=officer.full_name,
        template=LetterTemplate.objects.first(),
        subject="Notice of investigation",
        body="You are under investigation for messages in the shift group chat.",
        idempotency_key="sar-test-letter",
        message_id="<sar-test-letter@example.org>",
        status=Status.SENT,
        sent_at=timezone.now(),
    )


def test_the_export_holds_the_persons_data_and_not_other_peoples(client, personas, team, officer, old_case, letter):
    DutyStatusEntry.objects.create(
        person=officer, status="restricted", public_facing=False, starts_on=date(2026, 1, 5), reason="Pending outcome"
    )
    client.force_login(personas.investigator)
    client.get(old_case.get_absolute_url())  # ivy consults the case: a consultation of Dana's data
    client.force_login(personas.head)
    html, rows = export(client, officer, DISCLOSE_ALL)
    # Dana's own data: the register entry, the duty timeline, her allegation, the letter to her.
    for text in (
        officer.full_name,
        officer.number,
        "Pending outcome",
        old_case.reference,
        "Posted offensive messages in the shift group chat",
        "Central station",
        "Notice of investigation",
        "messages in the shift group chat",
    ):
        assert text in html, text
    # Not other people's: the complainant, the co-subject and his allegation, the case summary.
    for text in (
        "Jo Bloggs",
        "jo.bloggs@example.org",
        "Rowan",
        "Coldwell",
        "Forwarded the chat to a journalist",
        "Comments made in a group chat about a colleague",
    ):
        assert text not in html, text
    assert rows[0] == ["When", "What was looked at", "Purpose given", "Who looked"]
    case_rows = [row for row in rows[1:] if row[1] == f"Case {old_case.reference}"]
    assert case_rows, rows
    assert case_rows[0][2] == f"Case of my team ({team.name})"
    assert case_rows[0][3] == (personas.investigator.get_full_name() or personas.investigator.username)
    assert "Nothing else is withheld." in html


def test_what_is_withheld_is_listed_with_its_ground_and_reason(client, personas, officer, team):
    live = make_case(personas.investigator, team, [officer], description="Alleged leak of the operation's plan")
    client.force_login(personas.investigator)
    client.get(live.get_absolute_url())
    client.force_login(personas.admin)
    html, rows = export(
        client,
        officer,
        {
            "reference": "SAR-2026-0043",
            "live_narrative_ground": "s45_4_a",
            "live_narrative_reason": "The investigation is live; disclosure would alert witnesses.",
            "consulters_ground": "s45_4_e",
            "consulters_reason": "Staff names are their personal data.",
        },
    )
    assert "Alleged leak of the operation" not in html
    assert "What is alleged: withheld." in html and live.reference in html
    assert "s.45(4)(a): to avoid obstructing an official or legal inquiry" in html
    assert "The investigation is live; disclosure would alert witnesses." in html
    assert "s.45(4)(e): to protect the rights and freedoms of others" in html
    assert {row[3] for row in rows[1:]} == {"Withheld (s.45(4)(e))"}
    assert personas.investigator.username not in "".join(",".join(r) for r in rows)


def test_the_export_is_logged_with_its_purpose(client, personas, officer):
    client.force_login(personas.head)
    export(client, officer, DISCLOSE_ALL)
    entry = Consultation.objects.get(kind=ObjectKind.EXPORT)
    assert (entry.user, entry.person, entry.object_id) == (personas.head, officer, officer.pk)
    assert entry.purpose.startswith("Subject access request SAR-2026-0042 (DPA 2018 s.45)")


def test_withholding_needs_a_reason_and_nothing_is_exported_or_logged(client, personas, officer):
    client.force_login(personas.head)
    response = client.post(
        reverse("records-subject-access", args=[officer.pk]),
        {"reference": "", "live_narrative_ground": "s45_4_a", "consulters_ground": "bogus"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the reference of the subject access request" in page
    assert "is necessary and proportionate" in page
    assert "Select" in page  # the unknown ground
    assert not Consultation.objects.filter(kind=ObjectKind.EXPORT).exists()


@pytest.mark.parametrize("persona", ["investigator", "authority", "auditor"])
def test_only_the_head_of_psd_and_administrators_export(client, personas, officer, persona):
    client.force_login(getattr(personas, persona))
    url = reverse("records-subject-access", args=[officer.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, DISCLOSE_ALL).status_code == 404
    assert not Consultation.objects.filter(kind=ObjectKind.EXPORT).exists()


def test_an_unknown_person_is_404(client, personas):
    client.force_login(personas.head)
    assert client.get(reverse("records-subject-access", args=[999999])).status_code == 404
