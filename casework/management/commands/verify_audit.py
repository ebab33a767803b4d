"""Check the consultation log's hash chain: report the first broken link, if any."""

from django.core.management.base import BaseCommand, CommandError

from casework.audit import verify_chain
from casework.models import Consultation


class Command(BaseCommand):
    help = "Verify the consultation log's hash chain; exit non-zero at the first broken link."

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Consultation log broken at entry {broken.pk} ({broken.at:%Y-%m-%d %H:%M:%S}, "
                f"{broken.object_label}): its hash or its link to the previous entry does not match."
            )
        self.stdout.write(self.style.SUCCESS(f"Consultation log intact: {Consultation.objects.count()} entries."))
