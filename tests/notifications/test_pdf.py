"""Letters as PDF (WeasyPrint, fetching nothing) and as the HTML part of their email."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from notifications import pdf
from notifications.kinds import RESPONSE_URL_PLACEHOLDER
from notifications.models import LetterPdf
from tests.factories import ForceFactory, PersonFactory, TeamFactory, make_case
from tests.notifications.letter_factories import make_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(personas):
    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    officer = PersonFactory(
        force=force, number="4321", first_name="Dana", last_name="Whitlock", email="dw@police.example"
    )
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    case = make_case(personas.investigator, team, [officer])
    return make_letter(case, officer, sender=personas.investigator)


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_the_letter_on_a_letterhead(letter):
    content = pdf.render_pdf(letter)
    assert content.startswith(b"%PDF")
    text = _text(content)
    assert letter.case.reference in text
    assert "Home Constabulary" in text and "Professional Standards Department" in text
    assert "Notice of investigation" in text
    assert "Dana Whitlock" in text
    assert "OFFICIAL-SENSITIVE" in text
    # The filed copy never holds a live response link.
    assert RESPONSE_URL_PLACEHOLDER in text
    assert "Page 1 of" in text


def test_the_pdf_is_stored_once_and_kept(letter, django_assert_max_num_queries):
    stored = pdf.store_pdf(letter)
    assert bytes(stored.content).startswith(b"%PDF")
    assert stored.sha256 == hashlib.sha256(bytes(stored.content)).hexdigest()
    with django_assert_max_num_queries(1):  # found, not rendered again
        again = pdf.store_pdf(letter)
    assert again.pk == stored.pk
    assert LetterPdf.objects.filter(correspondence=letter).count() == 1


@pytest.mark.parametrize(
    "html",
    [
        '<img src="http://example.invalid/tracker.png">',
        '<link rel="stylesheet" href="https://example.invalid/a.css">',
        '<style>@import url("file:///etc/passwd");</style>',
        '<p style="background: url(file:///etc/hostname)">x</p>',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ],
)
def test_rendering_refuses_every_fetch(html):
    with pytest.raises(pdf.PdfRefused, match="outside resources"):
        pdf.html_to_pdf(f"<!DOCTYPE html><html><body>{html}<p>Letter</p></body></html>")


def test_markup_in_a_letter_is_printed_as_text_and_fetches_nothing(letter):
    letter.body = 'Dear officer\n\n<img src="http://example.invalid/x.png"> <script>alert(1)</script>\n'
    text = _text(pdf.render_pdf(letter))
    assert '<img src="http://example.invalid/x.png">' in text


def test_the_email_html_escapes_the_text_and_links_the_response_url(letter):
    body = "Dear officer\n\nReply here:\nhttps://psd.police.example/respond/abc123/\n\n<b>not bold</b> & more"
    html = pdf.email_html(letter, body)
    assert '<a href="https://psd.police.example/respond/abc123/"' in html
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; more" in html
    assert "<p>Dear officer</p>" in html
    assert letter.case.reference in html
