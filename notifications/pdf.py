"""Letters as PDF (for the case file and for printing) and as the HTML part of their email.

Both layouts escape the letter's plain text and turn its blank lines into paragraphs, so
nothing a template or a context value holds can become markup. WeasyPrint gets a URL fetcher
that refuses everything: a letter never makes the server fetch a URL, a file or a data: URI,
whatever ends up in the HTML.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from casework.errors import Refused

from .models import LetterPdf

PDF_TEMPLATE = "notifications/letter_pdf.html"
EMAIL_TEMPLATE = "notifications/letter_email.html"


class PdfRefused(Refused):
    """The layout asked WeasyPrint for an outside resource; the PDF was not made."""


def _refusing_fetcher():
    # Imported here: WeasyPrint takes a second to import, and only PDF work needs it.
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        """Refuses every fetch and stops the render (fail_on_errors), recording what was asked."""

        def __init__(self):
            super().__init__(fail_on_errors=True)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            self.refused.append(url)
            raise PermissionError(f"letters fetch nothing: refused {url[:200]}")

    return RefusingFetcher()


def html_to_pdf(html: str) -> bytes:
    """Render self-contained HTML to PDF bytes; PdfRefused if it references any URL."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _refusing_fetcher()
    try:
        return HTML(string=html, url_fetcher=fetcher).write_pdf()
    except FatalURLFetchingError as error:  # a BaseException in WeasyPrint: turn it into ours
        raise PdfRefused(f"The letter layout asked for outside resources: {fetcher.refused}") from error


def _layout_context(correspondence, body: str) -> dict:
    context = correspondence.context or {}
    person = context.get("person") or {}
    person_line = " ".join(part for part in (person.get("rank", ""), person.get("full_name", "")) if part)
    if person.get("number"):
        person_line = f"{person_line} ({person['number']})" if person_line else person["number"]
    return {
        "force_name": (context.get("force") or {}).get("name", ""),
        "reference": correspondence.case.reference if correspondence.case_id else "",
        "recipient_name": correspondence.recipient_name,
        "recipient_email": correspondence.recipient_email,
        "recipient_address": correspondence.recipient_address,
        # Shown only when the letter is about someone other than its addressee (staff email).
        "person_line": person_line if person.get("full_name") not in ("", correspondence.recipient_name) else "",
        "letter_date": timezone.localtime(correspondence.created_at).date(),
        "subject": correspondence.subject,
        "body": body,
    }


def render_pdf(correspondence) -> bytes:
    """The letter as filed: the stored body, with the response-link placeholder, never a live link."""
    html = render_to_string(PDF_TEMPLATE, _layout_context(correspondence, correspondence.body))
    return html_to_pdf(html)


def store_pdf(correspondence) -> LetterPdf:
    """The letter's PDF, rendered and kept the first time it is asked for. LetterPdf is
    append-only, so two concurrent renders race to insert and the loser reads the winner's."""
    existing = LetterPdf.objects.filter(correspondence=correspondence).first()
    if existing is not None:
        return existing
    content = render_pdf(correspondence)
    try:
        with transaction.atomic():
            return LetterPdf.objects.create(
                correspondence=correspondence, content=content, sha256=hashlib.sha256(content).hexdigest()
            )
    except IntegrityError:
        return LetterPdf.objects.get(correspondence=correspondence)


def email_html(correspondence, body_text: str) -> str:
    """The HTML alternative of the letter's email; body_text is the text actually sent (with
    the live response link), escaped, with its URLs made into links."""
    return render_to_string(EMAIL_TEMPLATE, _layout_context(correspondence, body_text))
