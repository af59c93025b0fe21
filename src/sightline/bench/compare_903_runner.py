"""Runs the open 903 validator (csc-validator-be-903) on one return, inside its own virtual
environment (`make compare` makes it): prints its (rule code, table, row, child) findings, the
rules it skipped or that failed, and its time, as JSON. Imports nothing of Sightline: its
dependencies (pandas 1.5, numpy 1.24) clash with ours.

Arguments: this year's files (comma-separated), last year's files (comma-separated, or ""),
the rule set (lac2022_23 ...), the council's ONS code, and the JSON file to write."""

import contextlib
import importlib
import io
import json
import logging
import sys
import time


def main() -> None:
    this_year, last_year, ruleset, council, out = sys.argv[1:6]
    started = time.perf_counter()
    cpu_started = time.process_time()
    logging.disable(logging.CRITICAL)  # it logs every rule at INFO
    from lac_validator import lac_validator
    from lac_validator.utils import process_uploaded_files

    files = {"This year": [p for p in this_year.split(",") if p]}
    if last_year:
        files["Prev year"] = [p for p in last_year.split(",") if p]
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    year = f"20{ruleset[-2:]}"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = lac_validator.LacValidator(
            metadata={"collectionYear": year, "localAuthority": council},
            files=process_uploaded_files(files),
            registry=registry,
            selected_rules=None,
        )
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    found = []
    for table, frame in validator.ds_results.items():
        if not hasattr(frame, "columns"):
            continue
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            code = str(column)[4:]
            hits = frame[frame[column] == True]  # noqa: E712 (a pandas mask)
            for row, child in zip(hits.index, hits.get("CHILD", [None] * len(hits)), strict=False):
                found.append([code, table, int(row), "" if child != child else str(child)])
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "findings": found,
                "failed": sorted(validator.fails),
                "skipped": sorted(validator.skips),
                "rules": len(registry),
            },
            handle,
        )


if __name__ == "__main__":
    main()
