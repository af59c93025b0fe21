"""Runs the open CIN validator (csc-validator-be-cin) on one file, inside its own virtual
environment (`make compare` makes it): prints its (rule code, child) findings and its time as JSON.
Imports nothing of Sightline: its dependencies clash with ours."""

import contextlib
import importlib
import io
import json
import sys
import time
import xml.etree.ElementTree as ET

from cin_validator import cin_validator


def main() -> None:
    path, ruleset, out = sys.argv[1], sys.argv[2], sys.argv[3]
    started = time.perf_counter()
    root = ET.parse(path).getroot()
    data = cin_validator.process_data(cin_validator.convert_data(root))
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):  # it prints the rules that crashed, and goes on
        validator = cin_validator.CinValidator(data, registry)
    seconds = time.perf_counter() - started
    issues = validator.full_issue_df
    council = {str(code) for code in validator.multichild_issues["rule_code"]}
    found = sorted(
        {
            (str(code), "" if child != child or child is None else str(child))
            for code, child in zip(issues["rule_code"], issues["child_id"], strict=True)
        }
    )
    found += sorted((code, "") for code in council)
    crashed = [line for line in printed.getvalue().splitlines() if line.startswith("Error with")]
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"seconds": seconds, "findings": found, "crashed": crashed}, handle)


if __name__ == "__main__":
    main()
