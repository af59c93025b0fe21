"""Importing a CIN census reads the file once: the importer's reader builds, in the same pass, the
module tables the DfE's rules read. What the rules find must be what they find reading the file
on their own (`sightline validate`), child for child and line for line."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from sightline.returns.cin.read import read_cin
from sightline.returns.importer import import_files
from sightline.rules import engine
from sightline.rules.cin import source
from sightline.rules.cin.source import CensusReader, read_census
from sightline.rules.validate import problems, run_rules, validate_cin
from sightline.store import Store
from sightline.synth.council import Request, generate


@pytest.fixture(scope="module")
def census_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("read_once")
    generate(Request(out=out, seed=8, years=[2025], children=300, inject_problems=0.05))
    [path] = (out / "cin").glob("*.xml")
    return path


def _with_repeats(path: Path, folder: Path) -> Path:
    """The census with its children written twice more under new IDs and once under the same:
    a duplicate child, repeated UPNs, and more children than one chunk of the rules' reader."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("<Child>")
    body, _, tail = rest.rpartition("</Child>")
    children = "<Child>" + body + "</Child>"
    renamed = children.replace("<LAchildID>", "<LAchildID>X")
    repeated = folder / "repeated.xml"
    repeated.write_text(head + children + renamed + children + tail, encoding="utf-8")
    return repeated


def test_the_tables_built_beside_the_import_are_the_rules_own(census_file, tmp_path, monkeypatch):
    monkeypatch.setattr(CensusReader, "CHUNK", 97)  # several chunks, one part-filled
    for path in (census_file, _with_repeats(census_file, tmp_path)):
        read = read_cin(path)
        alone = read_census(path)
        assert read.checked is not None
        assert read.checked.year == alone.year
        assert read.checked.reference_date == alone.reference_date
        assert read.checked.tables.keys() == alone.tables.keys()
        for module, table in alone.tables.items():
            assert read.checked.tables[module].equals(table), module


def test_the_rules_find_the_same_from_the_import_as_from_the_file(census_file, tmp_path):
    path = _with_repeats(census_file, tmp_path)
    read = read_cin(path)
    from_file = problems(validate_cin(path).findings)
    assert from_file, "the census should break some rules"
    same_pass = run_rules(
        "cin", read.tables, read.year, default_file=path.name, checked=read.checked
    )
    assert same_pass == from_file
    # and without the file at all: the tables built in the pass are all the rules read
    assert run_rules("cin", read.tables, read.year, default_file=path.name, checked=read.checked,
                     files=()) == from_file  # fmt: skip


def test_a_fault_of_the_rules_reader_does_not_stop_the_import(census_file, tmp_path, monkeypatch):
    """As before the single pass: a fault of the rules' reader costs the rules' findings (the
    rules read the file again on their own, and report it unreadable), never the import."""
    original = source._child

    def failing(columns, element, n, seen):
        if n == 3:
            raise ValueError("a fault")
        return original(columns, element, n, seen)

    monkeypatch.setattr(source, "_child", failing)
    read = read_cin(census_file)
    assert read.checked is None and not read.blocked
    assert read.tables["ssd_person"].num_rows > 0
    result = import_files(Store(tmp_path / "home"), [census_file], created_by="test")
    assert result.ok and len(result.snapshots) == 1


def test_findings_become_problems_as_they_did_row_by_row():
    findings = pa.table(
        {
            "return_": ["cin", "ssda903", "cin"],
            "file": ["a.xml", "return", "a.xml"],
            "code": ["1520", "103", "8510"],
            "severity": [engine.ERROR, engine.QUERY, engine.ERROR],
            "message": ["m1", "m2", "m1"],
            "child_id": ["C1", None, "C1"],
            "module": ["ChildIdentifiers", "", "ChildIdentifiers"],
            "field": ["UPN", "DECOM", "UPN"],
            "line": [12, None, None],
            "location": [None, "episodes.csv line 3", "/Message/Children/Child[2]"],
            "value": ["A1", None, ""],
        },
        schema=engine.FINDING_SCHEMA,
    )
    rows = [
        (r["return_"], r["code"], r["child_id"], r["value"], r["line"], r["location"], r["file"])
        for r in findings.to_pylist()
    ]
    got = problems(pa.concat_tables([findings.slice(0, 1), findings.slice(1)]))
    assert [
        (p.return_, p.code, p.child_id, p.value, p.location, p.file, p.severity) for p in got
    ] == [
        ("cin", "1520", "C1", "A1", "line 12", "a.xml", "error"),
        ("ssda903", "103", "", "", "episodes.csv line 3", "episodes.csv", "warning"),
        ("cin", "8510", "C1", "", "/Message/Children/Child[2]", "a.xml", "error"),
    ]
    assert len(rows) == len(got)
