"""Inject the data-quality problems real returns have, and record each one in problems.jsonl.

Applied to the written files (so the files are what a council would send): in the CIN XML a missing
primary need code, a bad referral source code, a closure before its referral, from 2026/27 a
pre-proceedings outcome not in the code set; in the 903 episodes a
bad placement code, a missing legal status, a date in the wrong format, overlapping episodes; in
Annex A a blank Child Unique ID or required date, an unknown code spelling, a date written as text in
another format, a plan (or care) ending before it started.
Deterministic for a seed; `rate` is the share of eligible rows that get a problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

ANNEX_A_KINDS = ("missing_field", "bad_code", "bad_date_format", "dates_out_of_order")


def inject_problems(out: Path, rate: float, seed: int) -> int:
    rng = np.random.default_rng([seed, 99])
    records: list[dict[str, Any]] = []
    for path in sorted((out / "cin").glob("*.xml")):
        records.extend(_cin(path, out, rng, rate))
    for path in sorted((out / "ssda903").glob("*/episodes.csv")):
        records.extend(_episodes(path, out, rng, rate))
    for path in sorted((out / "annex_a").glob("*.xlsx")):
        records.extend(_annex_a(path, out, rng, rate))
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
        base = {"file": str(path.relative_to(out)), "return": "cin", "child_id": child,
                "location": f"line {number + 1}"}  # fmt: skip
        # 2026/27 on: a pre-proceedings outcome not in the code set (drawn only where one is
        # written, so earlier years' files are as they were)
        if "<PPOutcome>" in line and rng.random() < rate:
            line = lines[number] = re.sub(r"<PPOutcome>[^<]*<", "<PPOutcome>D<", line)
            records.append({**base, "field": "PPOutcome", "kind": "bad_code", "value": "D",
                            "dfe_codes": ["9011"]})  # fmt: skip
        if "<CINdetails>" not in line or rng.random() >= rate:
            continue
        kind = ("missing_field", "bad_code", "dates_out_of_order")[int(rng.integers(0, 3))]
        # `dfe_codes`: the DfE CIN validation rules the problem must trigger (sightline.rules).
        if kind == "missing_field" and "<PrimaryNeedCode>" in line and "<ReferralNFA>0<" in line:
            lines[number] = re.sub(r"<PrimaryNeedCode>[^<]*</PrimaryNeedCode>", "", line)
            records.append({**base, "field": "PrimaryNeedCode", "kind": kind, "value": "",
                            "dfe_codes": ["8610"]})  # fmt: skip
        elif kind == "bad_code":
            lines[number] = re.sub(r"<ReferralSource>[^<]*<", "<ReferralSource>99<", line)
            records.append({**base, "field": "ReferralSource", "kind": kind, "value": "99",
                            "dfe_codes": ["8866"]})  # fmt: skip
        elif kind == "dates_out_of_order" and "<CINclosureDate>" in line:
            referral = re.search(r"<CINreferralDate>(\d{4})-(\d\d-\d\d)<", line)
            if referral:
                earlier = f"{int(referral.group(1)) - 1}-{referral.group(2)}"
                if earlier.endswith("02-29"):
                    earlier = earlier[:-2] + "28"
                lines[number] = re.sub(
                    r"<CINclosureDate>[^<]*<", f"<CINclosureDate>{earlier}<", line
                )
                records.append({**base, "field": "CINclosureDate", "kind": kind, "value": earlier,
                                "dfe_codes": ["8630"]})  # fmt: skip
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
                        "dfe_codes": ["8510", "1520"] if "<UPN>" in "".join(block) else ["8510"],
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
            # a layout no system exports (ISO, which some do, is read with a warning instead)
            d, m, y = row["DECOM"].split("/")
            row["DECOM"] = f"{d}.{m}.{y}"
            records.append({**base, "field": "DECOM", "kind": kind, "value": row["DECOM"]})
        elif row["DEC"] and number + 1 < len(rows) and rows[number + 1]["CHILD"] == row["CHILD"]:
            # The episode now ends a day after the next one starts, still inside the collection
            # year (an end past 31 March would move the return's year too). The DfE's 501 is on
            # the new episode: "a new episode has started before the end date of the previous".
            following = rows[number + 1]
            starts = dt.datetime.strptime(following["DECOM"], "%d/%m/%Y").date()
            ends = starts + dt.timedelta(days=1)
            if (ends.month, ends.day) == (4, 1):
                continue
            row["DEC"] = ends.strftime("%d/%m/%Y")
            records.append({
                **base, "field": "DECOM", "kind": "overlapping_episodes",
                "value": following["DECOM"], "location": f"line {number + 3}",
                "child_id": following["CHILD"], "dfe_codes": ["501"],
            })  # fmt: skip
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return records


# Annex A: dates whose blank the lists cannot accept, and (start, end) pairs a row can put out of order
ANNEX_A_REQUIRED_DATES = {"List 1": "Date of Contact", "List 7": "Child Protection Plan Start Date"}
ANNEX_A_DATE_ORDER = {
    "List 7": ("Child Protection Plan Start Date", "Child Protection Plan End Date"),
    "List 8": ("Date Started to be Looked After", "Date Ceased to be Looked After"),
}


def _annex_a(path: Path, out: Path, rng: np.random.Generator, rate: float) -> list[dict[str, Any]]:
    """Rewrites the workbook with problems in some rows (the same writer, so still reproducible)."""
    from python_calamine import CalamineWorkbook

    from sightline.returns.annex_a.write import StreamingWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    sheets = {
        name: [[_cell(c) for c in row] for row in workbook.get_sheet_by_name(name).to_python()]
        for name in workbook.sheet_names
    }
    records: list[dict[str, Any]] = []
    for sheet, rows in sheets.items():
        if not rows:
            continue
        headings = [str(h) for h in rows[0]]
        for number, row in enumerate(rows[1:], start=2):
            if rng.random() >= rate:
                continue
            kind = ANNEX_A_KINDS[int(rng.integers(0, len(ANNEX_A_KINDS)))]
            record = _annex_a_problem(kind, sheet, headings, row, rng)
            if record:
                records.append({"file": str(path.relative_to(out)), "return": "annex_a",
                                "location": f"{sheet} row {number}", **record})  # fmt: skip
    # every kind at least once where some row can take it, so a council with problems injected
    # shows each kind whatever its size (a small council has few rows with both dates of a pair)
    touched = {r["location"] for r in records}
    for kind in ANNEX_A_KINDS:
        if any(r["kind"] == kind for r in records):
            continue
        for sheet, rows in sheets.items():
            headings = [str(h) for h in rows[0]] if rows else []
            found = None
            for number, row in enumerate(rows[1:], start=2):
                if f"{sheet} row {number}" in touched:
                    continue
                found = _annex_a_problem(kind, sheet, headings, row, rng)
                if found:
                    records.append({"file": str(path.relative_to(out)), "return": "annex_a",
                                    "location": f"{sheet} row {number}", **found})  # fmt: skip
                    break
            if found:
                break
    book = StreamingWorkbook()
    for sheet, rows in sheets.items():
        target = book.create_sheet(sheet)
        for row in rows:
            target.append(row)
    book.save(path)
    return records


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _annex_a_problem(
    kind: str, sheet: str, headings: list[str], row: list[Any], rng: np.random.Generator
) -> dict[str, Any] | None:
    """Puts one problem of `kind` into `row` (in place); what was done, or None if it cannot."""
    from sightline.returns.annex_a.read import known_spelling

    column = {h: i for i, h in enumerate(headings)}
    child = str(row[column["Child Unique ID"]]) if "Child Unique ID" in column else ""

    def filled(name: str) -> bool:
        return name in column and column[name] < len(row) and row[column[name]] not in (None, "")

    if kind == "missing_field":
        name = ANNEX_A_REQUIRED_DATES.get(sheet, "Child Unique ID")
        if not filled(name) or rng.random() < 0.5:
            name = "Child Unique ID"
        if not filled(name):
            return None
        row[column[name]] = None
        child = "" if name == "Child Unique ID" else child
        return {"child_id": child, "field": name, "kind": kind, "value": ""}
    if kind == "bad_code":
        list_name = f"list_{sheet.split()[-1]}"
        for name in ("Gender", "Ethnicity"):
            if filled(name):
                # the label without its letter, and a letter dropped: "a) Male" -> "Mal"
                typo = str(row[column[name]]).split(") ", 1)[-1][:-1]
                if typo and not known_spelling(list_name, name, typo):
                    row[column[name]] = typo
                    return {"child_id": child, "field": name, "kind": kind, "value": typo}
        return None
    if kind == "bad_date_format":
        name = "Date of Birth"
        if not filled(name) or not isinstance(row[column[name]], dt.date):
            return None
        text = row[column[name]].strftime("%d.%m.%Y")
        row[column[name]] = text
        return {"child_id": child, "field": name, "kind": kind, "value": text}
    pair = ANNEX_A_DATE_ORDER.get(sheet)
    if pair is None or not (filled(pair[0]) and filled(pair[1])):
        return None
    start = row[column[pair[0]]]
    if not isinstance(start, dt.date):
        return None
    end = start - dt.timedelta(days=int(rng.integers(1, 60)))
    row[column[pair[1]]] = end
    return {"child_id": child, "field": pair[1], "kind": "dates_out_of_order",
            "value": end.isoformat()}  # fmt: skip
