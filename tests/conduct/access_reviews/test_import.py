"""Importing an access log: validate everything first, stream through COPY, group per accessor,
match to the register, and never import the same access twice."""

import io
from datetime import datetime

import pytest

from conduct.access_reviews import importer as access_import
from conduct.access_reviews import services as access_reviews
from conduct.access_reviews.importer import ImportInvalid
from conduct.models import AccessEvent, Accessor, MatchMethod
from tests.conduct.access_reviews.access_logs import access_line, access_log, log_for
from tests.factories import PersonFactory


def at(*parts):
    from casework.calendar import LONDON

    return datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def exercise(personas, team):
    return access_reviews.create_exercise(
        user=personas.investigator,
        data=access_reviews.ExerciseInput(name="Operation Linden", team=team, record_reference="CR-44/12345/26"),
    )


def _import(exercise, text, tmp_path=None):
    if tmp_path is not None:
        path = tmp_path / "log.csv"
        path.write_text(text, encoding="utf-8")
        return access_import.import_file(exercise, path)
    return access_import.import_file(exercise, io.BytesIO(text.encode()))


def test_accesses_are_grouped_per_accessor_and_matched_by_number_then_email(exercise, home_force, tmp_path):
    by_number = PersonFactory(force=home_force, number="1001", email="")
    by_email = PersonFactory(force=home_force, number="2002", email="kim.lee@police.example")
    text = access_log(
        [
            access_line("u1", "A Person", number="1001", at=datetime(2026, 9, 16, 9, 0)),
            access_line("u1", "A Person", number="1001", at=datetime(2026, 9, 17, 10, 30)),
            access_line("u1", "A Person", number="1001", at=datetime(2026, 9, 16, 8, 0), action="print"),
            access_line("u2", "Kim Lee", email="Kim.Lee@police.example", at=datetime(2026, 9, 18, 11, 0)),
            access_line("u3", "Nobody Known", email="nobody@police.example", number="9999"),
        ]
    )

    report = _import(exercise, text, tmp_path)

    assert (report.rows, report.added, report.accessors, report.unmatched) == (5, 5, 3, 1)
    first = Accessor.objects.get(exercise=exercise, source_user_id="u1")
    assert first.person == by_number and first.match_method == MatchMethod.NUMBER
    assert first.access_count == 3
    assert (first.first_access_at, first.last_access_at) == (at(2026, 9, 16, 8, 0), at(2026, 9, 17, 10, 30))
    second = Accessor.objects.get(exercise=exercise, source_user_id="u2")
    assert second.person == by_email and second.match_method == MatchMethod.EMAIL
    assert Accessor.objects.get(exercise=exercise, source_user_id="u3").person is None


def test_importing_the_same_file_twice_adds_nothing(exercise, home_force):
    PersonFactory(force=home_force, number="1001")
    text = log_for([("u1", "A Person", "", "1001"), ("u2", "B Person", "b@police.example", "")], accesses_each=3)
    _import(exercise, text)

    again = _import(exercise, text)

    assert (again.rows, again.added, again.duplicates) == (6, 0, 6)
    assert AccessEvent.objects.filter(exercise=exercise).count() == 6
    assert Accessor.objects.get(source_user_id="u1").access_count == 3


def test_a_later_file_adds_only_new_accesses_and_regroups(exercise):
    _import(exercise, access_log([access_line("u1", "A Person", number="1", at=datetime(2026, 9, 16, 9, 0))]))
    later = access_log(
        [
            access_line("u1", "A Person", number="1", at=datetime(2026, 9, 16, 9, 0)),
            access_line("u1", "A Person", number="1", at=datetime(2026, 9, 20, 9, 0)),
        ]
    )

    report = _import(exercise, later)

    assert report.added == 1
    accessor = Accessor.objects.get(source_user_id="u1")
    assert accessor.access_count == 2 and accessor.last_access_at.day == 20


def test_a_bad_file_changes_nothing_and_reports_every_bad_line(exercise):
    _import(exercise, access_log([access_line("u1", "A Person", number="1")]))
    text = access_log(
        [
            access_line("u2", "Good Row", number="2"),
            "u3,Too Few,,3,2026-09-16T09:00:00,view",  # line 3
            access_line("u4", "Bad Time", number="4").replace("2026-09-16T14:00:00", "16/09/2026 2pm"),  # line 4
            access_line("", "No Id", number="5"),  # line 5
            access_line("u6", "No Contact"),  # line 6
            access_line("u7", "Bad Email", email="not-an-email"),  # line 7
            access_line("u8", "Good Too", number="8"),
        ]
    )

    with pytest.raises(ImportInvalid) as raised:
        _import(exercise, text)

    assert [bad.line for bad in raised.value.errors] == [3, 4, 5, 6, 7]
    messages = [str(bad) for bad in raised.value.errors]
    assert "6 fields where the header has 8" in messages[0]
    assert "is not a date and time" in messages[1]
    assert "user_id is empty" in messages[2]
    assert "give an email or a person number" in messages[3]
    assert "is not an email address" in messages[4]
    assert AccessEvent.objects.filter(exercise=exercise).count() == 1
    assert list(Accessor.objects.values_list("source_user_id", flat=True)) == ["u1"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        ("user_id,name\nu1,A\n", "missing: email, person_number, timestamp"),
        ("user_id,name,email,person_number,timestamp,action,record_reference,system\n", "no accesses"),
    ],
)
def test_files_without_accesses_are_refused(exercise, text, message):
    with pytest.raises(ImportInvalid) as raised:
        _import(exercise, text)
    assert message in str(raised.value.errors[0])
    assert not Accessor.objects.exists()


def test_text_that_is_not_utf8_is_reported_not_a_crash(exercise):
    data = (
        access_log([access_line("u1", "A Person", number="1")]) + "u2,Caf\xe9,,2,2026-09-16T09:00:00,v,r,s\n"
    ).encode("latin-1")
    with pytest.raises(ImportInvalid) as raised:
        access_import.import_file(exercise, io.BytesIO(data))
    assert "cannot be read" in str(raised.value.errors[0])
    assert not Accessor.objects.exists()


def test_the_management_command_imports_a_path(exercise, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "log.csv"
    path.write_text(log_for([("u1", "A Person", "", "1")], accesses_each=2))

    call_command("import_access_log", str(exercise.pk), str(path))

    assert "2 rows, 2 new accesses, 1 accessors (1 not matched)" in capsys.readouterr().out
    assert Accessor.objects.get().access_count == 2


def test_the_management_command_reports_bad_lines(exercise, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "log.csv"
    path.write_text(access_log([access_line("u1", "A Person")]))
    with pytest.raises(CommandError, match="Line 2: give an email or a person number"):
        call_command("import_access_log", str(exercise.pk), str(path))


def test_an_exercise_about_a_case_is_built_from_the_consultation_log(personas, team, case, rf):
    from casework.audit import log_consultation
    from casework.models import ObjectKind

    for user in (personas.head, personas.head, personas.auditor):
        request = rf.get("/cases/x/")
        request.user = user
        log_consultation(request, kind=ObjectKind.CASE, obj=case, purpose="Audit or assurance", case=case)
    exercise = access_reviews.create_exercise(
        user=personas.investigator, data=access_reviews.ExerciseInput(name="Who opened it", team=team, case=case)
    )

    report = access_import.build_from_consultations(exercise)
    again = access_import.build_from_consultations(exercise)

    assert (report.added, report.accessors, again.added) == (3, 2, 0)
    head = Accessor.objects.get(exercise=exercise, source_user_id=f"user:{personas.head.pk}")
    assert head.access_count == 2
