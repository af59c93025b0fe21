"""Ofsted's Annex A workbook (.xlsx, or the older .xls)."""

from __future__ import annotations

from pathlib import Path

from sightline.returns.annex_a.read import read_annex_a
from sightline.returns.annex_a.write import AnnexAWriter
from sightline.returns.formats import ReturnFormat, Sniff, register
from sightline.returns.reading import ReadResult


@register
class AnnexA(ReturnFormat):
    name = "annex_a"
    return_ = "annex_a"
    title = "an Annex A workbook"
    order = 30
    writer = AnnexAWriter

    def detect(self, sniff: Sniff) -> bool:
        return sniff.is_zip or sniff.is_ole2

    def read(self, files: list[Path], year: int | None = None) -> ReadResult:
        return read_annex_a(files[0])
