"""`manage.py backup [--output FILE]`: a custom-format dump of the database, its SHA-256 and a
copy of the audit anchors beside it (casework/backups.py, docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from casework import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc) with a copy of the audit anchors and a SHA-256 file."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the dump's path (default: BACKUP_DIR/psd-<db>-<UTC time>.dump)")

    def handle(self, *args, output=None, **options):
        try:
            made = backups.backup(output)
        except backups.BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Backed up to {made.dump} ({made.size:,} bytes)"))
        self.stdout.write(f"  SHA-256 {made.sha256} (in {made.dump.name}.sha256)")
        if made.anchors:
            self.stdout.write(f"  audit anchors copied to {made.anchors}")
        else:
            self.stdout.write(self.style.WARNING("  AUDIT_ANCHOR_DIR is not set: no anchors copied"))
