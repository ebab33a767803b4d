from django.contrib.auth.models import AbstractUser
from django.db import models

from casework.roles import Role


class User(AbstractUser):
    """A person who signs in. Later linked to the register's Person record they are."""

    email = models.EmailField("email address", blank=True)

    class Meta:
        db_table = "casework_user"

    @property
    def role_labels(self) -> list[str]:
        names = {g.name for g in self.groups.all()}
        return [r.label for r in Role if r.label in names]
