"""Backups that restore (issue 23, point 6): `manage.py backup` dumps the test database (real
pg_dump) with its anchors, `manage.py restore` puts it into a fresh database (real pg_restore)
and verifies every audit chain there; a non-empty target is refused unless told twice; a copy
whose chain is broken fails the restore loudly."""

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casework import backups
from casework.models import Consultation
from casework.tasks import anchor_audit_chains
from tests.casework.test_audit_chain import tamper

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def anchor_dir(settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = str(tmp_path / "anchors")
    return tmp_path / "anchors"


@pytest.fixture
def restored():
    """The name of a database to restore into; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = backups.owner_target().with_name("postgres")
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    with psycopg.connect(**backups._connect_kwargs(admin)) as conn:
        conn.execute(drop)
    yield name
    with psycopg.connect(**backups._connect_kwargs(admin)) as conn:
        conn.execute(drop)


@pytest.fixture
def audited(client, personas, case, anchor_dir):
    """Five consultations of the case (a keyed chain) and an anchor of its head."""
    client.force_login(personas.investigator)
    for _ in range(5):
        assert client.get(case.get_absolute_url()).status_code == 200
    assert anchor_audit_chains()["consultation log"]
    return list(Consultation.objects.order_by("id").values_list("id", "hash"))


def rows_in(name):
    with psycopg.connect(**backups._connect_kwargs(backups.owner_target().with_name(name))) as conn:
        return conn.execute("SELECT id, hash FROM casework_consultation ORDER BY id").fetchall()


def test_a_backup_restores_into_a_fresh_database_with_its_chains_verified(audited, restored, tmp_path, capsys):
    dump = tmp_path / "psd.dump"
    call_command("backup", output=str(dump))
    assert dump.stat().st_size > 0 and (tmp_path / "psd.dump.sha256").exists()
    assert (tmp_path / "psd.dump.anchors" / "consultation-log.jsonl").exists()

    call_command("restore", str(dump), target=restored)
    out = capsys.readouterr().out
    assert "Consultation log intact: 5 entries, 1 anchors matched" in out
    assert f"{restored}: every audit chain verified" in out
    assert rows_in(restored) == audited

    # The copy now holds tables: refused, unless --force AND its name typed again.
    with pytest.raises(CommandError, match="refusing to overwrite"):
        call_command("restore", str(dump), target=restored)
    with pytest.raises(CommandError, match="--force needs --confirm"):
        call_command("restore", str(dump), target=restored, force=True, confirm="psd")
    call_command("restore", str(dump), target=restored, force=True, confirm=restored)
    assert rows_in(restored) == audited


def test_a_restored_copy_with_a_broken_chain_fails_loudly(audited, restored, tmp_path):
    first_id = audited[0][0]
    tamper("UPDATE casework_consultation SET purpose = 'edited' WHERE id = %s", [first_id])
    dump = tmp_path / "psd.dump"
    call_command("backup", output=str(dump))
    with pytest.raises(CommandError, match=f"THE RESTORED COPY IN {restored} FAILED AUDIT VERIFICATION"):
        call_command("restore", str(dump), target=restored)


def test_a_damaged_dump_is_refused_before_anything_is_restored(audited, restored, tmp_path):
    dump = tmp_path / "psd.dump"
    call_command("backup", output=str(dump))
    with dump.open("r+b") as f:
        f.seek(100)
        f.write(b"\x00" * 16)
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("restore", str(dump), target=restored)
