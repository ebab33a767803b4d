"""Link an existing account to a person's identity provider subject (the `sub` claim).

Single sign-on never takes over an account by its email address (an address can be reassigned);
a person whose account predates single sign-on is refused at their first sign-in with a message,
and the refusal is logged with their `sub`. Whoever runs the server links them with this command,
after checking it is the same person.
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casework.models import User

logger = logging.getLogger("casework.sso")


class Command(BaseCommand):
    help = "Link an account to the identity provider subject (sub claim) it signs in with."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("subject", help="the person's `sub` claim, as logged at their refused sign-in")

    @transaction.atomic
    def handle(self, username, subject, **options):
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account {username!r}.")
        holder = User.objects.filter(sso_subject=subject).exclude(pk=user.pk).first()
        if holder is not None:
            raise CommandError(f"The subject is already linked to the account {holder.username!r}.")
        if user.sso_subject and user.sso_subject != subject:
            raise CommandError(f"{username!r} is already linked to another subject.")
        user.sso_subject = subject
        user.save(update_fields=["sso_subject"])
        logger.warning("Account %s linked to identity provider subject %s by link_sso_account", username, subject)
        self.stdout.write(f"{username} now signs in with the identity provider subject {subject}.")
