"""What the job queue's capped child processes run for the validation area (no Django here: the
child imports only the engine). Each writes its output into a temporary folder beside the final
one and renames it into place, so a child killed at any instant leaves nothing half written."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

Progress = Callable[[float, str], None]
TABLE = "table.parquet"
FINDINGS = "findings.parquet"
META = "meta.json"


def _into_place(tmp: Path, final: Path) -> None:
    os.rename(tmp, final)
    for path in final.rglob("*"):
        if path.is_file():
            path.chmod(0o400)


def read_reference(*, kind: str, paths: list[str], out: str, progress: Progress) -> dict[str, Any]:
    """Read a providers list (one or more files) or a postcode reference into `out/table.parquet`;
    {"rows": n}, or {"error": plain words} when it cannot be used (then `out` is not written)."""
    from sightline.rules.ssda903 import references as lists

    progress(0.1, "Reading the list")
    files = [Path(p) for p in paths]
    try:
        if kind == "providers":
            table = lists.read_providers(files, [p.name for p in files])
        else:
            if len(files) != 1:
                return {"error": "Upload one postcode reference file at a time."}
            table = lists.read_postcodes(files[0], files[0].name)
    except lists.ReferenceListError as error:
        return {"error": str(error)}
    if not table.num_rows:
        what = "providers" if kind == "providers" else "postcodes"
        return {"error": f"{', '.join(p.name for p in files)} has no {what} in it."}
    final = Path(out)
    tmp = final.with_name(f".tmp-{os.getpid()}-{uuid.uuid4().hex}")
    tmp.mkdir(parents=True)
    try:
        pq.write_table(table, tmp / TABLE)
        _into_place(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {"rows": table.num_rows}


def validate(
    *,
    return_: str,
    originals: list[str],
    year: int | None,
    last: list[str],
    providers: str,
    postcodes: str,
    council_code: str,
    out: str,
    progress: Progress,
) -> dict[str, Any]:
    """Every DfE rule of the return's year on a snapshot's original files (a 903 return beside
    last year's and the reference lists given), its findings and what was not run in `out`."""
    progress(0.1, "Checking the return against the DfE's rules")
    files = [Path(p) for p in originals]
    if return_ == "cin":
        from sightline.rules.validate import validate_cin

        result = validate_cin(files[0], year=year)
    else:
        from sightline.returns.ssda903.validation import validate_903_files
        from sightline.rules.ssda903 import references as lists

        loaded: dict[str, pa.Table] = {}
        if providers:
            loaded["providers"] = pq.read_table(Path(providers) / TABLE)
        if postcodes:
            loaded["postcodes"] = pq.read_table(Path(postcodes) / TABLE)
        if council_code:
            loaded["council"] = lists.council(council_code)
        result = validate_903_files(files, year, [Path(p) for p in last] or None, loaded or None)
    progress(0.9, "Keeping the findings")
    meta = {
        "return_": result.return_,
        "file": result.file,
        "year": result.year,
        "reference_date": result.reference_date.isoformat(),
        "children": result.children,
        "rules": result.rules,
        "seconds": result.seconds,
        "unreadable": result.unreadable,
        "not_run": {code: list(needs) for code, needs in result.not_run.items()},
    }
    final = Path(out)
    tmp = final.with_name(f".tmp-{os.getpid()}-{uuid.uuid4().hex}")
    tmp.mkdir(parents=True)
    try:
        pq.write_table(result.findings, tmp / FINDINGS)
        (tmp / META).write_text(json.dumps(meta), encoding="utf-8")
        _into_place(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {"findings": result.findings.num_rows}
