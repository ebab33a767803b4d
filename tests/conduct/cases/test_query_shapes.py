"""The query shapes the benchmark called for (docs/performance.md), held by tests that
count queries and read the SQL, never by timings: the case list and its visibility rule use no
join and no DISTINCT, the person page paginates its case history, and the risk views' cheap
"public-facing" test gives the same answer as the exact one."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casework.models import DutyStatus
from casework.permissions import visible_cases
from casework.services import change_duty_status
from tests.factories import PersonFactory, make_case


def test_visible_cases_is_one_query_without_joins_or_distinct(personas, team, case):
    for user in (personas.investigator, personas.head):
        sql = str(visible_cases(user).query).upper()
        outer_from = sql.split(" WHERE ")[0]  # the grant subquery may join its own tables
        assert "DISTINCT" not in sql
        assert "JOIN" not in outer_from
        assert list(visible_cases(user)) == [case]


def test_the_case_list_counts_subjects_without_grouping(as_user, personas, team, home_force):
    people = [PersonFactory(force=home_force) for _ in range(3)]
    listed = make_case(personas.investigator, team, people)
    response = as_user(personas.head).get(reverse("case-list"))
    (row,) = response.context["page"].object_list
    assert row == listed and row.subject_count == 3
    query = response.context["page"].paginator.object_list.query
    assert query.group_by is None and not query.distinct  # the count is a subquery per shown row


def test_the_case_list_query_count_does_not_grow_with_cases(
    as_user, personas, team, home_force, django_assert_max_num_queries
):
    person = PersonFactory(force=home_force)
    for _ in range(30):
        make_case(personas.investigator, team, [person])
    head = as_user(personas.head)
    head.get(reverse("case-list"))  # the session and reference data warm
    with django_assert_max_num_queries(14):
        response = head.get(reverse("case-list"), {"q": person.last_name})
    assert response.context["page"].paginator.count == 30
    assert len(response.context["page"].object_list) == 25


def test_the_person_page_paginates_a_long_case_history(
    as_user, personas, team, home_force, django_assert_max_num_queries
):
    person = PersonFactory(force=home_force)
    cases = [
        make_case(personas.investigator, team, [person], received_on=timezone.localdate() - timedelta(days=n))
        for n in range(30)
    ]
    ivy = as_user(personas.investigator)
    url = reverse("person-detail", args=[person.pk])
    ivy.get(url)
    with django_assert_max_num_queries(30):
        first = ivy.get(url)
    shown = [s.case for s in first.context["subjects"]]
    assert shown == cases[:25]  # newest first
    second = ivy.get(url, {"page": 2})
    assert [s.case for s in second.context["subjects"]] == cases[25:]
    assert b"Page 1 of 2" in first.content
    assert ivy.get(url, {"page": "junk"}).status_code == 200  # a bad page number is the first page


def test_an_older_period_off_duty_left_open_does_not_hide_a_later_return(as_user, personas, team, home_force):
    """The risk views test "may be off duty" cheaply first, then the exact latest status: a later
    return to full duties wins over an earlier period still open."""
    back = PersonFactory(force=home_force)
    make_case(personas.investigator, team, [back], categories=("sexual-misconduct",))
    today = timezone.localdate()
    change_duty_status(
        user=personas.admin, person=back, status=DutyStatus.NON_PUBLIC_FACING, starts_on=today, reason="HR"
    )
    # Same-day change: the earlier period is not closed (it does not start before this one).
    change_duty_status(user=personas.admin, person=back, status=DutyStatus.FULL, starts_on=today, reason="Back")
    off = PersonFactory(force=home_force)
    make_case(personas.investigator, team, [off], categories=("sexual-misconduct",))
    change_duty_status(
        user=personas.admin, person=off, status=DutyStatus.NON_PUBLIC_FACING, starts_on=today, reason="HR"
    )
    rows = as_user(personas.authority).get(reverse("suspension-risk"), {"list": "sexual"}).context["rows"]
    assert [r.person for r in rows] == [back]
