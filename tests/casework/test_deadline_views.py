"""The deadline pages: the list (scopes, buckets, filters), one deadline with its history and the
forms to extend and stop it, "Your next deadlines" on My work, the case list's overdue filter,
who may do what (outsiders get 404), and query counts that do not grow with the data."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from casework import deadlines
from casework.calendar import LONDON
from casework.models import Deadline, DeadlineChange, DeadlineState, Team
from casework.time_left import time_left
from tests.factories import PersonFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime(2026, 12, 9, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def other_case(personas, case):
    """A case of Team B (Tom's)."""
    team = Team.objects.create(name="Team B")
    team.members.add(personas.investigator_other_team)
    return make_case(personas.investigator_other_team, team, [PersonFactory()])


@pytest.fixture
def clock(case, personas):
    """Start a clock on a case (Ivy's by default) owned by `owner`, due on `due_on`."""

    def start(kind, due_on, *, on=None, owner=None, person=None):
        on = on or case
        return deadlines.start_deadline(
            case=on,
            kind=kind,
            label=kind.replace("_", " ").capitalize(),
            owner=owner or personas.investigator,
            starts_on=min(due_on, date(2026, 12, 1)),
            due_on=due_on,
            person=person,
            actor=personas.investigator,
            source_rule={"code": kind, "amount": 5, "unit": "working_days", "source": "Test regs"},
        )

    return start


def listed(response):
    assert response.status_code == 200
    return [d.kind for d in response.context["page"].object_list]


# The list ---------------------------------------------------------------------------------
def test_my_deadlines_soonest_first_with_overdue_tagged(as_user, clock, personas):
    clock("later", date(2026, 12, 18))
    clock("overdue", date(2026, 12, 8))
    clock("someone_elses", date(2026, 12, 10), owner=personas.head)
    response = as_user(personas.investigator).get(reverse("deadline-list"))
    assert listed(response) == ["overdue", "later", "investigation_12_months"]  # the case's 12-month clock
    html = response.content.decode()
    assert html.count("govuk-tag--red") == 1
    assert reverse("case-detail", args=[Deadline.objects.get(kind="later").case.reference]) in html


def test_buckets_overdue_and_due_in_five_working_days(as_user, clock, personas):
    clock("overdue", date(2026, 12, 8))
    clock("today", date(2026, 12, 9))
    clock("fifth_working_day", date(2026, 12, 16))
    clock("sixth_working_day", date(2026, 12, 17))
    ivy = as_user(personas.investigator)
    assert listed(ivy.get(reverse("deadline-list"), {"bucket": "overdue"})) == ["overdue"]
    assert listed(ivy.get(reverse("deadline-list"), {"bucket": "soon"})) == ["today", "fifth_working_day"]


def test_team_scope_and_filters_by_kind_and_owner(as_user, clock, personas, case, other_case):
    colleague = UserFactory(username="cara", role="investigator")
    case.team.members.add(colleague)
    clock("mine", date(2026, 12, 10))
    clock("colleagues", date(2026, 12, 11), owner=colleague)
    clock("other_team", date(2026, 12, 12), on=other_case, owner=personas.investigator_other_team)
    ivy = as_user(personas.investigator)
    team = listed(ivy.get(reverse("deadline-list"), {"scope": "team"}))
    assert team[:2] == ["mine", "colleagues"] and "other_team" not in team
    assert listed(ivy.get(reverse("deadline-list"), {"scope": "team", "kind": "colleagues"})) == ["colleagues"]
    assert listed(ivy.get(reverse("deadline-list"), {"scope": "team", "owner": colleague.pk})) == ["colleagues"]
    assert listed(ivy.get(reverse("deadline-list"))) == ["mine", "investigation_12_months"]


def test_the_department_scope_is_for_the_head_of_psd_and_appropriate_authorities(as_user, clock, personas, other_case):
    clock("mine", date(2026, 12, 10))
    clock("other_team", date(2026, 12, 12), on=other_case, owner=personas.investigator_other_team)
    for who in ("head", "authority"):
        kinds = listed(as_user(getattr(personas, who)).get(reverse("deadline-list"), {"scope": "department"}))
        assert {"mine", "other_team"} <= set(kinds)
    for who in ("investigator", "investigator_other_team"):
        response = as_user(getattr(personas, who)).get(reverse("deadline-list"), {"scope": "department"})
        assert response.status_code == 404
    for who in ("auditor", "admin"):
        assert as_user(getattr(personas, who)).get(reverse("deadline-list")).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"scope": "everyone"},
        {"bucket": "\x00"},
        {"kind": "x" * 5000},
        {"owner": "99999999999999999999999"},
        {"owner": "-1"},
        {"page": "999"},
        {"page": "abc"},
    ],
)
def test_bad_list_input_never_fails(as_user, clock, personas, params):
    clock("mine", date(2026, 12, 10))
    assert as_user(personas.investigator).get(reverse("deadline-list"), params).status_code == 200


