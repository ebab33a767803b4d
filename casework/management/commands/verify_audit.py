"""Check every hash-chained log (consultation, disclosure, ...) against its keyed hashes and its
anchors outside the database: report an edited row, a deleted tail, a recomputed chain."""

from django.core.management.base import BaseCommand, CommandError

from casework.anchors import anchors_configured, verify
from casework.audit import CHAINS


class Command(BaseCommand):
    help = "Verify each audit log's keyed hash chain and its anchors; exit non-zero on any problem."

    def handle(self, *args, **options):
        if not anchors_configured():
            self.stderr.write(
                self.style.WARNING(
                    "AUDIT_ANCHOR_DIR is not set: only the hashes are checked, so a deleted tail or a chain "
                    "recomputed with the key would go unnoticed."
                )
            )
        failures = []
        for chain in CHAINS.values():
            result = verify(chain)
            name = chain.name.capitalize()
            for problem in result.problems:
                failures.append(f"{name} {problem}")
                self.stderr.write(self.style.ERROR(f"{name} {problem}"))
            if not result.problems:
                self.stdout.write(self.style.SUCCESS(f"{name} intact: {self._summary(result)}."))
        if failures:
            raise CommandError(failures[0] + (f" (and {len(failures) - 1} more problems)" if len(failures) > 1 else ""))

    @staticmethod
    def _summary(result) -> str:
        summary = f"{result.count} entries, {result.anchors} anchors matched"
        if result.unkeyed and result.keyed_from is not None:
            summary += f"; the {result.unkeyed} entries before {result.keyed_from} predate the key, pinned by it"
        elif result.unkeyed:
            summary += "; no entry is keyed yet (written before the key)"
        return summary
