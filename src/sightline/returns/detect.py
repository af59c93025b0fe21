"""Which return a file is, from its first bytes (never from its name alone): see `formats`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sightline.returns import formats
from sightline.returns.formats import HEAD_BYTES  # noqa: F401 (callers read this many bytes)


@dataclass(frozen=True)
class Kind:
    format: formats.ReturnFormat | None  # None when not a return Sightline reads
    why: str = ""

    @property
    def return_(self) -> str:
        return self.format.return_ if self.format else ""


def detect(path: Path, head: bytes) -> Kind:
    """The kind of return in a file, judged from its first bytes."""
    sniff = formats.Sniff(path, head)
    found = formats.detect(sniff)
    return Kind(found) if found else Kind(None, formats.why_not(sniff))