# The MoJ filter panel (issue 22, point 7): each filter's rows and removable tags, in words.
@pytest.mark.parametrize(
    ("params", "rows", "tags"),
    [
        ({}, ["overdue", "mine", "later", "investigation_12_months"], []),
        ({"bucket": "open"}, ["overdue", "mine", "later", "investigation_12_months"], []),  # the default: no tag
        ({"bucket": "overdue"}, ["overdue"], [("Show", "Overdue")]),
        ({"kind": "later"}, ["later"], [("Clock", "Later")]),
        ({"bucket": "overdue", "kind": "later"}, [], [("Show", "Overdue"), ("Clock", "Later")]),
        ({"scope": "team", "owner": "cara"}, ["colleagues"], [("Owner", "Cara Colleague")]),
    ],
)
def test_each_deadline_filter_gives_its_rows_and_its_tags(as_user, clock, personas, case, params, rows, tags):
    cara = UserFactory(username="cara", first_name="Cara", last_name="Colleague", role="investigator")
    case.team.members.add(cara)
    clock("overdue", date(2026, 12, 1))
    clock("mine", date(2026, 12, 10))
    clock("later", date(2026, 12, 18))
    clock("colleagues", date(2026, 12, 11), owner=cara)
    params = {k: (cara.pk if v == "cara" else v) for k, v in params.items()}
    response = as_user(personas.investigator).get(reverse("deadline-list"), params)
    assert listed(response) == rows
    assert [(t["label"], t["value"]) for t in response.context["selected_filters"]] == tags
    for tag in response.context["selected_filters"]:  # removing a tag keeps the scope
        assert tag["without"].startswith("scope=team") == (params.get("scope") == "team")


def test_the_overdue_filter_says_which_deadline_and_by_how_much(as_user, clock, personas):
    deadline = clock("overdue", date(2026, 12, 2))
    response = as_user(personas.investigator).get(reverse("deadline-list"), {"bucket": "overdue"})
    html = response.content.decode()
    words = time_left(deadline.due_at)  # the one function that words it (casework.time_left)
    assert words == "overdue by 5 working days"
    assert '<span class="govuk-body-s" data-testid="time-left">Overdue by 5 working days</span>' in html
    assert f'href="{deadline.get_absolute_url()}">{deadline.label}</a>' in html
    assert "1 overdue deadline, most overdue first" in html


def test_a_bad_deadline_filter_is_an_error_on_it_and_no_count(as_user, clock, personas):
    clock("mine", date(2026, 12, 10))
    response = as_user(personas.investigator).get(reverse("deadline-list"), {"bucket": "late", "kind": "mine"})
    html = response.content.decode()
    assert '<p id="bucket-error" class="govuk-error-message">' in html and "late (not a choice)" in html
    assert response.context["result_count"] is None and 'data-testid="result-count"' not in html
    assert listed(response) == [] and [t["label"] for t in response.context["selected_filters"]] == ["Clock"]


