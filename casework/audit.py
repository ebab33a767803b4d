"""Writing and checking the consultation log (s.62). One function writes every entry, so the
hash chain and the purpose rule hold everywhere.

The chains are keyed: each hash is an HMAC-SHA256 under AUDIT_CHAIN_KEY, a secret kept outside
the database, so whoever edits rows cannot recompute a chain that verifies. Entries written
before the key existed carry plain SHA-256 hashes; they are accepted only as an unbroken prefix
of the chain, and the first keyed entry pins them (its HMAC covers their last hash). The id of
that first keyed entry is the switch-over point; the anchors (casework/anchors.py) record it,
so a chain recomputed as if it had never been keyed is reported too."""

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from .models import Consultation, ObjectKind

GENESIS = "0" * 64


@dataclass(frozen=True)
class Chain:
    """An append-only, hash-chained log: each entry's hash covers its fields and the hash of
    the entry before it, so an edited or deleted row breaks the chain from there on."""

    name: str
    model: type
    lock: int  # one advisory lock per chain serialises appends, so each links to the last
    fields: Callable[[object], dict]


CHAINS: dict[str, Chain] = {}


def register_chain(chain: Chain) -> Chain:
    """Apps with logs of their own (the disclosure log in notifications) register them here, so
    `manage.py verify_audit` checks every chain without casework importing those apps."""
    CHAINS[chain.name] = chain
    return chain


def chain_key() -> bytes:
    """The HMAC key of the chains. Refuses, rather than falling back to an unkeyed hash, so a
    deployment without the secret fails loudly instead of writing forgeable entries."""
    key = settings.AUDIT_CHAIN_KEY
    if not key:
        raise ImproperlyConfigured(
            "AUDIT_CHAIN_KEY (or AUDIT_CHAIN_KEY_FILE) is not set: the audit logs cannot be written or "
            "verified without the key of their hash chains (docs/operations.md)."
        )
    return key.encode()


def _message(previous_hash: str, fields: dict) -> bytes:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return f"{previous_hash}|{canonical}".encode()


def entry_hash(previous_hash: str, fields: dict, key: bytes | None = None) -> str:
    """The keyed hash of an entry (HMAC-SHA256 under the chain key)."""
    return hmac.new(key or chain_key(), _message(previous_hash, fields), hashlib.sha256).hexdigest()


def unkeyed_entry_hash(previous_hash: str, fields: dict) -> str:
    """The plain SHA-256 of entries written before the chains were keyed; verification only."""
    return hashlib.sha256(_message(previous_hash, fields)).hexdigest()


def append_entry(chain: Chain, entry):
    """Link entry to the chain's last entry and save it. Call inside a transaction."""
    key = chain_key()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [chain.lock])
    previous = chain.model.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    entry.previous_hash = previous
    entry.hash = entry_hash(previous, chain.fields(entry), key)
    entry.save()
    return entry


@dataclass
class Walk:
    """What one pass over a chain found: the entries seen, the first keyed entry and the first
    entry whose link or hash does not match."""

    count: int = 0
    unkeyed: int = 0  # entries written before the chain was keyed
    keyed_from: int | None = None
    broken: object = None


def walk_chain(chain: Chain, on_entry: Callable[[object, int], None] | None = None, batch_size: int = 5000) -> Walk:
    """Check each entry's link and hash in id order, stopping at the first that fails. An
    unkeyed hash is accepted only before the first keyed entry. on_entry(entry, count) sees
    every entry that passed, so the anchors can be compared in the same pass."""
    key = chain_key()
    walk = Walk()
    previous = GENESIS
    for entry in chain.model.objects.order_by("id").iterator(chunk_size=batch_size):
        fields = chain.fields(entry)
        keyed = entry.hash == entry_hash(previous, fields, key)
        unkeyed = walk.keyed_from is None and not keyed and entry.hash == unkeyed_entry_hash(previous, fields)
        if entry.previous_hash != previous or not (keyed or unkeyed):
            walk.broken = entry
            return walk
        if keyed and walk.keyed_from is None:
            walk.keyed_from = entry.pk
        walk.unkeyed += unkeyed
        walk.count += 1
        if on_entry is not None:
            on_entry(entry, walk.count)
        previous = entry.hash
    return walk


