"""Kept so older imports keep working: problems live in `sightline.problems` (a leaf module every
part of the engine can import without a cycle)."""

from sightline.problems import (  # noqa: F401
    COLUMNS,
    ERROR,
    MAX_VALUE_CHARS,
    PROBLEM_SCHEMA,
    REPORT_FORMATS,
    WARNING,
    Problem,
    Problems,
    count_by_severity,
    problems_from_table,
    problems_table,
    render,
)
