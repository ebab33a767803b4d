"""`manage.py import_people FILE [--dry-run] [--user USERNAME]`: the HR import from the command line.

The same checks as the web upload (casework.people_import): the whole file is checked first,
every bad line is printed, and a file with any problem changes nothing and exits non-zero.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from casework import people_import as service
from casework.models import User
from casework.permissions import can_import_people
from casework.roles import Role


class Command(BaseCommand):
    help = "Import people from an HR CSV file (see docs/people-import.md). Nothing changes if any row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file")
        parser.add_argument("--dry-run", action="store_true", help="check and count only; change nothing")
        parser.add_argument("--user", help="username of the administrator the import is recorded against")

    def handle(self, *args, file, dry_run=False, user=None, **options):
        path = Path(file)
        content = self._read(path)
        if dry_run:
            plan = service.check_content(content)
            self._report(plan.errors, plan.counts())
            self.stdout.write("Dry run: nothing was changed.")
            return
        people_import = service.preview_import(filename=path.name, content=content, user=self._acting_user(user))
        self._report(people_import.errors, people_import.summary)
        try:
            counts = service.apply_import(people_import, user=people_import.uploaded_by)
        except service.ImportRejected as rejected:
            self._report(rejected.errors, {})
            raise CommandError(rejected.message) from rejected
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged."
            )
        )

    def _read(self, path: Path) -> str:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        try:
            return service.decode_upload(data)
        except service.ImportRejected as rejected:
            raise CommandError(f"{path}: {rejected.message}") from rejected

    def _acting_user(self, username):
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None or not can_import_people(user):
                raise CommandError(f"{username} is not an active administrator, so cannot import people.")
            return user
        user = (
            User.objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=Role.ADMINISTRATOR.label))
            .order_by("pk")
            .first()
        )
        if user is None:
            raise CommandError("There is no active administrator or superuser to record the import against.")
        return user

    def _report(self, errors, counts):
        """Print every bad line and stop, or print the counts."""
        for error in errors:
            self.stderr.write(f"Line {error['line']}: {error['message']}")
        if errors:
            lines = len({error["line"] for error in errors})
            raise CommandError(f"{lines} line(s) of the file need fixing; nothing was changed.")
        if counts:
            self.stdout.write(
                f"{counts['created']} to create, {counts['updated']} to update, {counts['unchanged']} unchanged."
            )
