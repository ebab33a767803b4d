"""The change history of a case: every addition and change to the case's
records, from pghistory's snapshots, with who made it; narrative values hidden from auditors;
outsiders get 404; reading it is a logged consultation; queries do not grow with the history."""

import pghistory
import pytest
from django.urls import reverse

from casework import history
from casework.models import Consultation
from conduct.cases import services
from conduct.models import Allegation, Severity
from tests.second_factor import PassedSecondFactorClient

pytestmark = pytest.mark.django_db


def _client(user):
    client = PassedSecondFactorClient()  # past the code page, as a signed-in user is
    client.force_login(user)
    return client


def _changes_page(client, case, **params):
    return client.get(reverse("case-record-history", args=[case.reference]), params)


def test_every_record_added_and_changed_is_listed_with_who_made_it(personas, case):
    ivy = _client(personas.investigator)
    allegation = Allegation.objects.get(subject__case=case)
    # Through the web, so the request's user is what the history records.
    response = ivy.post(
        reverse("assess-severity", args=[case.reference, allegation.pk]),
        {"severity": Severity.MISCONDUCT, "rationale": "Repeated comments in the chat"},
    )
    assert response.status_code == 302
    with pghistory.context(user=personas.investigator.pk):
        Allegation.objects.filter(pk=allegation.pk).update(description="Shared offensive messages")

    changes = history.case_record_changes(case, narrative=True)
    by_record = {(c.action, c.record) for c in changes}
    assert ("Added", "Case details") in by_record
    assert ("Added", "Subject (Dana Whitlock)") in by_record
    assert ("Added", "Allegation (Dana Whitlock)") in by_record
    assert ("Added", "Severity assessment (Dana Whitlock)") in by_record
    edit = next(c for c in changes if c.action == "Changed" and c.code == "allegation")
    assert edit.user == personas.investigator
    assert edit.diffs == [
        {
            "field": "What is alleged",
            "old": "Alleged breach of the standards",
            "new": "Shared offensive messages",
            "long": True,
        }
    ]
    severity = next(c for c in changes if c.code == "severity")
    assert severity.user == personas.investigator
    assert {"field": "Severity", "old": "", "new": "Misconduct", "long": False} in severity.diffs
    assert [c.at for c in changes] == sorted((c.at for c in changes), reverse=True)

    page = _changes_page(ivy, case)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Shared offensive messages" in body and "Repeated comments in the chat" in body


def test_the_filter_shows_one_kind_of_record(personas, case):
    page = _changes_page(_client(personas.investigator), case, record="allegation")
    codes = {c.code for c in page.context["page"].object_list}
    assert codes == {"allegation"}
    # An unknown filter shows everything rather than failing.
    page = _changes_page(_client(personas.investigator), case, record="nonsense")
    assert {c.code for c in page.context["page"].object_list} >= {"case", "allegation", "subject"}


def test_auditors_see_what_changed_but_not_the_narrative(personas, case):
    auditor = _client(personas.auditor)
    url = reverse("case-record-history", args=[case.reference])
    response = auditor.get(url)
    assert response.status_code == 302  # first asked why they open the case (s.62)
    auditor.post(response["Location"], {"purpose": "audit"})
    page = auditor.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Alleged breach of the standards" not in body
    assert case.summary not in body
    assert history.HIDDEN in body


def test_outsiders_get_404(personas, case):
    assert _changes_page(_client(personas.investigator_other_team), case).status_code == 404
    assert _changes_page(_client(personas.admin), case).status_code == 404


def test_reading_the_history_is_a_logged_consultation(personas, case):
    before = Consultation.objects.filter(case=case).count()
    _changes_page(_client(personas.investigator), case)
    entry = Consultation.objects.filter(case=case).order_by("-pk").first()
    assert Consultation.objects.filter(case=case).count() == before + 1
    assert entry.path == reverse("case-record-history", args=[case.reference])


def test_queries_do_not_grow_with_the_history(personas, case, django_assert_max_num_queries):
    ivy = _client(personas.investigator)
    allegation = Allegation.objects.get(subject__case=case)

    def page_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert _changes_page(ivy, case).status_code == 200
        return len(ctx.captured_queries)

    small = page_queries()
    for n in range(15):
        services.assess_severity(
            user=personas.investigator, allegation=allegation, severity=Severity.MISCONDUCT, rationale=f"Revision {n}"
        )
        Allegation.objects.filter(pk=allegation.pk).update(description=f"Edited {n}")
    assert page_queries() == small
    # Measured 31 (one query per kind of tracked record, the route's and the warnings' included),
    # + 4 for the meetings' and hearings' records (panel, conflicts, steps, public notice).
    with django_assert_max_num_queries(37):
        _changes_page(ivy, case)