# One deadline -----------------------------------------------------------------------------
def test_the_deadline_page_shows_the_history_and_is_404_outside_the_case(as_user, clock, personas, other_case):
    deadline = clock("mine", date(2026, 12, 10))
    url = reverse("deadline-detail", args=[deadline.pk])
    response = as_user(personas.investigator).get(url)
    assert response.status_code == 200
    assert response.context["can_change"] and "Extend the deadline" in response.content.decode()
    assert [c.action for c in response.context["history"]] == ["start"]
    for who in ("investigator_other_team", "auditor", "admin"):
        assert as_user(getattr(personas, who)).get(url).status_code == 404
    assert as_user(personas.investigator).get(reverse("deadline-detail", args=[999999])).status_code == 404
    theirs = clock("theirs", date(2026, 12, 12), on=other_case, owner=personas.investigator_other_team)
    assert as_user(personas.investigator).get(reverse("deadline-detail", args=[theirs.pk])).status_code == 404


def test_someone_outside_the_team_states_a_purpose_first_and_the_view_is_logged(as_user, clock, personas):
    from casework.models import Consultation

    deadline = clock("mine", date(2026, 12, 10))
    url = reverse("deadline-detail", args=[deadline.pk])
    head = as_user(personas.authority)
    response = head.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose"))
    assert head.post(response["Location"], {"purpose": "oversight"}).status_code == 302
    response = head.get(url)
    assert response.status_code == 200
    assert not response.context["can_change"]  # an appropriate authority reads, the case team changes
    assert "Extend the deadline" not in response.content.decode()
    entry = Consultation.objects.filter(user=personas.authority).latest("id")
    assert entry.case_id == deadline.case_id and entry.path == url


def test_extending_through_the_page(as_user, clock, personas):
    deadline = clock("mine", date(2026, 12, 10))
    url = reverse("deadline-extend", args=[deadline.pk])
    ivy = as_user(personas.investigator)
    response = ivy.post(url, {"extend-new_due_on": "08/01/2027", "extend-reason": "Officer is unwell"})
    assert response.status_code == 302 and response["Location"] == reverse("deadline-detail", args=[deadline.pk])
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.extension_count) == (date(2027, 1, 8), 1)
    page = ivy.get(response["Location"]).content.decode()
    assert "Deadline extended to 8 January 2027." in page and "Officer is unwell" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"extend-new_due_on": "08/01/2027", "extend-reason": "  "}, "reason", "Give the reason for extending"),
        ({"extend-new_due_on": "", "extend-reason": "Unwell"}, "new_due_on", "Enter the new due date"),
        ({"extend-new_due_on": "31/02/2027", "extend-reason": "Unwell"}, "new_due_on", "Enter a real date"),
        ({"extend-new_due_on": "09/12/2026", "extend-reason": "Unwell"}, "new_due_on", "must be after the current"),
        ({"extend-new_due_on": "01/01/0001", "extend-reason": "x\x00"}, "reason", "Null characters are not allowed"),
    ],
)
def test_a_refused_extension_shows_why_and_changes_nothing(as_user, clock, personas, data, field, message):
    deadline = clock("mine", date(2026, 12, 10))
    response = as_user(personas.investigator).post(reverse("deadline-extend", args=[deadline.pk]), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["extend_form"].errors[field])
    assert "govuk-error-summary" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.due_on == date(2026, 12, 10)
    assert DeadlineChange.objects.filter(deadline=deadline).count() == 1


