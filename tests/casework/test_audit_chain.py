"""The keyed audit chains and their anchors outside the database (casework/audit.py,
casework/anchors.py): verify_audit reports an edited row, a deleted tail and a chain recomputed
with or without the key. Tampering is done as it would be by someone with the tables' owner's
rights: triggers disabled, rows rewritten with SQL."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from casework import anchors
from casework.audit import CHAINS, CONSULTATIONS, entry_hash, unkeyed_entry_hash, verify_chain
from casework.models import Consultation
from casework.tasks import anchor_audit_chains

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchor_dir(settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = str(tmp_path / "anchors")
    return tmp_path / "anchors"


@pytest.fixture
def logged(client, personas, case):
    """Four consultations of the case, oldest first."""
    client.force_login(personas.investigator)
    for _ in range(4):
        assert client.get(case.get_absolute_url()).status_code == 200
    return list(Consultation.objects.order_by("id"))


def tamper(sql, params=()):
    """As the tables' owner: the append-only triggers off, one statement, triggers on again."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks before ALTER
        cursor.execute("ALTER TABLE casework_consultation DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE casework_consultation ENABLE TRIGGER USER")


def recompute(hash_function, from_id=0, before_id=None):
    """Rewrite every hash from from_id (up to before_id) so that each link matches again."""
    entries = list(Consultation.objects.order_by("id"))
    previous = "0" * 64
    for entry in entries:
        if entry.pk >= from_id and (before_id is None or entry.pk < before_id):
            new_hash = hash_function(previous, CONSULTATIONS.fields(entry))
            tamper(
                "UPDATE casework_consultation SET previous_hash = %s, hash = %s WHERE id = %s",
                [previous, new_hash, entry.pk],
            )
            entry.hash = new_hash
        previous = entry.hash


def verify_audit_fails(match):
    with pytest.raises(CommandError, match=match):
        call_command("verify_audit")


def test_each_hash_is_an_hmac_under_the_configured_key(logged, settings):
    first = logged[0]
    fields = CONSULTATIONS.fields(first)
    assert first.hash == entry_hash("0" * 64, fields, b"test-only-audit-chain-key")
    assert first.hash != unkeyed_entry_hash("0" * 64, fields)
    assert verify_chain() is None
    settings.AUDIT_CHAIN_KEY = "another-key"
    assert verify_chain() == first  # a different key verifies nothing


def test_nothing_is_written_without_a_key(client, personas, case, settings):
    client.force_login(personas.investigator)  # (the sign-in itself is logged, under the key)
    settings.AUDIT_CHAIN_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="AUDIT_CHAIN_KEY"):
        client.get(case.get_absolute_url())


def test_verify_audit_reports_an_edited_row(logged, anchor_dir):
    anchor_audit_chains()
    tamper("UPDATE casework_consultation SET purpose = 'edited' WHERE id = %s", [logged[1].pk])
    verify_audit_fails(f"Consultation log broken at entry {logged[1].pk}")


def test_verify_audit_reports_a_deleted_tail(logged, anchor_dir):
    call_command("verify_audit")
    anchor_audit_chains()
    tamper("DELETE FROM casework_consultation WHERE id >= %s", [logged[2].pk])
    assert verify_chain() is None  # what is left still links up: only the anchor shows the loss
    verify_audit_fails(f"entry {logged[-1].pk}, the head anchored at .* after 4 entries, is missing")


def test_verify_audit_reports_a_chain_recomputed_with_the_key(logged, anchor_dir):
    anchor_audit_chains()
    tamper("UPDATE casework_consultation SET purpose = 'edited' WHERE id = %s", [logged[1].pk])
    recompute(entry_hash, from_id=logged[1].pk)
    assert verify_chain() is None  # whoever holds the key can make the hashes agree again
    verify_audit_fails(f"entry {logged[-1].pk} does not match the anchor of .*: the chain was rewritten")


def test_verify_audit_reports_a_chain_recomputed_without_the_key(logged, anchor_dir):
    anchor_audit_chains()
    tamper("UPDATE casework_consultation SET purpose = 'edited' WHERE id = %s", [logged[1].pk])
    recompute(unkeyed_entry_hash, from_id=logged[1].pk)
    verify_audit_fails(f"broken at entry {logged[1].pk}")  # an unkeyed hash after keyed ones


def test_verify_audit_reports_a_whole_chain_passed_off_as_written_before_the_key(logged, anchor_dir):
    anchor_audit_chains()
    tamper("UPDATE casework_consultation SET purpose = 'edited' WHERE id = %s", [logged[1].pk])
    recompute(unkeyed_entry_hash)
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    assert "does not match the anchor" in str(failure.value)
    assert "(and 1 more problems)" in str(failure.value)  # the switch-over point moved too


def test_entries_from_before_the_key_are_accepted_only_as_a_prefix_pinned_by_the_first_keyed_one(
    client, personas, case, logged, anchor_dir, capsys
):
    recompute(unkeyed_entry_hash)  # as an older release wrote them
    client.get(case.get_absolute_url())  # the first keyed entry links to the last unkeyed one
    keyed = Consultation.objects.latest("id")
    call_command("verify_audit")
    assert f"the 4 entries before {keyed.pk} predate the key" in capsys.readouterr().out
    anchor_audit_chains()
    (anchor_line,) = (anchor_dir / "consultation-log.jsonl").read_text().splitlines()
    assert json.loads(anchor_line)["keyed_from"] == keyed.pk
    # An unkeyed entry edited and the unkeyed part recomputed: the keyed entry no longer links.
    tamper("UPDATE casework_consultation SET purpose = 'edited' WHERE id = %s", [logged[0].pk])
    recompute(unkeyed_entry_hash, before_id=keyed.pk)
    verify_audit_fails(f"broken at entry {keyed.pk}")


def test_the_anchor_file_grows_only_when_the_head_moves_and_forged_lines_are_reported(
    client, personas, case, logged, anchor_dir
):
    # Every registered chain is anchored; each other app's chain (account log, link events...)
    # is anchored the same way as these two.
    first = anchor_audit_chains()
    assert set(first) == set(CHAINS) and first["consultation log"] and first["disclosure log"]
    assert not any(anchor_audit_chains().values())
    client.get(case.get_absolute_url())
    assert anchor_audit_chains()["consultation log"] is True
    path = anchor_dir / "consultation-log.jsonl"
    lines = path.read_text().splitlines()
    assert [json.loads(line)["count"] for line in lines] == [4, 5]
    forged = json.loads(lines[-1]) | {"count": 3}
    with path.open("a") as file:
        file.write(json.dumps(forged) + "\n")
    verify_audit_fails("line 3 of .* is not an authentic anchor")


def test_verify_audit_warns_when_no_anchor_directory_is_configured(logged, settings, capsys):
    settings.AUDIT_ANCHOR_DIR = ""
    call_command("verify_audit")
    assert "AUDIT_ANCHOR_DIR is not set" in capsys.readouterr().err
    with pytest.raises(ImproperlyConfigured):
        anchors.write_anchor(CONSULTATIONS)


def test_the_beat_anchors_the_chains():
    from config.celery import app

    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "casework.tasks.anchor_audit_chains" in schedule
