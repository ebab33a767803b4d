from django.contrib.auth.models import AbstractUser
from django.db import models

from casework.roles import Role


class User(AbstractUser):
    """A person who signs in. Later linked to the register's Person record they are."""

    email = models.EmailField("email address", blank=True)
    # The identity provider's `sub` claim: the only thing a single sign-on is matched by
    # (casework/sso). Email can be changed at the provider and reused, `sub` cannot. Empty for
    # accounts that have never signed in through the provider.
    sso_subject = models.CharField(
        "identity provider subject",
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The force identity provider's stable identifier for this person (the `sub` claim).",
    )

    class Meta:
        db_table = "casework_user"

    @property
    def role_labels(self) -> list[str]:
        names = {g.name for g in self.groups.all()}
        return [r.label for r in Role if r.label in names]
