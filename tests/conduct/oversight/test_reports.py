"""Monthly statistics: the figures for a chosen period, the page's GOV.UK date inputs
and their validation, the CSV and the PDF, bounded queries, and who may see them."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Deadline
from casework.models.cases import CaseStatus, Origin
from conduct.models import Conclusion, DutyDecision, Proceedings, Stage
from conduct.oversight import reports
from tests.conduct.oversight.helpers import reached, suspend
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db

OCTOBER = {"start_day": 1, "start_month": 10, "start_year": 2026, "end_day": 31, "end_month": 10, "end_year": 2026}


@pytest.fixture
def october(personas, team, home_force):
    """Cases received in October 2026 (and one in September, outside the period)."""
    people = [PersonFactory(force=home_force, number=f"55{n:02d}") for n in range(5)]
    made = [
        make_case(
            personas.investigator, team, [people[0]], origin=Origin.PUBLIC_COMPLAINT, received_on=date(2026, 10, 1)
        ),
        make_case(
            personas.investigator,
            team,
            [people[1]],
            origin=Origin.PUBLIC_COMPLAINT,
            received_on=date(2026, 10, 31),
            categories=("discrimination", "other"),
        ),
        make_case(
            personas.investigator, team, [people[2]], origin=Origin.INTERNAL_REPORT, received_on=date(2026, 10, 15)
        ),
        make_case(
            personas.investigator, team, [people[3]], origin=Origin.CONDUCT_MATTER, received_on=date(2026, 9, 30)
        ),
    ]
    # One subject concluded with no further action, and its case closed, in October.
    concluded = Proceedings.objects.get(subject__case=made[2])
    Proceedings.objects.filter(pk=concluded.pk).update(stage=Stage.CONCLUDED, conclusion=Conclusion.NFA)
    from datetime import datetime

    from casework.calendar import LONDON

    reached(
        concluded,
        action="no_further_action",
        from_stage=Stage.ASSESSMENT,
        to_stage=Stage.CONCLUDED,
        by=personas.investigator,
        at=datetime(2026, 10, 20, 10, tzinfo=LONDON),
    )
    Case.objects.filter(pk=made[2].pk).update(
        status=CaseStatus.CLOSED, closed_at=datetime(2026, 10, 31, 23, 30, tzinfo=LONDON), closure_reason="Done."
    )
    return made


def _table(report, title):
    return next(rows for t, _h, rows in report.tables if t.startswith(title))


def test_the_figures_for_a_period(personas, october):
    report = reports.monthly(personas.head, date(2026, 10, 1), date(2026, 10, 31))
    received = dict(_table(report, "Cases received"))
    assert received["Public complaint"] == 2 and received["Internal report"] == 1 and received["Total"] == 3
    categories = dict(_table(report, "Allegations on the cases received"))
    assert categories["Discrimination"] == 1 and categories["Other"] == 3
    outcomes = dict(_table(report, "Subjects concluded"))
    assert outcomes["No further action"] == 1
    assert outcomes["Cases closed"] == 1  # 23:30 on 31 October, London time, is in October


def test_the_period_edges_are_inclusive(personas, october):
    report = reports.monthly(personas.head, date(2026, 10, 2), date(2026, 10, 30))
    assert dict(_table(report, "Cases received"))["Total"] == 1  # the 1st and the 31st are outside


def test_suspension_days_inside_the_period(personas, october):
    decision = suspend(personas.authority, october[0].subjects.get())
    # In force from 20 September to 10 October: 10 days of it fall in October.
    DutyDecision.objects.filter(pk=decision.pk).update(
        effective_on=date(2026, 9, 20), ends_on=date(2026, 10, 10), state="ended", end_reason="Lifted on review."
    )
    report = reports.monthly(personas.head, date(2026, 10, 1), date(2026, 10, 31))
    suspensions = dict(_table(report, "Suspensions"))
    assert suspensions == {
        "Suspensions that took effect": 0,
        "Suspensions in force at any time": 1,
        "Days of suspension in the period": 10,
    }


def test_clock_timeliness(personas, october):
    deadline = Deadline.objects.filter(case=october[0]).first()
    Deadline.objects.filter(pk=deadline.pk).update(
        state="met",
        met_on=deadline.due_on + timedelta(days=1),
        closed_at=timezone.make_aware(timezone.datetime(2026, 10, 5, 12)),
        next_action_at=None,
        closed_by=personas.investigator,
    )
    report = reports.monthly(personas.head, date(2026, 10, 1), date(2026, 10, 31))
    rows = _table(report, "Legal clocks")
    assert [(r[1], r[2], r[3]) for r in rows] == [(0, 1, 0)]


def test_the_page_the_csv_and_the_pdf(client, personas, october):
    client.force_login(personas.authority)
    page = client.get(reverse("report-monthly"), OCTOBER)
    assert page.status_code == 200 and page.context["report"].start == date(2026, 10, 1)
    assert 'class="govuk-date-input"' in page.content.decode()
    response = client.get(reverse("report-monthly-csv"), OCTOBER)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Public complaint", "2"] in rows and ["Total", "3"] in rows
    pdf = client.get(reverse("report-monthly-pdf"), OCTOBER)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_csv_neutralises_names_an_administrator_can_edit(client, personas, october):
    from conduct.models import AllegationCategory

    AllegationCategory.objects.filter(code="social-media").update(name='=HYPERLINK("http://evil.example")')
    client.force_login(personas.authority)
    rows = list(csv.reader(io.StringIO(client.get(reverse("report-monthly-csv"), OCTOBER).content.decode())))
    assert any(row and row[0] == '\'=HYPERLINK("http://evil.example")' for row in rows)
    assert not any(row and row[0].startswith("=") for row in rows)


def test_without_a_period_the_page_shows_last_month(client, personas):
    client.force_login(personas.head)
    report = client.get(reverse("report-monthly")).context["report"]
    assert (report.start, report.end) == reports.previous_month()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start_day": 31, "start_month": 2}, "The start of the period must be a real date"),
        ({"end_year": ""}, "Enter the end of the period as a day, month and year"),
        ({"end_month": 13}, "The end of the period must be a real date"),
        ({"start_year": "abc"}, "The start of the period must be a real date"),
        ({"end_year": 2025}, "The end of the period must be on or after its start"),
        ({"start_year": 2000}, "The period can be at most five years"),
    ],
)
def test_bad_periods_are_shown_on_the_form_and_nothing_is_computed(client, personas, change, message):
    client.force_login(personas.head)
    response = client.get(reverse("report-monthly"), {**OCTOBER, **change})
    assert response.status_code == 200
    assert response.context["report"] is None
    assert message in response.content.decode()
    for name in ("report-monthly-csv", "report-monthly-pdf"):
        assert client.get(reverse(name), {**OCTOBER, **change}).status_code == 302  # back to the form


def test_the_report_makes_a_bounded_number_of_queries(client, personas, team, october, django_assert_max_num_queries):
    client.force_login(personas.head)
    with django_assert_max_num_queries(20):
        client.get(reverse("report-monthly"), OCTOBER)
    for n in range(10):
        make_case(personas.investigator, team, [PersonFactory(number=f"66{n:02d}")], received_on=date(2026, 10, 3))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("report-monthly"), OCTOBER)
    assert dict(_table(response.context["report"], "Cases received"))["Total"] == 13


def test_an_investigator_gets_404(client, personas):
    client.force_login(personas.investigator)
    for name in ("report-monthly", "report-monthly-csv", "report-monthly-pdf"):
        assert client.get(reverse(name), OCTOBER).status_code == 404
