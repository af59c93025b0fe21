"""The SSDA903 return: its CSV tables (one folder, one return) or the XML export."""

from __future__ import annotations

from pathlib import Path

from sightline.returns.formats import ReturnFormat, Sniff, register
from sightline.returns.reading import ReadResult
from sightline.returns.ssda903.read import (
    is_blank_table_file,
    nearest_table,
    read_903_csvs,
    recognise,
    without_blank_tail,
)
from sightline.returns.ssda903.write import Ssda903Writer
from sightline.returns.ssda903.xml import read_903_xml


@register
class Ssda903Csv(ReturnFormat):
    name = "ssda903_csv"
    return_ = "ssda903"
    title = "a 903 return (CSV tables)"
    together = True
    order = 40
    writer = Ssda903Writer

    def detect(self, sniff: Sniff) -> bool:
        if is_blank_table_file(sniff.path, sniff.head):
            return True
        columns = without_blank_tail(sniff.csv_columns)
        if not columns:
            return False
        return (
            recognise(columns) is not None
            or nearest_table(columns) is not None
            or ("CHILD" in columns)
        )

    def read(self, files: list[Path], year: int | None = None) -> ReadResult:
        return read_903_csvs(files, year)


@register
class Ssda903Xml(ReturnFormat):
    name = "ssda903_xml"
    return_ = "ssda903"
    title = "a 903 return (XML)"
    order = 20

    def detect(self, sniff: Sniff) -> bool:
        return sniff.xml_root == "EXPSSDA903"

    def read(self, files: list[Path], year: int | None = None) -> ReadResult:
        return read_903_xml(files[0], year=year)
