"""The one door to a record (casework/door.py, s.62): every page of a case or a person, found
from the URL resolver, logs exactly one consultation of that record when shown, and someone
without an assignment is asked why first, with nothing logged. The objects behind the URLs are
the authorisation matrix's (tests/test_authorisation_matrix.py), so a new record page needs no
new set-up here, and a new record page that skips the door fails."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from casework.models import Consultation
from tests.test_authorisation_matrix import ASK_PURPOSE, MATRIX, PERSONAS, build_world, url_for

pytestmark = pytest.mark.django_db

# Pages of a person's record that are not under people/<pk>/.
PERSON_PAGES_ELSEWHERE = {"flag-detail"}

# Record URLs that show no record on a GET, each with why.
NOT_SHOWN = {
    "case-access-revoke": "POST only",
    "letter-approve": "POST only",
    "letter-retry": "POST only",
    "case-access-log": "who looked at the case, for the head of PSD and auditors: the log, not the record "
    "(its CSV export is logged, tests/casework/test_audit.py)",
    "person-access-log": "who looked at the person: the log, not the record (as case-access-log)",
    "case-break-glass": "the justification page for a restricted case, itself the way to state a purpose; "
    "404 for the matrix's unrestricted case",
    # Change forms that send the user back in the matrix's world; they open the case through the
    # same door as their sibling forms, which are checked here.
    "subject-reflective-practice": "redirects: the subject is not at the reflective practice stage",
    "referral-not-required": "redirects: a proposal is already awaiting a decision",
    "referral-decision": "redirects: the referral has not been made yet",
}


def _routes(patterns=None, prefix=""):
    """(url name, full route) of every named project URL."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, prefix + str(entry.pattern)


def _record_pages():
    """{url name: "case" or "person"} for every page of a case or a person's record."""
    pages = {}
    for name, route in _routes():
        if "<str:reference>" in route:
            pages[name] = "case"
        elif "people/<int:pk>/" in route or name in PERSON_PAGES_ELSEWHERE:
            pages[name] = "person"
    return pages


RECORD_PAGES = _record_pages()


@pytest.fixture
def world(personas):
    return build_world(personas)


SHOWN = sorted(set(RECORD_PAGES) - set(NOT_SHOWN))


def test_the_record_pages_are_found():
    # The resolver walk finds the case and person pages (and the exclusions are real URLs).
    assert {"case-detail", "letter-pdf", "duty-decision", "person-detail", "person-monitoring"} <= set(SHOWN)
    assert set(NOT_SHOWN) <= set(RECORD_PAGES)


def _entitled(name):
    """(persona, must state a purpose first): the first persona the matrix lets see the page,
    else the first it asks why."""
    expected = MATRIX[name][1]
    for want, states_purpose in ((200, False), (ASK_PURPOSE, True)):
        persona = next((p for p in PERSONAS if p != "anonymous" and expected[p] == want), None)
        if persona is not None:
            return persona, states_purpose
    raise AssertionError(f"{name}: no persona in the matrix may see it; list it in NOT_SHOWN with why")


def _state_purpose(client, url):
    asked = client.get(url)
    assert asked.status_code == 302 and asked.url.startswith(reverse("consultation-purpose")), url
    assert client.post(asked.url, {"purpose": "audit"}).status_code == 302


def _record_of(kind, world, new_entry, kwargs):
    """Whether the new log entry is of the page's record: the matrix's case (the one the URL
    names: the world's case or its complaint), or the person."""
    if kind == "case":
        named = kwargs.get("reference", "{case}")
        return new_entry.case is not None and new_entry.case.reference == world[named[1:-1]]
    return new_entry.person_id == world["person"]


def test_each_record_page_logs_exactly_one_consultation_of_its_record(client, personas, world):
    failures = []
    for name in SHOWN:
        persona, states_purpose = _entitled(name)
        client.force_login(getattr(personas, persona))
        url = url_for(name, MATRIX[name][0], world)
        if states_purpose:
            _state_purpose(client, url)
        before = Consultation.objects.order_by("-id").values_list("id", flat=True).first() or 0
        status = client.get(url).status_code
        new = list(Consultation.objects.filter(id__gt=before).select_related("case"))
        if status != 200 or len(new) != 1 or not _record_of(RECORD_PAGES[name], world, new[0], MATRIX[name][0]):
            failures.append(f"{name} as {persona}: {status}, {len(new)} entries {[e.object_label for e in new]}")
    assert not failures, "; ".join(failures)


def test_without_an_assignment_the_purpose_is_asked_and_nothing_is_logged(client, personas, world):
    signed_in = [p for p in PERSONAS if p != "anonymous"]  # anonymous gets a 302 too: to sign in
    asked = [(name, p) for name in SHOWN for p in signed_in if MATRIX[name][1][p] == ASK_PURPOSE]
    assert asked  # the case page, the person page, letters, referrals, duty decisions ...
    failures = []
    for name, persona in asked:
        client.force_login(getattr(personas, persona))
        count = Consultation.objects.count()
        response = client.get(url_for(name, MATRIX[name][0], world))
        to_purpose = response.status_code == 302 and response.url.startswith(reverse("consultation-purpose"))
        if not to_purpose or Consultation.objects.count() != count:
            failures.append(f"{name} as {persona}: {response.status_code}")
    assert not failures, "; ".join(failures)
