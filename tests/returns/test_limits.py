"""Limits before work: a zip that would unpack too far is refused before it is read; problems of
one kind are listed up to a cap and the rest counted."""

from __future__ import annotations

import zipfile
from pathlib import Path

from sightline.problems import Problem
from sightline.returns.importer import import_files
from sightline.returns.limits import MAX_UNZIPPED_ENV, cap_problems, check_zip
from sightline.store import Store


def zip_bomb(path: Path, megabytes: int = 300) -> Path:
    """A workbook-shaped zip whose one sheet unpacks to `megabytes` of repeated XML."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"<row><c><v>1</v></c></row>" * 40_000
            for _ in range(megabytes * 1024 * 1024 // len(block)):
                sheet.write(block)
    return path


def test_a_zip_bomb_workbook_is_refused_before_it_is_read(tmp_path):
    bomb = zip_bomb(tmp_path / "Annex_A.xlsx")
    assert bomb.stat().st_size < 3 * 1024 * 1024
    store = Store(tmp_path / "home")
    result = import_files(store, [bomb])
    [problem] = [p for p in result.problems if p.blocks_file]
    assert problem.code == "unzips_too_large"
    assert "would unpack to" in problem.message and "Nothing was read" in problem.message
    assert store.snapshots() == []


def test_a_member_compressed_implausibly_well_is_refused_under_the_total_limit(tmp_path):
    bomb = zip_bomb(tmp_path / "small_bomb.xlsx", megabytes=40)
    problem = check_zip(bomb)
    assert problem is not None and problem.code == "compression_ratio"
    assert "sheet1.xml" in problem.message


def test_the_unzipped_limit_is_a_setting(tmp_path, monkeypatch):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:  # stored, not compressed: ratio 1
        archive.writestr("xl/worksheets/sheet1.xml", b"x" * (3 * 1024 * 1024))
    assert check_zip(path) is None
    monkeypatch.setenv(MAX_UNZIPPED_ENV, "2")
    problem = check_zip(path)
    assert problem is not None and "limit of 2 MB" in problem.message


def _problem(code: str, n: int) -> Problem:
    return Problem("cin", "cin.xml", f"line {n}", f"C{n}", "F", "x", code, "error", "bad")


def test_problems_of_one_kind_are_listed_up_to_the_cap_and_the_rest_counted():
    problems = [_problem("100", n) for n in range(2_500)] + [_problem("200", 1)]
    kept = cap_problems(problems, per_code=1_000)
    listed = [p for p in kept if p.code == "100" and p.location]
    assert len(listed) == 1_000 and listed[0].location == "line 0"
    [summary] = [p for p in kept if p.code == "100" and not p.location]
    assert (
        "1,500 more problems of this kind" in summary.message and "2,500 in all" in summary.message
    )
    assert [p.code for p in kept].count("200") == 1