def verify_chain(chain: Chain | None = None, batch_size: int = 5000):
    """The first entry whose hash or link does not match, or None when the chain is intact."""
    return walk_chain(chain or CONSULTATIONS, batch_size=batch_size).broken


def _hashed_fields(entry: Consultation) -> dict:
    return {
        "user": entry.user_id,
        "at": entry.at.isoformat(),
        "kind": entry.kind,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "case": entry.case_id,
        "person": entry.person_id,
        "purpose": entry.purpose,
        "client_address": entry.client_address,
        "path": entry.path,
    }


CONSULTATIONS = register_chain(Chain("consultation log", Consultation, 62_0001, _hashed_fields))


def client_address(request) -> str | None:
    """The address of whoever sent the request, as far as our own proxies vouch for it.

    X-Forwarded-For is a list anyone can start: a client sends any entries it likes and each
    proxy appends the address it saw. Only the entries our TRUSTED_PROXY_COUNT proxies appended
    are facts, so with N proxies the client is the Nth entry from the right; the left-hand ones
    are the client's own claims and are ignored. With no trusted proxy (N = 0, e.g. `make run`)
    the header is ignored entirely and the socket's address is used. Rate limits and the audit
    logs both call this one function."""
    trusted = settings.TRUSTED_PROXY_COUNT
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < trusted:  # the request did not come through all our proxies
        return remote
    return _valid_ip(hops[-trusted]) or remote


def _valid_ip(value: str) -> str | None:
    """The address if it is one (the logs store it as an inet), else None. Some proxies append
    the client's port ("192.0.2.1:5123", "[2001:db8::1]:5123"); the port is dropped."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@transaction.atomic
def log_consultation(request, *, kind: ObjectKind, obj, purpose: str, case=None, person=None) -> Consultation:
    """Record that request.user viewed obj for purpose."""
    entry = Consultation(
        user=request.user,
        at=timezone.now(),
        kind=kind,
        object_id=obj.pk,
        object_label=str(obj)[:200],
        case=case,
        person=person,
        purpose=purpose[:300],
        client_address=client_address(request),
        path=request.path[:300],
    )
    return append_entry(CONSULTATIONS, entry)


# Purposes -------------------------------------------------------------------------------
PURPOSES = [
    ("oversight", "Oversight or supervision of this matter"),
    ("decision", "A decision on this matter has been asked of me"),
    ("audit", "Audit or assurance"),
    ("other", "Another purpose (describe it)"),
]
SESSION_KEY = "consultation_purposes"


def object_key(kind: ObjectKind, obj) -> str:
    return f"{kind}:{obj.pk}"


def stated_purpose(request, kind: ObjectKind, obj) -> str | None:
    """The purpose the user gave, earlier in this session, for looking at obj."""
    return request.session.get(SESSION_KEY, {}).get(object_key(kind, obj))


def purpose_url(request, kind: ObjectKind, obj, label: str) -> str:
    """The page asking why, which returns to this one."""
    query = urlencode({"key": object_key(kind, obj), "next": request.get_full_path(), "label": label})
    return f"{reverse('consultation-purpose')}?{query}"


def state_purpose(request, key: str, purpose: str):
    purposes = request.session.setdefault(SESSION_KEY, {})
    purposes[key] = purpose[:300]
    request.session.modified = True


def consultations_for(*, case=None, person=None, filters: dict | None = None):
    """The log for one record, newest first, narrowed by user, purpose and date."""
    entries = Consultation.objects.select_related("user")
    entries = entries.filter(case=case) if case is not None else entries.filter(person=person)
    filters = filters or {}
    if filters.get("user"):
        entries = entries.filter(user__username__icontains=filters["user"])
    if filters.get("purpose"):
        entries = entries.filter(purpose__icontains=filters["purpose"])
    if filters.get("date_from"):
        entries = entries.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        entries = entries.filter(at__date__lte=filters["date_to"])
    return entries.order_by("-at", "-id")


def cases_for_reference(cases, text: str):
    """Cases whose reference is the text, whole or in part: "PSD-2026-000073", "2026-73", "000073"
    and "73" all find PSD-2026-000073 (the auditor types what is on a letter). The reading of a
    reference is the case search's (casework.search.reference_condition)."""
    from casework.search import reference_condition

    condition = reference_condition(text)
    if condition is None:
        return cases.none()
    return cases.filter(condition).order_by("-reference")
