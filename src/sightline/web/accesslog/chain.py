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
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
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
    """The definition: what `verify` checks every record against."""
    payload = {name: _hashed(name, fields.get(name)) for name in FIELDS}
    text = _CANONICAL.encode(payload)
    return hashlib.sha256((prev_hash + "\n" + text).encode("utf-8")).hexdigest()


def _hashed(name: str, value: Any) -> Any:
    if name == "at":
        return value.isoformat() if hasattr(value, "isoformat") else value
    if name == "ip":
        return value or None
    return value


_SORTED = sorted(FIELDS)


def chained_hashes(prev_hash: str, records: list[dict]) -> list[str]:
    """The hash of each record written one after another, each following the one before: the same
    as `record_hash` in turn (a test holds them equal). A list view writes a record per child
    shown, alike but for the child and the number, so a field every record holds the very same
    value of is encoded once, not once a record."""
    if not records:
        return []
    first = records[0]
    pieces: list[str | None] = []  # a field's `"name":value`, or None where records differ
    for name in _SORTED:
        value = first.get(name)
        shared = all(r.get(name) is value for r in records)
        pieces.append(f'"{name}":{_CANONICAL.encode(_hashed(name, value))}' if shared else None)
    # the canonical text as runs of literal text, each followed by a field that differs (the child,
    # the number), so a record costs a join of a few strings, not one of every field
    runs: list[tuple[str, str]] = []
    literal = "{"
    for i, (name, piece) in enumerate(zip(_SORTED, pieces, strict=True)):
        literal += ("," if i else "") + (piece if piece is not None else f'"{name}":')
        if piece is None:
            runs.append((literal, name))
            literal = ""
    tail = literal + "}"
    hashes = []
    for record in records:
        text = [prev_hash, "\n"]
        for literal, name in runs:
            text += (literal, _encoded(_hashed(name, record.get(name))))
        text.append(tail)
        prev_hash = hashlib.sha256("".join(text).encode()).hexdigest()
        hashes.append(prev_hash)
    return hashes


def _encoded(value: Any) -> str:
    if type(value) is str:
        return encode_basestring_ascii(value)  # what the encoder does with a str
    if type(value) is int:
        return int.__repr__(value)
    return _CANONICAL.encode(value)


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
