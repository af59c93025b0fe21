"""The children's social work workforce census figures (CSV, one row a year)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sightline.returns.csww.read import is_csww_header, read_csww
from sightline.returns.csww.write import write_csww
from sightline.returns.formats import ReturnFormat, Sniff, register
from sightline.returns.reading import ReadResult


@register
class WorkforceFigures(ReturnFormat):
    name = "csww"
    return_ = "csww"
    title = "a workforce census file"
    order = 60
    case_return = False
    writer = staticmethod(write_csww)

    def detect(self, sniff: Sniff) -> bool:
        return bool(sniff.csv_columns) and is_csww_header(sniff.csv_columns)

    def read(self, files: list[Path], year: int | None = None) -> ReadResult:
        return read_csww(files[0])

    def period(self, year: int) -> tuple[date, date]:
        # The census is taken at 30 September: its year is the census date's year.
        return date(year - 1, 10, 1), date(year, 9, 30)
