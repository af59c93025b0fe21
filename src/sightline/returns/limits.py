"""Limits checked before any work: what a file may unpack to, how many rows a table and how many
problems of one kind a return may list.

A workbook (.xlsx) and a zip of returns are zip archives: their central directory says, before
anything is unpacked, how big each member is and how much it was compressed. A member that
unpacks past the total limit, or compresses implausibly well (a "zip bomb": 2 MB on disk, 400 MB
unpacked), is refused with a plain message, before a byte of it is read. Real Annex A workbooks
unpack to tens of megabytes, at ratios of 5 to 30.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from sightline.problems import Problem

MAX_UNZIPPED_ENV = "SIGHTLINE_MAX_UNZIPPED_MB"
DEFAULT_MAX_UNZIPPED = 256 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for a member over RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024  # small members compress well legitimately (repeated XML)
MAX_MEMBERS = 10_000
MAX_ROWS_ENV = "SIGHTLINE_MAX_ROWS"
DEFAULT_MAX_ROWS = 5_000_000  # a table; the largest council's 903 episodes are ~100,000 a year
PROBLEMS_PER_CODE = 1_000  # listed per file and code; the rest are counted in one line


def max_unzipped() -> int:
    value = os.environ.get(MAX_UNZIPPED_ENV, "")
    return int(value) * 1024 * 1024 if value.isdigit() else DEFAULT_MAX_UNZIPPED


def max_rows() -> int:
    value = os.environ.get(MAX_ROWS_ENV, "")
    return int(value) if value.isdigit() else DEFAULT_MAX_ROWS


def _problem(path: Path, code: str, message: str) -> Problem:
    return Problem("", path.name, "", "", "", "", code, "error", message, True)


def check_zip(path: Path, what: str = "workbook") -> Problem | None:
    """A blocking problem when the archive would unpack past the limits, else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return _problem(path, "unreadable_zip", f"The {what} cannot be opened ({error}).")
    if len(members) > MAX_MEMBERS:
        return _problem(
            path,
            "zip_too_many_files",
            f"The {what} holds {len(members):,} files, over the limit of {MAX_MEMBERS:,}: it is "
            "not one Sightline reads. Nothing was read from it.",
        )
    limit = max_unzipped()
    total = sum(m.file_size for m in members)
    if total > limit:
        return _problem(
            path,
            "unzips_too_large",
            f"The {what} would unpack to {total / 1024**2:,.0f} MB, over the limit of "
            f"{limit / 1024**2:,.0f} MB (set {MAX_UNZIPPED_ENV} to change it). A real return "
            "is far smaller: check the file was exported from the case management system. "
            "Nothing was read from it.",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            return _problem(
                path,
                "compression_ratio",
                f"{member.filename} inside the {what} is compressed {ratio:,.0f} to 1, far more "
                f"than a real return ever is (the limit is {MAX_RATIO} to 1): the file looks made "
                "to exhaust memory. Nothing was read from it.",
            )
    return None


def cap_problems(problems: list[Problem], per_code: int = PROBLEMS_PER_CODE) -> list[Problem]:
    """The first `per_code` problems of each file and code, and for each that had more one line
    saying how many more there were: a report stays readable and small, and nothing is hidden."""
    seen: dict[tuple[str, str, str], int] = {}
    kept: list[Problem] = []
    for problem in problems:
        key = (problem.return_, problem.file, problem.code)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= per_code or problem.blocks_file:
            kept.append(problem)
    for (return_, file, code), count in seen.items():
        if count > per_code:
            first = next(
                p for p in problems if (p.return_, p.file, p.code) == (return_, file, code)
            )
            kept.append(
                Problem(
                    return_,
                    file,
                    "",
                    "",
                    first.field,
                    "",
                    code,
                    first.severity,
                    f"{count - per_code:,} more problems of this kind ({code}) were found and not "
                    f"listed: {count:,} in all. Fix the first ones listed; the rest are usually "
                    "the same mistake.",
                )
            )
    return kept
