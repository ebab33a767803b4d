"""The retention schedule is data with its sources; a record falls due for review when its period
has run from its start date, or on the next review date a reviewer set when keeping it."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import PeopleImport
from conduct.models import RecordType, RetentionRule
from conduct.records import selectors, services

pytestmark = pytest.mark.django_db


def rule(record_type):
    return RetentionRule.objects.get(record_type=record_type)


def test_every_record_type_has_a_period_counted_from_a_date_with_its_source():
    rules = {r.record_type: r for r in RetentionRule.objects.all()}
    assert set(rules) == set(RecordType.values)
    for r in rules.values():
        assert r.retention_months > 0 and r.counted_from and r.source
        # No text we could read sets these periods: each says it is force policy, to confirm.
        assert r.status == "to_confirm" and "force policy, to confirm" in r.source.lower()
    assert "s.39" in rules[RecordType.CONDUCT_CASE].source
    # The logs cannot be disposed of without breaking their append-only guarantee: said so.
    for record_type in (RecordType.CONSULTATION_LOG, RecordType.LETTER):
        assert not rules[record_type].disposable
        assert "append-only" in rules[record_type].disposal_note


def test_a_closed_case_falls_due_when_its_period_has_run_from_closure(personas, case, close):
    conduct = rule(RecordType.CONDUCT_CASE)
    close(case, timezone.make_aware(datetime(2020, 3, 10, 12)), personas.investigator)
    review_on = date(2020 + conduct.retention_months // 12, 3, 10)
    assert not selectors.due_records(conduct, review_on - timedelta(days=1)).exists()
    assert list(selectors.due_records(conduct, review_on)) == [case]
    [row] = selectors.describe(conduct, selectors.due_records(conduct, review_on))
    assert (row.label, row.started_on, row.review_on) == (case.reference, date(2020, 3, 10), review_on)
    # A complaint's schedule is its own: this conduct matter is not in it.
    assert not selectors.due_records(rule(RecordType.COMPLAINT_CASE), review_on).exists()


def test_an_open_case_is_never_due(case):
    assert not selectors.due_records(rule(RecordType.CONDUCT_CASE), date(2099, 1, 1)).exists()


def test_keeping_a_record_moves_its_review_to_the_date_set(personas, old_case):
    conduct = rule(RecordType.CONDUCT_CASE)
    today = timezone.localdate()
    assert selectors.is_due(conduct, old_case, today)
    services.keep(
        user=personas.admin,
        record_type=RecordType.CONDUCT_CASE,
        record=old_case,
        reason="A civil claim is expected",
        next_review_on=today + timedelta(days=90),
    )
    assert not selectors.is_due(conduct, old_case, today)
    assert selectors.is_due(conduct, old_case, today + timedelta(days=90))
    assert selectors.review_date(conduct, old_case) == today + timedelta(days=90)


def test_keeping_needs_a_reason_and_a_future_date_within_ten_years(personas, old_case):
    today = timezone.localdate()
    with pytest.raises(services.RecordsRefused) as refusal:
        services.keep(
            user=personas.admin, record_type=RecordType.CONDUCT_CASE, record=old_case, reason=" ", next_review_on=today
        )
    assert refusal.value.problems == [
        ("Say why the record is still needed", "reason"),
        ("The next review date must be in the future", "next_review_on"),
    ]
    with pytest.raises(services.RecordsRefused, match="within 10 years"):
        services.keep(
            user=personas.admin,
            record_type=RecordType.CONDUCT_CASE,
            record=old_case,
            reason="Needed",
            next_review_on=today + timedelta(days=11 * 366),
        )


def test_a_people_import_falls_due_after_its_own_period(personas):
    imports = rule(RecordType.PEOPLE_IMPORT)
    upload = PeopleImport.objects.create(
        filename="hr.csv", content="number,name", sha256="0" * 64, status="applied", uploaded_by=personas.admin
    )
    uploaded_on = timezone.localdate()
    assert not selectors.is_due(imports, upload, uploaded_on)
    later = uploaded_on + timedelta(days=31 * imports.retention_months + 1)
    assert selectors.is_due(imports, upload, later)


def test_the_review_list_is_paginated_filtered_by_type_and_the_administrators(client, personas, old_case):
    client.force_login(personas.admin)
    page = client.get(reverse("records-due"), {"type": RecordType.CONDUCT_CASE})
    assert page.status_code == 200
    assert old_case.reference in page.content.decode()
    assert reverse("records-dispose", args=[RecordType.CONDUCT_CASE, old_case.pk]) in page.content.decode()
    other = client.get(reverse("records-due"), {"type": RecordType.PEOPLE_IMPORT})
    assert old_case.reference not in other.content.decode()
    assert client.get(reverse("records-due"), {"type": "nonsense"}).status_code == 404
    assert client.get(reverse("records-due"), {"type": RecordType.CONSULTATION_LOG}).status_code == 404
    for persona in (personas.head, personas.investigator, personas.auditor):
        client.force_login(persona)
        assert client.get(reverse("records-due")).status_code == 404


def test_the_review_list_reads_a_fixed_number_of_queries(
    client, personas, team, officer, close, django_assert_max_num_queries
):
    from tests.factories import make_case

    for n in range(3):
        close(
            make_case(personas.investigator, team, [officer], summary=f"Old {n}"),
            timezone.now() - timedelta(days=3000),
            personas.investigator,
        )
    client.force_login(personas.admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("records-due"), {"type": RecordType.CONDUCT_CASE}).status_code == 200


def test_the_schedule_page_shows_each_period_and_its_source(client, personas):
    client.force_login(personas.head)
    text = client.get(reverse("records-schedule")).content.decode()
    for r in RetentionRule.objects.all():
        assert r.get_record_type_display() in text
    assert "Cannot be disposed of in the application" in text
