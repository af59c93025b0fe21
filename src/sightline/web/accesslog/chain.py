"""The access log's hash chain: how a record's hash is worked out and how the chain is checked.

Each record's hash is SHA-256 over the previous record's hash and the record's own fields (as
canonical JSON), so changing any field of any record, or removing one, breaks every link after it.
The head (ChainHead) holds the newest record's number and hash, so removing the newest records is
found too; a purge moves the chain's start forward and is itself a record in the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# The fields a record's hash covers (everything but the chain fields and the database id).
FIELDS = (
    "seq",
    "at",
    "username",
    "role",
    "outcome",
    "kind",
    "what",
    "child_id",
    "children_shown",
    "path",
    "method",
    "ip",
    "snapshot_ids",
    "detail",
)


# Canonical JSON (sorted keys, no spaces); one encoder for every record, as json.dumps would build
# one per call with these options.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def record_hash(prev_hash: str, fields: dict) -> str:
    payload = {name: fields.get(name) for name in FIELDS}
    at: Any = payload["at"]
    payload["at"] = at.isoformat() if hasattr(at, "isoformat") else at
    payload["ip"] = payload["ip"] or None
    text = _CANONICAL.encode(payload)
    return hashlib.sha256((prev_hash + "\n" + text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"record {self.seq}" if self.seq is not None else "the log"
        return f"{where}: {self.problem}"


def verify(
    records: Iterable[dict], first_seq: int, first_prev_hash: str, head_seq: int, head_hash: str
) -> Iterator[Break]:
    """Every break in the chain: `records` in sequence order, each with its fields and hashes."""
    expected_seq, prev = first_seq, first_prev_hash
    for record in records:
        seq = record["seq"]
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}-{seq - 1}"
            yield Break(seq, f"record(s) {missing} removed")
        if record["prev_hash"] != prev:
            yield Break(
                seq, "does not follow the record before it (a record was removed or edited)"
            )
        if record_hash(record["prev_hash"], record) != record["hash"]:
            yield Break(seq, "altered after it was written (its hash does not match its content)")
        prev, expected_seq = record["hash"], seq + 1
    if expected_seq - 1 != head_seq or (head_seq and prev != head_hash):
        yield Break(None, f"the newest record should be {head_seq}: records after it were removed")
