"""Check your answers (issue 22, point 3): every answer of the intake is shown, each with a Change
link to the step (and field) it came from; the step, saved, returns to check your answers. The
return is a name from an allow-list (`?next=check`), never an address."""

import re

import pytest
from django.urls import reverse

from casework.models import Case
from conduct.cases.route_models import MatterType
from conduct.models import AllegationCategory, CriminalInvestigation, Standard
from tests.conduct.cases.helpers import _as_lists, _set_intake, allegation_data, details_data, prefix

pytestmark = pytest.mark.django_db
CHECK = reverse("case-new-check")
TWO_STANDARDS = ("Discreditable conduct", "Equality and diversity")


@pytest.fixture
def answered(ivy, personas, team, register):
    """Every step answered, with every optional answer given."""
    details = details_data(
        team, investigator=str(personas.investigator.pk), complainant_telephone="01632 960001", summary="Group chat"
    )
    allegations = {
        **allegation_data(
            prefix(register["first"]),
            description="Shared an offensive image",
            categories=("social-media",),
            standards=TWO_STANDARDS,
            occurred_on="01/02/2026",
            location="Station canteen",
            criminal_investigation=CriminalInvestigation.OPEN,
        ),
        **allegation_data(prefix(register["met"]), description="Posted in the chat", categories=("dishonesty",)),
    }
    _set_intake(
        ivy,
        {
            "details": _as_lists(details),
            "subjects": {"numbers": ["1001\nmet 2002"]},
            "allegations": _as_lists(allegations),
        },
    )
    return {"details": details, "allegations": allegations}


def _rows(html):
    """(question, answer, Change link) of each answer on the page."""
    rows = re.findall(
        r'data-testid="answer"><dt class="govuk-summary-list__key">(.*?)</dt>'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>.*?data-testid="change" href="([^"]+)"',
        html,
        re.S,
    )
    return [(key, value.replace("<br>", "\n"), href) for key, value, href in rows]


def test_every_answer_is_shown_with_a_change_link_to_its_step(ivy, answered, register, personas):
    rows = _rows(ivy.get(CHECK).content.decode())
    shown = {(key, value) for key, value, _href in rows}
    first, met = prefix(register["first"]), prefix(register["met"])
    for expected in [
        ("Summary", "Group chat"),
        ("Complainant's name", "Pat Reporter"),
        ("Complainant's email", "pat@example.org"),
        ("Complainant's telephone", "01632 960001"),
        ("Investigator", personas.investigator.get_full_name()),
        ("Owning team", "Team Ivy"),
        ("Type of matter", MatterType.INTERNAL.label),
        ("Subjects", "Ann Archer, 1001, Home Constabulary\nCat Carver, 2002 (met), Metropolitan Police"),
        ("What is alleged", "Shared an offensive image"),
        ("When", "1 February 2026"),
        ("Where", "Station canteen"),
        ("Standards", ", ".join(str(s) for s in Standard.objects.filter(name__in=TWO_STANDARDS))),
        ("Categories", AllegationCategory.objects.get(code="social-media").name),
        ("Criminal investigation", CriminalInvestigation.OPEN.label),
        ("Criminal investigation", CriminalInvestigation.NONE.label),
        ("What is alleged", "Posted in the chat"),
        ("When", "Not given"),
        ("Where", "Not given"),
    ]:
        assert expected in shown, expected
    links = {key: href for key, _value, href in rows}  # the last of each key: Cat's allegation
    assert links["Summary"] == reverse("case-new") + "?next=check#id_summary"
    assert links["Investigator"] == reverse("case-new") + "?next=check#id_investigator"
    assert links["Subjects"] == reverse("case-new-subjects") + "?next=check#id_numbers"
    assert links["Where"] == reverse("case-new-allegations") + f"?next=check#id_{met}-location"
    assert (  # each allegation's answers link to that person's fields
        "When",
        "1 February 2026",
        reverse("case-new-allegations") + f"?next=check#id_{first}-occurred_on",
    ) in rows
    assert "Special procedures" in {key for key, _v, _h in rows}
    assert len(rows) == 10 + 2 + 1 + 2 * 6  # case, route (no handling: not a complaint), subjects, allegations


def _visit_change_link(ivy, href):
    """The step opened from a Change link: it offers the way back and has the field linked to."""
    path, anchor = href.split("#")
    page = ivy.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Back to check your answers" in html and f'id="{anchor}"' in html
    return path


@pytest.mark.parametrize(
    ("question", "step", "change", "shown"),
    [
        ("Summary", "details", {"summary": "A changed summary"}, ("Summary", "A changed summary")),
        ("Complainant's name", "details", {"complainant_name": ""}, ("Complainant's name", "Not given")),
        ("Investigator", "details", {"investigator": ""}, ("Investigator", "Not yet assigned")),
        ("Subjects", "subjects", {"numbers": "met 2002\n1001"}, ("What is alleged", "Posted in the chat")),
        ("Where", "allegations", {"location": "Car park"}, ("Where", "Car park")),
    ],
)
def test_each_change_link_returns_to_check_your_answers(ivy, answered, register, question, step, change, shown):
    href = next(h for key, _v, h in _rows(ivy.get(CHECK).content.decode()) if key == question)
    path = _visit_change_link(ivy, href)
    data = {"details": answered["details"], "subjects": {"numbers": "1001\nmet 2002"}}.get(step)
    if step == "allegations":  # the last "Where" is Cat's (met 2002)
        data = {**answered["allegations"], f"{prefix(register['met'])}-location": change["location"]}
    else:
        data = {**data, **change}
    response = ivy.post(path, data)
    assert response.status_code == 302 and response["Location"] == CHECK
    assert shown in {(key, value) for key, value, _h in _rows(ivy.get(CHECK).content.decode())}
    assert not Case.objects.exists()


def test_a_new_subject_is_asked_for_their_allegation_on_the_way_back(ivy, answered, register):
    response = ivy.post(reverse("case-new-subjects") + "?next=check", {"numbers": "1001\nmet 2002\n1002"})
    assert response["Location"] == reverse("case-new-allegations") + "?next=check"
    data = {
        **answered["allegations"],
        **allegation_data(prefix(register["second"]), description="Also there", categories=("other",)),
    }
    response = ivy.post(response["Location"], data)
    assert response["Location"] == CHECK
    assert ("What is alleged", "Also there") in {(k, v) for k, v, _h in _rows(ivy.get(CHECK).content.decode())}


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/admin/", "case-detail", "CHECK"])
def test_next_is_an_allow_list_never_an_address(ivy, answered, target):
    response = ivy.post(reverse("case-new") + "?" + f"next={target}", answered["details"])
    assert response.status_code == 302 and response["Location"] == reverse("case-new-subjects")
    page = ivy.get(reverse("case-new") + f"?next={target}").content.decode()
    assert "Back to check your answers" not in page and "evil" not in page
