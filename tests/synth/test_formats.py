"""The generated files are in the real formats: XSD-valid CIN, the 903 columns and codes of the
year, the Annex A lists with their headings. Checked by parsing the files directly."""

import csv
import json
from pathlib import Path

import pytest
import yaml
from lxml import etree
from openpyxl import load_workbook

from sightline.paths import SPECS
from sightline.specs.ssda903 import columns_and_codes


@pytest.mark.parametrize(("year", "xsd"), [(2023, 2024), (2024, 2024), (2025, 2025), (2026, 2026)])
def test_every_cin_file_validates_against_its_years_xsd(
    small_council: Path, year: int, xsd: int
) -> None:
    schema = etree.XMLSchema(etree.parse(str(SPECS / "cin" / f"CIN_schema_{xsd}.xsd")))
    document = etree.parse(str(small_council / "cin" / f"CIN_999_{year}.xml"))
    assert schema.validate(document), schema.error_log
    assert len(document.findall(".//Child")) > 100
    sex = "Sex" if year >= 2025 else "GenderCurrent"
    assert document.find(f".//ChildIdentifiers/{sex}") is not None


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_903_tables_have_exactly_the_years_columns_and_only_its_codes(
    small_council: Path, year: int
) -> None:
    spec = columns_and_codes(year)
    folder = small_council / "ssda903" / str(year)
    assert {p.stem for p in folder.glob("*.csv")} == set(spec)
    for table, columns in spec.items():
        with (folder / f"{table}.csv").open(newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            assert header == list(columns), table
            for line in reader:
                for name, value in zip(header, line, strict=True):
                    column = columns[name]
                    if value == "":
                        assert column.can_be_blank, (table, name, line)
                    elif column.kind == "category":
                        assert value in column.codes, (table, name, value)
    episodes = list(csv.DictReader((folder / "episodes.csv").open(newline="")))
    assert len(episodes) > 20


def test_annex_a_has_the_eleven_lists_with_their_headings(small_council: Path) -> None:
    spec = yaml.safe_load((SPECS / "annex_a" / "Annex_A_schema.yml").read_text())["column_map"]
    path = next((small_council / "annex_a").glob("Annex_A_999_*.xlsx"))
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == [f"List {n}" for n in range(1, 12)]
    for n in range(1, 12):
        rows = book[f"List {n}"].iter_rows(values_only=True)
        assert list(next(rows)) == list(spec[f"list_{n}"])
    populated = [n for n in range(1, 12) if len(list(book[f"List {n}"].iter_rows())) > 1]
    assert {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} <= set(populated)


def test_council_json_says_what_was_asked_for(small_council: Path) -> None:
    council = json.loads((small_council / "council.json").read_text())
    assert council["code"] == "999" and council["seed"] == 3
    assert set(council["rates_asked_for"]) == {"2023", "2024", "2025", "2026"}
    assert council["rates_asked_for"]["2025"]["sources"]["referrals"].startswith("England")
