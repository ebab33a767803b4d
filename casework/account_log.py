"""Writing the account log: sign-ins and their failures, role and team changes, reset links.

One function writes every entry, on the same hash chain machinery as the consultation log, so
`manage.py verify_audit` checks it too."""

from django.db import transaction
from django.utils import timezone

from .audit import Chain, append_entry, register_chain
from .models import AccountEvent, AccountEventKind


def _hashed_fields(entry: AccountEvent) -> dict:
    return {
        "at": entry.at.isoformat(),
        "kind": entry.kind,
        "user": entry.user_id,
        "username": entry.username,
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "reason": entry.reason,
        "detail": entry.detail,
        "client_address": entry.client_address,
    }


ACCOUNT_LOG = register_chain(Chain("account log", AccountEvent, 62_0003, _hashed_fields))


@transaction.atomic
def record(
    kind: AccountEventKind,
    *,
    user=None,
    username: str = "",
    actor=None,
    actor_label: str = "",
    reason: str = "",
    detail: dict | None = None,
    client_address: str | None = None,
) -> AccountEvent:
    """Append one event. `username` defaults to the account's; `actor_label` to the actor's."""
    entry = AccountEvent(
        at=timezone.now(),
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        actor=actor,
        actor_label=(actor_label or (actor.get_username() if actor else ""))[:200],
        reason=reason,
        detail=detail or {},
        client_address=client_address,
    )
    return append_entry(ACCOUNT_LOG, entry)
