"""`migrate`, as the tables' owner when MIGRATE_DATABASE_URL is set, then the app's role granted
exactly what it needs (casework/db_roles.py). Without MIGRATE_DATABASE_URL (tests, a developer's
own database) it is Django's migrate unchanged."""

from contextlib import contextmanager

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from casework.db_roles import grant_app_role

CONNECTION_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


@contextmanager
def connected_as(alias: str, credentials: dict):
    """The alias's connection, for the block, as another role (fresh pool), then back."""
    connection = connections[alias]
    saved = {key: connection.settings_dict.get(key) for key in CONNECTION_KEYS}
    connection.close()
    connection.close_pool()
    connection.settings_dict.update({key: credentials.get(key) for key in CONNECTION_KEYS})
    try:
        yield connection
    finally:
        connection.close()
        connection.close_pool()
        connection.settings_dict.update(saved)


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " As MIGRATE_DATABASE_URL's role when set, then grants DATABASE_URL's role its rights."

    def execute(self, *args, **options):
        # execute, not handle: the system checks before handle already open a connection.
        owner = settings.MIGRATE_DATABASE
        if owner is None or options.get("database", DEFAULT_DB_ALIAS) != DEFAULT_DB_ALIAS:
            return super().execute(*args, **options)
        app = connections[DEFAULT_DB_ALIAS].settings_dict
        role, password = app["USER"], app["PASSWORD"]
        with connected_as(DEFAULT_DB_ALIAS, owner) as connection:
            super().execute(*args, **options)
            grant_app_role(role, password, using=connection)
        if options.get("verbosity", 1):
            self.stdout.write(f"Migrated as {owner['USER']}; granted {role} its rights (casework/db_roles.py).")
