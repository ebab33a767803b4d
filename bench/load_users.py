"""Accounts for the load harness (bench/load.py): `--count` investigators `load-001` ...
in the demo investigator's team, with one password and the demo's TOTP secret (a second factor
each, so each can sign in once per 30 s code window, as a real user would).

Run after `manage.py seed_demo` on the database the load run's gunicorn uses; refuses with
DEBUG off, like seed_demo. Idempotent.

    DATABASE_URL=... DEBUG=true .venv/bin/python bench/load_users.py --count 100 \\
        --password PASSWORD --totp-secret BASE32
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--password", required=True)
    parser.add_argument("--totp-secret", required=True)
    parser.add_argument("--prefix", default="load")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from casework import services
    from casework.roles import Role
    from casework.second_factor import demo as second_factor_demo

    if not settings.DEBUG:
        sys.exit("load_users refuses to run with DEBUG off (it makes accounts with a known password)")
    ivy = get_user_model().objects.get(username="investigator")
    teams = list(ivy.teams.all())
    users = []
    for n in range(1, args.count + 1):
        username = f"{args.prefix}-{n:03d}"
        user = services.upsert_user(
            username=username,
            first_name="Load",
            last_name=f"User {n}",
            email=f"{username}@psd.police.example",
            role=Role.INVESTIGATOR,
            is_staff=False,
            password=args.password,
        )
        for team in teams:
            team.members.add(user)
        users.append(user)
    second_factor_demo.enrol(users, args.totp_secret)
    print(f"{len(users)} load users ({args.prefix}-001 ...) in {', '.join(t.name for t in teams)}")


if __name__ == "__main__":
    main()
