"""Check every hash-chained log (consultation, disclosure, ...): report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from casework.audit import CHAINS, verify_chain


class Command(BaseCommand):
    help = "Verify each audit log's hash chain; exit non-zero at the first broken link."

    def handle(self, *args, **options):
        for chain in CHAINS.values():
            broken = verify_chain(chain)
            if broken is not None:
                raise CommandError(
                    f"{chain.name.capitalize()} broken at entry {broken.pk} ({broken.at:%Y-%m-%d %H:%M:%S}, "
                    f"{broken}): its hash or its link to the previous entry does not match."
                )
            count = chain.model.objects.count()
            self.stdout.write(self.style.SUCCESS(f"{chain.name.capitalize()} intact: {count} entries."))
