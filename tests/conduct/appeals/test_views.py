"""The Appeal panel on the case page and its forms: lodge through the form, bad input changes
nothing, the result is the appropriate authority's."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from conduct.models import Appeal, AppealResult, Outcome
from tests.case_sections import section_url

pytestmark = pytest.mark.django_db
NOTIFIED = date(2026, 12, 23)


def _travel(day):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0000", tick=False)


def test_the_panel_and_the_forms(client, personas, meeting_outcome, notify):
    notify(meeting_outcome, NOTIFIED)
    case, subject = meeting_outcome.subject.case, meeting_outcome.subject
    client.force_login(personas.investigator)
    page = client.get(section_url(case, "subjects"))
    assert b'data-testid="appeal-panel"' in page.content and b"6 January 2027" in page.content
    lodge = reverse("appeal-lodge", args=[case.reference, subject.pk])
    with _travel(date(2027, 1, 4)):
        client.force_login(personas.investigator)  # sessions expire: sign in on the day
        bad = client.post(lodge, {"appellant": "officer", "lodged_on": "4/1/2027", "grounds_detail": "x"})
        assert bad.status_code == 200 and b"Choose at least one ground of appeal" in bad.content
        assert not Appeal.objects.exists()
        done = client.post(
            lodge,
            {"appellant": "officer", "lodged_on": "4/1/2027", "grounds": ["unreasonable"], "grounds_detail": "Unfair."},
        )
        assert done.status_code == 302
        date_url = reverse("appeal-date", args=[case.reference, subject.pk])
        assert client.post(date_url, {"hearing_on": "20/1/2027"}).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.hearing_on == date(2027, 1, 20)
    result = reverse("appeal-result", args=[case.reference, subject.pk])
    client.force_login(personas.investigator)
    assert client.get(result).status_code == 404  # the investigator does not decide
    with _travel(date(2027, 1, 21)):
        client.force_login(personas.authority)
        refused = client.post(
            result,
            {"result": "substituted", "decided_on": "20/1/2027", "new_outcome": Outcome.DISMISSAL, "reasons": "R."},
        )
        assert refused.status_code == 200 and b"reg 42(2)" in refused.content
        assert Appeal.objects.get().pending
        done = client.post(
            result,
            {"result": "dismissed", "decided_on": "20/1/2027", "reasons": "The warning was reasonable."},
        )
    assert done.status_code == 302
    assert Appeal.objects.get().result == AppealResult.DISMISSED


def test_the_panel_costs_the_same_whatever_the_appeals(
    client, personas, meeting_outcome, notify, django_assert_max_num_queries
):
    notify(meeting_outcome, NOTIFIED)
    from conduct.appeals import selectors

    case = meeting_outcome.subject.case
    with django_assert_max_num_queries(2):
        panel = selectors.panel(case, can_change=True, can_decide=False)
    assert [row["window"].due_on for row in panel["rows"]] == [date(2027, 1, 6)]
