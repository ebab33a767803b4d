"""The department dashboard: every figure agrees with the list its link opens (tested
by following each link and counting), the number of queries is bounded whatever the data, and
only the head of PSD and appropriate authorities see it. Also the flag pages and monitoring."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Deadline
from casework.models.cases import CaseStatus, Origin
from conduct.models import Flag, FlagState, Monitoring, Proceedings, Stage
from conduct.oversight import dashboard, early_warning
from tests.conduct.oversight.helpers import suspend
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db


def _suspend(personas, case, effective_days_ago):
    suspend(
        personas.authority, case.subjects.get(), effective_on=timezone.localdate() - timedelta(days=effective_days_ago)
    )


@pytest.fixture
def department(personas, team, home_force):
    """Cases of every kind of figure: origins, stages, ages, closures, deadlines, suspensions."""
    today = timezone.localdate()
    people = [PersonFactory(force=home_force, number=f"70{n:02d}") for n in range(12)]
    cases = []
    for n, (origin, days_ago, stage, in_stage_days) in enumerate(
        [
            (Origin.PUBLIC_COMPLAINT, 3, Stage.ASSESSMENT, 3),
            (Origin.PUBLIC_COMPLAINT, 100, Stage.INVESTIGATION, 40),
            (Origin.CONDUCT_MATTER, 200, Stage.INVESTIGATION, 150),
            (Origin.CONDUCT_MATTER, 400, Stage.HEARING, 200),
            (Origin.INTERNAL_REPORT, 30, Stage.REPORT, 10),
            (Origin.DSI_MATTER, 500, Stage.MEETING, 95),
        ]
    ):
        case = make_case(
            personas.investigator,
            team,
            [people[n]],
            origin=origin,
            received_on=today - timedelta(days=days_ago),
            categories=("sexual-misconduct",) if n == 0 else ("other",),
        )
        Proceedings.objects.filter(subject__case=case).update(
            stage=stage, stage_since=timezone.now() - timedelta(days=in_stage_days)
        )
        cases.append(case)
    # Closed cases, over the last year, with different times to outcome.
    for n, (received_ago, closed_ago) in enumerate([(60, 10), (300, 40), (500, 100), (90, 80)]):
        case = make_case(personas.investigator, team, [people[6 + n]], received_on=today - timedelta(days=received_ago))
        Proceedings.objects.filter(subject__case=case).update(stage=Stage.CONCLUDED)
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED, closed_at=timezone.now() - timedelta(days=closed_ago), closure_reason="Done."
        )
        Deadline.objects.filter(case=case).update(
            state="stopped", closed_at=timezone.now(), next_action_at=None, closed_by=personas.investigator
        )
    # The 12-month clock of the two oldest open cases has run out.
    Deadline.objects.filter(case__in=[cases[3], cases[5]], kind="investigation_12_months").update(
        due_on=today - timedelta(days=30), due_at=timezone.now() - timedelta(days=30)
    )
    _suspend(personas, cases[1], 10)
    _suspend(personas, cases[2], 100)
    _suspend(personas, cases[3], 300)
    return cases


def _figures(sections):
    """Every figure on the dashboard: plain figures, table cells and chart bars."""
    for section in sections:
        yield from section.figures
        for _caption, _headings, rows in section.tables:
            for row in rows:
                if isinstance(row, dashboard.Figure):
                    yield row
                else:
                    yield from row[1]
        for chart in section.charts:
            yield from chart.bars


def _count_behind(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


@pytest.mark.parametrize("persona", ["head", "authority"])
def test_every_figure_agrees_with_the_list_it_links_to(client, personas, department, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    figures = list(_figures(response.context["sections"]))
    assert len(figures) > 40
    assert sum(f.value for f in figures) > 0
    disagreements = [
        (f.label, f.url, f.value, behind) for f in figures if (behind := _count_behind(client, f.url)) != f.value
    ]
    assert disagreements == []


def test_the_figures_count_what_was_recorded(client, personas, department):
    client.force_login(personas.head)
    sections = {s.title: s for s in client.get(reverse("dashboard")).context["sections"]}
    assert sections["Open matters"].figures[0].value == 6
    assert {f.label: f.value for f in sections["Open matters"].tables[1][2]}["Public complaint"] == 2
    deadlines = {f.label: f.value for f in sections["Deadlines"].figures}
    assert deadlines["Investigations past 12 months"] == 2
    durations = {f.label: f.value for f in sections["Suspensions and restrictions in force"].charts[0].bars}
    assert durations == {"Up to 4 weeks": 1, "4 weeks to 3 months": 0, "3 to 6 months": 1, "Over 6 months": 1}
    outcome = {f.label: f.value for f in sections["Cases over the last 12 months"].charts[2].bars}
    assert outcome == {"Up to 90 days": 2, "91 to 180 days": 0, "181 to 365 days": 1, "Over a year": 1}
    assert sections["Early-warning flags"].figures[0].value >= 1  # the sexual-misconduct allegation


def test_the_dashboard_makes_a_bounded_number_of_queries(
    client, personas, department, team, django_assert_max_num_queries
):
    client.force_login(personas.head)
    with django_assert_max_num_queries(30):
        client.get(reverse("dashboard"))
    # Ten times the cases: the same bound.
    for n in range(10):
        make_case(personas.investigator, team, [PersonFactory(number=f"80{n:02d}")], origin=Origin.PUBLIC_COMPLAINT)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("dashboard"))
    assert response.context["sections"][0].figures[0].value == 16


@pytest.mark.parametrize("persona", ["investigator", "auditor", "admin"])
def test_others_get_404(client, personas, persona):
    client.force_login(getattr(personas, persona))
    for name in ("dashboard", "flag-list", "report-monthly"):
        assert client.get(reverse(name)).status_code == 404


def test_a_chart_bar_is_a_link_with_a_table_alternative(client, personas, department):
    client.force_login(personas.head)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="chart-bar"' in html and "as a table</span>" in html
    assert html.count("<svg") == 4


def test_bad_filter_values_on_the_lists_are_errors_on_the_filter_not_500s(client, personas, department):
    """Shown as errors, listing nothing (casework.views.filters), never a 500 nor ignored."""
    client.force_login(personas.head)
    for query, field in (
        ("stage_since_from=31/02/2026", "stage_since_from"),
        ("days_to_close_min=-1&days_to_close_max=99999999999", "days_to_close_min"),
    ):
        response = client.get(f"{reverse('case-list')}?{query}")
        assert response.status_code == 200
        assert field in {e["field"] for e in response.context["filter_errors"]}
        assert not response.context["page"].object_list
    assert client.get(f"{reverse('case-list')}?closed_from=\x00").context["filter_errors"] == []  # NUL cleaned: empty
    response = client.get(f"{reverse('suspension-list')}?tab=active&effective_from=nonsense")
    assert response.status_code == 200
    assert response.context["filter_errors"][0]["message"] == "In force from must be a real date, for example 27/3/2026"


def test_a_section_is_one_register_call(client, personas):
    def extra(user, today):
        return dashboard.SectionData("Access reviews in progress", figures=[dashboard.Figure("Open", 0, "/x/")])

    dashboard.register_section("extra-test", extra, order=5)
    try:
        client.force_login(personas.head)
        assert client.get(reverse("dashboard")).context["sections"][0].title == "Access reviews in progress"
    finally:
        dashboard.SECTIONS.pop("extra-test")


# Flag pages --------------------------------------------------------------------------------
@pytest.fixture
def flag(personas, team, officer):
    make_case(personas.investigator, team, [officer], categories=("sexual-misconduct",))
    return Flag.objects.get(person=officer, rule__code="any-sexual-misconduct")


def _say_why(client, person):
    from casework import audit
    from casework.models import ObjectKind

    session = client.session
    session[audit.SESSION_KEY] = {audit.object_key(ObjectKind.PERSON, person): "Oversight of flags"}
    session.save()


def test_the_flag_list_shows_open_flags(client, personas, flag):
    client.force_login(personas.authority)
    response = client.get(reverse("flag-list"))
    assert [f.pk for f in response.context["page"]] == [flag.pk]
    assert client.get(f"{reverse('flag-list')}?state=acknowledged").context["page"].paginator.count == 0


def test_a_flag_asks_why_first_then_logs_the_consultation(client, personas, flag, officer):
    from casework.models import Consultation

    client.force_login(personas.authority)
    assert client.get(reverse("flag-detail", args=[flag.pk])).status_code == 302
    _say_why(client, officer)
    response = client.get(reverse("flag-detail", args=[flag.pk]))
    assert response.status_code == 200
    assert "open_case" not in response.context["forms"]  # authorities do not record cases
    assert Consultation.objects.filter(person=officer, user=personas.authority).exists()


def test_acknowledging_a_flag_from_its_page(client, personas, flag, officer):
    client.force_login(personas.head)
    _say_why(client, officer)
    url = reverse("flag-detail", args=[flag.pk])
    response = client.post(url, {"do": "acknowledge", "acknowledge-reason": ""})
    assert response.status_code == 200 and "Give your reasons" in response.content.decode()
    assert client.post(url, {"do": "acknowledge", "acknowledge-reason": "Case in hand."}).status_code == 302
    flag.refresh_from_db()
    assert (flag.state, flag.resolved_by, flag.resolution_reason) == (
        FlagState.ACKNOWLEDGED,
        personas.head,
        "Case in hand.",
    )


def test_acting_on_a_flag_by_opening_a_case(client, personas, flag, officer, team):
    client.force_login(personas.head)
    _say_why(client, officer)
    url = reverse("flag-detail", args=[flag.pk])
    client.post(url, {"do": "open_case", "open_case-reason": "Pattern to examine.", "open_case-team": team.pk})
    flag.refresh_from_db()
    assert flag.state == FlagState.ACTED and flag.action_case.subjects.get().person == officer


def test_an_authority_may_not_post_the_open_case_form(client, personas, flag, officer, team):
    client.force_login(personas.authority)
    _say_why(client, officer)
    url = reverse("flag-detail", args=[flag.pk])
    response = client.post(url, {"do": "open_case", "open_case-reason": "x", "open_case-team": team.pk})
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.state == FlagState.OPEN


def test_setting_monitoring_from_the_person_page(client, personas, officer):
    client.force_login(personas.authority)
    _say_why(client, officer)
    url = reverse("person-monitoring", args=[officer.pk])
    bad = client.post(url, {"reason": "Concern", "starts_on": "10/11/2026", "ends_on": "01/11/2026"})
    assert bad.status_code == 200 and not Monitoring.objects.exists()
    response = client.post(url, {"reason": "Concern from the line manager.", "starts_on": "10/11/2026"})
    assert response.status_code == 302
    assert Flag.objects.filter(person=officer, rule__code="monitored", state=FlagState.OPEN).exists()
    person_page = client.get(reverse("person-detail", args=[officer.pk]))
    assert "Marked for monitoring" in person_page.content.decode()


def test_the_person_page_shows_flags_to_managers_only(client, personas, flag, officer):
    client.force_login(personas.head)
    _say_why(client, officer)
    assert (
        "Any sexual-misconduct allegation" in client.get(reverse("person-detail", args=[officer.pk])).content.decode()
    )
    client.force_login(personas.investigator)  # their own case's subject: no purpose asked
    assert client.get(reverse("person-detail", args=[officer.pk])).context["flags_panel"] is None


def test_evaluation_is_bounded_in_queries(personas, officer, team, django_assert_max_num_queries):
    for _ in range(3):
        make_case(personas.investigator, team, [officer])
    with django_assert_max_num_queries(10):
        early_warning.evaluate_person(officer)


def test_a_flag_raised_by_a_restricted_case_stays_with_those_who_may_open_it(client, personas, team, home_force):
    hidden = PersonFactory(force=home_force, number="7777")
    make_case(personas.investigator, team, [hidden], categories=("sexual-misconduct",), sensitivity="restricted")
    flag = Flag.objects.get(person=hidden, rule__code="any-sexual-misconduct")
    client.force_login(personas.authority)
    assert flag not in client.get(reverse("flag-list")).context["page"].object_list
    assert client.get(reverse("flag-detail", args=[flag.pk])).status_code == 404
    sections = {s.title: s for s in client.get(reverse("dashboard")).context["sections"]}
    assert sections["Early-warning flags"].figures[0].value == 0


def test_access_reviews_in_progress_agree_with_the_exercise_list(client, personas, team):
    from conduct.access_reviews import services as access_reviews
    from conduct.models import AccessExercise, ExerciseDecision, ExerciseState

    def exercise(name, state):
        made = access_reviews.create_exercise(
            user=personas.investigator,
            data=access_reviews.ExerciseInput(name=name, team=team, record_reference=f"R-{name}"),
        )
        decided = {"decision": ExerciseDecision.NO_FURTHER_ACTION, "decided_at": timezone.now()}
        AccessExercise.objects.filter(pk=made.pk).update(
            state=state, **(decided if state == ExerciseState.DECIDED else {})
        )

    exercise("one", ExerciseState.DRAFT)
    exercise("two", ExerciseState.COLLECTING)
    exercise("three", ExerciseState.COLLECTING)
    exercise("four", ExerciseState.DECIDED)
    client.force_login(personas.head)
    sections = client.get(reverse("dashboard")).context["sections"]
    section = next(s for s in sections if s.title == "Access reviews in progress")
    values = {f.label: f.value for f in section.figures}
    assert values["In progress"] == 3 and values["Collecting responses"] == 2 and values["Draft"] == 1
    for figure in section.figures:
        assert _count_behind(client, figure.url) == figure.value, figure.label
    # An unknown state on the list is ignored, not an error.
    assert _count_behind(client, reverse("access-review-list") + "?state=nonsense") == 4


def test_authorities_see_access_reviews_on_the_dashboard(client, personas):
    client.force_login(personas.authority)
    titles = [s.title for s in client.get(reverse("dashboard")).context["sections"]]
    assert "Access reviews in progress" in titles  # authorities read the boards (conduct.permissions)


def test_a_flags_restricted_evidence_is_not_counted_as_a_case_you_cannot_open(client, personas, flag, officer, team):
    hidden = make_case(personas.investigator, team, [officer], sensitivity="restricted")
    Flag.objects.filter(pk=flag.pk).update(evidence={"cases": [*flag.evidence["cases"], hidden.pk]})
    client.force_login(personas.authority)
    _say_why(client, officer)
    response = client.get(reverse("flag-detail", args=[flag.pk]))
    assert response.context["hidden_count"] == 0
    assert "further case" not in response.content.decode()


@pytest.mark.parametrize(
    ("closed_at", "counted"),
    [
        ("2026-07-10T23:30:00+01:00", True),  # late on the last day, British Summer Time
        ("2026-07-11T00:10:00+01:00", False),  # just after it: 23:10 UTC the same day
        ("2026-07-01T00:00:00+01:00", True),  # the first instant of the first day
        ("2026-06-30T23:59:59+01:00", False),
        ("2026-01-31T23:59:59+00:00", False),  # winter: London is UTC
    ],
)
def test_closed_between_counts_local_days_whatever_the_offset(personas, team, closed_at, counted):
    """The range on the column (conduct.cases.selectors) keeps the meaning the local-day test had."""
    from datetime import date, datetime

    from conduct.cases.selectors import closed_between

    case = make_case(personas.investigator, team, [PersonFactory(number="7101")])
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_at=datetime.fromisoformat(closed_at), closure_reason="Done."
    )
    found = Case.objects.filter(closed_between(date(2026, 7, 1), date(2026, 7, 10)), pk=case.pk).exists()
    assert found is counted


def test_time_in_stage_counts_a_case_once_per_bucket_its_subjects_are_in(personas, team):
    """Counted by hand: one case with subjects 5 and 100 days in their stages counts in both
    buckets; a concluded subject counts in none; a closed case is not counted."""
    now = timezone.now()
    two = make_case(personas.investigator, team, [PersonFactory(number="7201"), PersonFactory(number="7202")])
    first, second = two.subjects.order_by("pk")
    Proceedings.objects.filter(subject=first).update(stage=Stage.INVESTIGATION, stage_since=now - timedelta(days=5))
    Proceedings.objects.filter(subject=second).update(stage=Stage.HEARING, stage_since=now - timedelta(days=100))
    done = make_case(personas.investigator, team, [PersonFactory(number="7203")])
    Proceedings.objects.filter(subject__case=done).update(stage=Stage.CONCLUDED, stage_since=now - timedelta(days=5))
    closed = make_case(personas.investigator, team, [PersonFactory(number="7204")])
    Proceedings.objects.filter(subject__case=closed).update(stage_since=now - timedelta(days=5))
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, closed_at=now, closure_reason="Done.")
    ageing = dashboard.ageing(personas.head, timezone.localdate())
    in_stage = {f.label: f.value for f in ageing.tables[1][2]}
    assert in_stage == {"Up to 30 days": 1, "31 to 90 days": 0, "91 to 180 days": 1, "Over 180 days": 0}
