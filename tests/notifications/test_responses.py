"""Officers' single-use response links: use once, expiry, unknown tokens, rate limit, files."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.models import TimelineEvent
from casework.models.cases import EventKind
from notifications import response_access, responses
from notifications.models import Notification, OfficerResponse, ResponseLink

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # Not cache.clear(): the cache shares Redis with the Celery broker.
    cache.delete_many(["respond-rate:127.0.0.1", "respond-rate:10.0.0.9"])


@pytest.fixture
def link(write_letter):
    return write_letter().response_link


def path_of(link):
    return urlsplit(responses.url_for(link)).path


def confirm(client, link, number="4321"):
    """The officer confirms their collar number (as on the register) before the letter is shown."""
    if not response_access.is_confirmed(client.session, link):
        client.post(path_of(link), {"number": number})


def answer(client, link, text="I was on duty at the station all evening.", files=()):
    confirm(client, link)
    return client.post(path_of(link), {"text": text, "files": list(files)})


def test_the_token_is_not_stored_only_its_hash(link):
    token = path_of(link).rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 43  # 256 bits
    stored = ResponseLink.objects.filter(pk=link.pk).values().get()
    assert token not in str(stored)
    assert link.correspondence.body.count(token) == 0


def test_the_officer_reads_the_request_and_answers_once(client, link, personas):
    confirm(client, link)
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "evening of 14 September 2026" in page.content.decode()
    response = answer(client, link, files=[SimpleUploadedFile("rota.pdf", PDF, content_type="application/pdf")])
    assert response.status_code == 200 and "Response sent" in response.content.decode()
    stored = OfficerResponse.objects.get()
    assert stored.text.startswith("I was on duty") and stored.case == link.correspondence.case
    assert [(a.filename, a.content_type, a.size) for a in stored.attachments.all()] == [
        ("rota.pdf", "application/pdf", len(PDF))
    ]
    link.refresh_from_db()
    assert link.spent_at is not None
    event = TimelineEvent.objects.get(case=stored.case, kind=EventKind.RESPONSE)
    assert "Dana Whitlock answered" in event.summary and "1 attachment" in event.summary
    assert Notification.objects.filter(user=personas.investigator, message__contains="Dana Whitlock answered").exists()
    # Spent: the same neutral page as an unknown link, and nothing more is stored.
    again = answer(client, link, text="A second answer")
    assert again.status_code == 404 and "This link cannot be used" in again.content.decode()
    assert OfficerResponse.objects.count() == 1


def test_unknown_expired_and_spent_links_look_the_same(client, write_letter):
    expired = write_letter(key="expired").response_link
    ResponseLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    spent = write_letter(key="spent").response_link
    ResponseLink.objects.filter(pk=spent.pk).update(spent_at=timezone.now())
    pages = [
        client.get(path_of(expired)),
        client.get(path_of(spent)),
        client.get("/respond/not-a-real-token-at-all/"),
        client.get("/respond/" + "x" * 300 + "/"),
    ]
    assert {p.status_code for p in pages} == {404}
    bodies = {p.content.decode().replace(p.wsgi_request.path, "") for p in pages}
    assert len(bodies) == 1


def test_a_token_for_another_letter_does_not_answer_this_one(client, write_letter):
    first = write_letter(key="first").response_link
    second = write_letter(key="second").response_link
    answer(client, first)
    assert OfficerResponse.objects.get().correspondence_id == first.correspondence_id
    second.refresh_from_db()
    assert second.spent_at is None


def test_the_endpoint_is_rate_limited_per_client(client, link, settings):
    settings.RESPONSE_RATE_LIMIT = 3
    statuses = [client.get(f"/respond/guess-{n}/").status_code for n in range(3)]
    assert statuses == [404, 404, 404]
    assert client.get(path_of(link)).status_code == 429  # even a good link, once over budget
    other_client = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert other_client.get(path_of(link)).status_code == 200


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream"), "not a file type"),
        (SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"), "does not look like"),
        (SimpleUploadedFile("notes.txt", b"\xff\xfe\x00bad", content_type="text/plain"), "not a plain text file"),
    ],
)
def test_files_of_the_wrong_type_are_refused_with_a_message(client, link, upload, message):
    response = answer(client, link, files=[upload])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OfficerResponse.objects.exists()
    link.refresh_from_db()
    assert link.spent_at is None  # nothing stored, the link still works


def test_files_too_large_or_too_many_are_refused(client, link, settings):
    settings.RESPONSE_MAX_FILE_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    assert "larger than" in answer(client, link, files=[big]).content.decode()
    settings.RESPONSE_MAX_FILE_BYTES = 10 * 1024 * 1024
    many = [SimpleUploadedFile(f"f{n}.pdf", PDF, content_type="application/pdf") for n in range(6)]
    assert "Attach 5 files or fewer" in answer(client, link, files=many).content.decode()
    assert not OfficerResponse.objects.exists()


def test_an_empty_answer_gets_a_clear_message(client, link):
    response = answer(client, link, text="   ")
    assert "Enter your response" in response.content.decode()
    assert not OfficerResponse.objects.exists()


def test_the_link_expires_after_the_due_date_and_its_grace(write_letter, settings):
    settings.RESPONSE_LINK_GRACE_DAYS = 7
    link = write_letter(response_due_on="2026-12-04").response_link
    local = timezone.localtime(link.expires_at)
    assert (local.date().isoformat(), local.hour) == ("2026-12-11", 23)


def test_the_answer_meets_the_clock_that_waited_for_it(client, personas, letter_case):
    from datetime import date

    from django.db import transaction

    from casework import deadlines as deadline_services
    from notifications import outbox
    from notifications.models import LetterKind

    case, officer = letter_case
    deadline = deadline_services.start_deadline(
        case=case,
        kind="reg17_written_statement",
        label="Officer's written statement (reg 17)",
        owner=personas.investigator,
        starts_on=timezone.localdate(),
        due_on=date(2030, 1, 10),
        person=officer,
        actor=personas.investigator,
        source_rule={},
    )
    with transaction.atomic():
        letter = outbox.compose(
            kind=LetterKind.REG17_NOTICE,
            case=case,
            person=officer,
            recipient_name=officer.full_name,
            recipient_email=officer.email,
            sender=personas.investigator,
            idempotency_key="reg17",
            actor=personas.investigator,
            extra={
                "legal_basis": "Regulation 17, Police (Conduct) Regulations 2020",
                "allegations": [{"description": "Alleged", "standards": ["Discreditable conduct"]}],
                "severity": "misconduct",
                "investigator": {"name": "Ivy"},
                "response_due_on": date(2030, 1, 10),
            },
        )
    answer(client, letter.response_link)
    deadline.refresh_from_db()
    assert deadline.state == "met" and deadline.met_on == timezone.localdate()


def test_rotating_x_forwarded_for_does_not_reset_the_response_rate_limit(client, write_letter, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RESPONSE_RATE_LIMIT = 3
    cache.delete("respond-rate:198.51.100.4")
    path = path_of(write_letter().response_link)
    statuses = [
        client.get(f"/respond/guess-{n}/", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, 198.51.100.4").status_code
        for n in range(3)
    ]
    assert statuses == [404, 404, 404]
    rotated = client.get(path, HTTP_X_FORWARDED_FOR="10.9.99.1, 198.51.100.4")
    assert rotated.status_code == 429  # a new forged first entry buys no new budget
