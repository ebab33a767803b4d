"""Response links as a trust boundary: a leaked link shows nothing without the recipient's
collar number; wrong numbers are logged and counted; every showing of the letter is logged,
append-only; tokens never reach the logs."""

import logging
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, transaction

from notifications import response_access, responses
from notifications.log_redaction import redact
from notifications.models import LinkEvent, LinkEventKind, OfficerResponse

pytestmark = pytest.mark.django_db

ADDRESS = "10.0.0.9"


@pytest.fixture(autouse=True)
def fresh_budgets(link):
    # Not cache.clear(): the cache shares Redis with the Celery broker.
    cache.delete_many([f"respond-rate:{ADDRESS}", f"respond-confirm-failures:{link.pk}"])


@pytest.fixture
def link(write_letter):
    return write_letter().response_link


@pytest.fixture
def officer_client(client):
    return client.__class__(REMOTE_ADDR=ADDRESS)


def path_of(link):
    return urlsplit(responses.url_for(link)).path


def kinds_logged(link):
    return list(LinkEvent.objects.filter(link=link).order_by("id").values_list("kind", flat=True))


def test_a_leaked_link_without_the_confirming_detail_shows_nothing(officer_client, link):
    letter = link.correspondence
    page = officer_client.get(path_of(link))
    assert page.status_code == 200 and "Confirm it is you" in page.text
    for secret in (letter.subject, letter.recipient_name, "evening of 14 September 2026", letter.case.reference):
        assert secret not in page.text
    # Posting an answer straight away stores nothing and spends nothing: it is taken as a
    # confirmation attempt without a number.
    posted = officer_client.post(path_of(link), {"text": "Not the officer", "files": []})
    assert posted.status_code == 200 and "Enter your collar or staff number" in posted.text
    assert "evening of 14 September 2026" not in posted.text
    assert not OfficerResponse.objects.exists()
    link.refresh_from_db()
    assert link.spent_at is None
    assert LinkEventKind.LETTER_SHOWN not in kinds_logged(link)
    assert page["Referrer-Policy"] == "strict-origin"  # the token is never sent on as a Referer


def test_a_wrong_number_is_refused_logged_and_shows_nothing(officer_client, link):
    page = officer_client.post(path_of(link), {"number": "9999"})
    assert page.status_code == 200
    assert "does not match the number we hold" in page.text
    assert "evening of 14 September 2026" not in page.text
    event = LinkEvent.objects.get(link=link)
    assert (event.kind, event.client_address, event.recipient_name) == ("wrong_detail", ADDRESS, "Dana Whitlock")
    assert event.person == link.correspondence.person


def test_the_recipient_confirms_and_each_showing_is_logged(officer_client, link):
    confirmed = officer_client.post(path_of(link), {"number": " 4321 "})  # spaces are forgiven
    assert confirmed.status_code == 302 and confirmed["Location"] == path_of(link)
    first = officer_client.get(path_of(link))
    assert "evening of 14 September 2026" in first.text
    officer_client.get(path_of(link))
    assert kinds_logged(link) == ["confirmed", "letter_shown", "letter_shown"]
    shown = LinkEvent.objects.filter(link=link, kind=LinkEventKind.LETTER_SHOWN).first()
    assert (shown.person, shown.case, shown.client_address) == (
        link.correspondence.person,
        link.correspondence.case,
        ADDRESS,
    )
    # The confirmation belongs to this browser session: another reader starts again.
    other = officer_client.__class__(REMOTE_ADDR="10.0.0.10")
    assert "Confirm it is you" in other.get(path_of(link)).text


