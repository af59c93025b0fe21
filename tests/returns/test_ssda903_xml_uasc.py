"""The 903 XML form writes each child's UASC flag in the header (CLA.xsd: HEADER/UASC): the reader
keeps it as written, so the rules that read it (105: the flag is 0 or 1) run on an XML return."""

from __future__ import annotations

from pathlib import Path

from sightline.paths import samples
from sightline.returns.ssda903.read import read_903_csvs
from sightline.returns.ssda903.validation import validate_903_files
from sightline.returns.ssda903.xml import read_903_xml

SAMPLE = samples() / "ssda903" / "fake_903.xml"


def test_the_xml_header_keeps_uasc_as_written():
    result = read_903_xml(SAMPLE)
    header = result.as_written["header"]
    assert "UASC" in header.column_names
    flags = header.column("UASC").to_pylist()
    text = SAMPLE.read_text(encoding="ascii")
    assert flags.count("1") == text.count("<UASC>1</UASC>") == 12
    assert set(flags) == {"1", None}  # <UASC /> is written empty: null, as any empty cell


def test_the_csv_header_has_no_uasc_column():
    folder = samples() / "ssda903"
    result = read_903_csvs(sorted(folder.glob("*.csv")))
    assert "UASC" not in result.as_written["header"].column_names


def _xml_with_first_uasc(tmp_path: Path, flag: str) -> Path:
    text = SAMPLE.read_text(encoding="ascii").replace("<UASC />", f"<UASC>{flag}</UASC>", 1)
    path = tmp_path / "return.xml"
    path.write_text(text, encoding="ascii")
    return path


def _first_child() -> str:
    return str(read_903_xml(SAMPLE).as_written["header"].column("CHILD")[0])


def test_rule_105_fires_on_an_xml_header_whose_uasc_is_not_0_or_1(tmp_path):
    result = validate_903_files([_xml_with_first_uasc(tmp_path, "Y")], 2024)
    assert not result.unreadable
    found = [r for r in result.findings.to_pylist() if r["code"] == "105"]
    assert [(r["child_id"], r["value"]) for r in found] == [(_first_child(), "Y")]


def test_rule_105_passes_an_xml_header_whose_uasc_is_0_or_1(tmp_path):
    for flag in ("0", "1"):
        result = validate_903_files([_xml_with_first_uasc(tmp_path, flag)], 2024)
        assert not [r for r in result.findings.to_pylist() if r["code"] == "105"]
