"""Anchoring the audit chains outside the database.

A keyed chain stops anyone without the key from rewriting entries, but not from cutting off
its tail, nor a holder of the key from recomputing it. So, on a schedule, each chain's head
(last id, last hash, count, and the switch-over point to keyed hashes) is appended as one JSON
line to a file under AUDIT_ANCHOR_DIR, storage the database's administrators cannot rewrite.
Each line carries an HMAC under the chain key, so a forged line is reported. `verify_audit`
compares the chain with every anchor in the same pass that checks the hashes.
"""

import hashlib
import hmac
import json
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.text import slugify

from .audit import GENESIS, Chain, chain_key, entry_hash, walk_chain


@dataclass(frozen=True)
class Anchor:
    chain: str
    at: str
    last_id: int | None
    last_hash: str
    count: int
    keyed_from: int | None


def anchors_configured() -> bool:
    return bool(settings.AUDIT_ANCHOR_DIR)


def anchor_path(chain: Chain) -> Path:
    if not anchors_configured():
        raise ImproperlyConfigured("AUDIT_ANCHOR_DIR is not set: the audit chains cannot be anchored.")
    return Path(settings.AUDIT_ANCHOR_DIR) / f"{slugify(chain.name)}.jsonl"


def _mac(record: dict) -> str:
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"))
    return hmac.new(chain_key(), canonical.encode(), hashlib.sha256).hexdigest()


def _parse(line: str) -> Anchor | None:
    """The anchor on one line, or None when the line is not one this system wrote."""
    try:
        record = json.loads(line)
        mac = record.pop("mac")
        anchor = Anchor(**record)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return anchor if hmac.compare_digest(mac, _mac(record)) else None


def read_anchors(chain: Chain) -> tuple[list[Anchor], list[str]]:
    """Every anchor of the chain, and a problem for each line that is not an authentic anchor."""
    path = anchor_path(chain)
    if not path.exists():
        return [], []
    anchors, problems = [], []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        anchor = _parse(line)
        if anchor is None or anchor.chain != chain.name:
            problems.append(f"line {number} of {path} is not an authentic anchor of the {chain.name}.")
        else:
            anchors.append(anchor)
    return anchors, problems


def _last_anchor(path: Path) -> Anchor | None:
    """The newest anchor, from the file's tail (the file grows for years)."""
    if not path.exists():
        return None
    with path.open("rb") as file:
        file.seek(max(0, path.stat().st_size - 8192))
        lines = file.read().decode(errors="replace").splitlines()
    return _parse(lines[-1]) if lines else None


def _first_keyed_id(chain: Chain, after_id: int) -> int | None:
    """The first entry after after_id whose hash is keyed: walked once, then carried forward."""
    key = chain_key()
    for entry in chain.model.objects.filter(id__gt=after_id).order_by("id").iterator(chunk_size=2000):
        if entry.hash == entry_hash(entry.previous_hash, chain.fields(entry), key):
            return entry.pk
    return None


def chain_head(chain: Chain, previous: Anchor | None = None) -> Anchor:
    last = chain.model.objects.order_by("-id").values("id", "hash").first() or {"id": None, "hash": GENESIS}
    keyed_from = previous.keyed_from if previous else None
    if keyed_from is None and last["id"] is not None:
        keyed_from = _first_keyed_id(chain, (previous.last_id or 0) if previous else 0)
    return Anchor(
        chain=chain.name,
        at=timezone.now().isoformat(),
        last_id=last["id"],
        last_hash=last["hash"],
        count=chain.model.objects.count(),
        keyed_from=keyed_from,
    )


def write_anchor(chain: Chain) -> Anchor | None:
    """Append the chain's head to its anchor file, unless it has not moved since the last one."""
    path = anchor_path(chain)
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = _last_anchor(path)
    head = chain_head(chain, previous)
    if previous and (previous.last_id, previous.last_hash, previous.count) == (
        head.last_id,
        head.last_hash,
        head.count,
    ):
        return None
    record = asdict(head)
    line = json.dumps({**record, "mac": _mac(record)}, sort_keys=True) + "\n"
    # O_APPEND: the line lands at the end even if another writer raced us; never rewrite.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, line.encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return head


@dataclass
class Verification:
    chain: Chain
    count: int = 0
    unkeyed: int = 0
    keyed_from: int | None = None
    anchors: int = 0
    problems: list[str] = field(default_factory=list)


def verify(chain: Chain) -> Verification:
    """Check the chain's hashes and links and, when anchors are configured, that every anchored
    head is still there with the same hash and count: an edited row, a deleted tail and a chain
    recomputed with or without the key are each reported."""
    anchors, problems = read_anchors(chain) if anchors_configured() else ([], [])
    pending = defaultdict(list)
    for anchor in anchors:
        if anchor.last_id is not None:
            pending[anchor.last_id].append(anchor)

    def compare(entry, count):
        for anchor in pending.pop(entry.pk, ()):
            if anchor.last_hash != entry.hash or anchor.count != count:
                problems.append(
                    f"entry {entry.pk} does not match the anchor of {anchor.at}, which records hash "
                    f"{anchor.last_hash[:16]}… after {anchor.count} entries (the database: {entry.hash[:16]}… "
                    f"after {count}): the chain was rewritten or entries removed before it."
                )

    walk = walk_chain(chain, compare)
    result = Verification(chain, walk.count, walk.unkeyed, walk.keyed_from, len(anchors), problems)
    if walk.broken is not None:
        broken = walk.broken
        problems.insert(
            0,
            f"broken at entry {broken.pk} ({broken.at:%Y-%m-%d %H:%M:%S}, {broken}): its hash or its link "
            "to the previous entry does not match.",
        )
        return result
    for anchor in (a for waiting in pending.values() for a in waiting):
        problems.append(
            f"entry {anchor.last_id}, the head anchored at {anchor.at} after {anchor.count} entries, is "
            "missing: the chain was shortened."
        )
    for anchor in anchors:
        if anchor.keyed_from is not None and anchor.keyed_from != walk.keyed_from:
            problems.append(
                f"the anchor of {anchor.at} records keyed hashes from entry {anchor.keyed_from}, the database "
                f"from {walk.keyed_from or 'no entry'}: the chain was recomputed without the key."
            )
            break
    return result
