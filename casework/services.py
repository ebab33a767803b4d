"""State-changing workflows of the casework app. Each takes what it needs, runs in one
transaction, and is the only way the web, commands and tasks change these records."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


@transaction.atomic
def upsert_user(*, username: str, role: Role, password: str | None = None, **fields) -> User:
    """Create or update a user and give them exactly one role (group)."""
    user, _created = User.objects.update_or_create(username=username, defaults=fields)
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.set([Group.objects.get(name=role.label)])
    return user
