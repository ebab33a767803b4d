"""Template hygiene: Django's {# #} comment is one line only; one that runs onto the next line is
printed on the page (it was, in the navigation, on every page)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNCLOSED = re.compile(r"\{#(?:(?!#\}).)*$", re.MULTILINE)


def test_no_template_comment_runs_over_a_line():
    templates = [
        p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts and "node_modules" not in p.parts
    ]
    assert templates, "no templates found: the test would be vacuous"
    offenders = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in templates
        for text in [path.read_text()]
        for match in UNCLOSED.finditer(text)
    ]
    assert not offenders, "use {% comment %} for a comment over several lines: " + ", ".join(offenders)
