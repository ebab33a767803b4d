"""`manage.py restore DUMP --target NAME`: restore a backup into the named database, then
verify every audit chain of the restored copy (casework/backups.py, docs/operations.md).

A database that holds tables is overwritten only with `--force` AND `--confirm NAME` (its name
typed again). The restore fails (exit 1) when `verify_audit` finds a broken chain in the copy:
do not put such a copy into service; report it."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from casework import backups
from casework.management.commands.migrate import connected_as


class Command(BaseCommand):
    help = "Restore a backup into a named database and verify its audit chains."

    def add_arguments(self, parser):
        parser.add_argument("dump", help="the .dump file made by `manage.py backup`")
        parser.add_argument("--target", required=True, help="the database to restore into (created if missing)")
        parser.add_argument("--force", action="store_true", help="overwrite a database that holds tables")
        parser.add_argument("--confirm", default="", help="with --force: the target's name again")
        parser.add_argument(
            "--anchor-dir",
            help="the anchors to verify against (default: those copied beside the dump, else AUDIT_ANCHOR_DIR)",
        )

    def handle(self, *args, dump, target, force, confirm, anchor_dir, **options):
        overwrite = force and confirm == target
        if force and not overwrite:
            raise CommandError(f"--force needs --confirm {target} (the target database's name again)")
        destination = backups.owner_target().with_name(target)
        try:
            backups.restore(Path(dump), destination, overwrite=overwrite)
        except backups.BackupError as exc:
            hint = " (add --force --confirm NAME to overwrite it)" if "refusing" in str(exc) else ""
            raise CommandError(f"Restore failed: {exc}{hint}") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {dump} into {target}; verifying its audit chains"))
        self.verify(destination, anchor_dir or self.anchors_for(Path(dump)))

    def anchors_for(self, dump: Path):
        beside = backups.anchors_beside(dump)
        return str(beside) if beside.is_dir() else None

    def verify(self, destination, anchor_dir):
        anchors = {"AUDIT_ANCHOR_DIR": anchor_dir} if anchor_dir else {}
        try:
            with connected_as("default", destination.settings), override_settings(**anchors):
                call_command("verify_audit", stdout=self.stdout, stderr=self.stderr)
        except CommandError as exc:
            raise CommandError(
                f"THE RESTORED COPY IN {destination.name} FAILED AUDIT VERIFICATION: {exc}. "
                "Do not put it into service; keep the dump and report it."
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"{destination.name}: every audit chain verified"))
