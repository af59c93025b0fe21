"""Inject the data-quality problems real returns have, and record each one in problems.jsonl.

Applied to the written files (so the files are what a council would send): in the CIN XML a missing
primary need code, a bad referral source code, a closure before its referral; in the 903 episodes a
bad placement code, a missing legal status, a date in the wrong format, overlapping episodes.
Deterministic for a seed; `rate` is the share of eligible rows that get a problem.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import numpy as np


def inject_problems(out: Path, rate: float, seed: int) -> int:
    rng = np.random.default_rng([seed, 99])
    records: list[dict[str, Any]] = []
    for path in sorted((out / "cin").glob("*.xml")):
        records.extend(_cin(path, out, rng, rate))
    for path in sorted((out / "ssda903").glob("*/episodes.csv")):
        records.extend(_episodes(path, out, rng, rate))
    with (out / "problems.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, sort_keys=True) + "\n")
    return len(records)


def _cin(path: Path, out: Path, rng: np.random.Generator, rate: float) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    # duplicates first, so the line numbers recorded for the other problems stay right
    lines, records = _duplicate_children(lines, path, out, rng, rate)
    child = ""
    for number, line in enumerate(lines):
        found = re.search(r"<LAchildID>([^<]*)</LAchildID>", line)
        if found:
            child = found.group(1)
        if "<CINdetails>" not in line or rng.random() >= rate:
            continue
        kind = ("missing_field", "bad_code", "dates_out_of_order")[int(rng.integers(0, 3))]
        base = {"file": str(path.relative_to(out)), "return": "cin", "child_id": child,
                "location": f"line {number + 1}"}  # fmt: skip
        if kind == "missing_field" and "<PrimaryNeedCode>" in line:
            lines[number] = re.sub(r"<PrimaryNeedCode>[^<]*</PrimaryNeedCode>", "", line)
            records.append({**base, "field": "PrimaryNeedCode", "kind": kind, "value": ""})
        elif kind == "bad_code":
            lines[number] = re.sub(r"<ReferralSource>[^<]*<", "<ReferralSource>99<", line)
            records.append({**base, "field": "ReferralSource", "kind": kind, "value": "99"})
        elif kind == "dates_out_of_order" and "<CINclosureDate>" in line:
            referral = re.search(r"<CINreferralDate>(\d{4})-(\d\d-\d\d)<", line)
            if referral:
                earlier = f"{int(referral.group(1)) - 1}-{referral.group(2)}"
                if earlier.endswith("02-29"):
                    earlier = earlier[:-2] + "28"
                lines[number] = re.sub(
                    r"<CINclosureDate>[^<]*<", f"<CINclosureDate>{earlier}<", line
                )
                records.append({**base, "field": "CINclosureDate", "kind": kind, "value": earlier})
    path.write_text("\n".join(lines), encoding="utf-8")
    return records


def _duplicate_children(
    lines: list[str], path: Path, out: Path, rng: np.random.Generator, rate: float
) -> tuple[list[str], list[dict[str, Any]]]:
    """Some children written twice, one after the other (as a bad extract does)."""
    result: list[str] = []
    records: list[dict[str, Any]] = []
    block: list[str] = []
    for line in lines:
        if line.strip() == "<Child>":
            block = [line]
            continue
        if block:
            block.append(line)
            if line.strip() == "</Child>":
                result.extend(block)
                if rng.random() < rate / 4:
                    child = re.search(r"<LAchildID>([^<]*)</LAchildID>", "".join(block))
                    records.append({
                        "file": str(path.relative_to(out)), "return": "cin",
                        "child_id": child.group(1) if child else "", "field": "LAchildID",
                        "kind": "duplicate_child", "value": child.group(1) if child else "",
                        "location": f"line {len(result) + 2}",  # the copy's identifiers
                    })  # fmt: skip
                    result.extend(block)
                block = []
            continue
        result.append(line)
    return result, records


def _episodes(path: Path, out: Path, rng: np.random.Generator, rate: float) -> list[dict[str, Any]]:
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    if not rows:
        return []
    columns = list(rows[0])
    records = []
    for number, row in enumerate(rows):
        if rng.random() >= rate:
            continue
        kind = ("bad_code", "missing_field", "bad_date_format", "overlapping_episodes")[
            int(rng.integers(0, 4))
        ]
        base = {"file": str(path.relative_to(out)), "return": "ssda903", "child_id": row["CHILD"],
                "location": f"line {number + 2}"}  # fmt: skip
        if kind == "bad_code":
            row["PLACE"] = "X9"
            records.append({**base, "field": "PLACE", "kind": kind, "value": "X9"})
        elif kind == "missing_field":
            row["LS"] = ""
            records.append({**base, "field": "LS", "kind": kind, "value": ""})
        elif kind == "bad_date_format":
            d, m, y = row["DECOM"].split("/")
            row["DECOM"] = f"{y}-{m}-{d}"
            records.append({**base, "field": "DECOM", "kind": kind, "value": row["DECOM"]})
        elif row["DEC"] and number + 1 < len(rows) and rows[number + 1]["CHILD"] == row["CHILD"]:
            d, m, y = rows[number + 1]["DECOM"].split("/")
            row["DEC"] = f"{d}/{m}/{int(y) + 1}"
            records.append(
                {**base, "field": "DEC", "kind": "overlapping_episodes", "value": row["DEC"]}
            )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return records
