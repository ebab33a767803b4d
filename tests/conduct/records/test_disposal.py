"""Disposal: reasoned, confirmed, refused while a legal hold stands, logged in the hash-chained
disposal log that `verify_audit` checks; the append-only logs are never touched."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from casework.audit import CHAINS, verify_chain
from casework.models import Case, ComplainantContact, Consultation, PeopleImport
from conduct.models import Allegation, DisposalEntry, LegalHold, RecordType
from conduct.records import services

pytestmark = pytest.mark.django_db
REASON = "Past its retention period; no hold, no live warning, nothing outstanding."


def dispose(user, record, record_type=RecordType.CONDUCT_CASE, reason=REASON):
    return services.dispose(user=user, record_type=record_type, record=record, reason=reason)


def test_disposing_of_a_case_removes_its_narrative_and_keeps_a_tombstone(personas, old_case):
    entry = dispose(personas.admin, old_case)
    case = Case.objects.get(pk=old_case.pk)
    assert case.summary.startswith("[Disposed of on") and case.complainant_name == ""
    assert not ComplainantContact.objects.filter(case=case).exists()
    for allegation in Allegation.objects.filter(subject__case=case):
        assert allegation.description == case.summary and allegation.location == ""
    assert entry.removed == [
        "the case summary",
        "the complainant's name",
        "the complainant's contact details",
        "what is alleged and where, in 2 allegations",
    ]
    assert (entry.user, entry.object_label, entry.reason) == (personas.admin, case.reference, REASON)
    assert "append-only" in entry.kept


def test_verify_audit_passes_after_a_disposal_and_shows_it(personas, old_case, client, capsys):
    client.force_login(personas.investigator)
    client.get(old_case.get_absolute_url())  # a consultation of the case, in the consultation log
    dispose(personas.admin, old_case)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Disposal log intact: 1 entries" in out
    assert "Consultation log intact" in out
    assert Consultation.objects.filter(case=old_case).exists()  # the log of who looked stays whole


def test_the_disposal_log_is_append_only_and_chained(personas, old_case):
    dispose(personas.admin, old_case)
    table = DisposalEntry._meta.db_table
    for statement in [f"UPDATE {table} SET reason = 'nothing'", f"DELETE FROM {table}"]:  # noqa: S608
        with pytest.raises(DatabaseError, match="Cannot update or delete"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
    assert verify_chain(CHAINS["disposal log"]) is None


def test_an_edited_disposal_entry_is_found_by_verify_audit(personas, old_case):
    from django.core.management.base import CommandError

    entry = dispose(personas.admin, old_case)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {DisposalEntry._meta.db_table} DISABLE TRIGGER USER")
        cursor.execute(f"UPDATE {DisposalEntry._meta.db_table} SET reason = 'edited' WHERE id = %s", [entry.pk])  # noqa: S608
        cursor.execute(f"ALTER TABLE {DisposalEntry._meta.db_table} ENABLE TRIGGER USER")
    with pytest.raises(CommandError, match=f"broken at entry {entry.pk}"):
        call_command("verify_audit")


def test_a_legal_hold_on_the_case_blocks_disposal_until_it_is_lifted(personas, old_case):
    hold = services.place_hold(user=personas.head, case=old_case, reason="Employment tribunal claim lodged")
    from conduct.models import RetentionRule
    from conduct.records import selectors

    rule = RetentionRule.objects.get(record_type=RecordType.CONDUCT_CASE)
    assert old_case not in selectors.due_records(rule, timezone.localdate())
    with pytest.raises(services.RecordsRefused, match="under a legal hold"):
        dispose(personas.admin, old_case)
    assert not DisposalEntry.objects.exists()
    assert Case.objects.get(pk=old_case.pk).summary == old_case.summary
    services.lift_hold(user=personas.admin, hold=hold, reason="The claim was withdrawn")
    assert dispose(personas.admin, old_case).object_id == old_case.pk


def test_a_hold_on_a_subject_holds_every_case_they_are_a_subject_of(personas, old_case, officer):
    services.place_hold(user=personas.admin, person=officer, reason="Civil claim against the force")
    with pytest.raises(services.RecordsRefused, match="under a legal hold"):
        dispose(personas.admin, old_case)


def test_disposal_is_refused_with_every_problem_at_once_and_changes_nothing(personas, case):
    with pytest.raises(services.RecordsRefused) as refusal:
        dispose(personas.admin, case, reason="")
    assert refusal.value.problems[0] == ("Say why the record is no longer needed", "reason")
    assert "is not yet covered by the schedule" in refusal.value.problems[1][0]
    assert not DisposalEntry.objects.exists()


def test_a_record_is_disposed_of_once(personas, old_case):
    dispose(personas.admin, old_case)
    with pytest.raises(services.RecordsRefused, match="already been disposed of"):
        dispose(personas.admin, old_case)


def test_a_people_import_loses_its_file_and_keeps_its_row(personas):
    upload = PeopleImport.objects.create(
        filename="hr.csv",
        content="number,first_name\n1,Ann\n",
        sha256="a" * 64,
        status="applied",
        uploaded_by=personas.admin,
    )
    PeopleImport.objects.filter(pk=upload.pk).update(uploaded_at=timezone.now() - timedelta(days=800))
    entry = dispose(personas.admin, upload, RecordType.PEOPLE_IMPORT)
    upload.refresh_from_db()
    assert upload.content == "" and upload.sha256 == "a" * 64
    assert entry.removed == ["the uploaded file's contents (24 characters)"]


def test_records_the_schedule_says_cannot_be_disposed_of_are_refused(personas, old_case):
    with pytest.raises(services.RecordsRefused, match="does not review"):
        dispose(personas.admin, old_case, RecordType.CONSULTATION_LOG)


def test_the_confirmation_page_then_the_disposal(client, personas, old_case):
    url = reverse("records-dispose", args=[RecordType.CONDUCT_CASE, old_case.pk])
    client.force_login(personas.admin)
    page = client.get(url)
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    unconfirmed = client.post(url, {"reason": REASON})
    assert unconfirmed.status_code == 200
    assert "Confirm that you understand the disposal cannot be undone" in unconfirmed.content.decode()
    assert not DisposalEntry.objects.exists()
    done = client.post(url, {"reason": REASON, "confirm": "on"})
    assert done.status_code == 302 and DisposalEntry.objects.get().object_id == old_case.pk


def test_a_held_record_shows_no_disposal_form(client, personas, old_case):
    services.place_hold(user=personas.head, case=old_case, reason="Inquiry")
    client.force_login(personas.admin)
    url = reverse("records-dispose", args=[RecordType.CONDUCT_CASE, old_case.pk])
    page = client.get(url).content.decode()
    assert "under a legal hold" in page and "Dispose of the record</button>" not in page
    refused = client.post(url, {"reason": REASON, "confirm": "on"})
    assert refused.status_code == 200 and "under a legal hold" in refused.content.decode()
    assert LegalHold.objects.active().count() == 1 and not DisposalEntry.objects.exists()


@pytest.mark.parametrize("persona", ["head", "investigator", "authority", "auditor"])
def test_only_administrators_keep_or_dispose(client, personas, old_case, persona):
    client.force_login(getattr(personas, persona))
    for name in ("records-dispose", "records-keep"):
        url = reverse(name, args=[RecordType.CONDUCT_CASE, old_case.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": REASON, "confirm": "on"}).status_code == 404
    assert not DisposalEntry.objects.exists()


def test_the_keep_form_explains_bad_input(client, personas, old_case):
    client.force_login(personas.admin)
    url = reverse("records-keep", args=[RecordType.CONDUCT_CASE, old_case.pk])
    page = client.post(url, {"reason": "", "next_review_on": "31/02/2030"}).content.decode()
    assert "Say why the record is still needed" in page
    assert "The next review date must be a real date" in page
    past = client.post(url, {"reason": "Claim expected", "next_review_on": "1/1/2020"}).content.decode()
    assert "The next review date must be in the future" in past


@pytest.fixture
def old_exercise(personas, team, officer):
    from conduct.models import AccessEvent, AccessExercise, Accessor

    decided_at = timezone.now() - timedelta(days=7 * 366)
    exercise = AccessExercise.objects.create(
        name="Who opened the Smith crime report",
        record_reference="CR/123/19",
        team=team,
        owner=personas.investigator,
        response_working_days=10,
        state="decided",
        decision="no_further_action",
        decision_reasons="Every access was justified.",
        decided_by=personas.authority,
        decided_at=decided_at,
        created_by=personas.investigator,
    )
    for n in range(3):
        AccessEvent.objects.create(
            exercise=exercise,
            row_hash=f"00000000-0000-0000-0000-00000000000{n}",
            source_user_id="u4321",
            accessed_at=decided_at - timedelta(days=30, hours=n),
            action="view",
            record_reference="CR/123/19",
        )
    Accessor.objects.create(
        exercise=exercise,
        source_user_id="u4321",
        name=officer.full_name,
        person=officer,
        match_method="number",
        first_access_at=decided_at - timedelta(days=31),
        last_access_at=decided_at - timedelta(days=30),
        access_count=3,
    )
    return exercise


def test_an_access_review_loses_its_imported_log_and_keeps_its_findings(personas, old_exercise):
    entry = dispose(personas.admin, old_exercise, RecordType.ACCESS_REVIEW)
    assert entry.removed == ["the imported access log (3 rows)"]
    assert not old_exercise.events.exists()
    assert old_exercise.accessors.get().access_count == 3


def test_a_hold_on_an_accessor_holds_the_access_review(personas, old_exercise, officer):
    services.place_hold(user=personas.head, person=officer, reason="Misconduct claim about the access")
    with pytest.raises(services.RecordsRefused, match="under a legal hold"):
        dispose(personas.admin, old_exercise, RecordType.ACCESS_REVIEW)
    assert old_exercise.events.count() == 3
