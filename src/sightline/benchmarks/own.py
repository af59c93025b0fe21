"""The council's own figures, computed from its snapshots, for the years published beside them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from sightline.indicators import Period, get, run_one
from sightline.indicators.rounding import round_half_up

if TYPE_CHECKING:
    from sightline.dataset import Dataset


def own_figures(
    dataset_for_year: Callable[[int], Dataset | None],
    years: Iterable[int],
    indicator_ids: Sequence[str],
) -> dict[str, dict[int, float | None]]:
    """indicator id -> {published year: value} for each collection year with a dataset.

    `dataset_for_year` is the workspace's (`Workspace.dataset_or_none`): it owns the datasets."""
    figures: dict[str, dict[int, float | None]] = {i: {} for i in indicator_ids}
    for year in sorted(years):
        dataset = dataset_for_year(year)
        if dataset is None:
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
    return figures
