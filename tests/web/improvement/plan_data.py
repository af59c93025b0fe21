"""Snapshots for the plan tests (imported by test modules: `from plan_data import ...`)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path


def write_cin_assessments(store, year: int, in_time: int, late: int):
    """A CIN snapshot for council 999 with assessments authorised in the year: some within 45
    working days, some late (so assessments_45wd is in_time / (in_time + late))."""
    import pyarrow as pa

    from sightline import canonical
    from sightline.returns.problems import PROBLEM_SCHEMA

    def table(name, rows):
        schema = canonical.table(name).arrow_schema()
        return pa.Table.from_pylist(
            [{f: r.get(f) for f in schema.names} for r in rows], schema=schema
        )

    start = dt.date(year - 1, 5, 1)
    rows = []
    for n in range(in_time + late):
        done = start + dt.timedelta(days=10 if n < in_time else 120)
        rows.append({
            "cina_assessment_id": f"A{n}", "cina_person_id": f"CHILD{n:04d}", "cina_referral_id": f"R{n}",
            "cina_assessment_start_date": start, "cina_assessment_auth_date": done,
            "cina_assessment_team": "Team A",
        })  # fmt: skip
    people = [
        {"pers_person_id": f"CHILD{n:04d}", "pers_dob": dt.date(2015, 1, 1)}
        for n in range(len(rows))
    ]
    folder = Path(tempfile.mkdtemp())
    source = folder / f"CIN_999_{year}.xml"
    source.write_text("<Message/>")
    return store.write(
        return_="cin",
        council="999",
        year=year,
        period=(dt.date(year - 1, 4, 1), dt.date(year, 3, 31)),
        files=[source],
        file_years={source.name: year},
        tables={
            "ssd_person": table("ssd_person", people),
            "ssd_cin_assessments": table("ssd_cin_assessments", rows),
        },
        problems=pa.Table.from_pylist([], schema=PROBLEM_SCHEMA),
        created_by="test",
    )
