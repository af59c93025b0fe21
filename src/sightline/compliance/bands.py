"""Timeliness in DfE's published bands: assessments and initial child protection conferences.

The same rows as the indicators `assessments_45wd` and `icpc_15wd` (one definition, one place),
counted per band, every band shown even when empty, in DfE's order.
"""

from __future__ import annotations

import pyarrow as pa

from sightline.dataset import Dataset
from sightline.indicators import Period, run_one

BANDS = {
    "assessments_45wd": (
        "0 (same day)", "1-10", "11-20", "21-30", "31-40", "41-45", "46-50", "51-60", "61+",
    ),
    "icpc_15wd": ("0-10", "11-15", "16-20", "21+"),
}  # fmt: skip
MEASURES = {
    "assessments_45wd": "assessments: working days from start to authorisation",
    "icpc_15wd": "initial child protection conferences: working days from the S47 start",
}


def timeliness(dataset: Dataset, period: Period | str) -> pa.Table:
    """measure, band, count, percent (of the measure's total), in timescale (bool), snapshots."""
    period = Period.parse(period) if isinstance(period, str) else period
    rows = []
    for indicator_id, bands in BANDS.items():
        results = run_one(dataset, indicator_id, period, breakdown="band")
        counts = {r.breakdown_value: r.denominator or 0.0 for r in results if r.breakdown_value}
        total = sum(counts.values())
        snapshots = " ".join(results[0].snapshot_ids) if results else ""
        limit = 45 if indicator_id == "assessments_45wd" else 15
        for band in bands:
            count = counts.get(band, 0.0)
            rows.append(
                {
                    "measure": MEASURES[indicator_id],
                    "band": band,
                    "count": int(count),
                    "percent": round(100 * count / total, 1) if total else None,
                    "in_timescale": _upper(band) <= limit,
                    "snapshots": snapshots,
                }
            )
    return pa.Table.from_pylist(rows)


def _upper(band: str) -> int:
    text = band.split(" ")[0].rstrip("+")
    upper = text.split("-")[-1]
    return int(upper) + (1000 if band.endswith("+") else 0)