def test_wrong_answers_lock_the_link_for_the_window_and_count_toward_the_rate_limit(officer_client, link, settings):
    settings.RESPONSE_CONFIRM_MAX_FAILURES = 3
    settings.RESPONSE_RATE_LIMIT = 5
    for guess in ("1111", "2222", "3333"):
        officer_client.post(path_of(link), {"number": guess})
    # Locked: even the right number is refused for now (a guesser with many addresses gets
    # no more tries), and the refusal is logged.
    other = officer_client.__class__(REMOTE_ADDR="10.0.0.11")
    locked = other.post(path_of(link), {"number": "4321"})
    assert locked.status_code == 429 and "evening of 14 September 2026" not in locked.text
    assert kinds_logged(link) == ["wrong_detail"] * 3 + ["locked"]
    # The guesses spent the first address's budget too.
    officer_client.post(path_of(link), {"number": "4444"})
    officer_client.post(path_of(link), {"number": "5555"})
    assert officer_client.get(path_of(link)).status_code == 429


def test_a_letter_to_someone_without_a_number_never_confirms(officer_client, write_letter):
    from casework.models import Person

    letter = write_letter(key="no-number")
    Person.objects.filter(pk=letter.person_id).update(number="")
    cache.delete(f"respond-confirm-failures:{letter.response_link.pk}")
    page = officer_client.post(path_of(letter.response_link), {"number": " "})
    assert "Enter your collar or staff number" in page.text
    assert officer_client.post(path_of(letter.response_link), {"number": "0"}).status_code == 200
    assert kinds_logged(letter.response_link) == ["wrong_detail"]


def test_the_link_log_is_append_only_and_chained(officer_client, link):
    officer_client.post(path_of(link), {"number": "4321"})
    officer_client.get(path_of(link))
    with pytest.raises(DatabaseError), transaction.atomic():
        LinkEvent.objects.filter(link=link).update(client_address="192.0.2.1")
    with pytest.raises(DatabaseError), transaction.atomic():
        LinkEvent.objects.filter(link=link).delete()
    call_command("verify_audit")  # raises CommandError when a chain is broken
    assert "response link log" in response_access.LINK_EVENTS.name


# Tokens never reach the logs ---------------------------------------------------------------
def test_the_not_found_warning_for_an_unusable_link_is_redacted(client, caplog):
    token = "LeakedTokenValue_abc-123"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/respond/{token}/").status_code == 404
    messages = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert messages and all(token not in m for m in messages)
    assert any("/respond/[redacted]/" in m for m in messages)


def test_runserver_request_lines_are_redacted(caplog):
    token = "LiveTokenFromRunserver"
    with caplog.at_level(logging.INFO, logger="django.server"):
        logging.getLogger("django.server").info('"%s" %s %s', f"GET /respond/{token}/ HTTP/1.1", "200", "1234")
    assert token not in caplog.text and "/respond/[redacted]/" in caplog.text


def test_gunicorn_access_lines_are_redacted_in_the_request_and_the_referer(tmp_path):
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    token = "GunicornSeesThisToken"
    access_file = tmp_path / "access.log"
    config = Config()
    config.set("accesslog", str(access_file))
    log = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/respond/{token}/",
        "PATH_INFO": f"/respond/{token}/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://psd.example/respond/{token}/",
    }
    log.access(SimpleNamespace(status="200 OK", sent=10, headers=[]), [], environ, timedelta(seconds=0))
    for handler in list(logging.getLogger("gunicorn.access").handlers):
        handler.close()
        logging.getLogger("gunicorn.access").removeHandler(handler)
    line = access_file.read_text()
    assert token not in line and line.count("/respond/[redacted]/") == 2


def test_redaction_keeps_the_rest_of_the_line():
    assert redact("GET /respond/abc_DEF-123/?x=1 /cases/") == "GET /respond/[redacted]/?x=1 /cases/"


def test_the_investigator_sees_the_links_uses_on_the_letter_page(officer_client, client, link, personas):
    from django.urls import reverse

    officer_client.post(path_of(link), {"number": "1234"})
    officer_client.post(path_of(link), {"number": "4321"})
    officer_client.get(path_of(link))
    letter = link.correspondence
    client.force_login(personas.investigator)
    page = client.get(reverse("letter-detail", args=[letter.case.reference, letter.pk]))
    assert page.status_code == 200
    table = page.text.split('data-testid="link-events"', 1)[1].split("</table>", 1)[0]
    for label in ("Letter shown", "Recipient confirmed", "Wrong confirming detail given", ADDRESS):
        assert label in table
