"""The CIN census (DfE XML, root `Message`)."""

from __future__ import annotations

from pathlib import Path

from sightline.returns.cin.read import read_cin
from sightline.returns.cin.write import CinWriter
from sightline.returns.formats import ReturnFormat, Sniff, register
from sightline.returns.reading import ReadResult


@register
class CinCensus(ReturnFormat):
    name = "cin"
    return_ = "cin"
    title = "a CIN census (XML)"
    order = 20
    writer = CinWriter

    def detect(self, sniff: Sniff) -> bool:
        # The workforce census is a `Message` too; its Collection says CSWW.
        return (
            sniff.xml_root == "Message"
            and not sniff.xml_has(b"CSWWWorker", b"LALevelVacancies")
            and b">CSWW<" not in sniff.head
        )

    def read(self, files: list[Path], year: int | None = None) -> ReadResult:
        return read_cin(files[0])
