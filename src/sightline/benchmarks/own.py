"""The council's own figures, computed from its snapshots, for the years published beside them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sightline.indicators import Period, get, run_one
from sightline.indicators.rounding import round_half_up


def own_figures(
    home: Path | None, council: str, indicator_ids: Sequence[str]
) -> dict[str, dict[int, float | None]]:
    """indicator id -> {published year: value} for every collection year the store holds."""
    from sightline.dataset import Dataset, DatasetError
    from sightline.store import Store

    store = Store(home)
    years: set[int] = set()
    for snapshot in store.snapshots(council=council):
        if snapshot.return_ == "csww":  # each census year sits in the year to the next 31 March
            years.update(
                int(y) + 1
                for y in snapshot.read_table("csww_council_figures")["year"].to_pylist()
                if y
            )
        elif snapshot.year:
            years.add(snapshot.year)
    figures: dict[str, dict[int, float | None]] = {i: {} for i in indicator_ids}
    for year in sorted(years):
        try:
            dataset = Dataset.from_store(store, council, year)
        except DatasetError:
            continue
        for indicator_id in indicator_ids:
            indicator = get(indicator_id)
            if indicator.published is None:
                continue
            (result, *_) = run_one(dataset, indicator, Period.year(year))
            # rounded as DfE publishes the indicator, so it sits beside the published figure
            value = (
                None if result.value is None else round_half_up(result.value, indicator.decimals)
            )
            figures[indicator_id][year + indicator.published.year_offset] = value
        dataset.close()
    return figures
