"""Return formats: one registry, asked by the importer; a new format is one class, picked up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sightline import dataset
from sightline.problems import Problems
from sightline.returns import formats
from sightline.returns.importer import import_files
from sightline.returns.reading import ReadResult
from sightline.store import Store
from sightline.tables import build_table


def test_every_return_sightline_reads_has_a_registered_format():
    names = {f.name for f in formats.all_formats()}
    assert {"cin", "ssda903_csv", "ssda903_xml", "annex_a", "csww"} <= names
    assert formats.returns()[:4] == ("cin", "ssda903", "annex_a", "csww")
    assert set(formats.returns()) <= set(dataset.RETURNS)


def test_the_workforce_census_period_ends_on_30_september_and_is_not_a_case_return():
    assert formats.for_return("csww").period(2024) == (date(2023, 10, 1), date(2024, 9, 30))
    assert formats.for_return("cin").period(2024) == (date(2023, 4, 1), date(2024, 3, 31))
    assert not formats.is_case_return("csww") and formats.is_case_return("cin")


def test_a_format_nobody_knew_is_detected_and_imported_with_no_change_to_the_importer(tmp_path):
    @formats.register
    class Toy(formats.ReturnFormat):
        name = "toy_contacts"
        return_ = "toy"
        title = "a toy contacts list"
        order = 1

        def detect(self, sniff: formats.Sniff) -> bool:
            return sniff.head.startswith(b"TOY CONTACTS\n")

        def read(self, files: list[Path], year: int | None = None) -> ReadResult:
            lines = files[0].read_text().splitlines()[1:]
            problems = Problems(self.return_, files[0].name)
            problems.add("toy_seen", "A toy file.", severity="warning")
            table = build_table(
                "ssd_contacts", {"person_id": lines, "contact_id": [f"c{i}" for i in lines]}
            )
            return ReadResult(
                self.return_,
                files,
                year=2025,
                council="999",
                tables={"ssd_contacts": table},
                problems=problems.items,
            )

    try:
        toy = tmp_path / "contacts.toy"
        toy.write_text("TOY CONTACTS\nA1\nA2\n")
        result = import_files(Store(tmp_path / "home"), [toy])
        assert result.ok, result.problems
        [snapshot] = result.snapshots
        assert snapshot.return_ == "toy" and snapshot.manifest["period"]["end"] == "2025-03-31"
        assert snapshot.read_table("ssd_contacts").num_rows == 2
        assert [p.code for p in result.problems] == ["toy_seen"]
    finally:
        formats._REGISTRY.pop("toy_contacts")


def test_two_formats_of_one_name_are_refused():
    class Again(formats.ReturnFormat):
        name = "cin"
        return_ = "cin"
        title = "another CIN"

        def detect(self, sniff: formats.Sniff) -> bool:
            return False

        def read(self, files: list[Path], year: int | None = None) -> ReadResult:
            raise AssertionError

    formats.all_formats()
    with pytest.raises(ValueError, match="two return formats"):
        formats.register(Again)
