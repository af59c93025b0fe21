"""The children's social work workforce census: the council's figures (CSV, one row a year) and the
DfE's census as councils send it (XML, one element a worker)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sightline.returns.csww.read import is_csww_header, read_csww
from sightline.returns.csww.read_xml import read_csww_xml
from sightline.returns.csww.write import write_csww
from sightline.returns.formats import ReturnFormat, Sniff, register
from sightline.returns.reading import ReadResult


class _WorkforceCensus(ReturnFormat):
    """What both formats of the workforce census share: the return and its year."""

    return_ = "csww"
    case_return = False

    def period(self, year: int) -> tuple[date, date]:
        # The census is taken at 30 September: its year is the census date's year.
        return date(year - 1, 10, 1), date(year, 9, 30)


@register
class WorkforceFigures(_WorkforceCensus):
    name = "csww"
    title = "a workforce census file"
    order = 60
    writer = staticmethod(write_csww)

    def detect(self, sniff: Sniff) -> bool:
        return bool(sniff.csv_columns) and is_csww_header(sniff.csv_columns)

    def read(self, files: list[Path], year: int | None = None) -> ReadResult:
        return read_csww(files[0])


@register
class WorkforceCensusXml(_WorkforceCensus):
    """The census as councils send it to the DfE: XML, root `Message`, Collection CSWW."""

    name = "csww_xml"
    title = "a workforce census (XML)"
    order = 55  # the CIN census, a `Message` too, leaves Collection CSWW to this one

    def detect(self, sniff: Sniff) -> bool:
        return sniff.xml_root == "Message" and (
            b">CSWW<" in sniff.head or sniff.xml_has(b"CSWWWorker", b"LALevelVacancies")
        )

    def read(self, files: list[Path], year: int | None = None) -> ReadResult:
        return read_csww_xml(files[0])
