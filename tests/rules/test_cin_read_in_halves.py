"""A large CIN census is read in two halves at once (the second in a helper process), and what the
rules see is exactly what a whole read gives: every table row for row, every line number, the
year and reference date. Where a file cannot be cut safely it is read whole, with the whole
read's result and errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sightline.rules.cin import _halves
from sightline.rules.cin.source import Census, CensusReader, parse, read_census
from sightline.rules.validate import validate_cin
from sightline.synth.council import Request, generate


@pytest.fixture(scope="module")
def census_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("halves")
    generate(Request(out=out, seed=5, years=[2025], children=400, inject_problems=0.05))
    [path] = (out / "cin").glob("*.xml")
    return path


def _whole(path: Path) -> Census:
    reader = CensusReader(path.name)
    return reader.census(parse(reader, str(path)))


def _same(one: Census, other: Census) -> None:
    assert (one.file, one.year, one.reference_date, one.problems) == (
        other.file,
        other.year,
        other.reference_date,
        other.problems,
    )
    assert one.tables.keys() == other.tables.keys()
    for module, table in one.tables.items():
        assert table.equals(other.tables[module]), module


def _split(path: Path) -> tuple[str, str, str]:
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("<Child>")
    body, _, tail = rest.rpartition("</Child>")
    return head, "<Child>" + body + "</Child>", tail


def _written(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_census_read_in_halves_is_the_whole_read(census_file: Path) -> None:
    halves = _halves.read_in_halves(census_file, census_file.name, smallest=0)
    assert halves is not None, "the file should have been cut"
    whole = _whole(census_file)
    assert whole.children > 400 and whole.tables["Assessments"].num_rows > 100
    _same(halves, whole)


def test_the_children_of_the_second_half_are_numbered_on_and_their_lines_are_the_files(
    census_file: Path,
) -> None:
    halves = _halves.read_in_halves(census_file, census_file.name, smallest=0)
    assert halves is not None
    text = census_file.read_text(encoding="utf-8")
    lines = text.splitlines()
    ids = halves.tables["ChildIdentifiers"]
    assert max(ids.column("_child").to_pylist()) == text.count("<Child>")
    last = ids.slice(ids.num_rows - 1).to_pylist()[0]
    assert f"<LAchildID>{last['LAchildID']}</LAchildID>" in lines[last["_line_LAchildID"] - 1]
    assert "<Child>" in lines[text.count("\n", 0, text.rindex("<Child>"))]


def test_a_namespaced_census_with_prefixes_is_cut_and_read_the_same(
    census_file: Path, tmp_path: Path
) -> None:
    text = census_file.read_text(encoding="utf-8")
    prefixed = re.sub(r"<(/?)([A-Za-z])", r"<\1cin:\2", text)
    prefixed = prefixed.replace(
        "<cin:Message", '<cin:Message xmlns:cin="http://example.org/cin"', 1
    )
    path = _written(tmp_path, "prefixed.xml", prefixed)
    halves = _halves.read_in_halves(path, path.name, smallest=0)
    assert halves is not None
    assert halves.children == text.count("<Child>")
    _same(halves, _whole(path))


def test_a_child_in_both_halves_is_read_whole(census_file: Path, tmp_path: Path) -> None:
    head, children, tail = _split(census_file)
    first = children[: children.index("</Child>") + len("</Child>")]
    path = _written(tmp_path, "repeat.xml", head + children + first + tail)  # the first child last
    assert _halves.read_in_halves(path, path.name, smallest=0) is None
    _same(read_census(path), _whole(path))


def test_a_cut_inside_a_comment_is_read_whole(census_file: Path, tmp_path: Path) -> None:
    head, children, tail = _split(census_file)
    size = len(head) + len(children) + len(tail)
    # The cut looks for a Child after 80% of a small file: a comment that spans that point,
    # from 60% of the children on, and holds one there.
    comment = "<!-- " + "x" * (3 * size // 2) + " <Child> -->"
    at = children.index("<Child>", len(children) * 6 // 10)
    path = _written(tmp_path, "comment.xml", head + children[:at] + comment + children[at:] + tail)
    assert _halves.read_in_halves(path, path.name, smallest=0) is None
    _same(read_census(path), _whole(path))


def test_a_child_tag_in_a_comment_before_the_children_is_read_whole(
    census_file: Path, tmp_path: Path
) -> None:
    """The head ends at the first "<Child": here inside a comment. Given to the helper, that
    comment would run on to the next "-->" and hide every child before it."""
    head, children, tail = _split(census_file)
    at = children.index("<Child>", len(children) * 95 // 100)
    # "-->" is plain text between children (allowed in XML), but ends the helper's comment.
    text = head + "<!-- <Child> -->" + children[:at] + "-->" + children[at:] + tail
    path = _written(tmp_path, "early_comment.xml", text)
    assert _halves.read_in_halves(path, path.name, smallest=0) is None
    _same(read_census(path), _whole(path))


def test_a_broken_second_half_gives_the_whole_reads_error(
    census_file: Path, tmp_path: Path
) -> None:
    head, children, tail = _split(census_file)
    at = children.rindex("<Child>")
    path = _written(tmp_path, "broken.xml", head + children[:at] + "<Child><Oops></Child>" + tail)
    assert _halves.read_in_halves(path, path.name, smallest=0) is None
    read = read_census(path)
    assert read.problems and read.problems == _whole(path).problems
    assert "line" in read.problems[0]


def test_validating_a_large_file_finds_what_the_whole_read_finds(
    census_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = validate_cin(census_file)
    monkeypatch.setattr(_halves, "SMALLEST", 0)
    seen = []
    original = _halves._joined
    monkeypatch.setattr(_halves, "_joined", lambda *a: seen.append(1) or original(*a))
    halves = validate_cin(census_file)
    assert seen, "the file should have been read in halves"
    assert halves.findings.num_rows > 0
    key = ["code", "child_id", "line", "location", "value"]
    assert halves.findings.sort_by([(k, "ascending") for k in key]).equals(
        whole.findings.sort_by([(k, "ascending") for k in key])
    )


def test_a_process_with_capped_memory_reads_whole(
    census_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job's memory is capped per process: a helper would have a cap of its own."""
    capped = 8 * 2**30
    monkeypatch.setattr(_halves.resource, "getrlimit", lambda _: (capped, capped))
    assert _halves.read_in_halves(census_file, census_file.name, smallest=0) is None


def test_a_fault_in_joining_the_halves_reads_whole(
    census_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault of the halves' own making never reaches the report: the whole read decides."""

    def broken(*_: object) -> None:
        raise ValueError("the halves' tables do not fit")

    monkeypatch.setattr(_halves, "_joined", broken)
    monkeypatch.setattr(_halves, "SMALLEST", 0)
    assert _halves.read_in_halves(census_file, census_file.name) is None
    checked = validate_cin(census_file)
    assert not checked.unreadable and checked.children == _whole(census_file).children