def test_stopping_through_the_page(as_user, clock, personas):
    deadline = clock("mine", date(2026, 12, 10))
    ivy = as_user(personas.investigator)
    url = reverse("deadline-stop", args=[deadline.pk])
    response = ivy.post(url, {"stop-reason": ""})
    assert response.status_code == 200 and response.context["stop_form"].errors["reason"]
    response = ivy.post(url, {"stop-reason": "Officer retired; no proceedings"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.STOPPED
    page = ivy.get(response["Location"]).content.decode()
    assert "Extend the deadline" not in page  # closed: nothing left to change
    assert ivy.post(url, {"stop-reason": "Again"}).status_code == 404


def test_only_those_who_change_the_case_extend_or_stop(as_user, clock, personas):
    deadline = clock("mine", date(2026, 12, 10))
    data = {"extend-new_due_on": "08/01/2027", "extend-reason": "r", "stop-reason": "r"}
    for who in ("investigator_other_team", "authority", "auditor", "admin"):
        client = as_user(getattr(personas, who))
        for name in ("deadline-extend", "deadline-stop"):
            assert client.post(reverse(name, args=[deadline.pk]), data).status_code == 404, (who, name)
            assert client.get(reverse(name, args=[deadline.pk])).status_code == 405
    assert as_user(personas.head).post(reverse("deadline-extend", args=[deadline.pk]), data).status_code == 302
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.OPEN and deadline.due_on == date(2027, 1, 8)


def test_a_closed_case_deadline_cannot_be_changed(as_user, clock, personas, case):
    deadline = clock("mine", date(2026, 12, 10))
    type(case).objects.filter(pk=case.pk).update(status="closed", closed_at=WEDNESDAY)
    data = {"extend-new_due_on": "08/01/2027", "extend-reason": "r"}
    assert as_user(personas.investigator).post(reverse("deadline-extend", args=[deadline.pk]), data).status_code == 404


# My work and the case list ----------------------------------------------------------------
def test_my_work_shows_my_next_deadlines_with_the_overdue_tagged(as_user, clock, personas):
    clock("overdue", date(2026, 12, 8))
    clock("later", date(2026, 12, 18))
    for index in range(12):
        clock(f"many_{index:02d}", date(2026, 12, 21) + timedelta(days=index))
    response = as_user(personas.investigator).get(reverse("home"))
    shown = [d.kind for d in response.context["next_deadlines"]]
    assert shown[:2] == ["overdue", "later"] and len(shown) == 10
    html = response.content.decode()
    assert "Your next deadlines" in html and html.count("govuk-tag--red") == 1
    assert "Your next deadlines" not in as_user(personas.head).get(reverse("home")).content.decode()


def test_the_case_list_filters_cases_with_an_overdue_deadline(as_user, clock, personas, case, other_case):
    clock("overdue", date(2026, 12, 8))
    clock("not_yet", date(2026, 12, 10), on=other_case, owner=personas.investigator_other_team)
    response = as_user(personas.head).get(reverse("case-list"), {"overdue": "yes"})
    assert [c.reference for c in response.context["page"].object_list] == [case.reference]
    assert 'value="yes" selected' in response.content.decode()
    assert response.context["page"].paginator.count == 1
    assert as_user(personas.head).get(reverse("case-list")).context["page"].paginator.count == 2


# Query counts do not grow with the data ---------------------------------------------------
LIST_QUERIES = 11  # measured 8-10 at both sizes
DETAIL_QUERIES = 18  # measured 16-18: consultation log, permission checks and the reminders sent included
# deadlines 9, + duty decision counts (1) and risk counts (4), + IOPC referrals (1), + counts (1), + the unread
# messages counted apart from the counts, which are cached per user for a minute (casework/figures.py)
HOME_QUERIES = 20
# + the "Needs action" cards (one statement) and the messages grouped by kind (one more), issue 20


@pytest.mark.parametrize("count", [10, 40])
def test_query_counts_do_not_grow(count, as_user, clock, personas, case, django_assert_max_num_queries):
    people = [PersonFactory() for _ in range(3)]
    for index in range(count):
        clock(f"clock_{index}", date(2026, 12, 1) + timedelta(days=index % 20), person=people[index % 3])
    deadline = Deadline.objects.filter(kind="clock_0").get()
    for who in ("investigator", "head"):
        client = as_user(getattr(personas, who))
        response = client.get(reverse("deadline-detail", args=[deadline.pk]))
        if response.status_code == 302:  # the head states a purpose first
            client.post(response["Location"], {"purpose": "oversight"})
        for params in (
            {},
            {"scope": "team"},
            {"scope": "department"},
            {"bucket": "overdue", "page": "2"},
            {"scope": "team", "kind": "clock_1", "owner": personas.investigator.pk},
            {"bucket": "late"},
        ):
            if params.get("scope") == "department" and who == "investigator":
                continue
            with django_assert_max_num_queries(LIST_QUERIES):
                response = client.get(reverse("deadline-list"), params)
            assert response.status_code == 200
        with django_assert_max_num_queries(DETAIL_QUERIES):
            assert client.get(reverse("deadline-detail", args=[deadline.pk])).status_code == 200
        with django_assert_max_num_queries(HOME_QUERIES):
            assert client.get(reverse("home")).status_code == 200
