"""A 903 return's files against the DfE's rules of its year, with last year's return beside it.

The files are read as they are written (CSV tables or the XML form) and every rule of the year's
set runs on them; last year's return, given as files or found in the store for the same council,
feeds the rules that compare the two years. What could not be read is said, and nothing checked.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa

from sightline.returns.reading import ReadResult
from sightline.returns.ssda903.read import read_903_csvs
from sightline.returns.ssda903.xml import read_903_xml
from sightline.rules import engine
from sightline.rules.validate import Validation, validate_903


def files_of(paths: Sequence[Path]) -> list[Path]:
    """A folder's CSV and XML files, or the files given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xml")))
        else:
            found.append(path)
    return found


def read_as_written(paths: Sequence[Path], year: int | None = None) -> ReadResult:
    """One 903 return (its CSV tables, or one XML file) as the files write it (the canonical
    tables, which the rules do not read, are not made)."""
    files = files_of(paths)
    xml = [p for p in files if p.suffix.lower() == ".xml"]
    if xml and len(files) == 1:
        return read_903_xml(xml[0], year=year, canonical=False)
    return read_903_csvs([p for p in files if p.suffix.lower() != ".xml"], year, canonical=False)


def _unreadable(result: ReadResult) -> str:
    blocking = [p for p in result.problems if p.blocks_file]
    return "; ".join(f"{p.file}: {p.message}" for p in blocking[:5])


def validate_903_files(
    paths: Sequence[Path],
    year: int | None = None,
    last: Sequence[Path] | None = None,
    references: Mapping[str, pa.Table] | None = None,
) -> Validation:
    """Every rule of the return's year (or `year`'s set) on one 903 return's files."""
    started = time.perf_counter()
    read = read_as_written(paths, year)
    name = ", ".join(p.name for p in paths) if len(paths) > 1 else (paths[0].name if paths else "")
    if read.blocked or read.year is None:
        set_year = engine.set_year("ssda903", year)
        return Validation(
            "ssda903", name, set_year, date(year or set_year, 3, 31), 0, 0,
            engine.FINDING_SCHEMA.empty_table(), time.perf_counter() - started,
            _unreadable(read) or "no 903 tables were found",
        )  # fmt: skip
    earlier = None
    if last:
        previous = read_as_written(last, read.year - 1)
        if previous.blocked:
            raise ValueError(f"last year's return cannot be read: {_unreadable(previous)}")
        earlier = previous.as_written
    return validate_903(read.as_written, read.year, file=name, last=earlier, references=references)
