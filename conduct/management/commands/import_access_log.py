"""manage.py import_access_log <exercise id> <path>: import a records system's access log into
an access-justification exercise (streamed; a bad file changes nothing and lists its bad lines)."""

from django.core.management.base import BaseCommand, CommandError

from conduct.access_reviews import importer as access_import
from conduct.models import AccessExercise


class Command(BaseCommand):
    help = "Import an access log (CSV) into an access-justification exercise."

    def add_arguments(self, parser):
        parser.add_argument("exercise", type=int, help="The exercise's id (shown in its address).")
        parser.add_argument("path", help="The CSV file exported from the records system.")

    def handle(self, *args, exercise, path, **options):
        found = AccessExercise.objects.filter(pk=exercise).first()
        if found is None:
            raise CommandError(f"No access-review exercise {exercise}.")
        try:
            report = access_import.import_file(found, path)
        except FileNotFoundError:
            raise CommandError(f"No file at {path}.") from None
        except access_import.ImportInvalid as invalid:
            lines = "\n".join(str(bad) for bad in invalid.errors)
            more = f"\n... and {invalid.more} more bad lines" if invalid.more else ""
            raise CommandError(f"Nothing was imported. Bad lines:\n{lines}{more}") from None
        self.stdout.write(
            f"{report.rows} rows, {report.added} new accesses, {report.accessors} accessors "
            f"({report.unmatched} not matched)"
        )
