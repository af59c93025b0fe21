"""Small numbers are suppressed where children could be identified, as DfE's children's social
care statistics do (docs/web-app.md, "Small numbers").

DfE's releases ("Characteristics of children in need": "any number between 1 and 5 inclusive has
been suppressed and replaced by 'c'. Secondary suppression has been applied where necessary"):
- a count of 1 to 5, or a percentage, rate or average whose numerator or denominator is 1 to 5, is
  shown as "c" with its reason; zero is shown (a zero was submitted as zero);
- secondary suppression: where a breakdown's parts sit beside a shown total, one hidden part could
  be worked out by subtraction (or several, each 1, or each 5), so further parts are hidden until
  none can; where every part that is not zero would be hidden, the breakdown is withheld, "c"
  with its own reason (`suppress_breakdown`).
The web applies this for readers who see aggregates only (elected members).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from sightline.indicators import registry
from sightline.indicators.model import Result

SUPPRESSED = "c"
REASON = "1 to 5 children: suppressed to protect privacy"
NOTE = f"{SUPPRESSED}: {REASON}"
# A breakdown none of whose parts is shown (suppress_breakdown)
WITHHELD_REASON = (
    "not shown, as every part of it would be 1 to 5 children (or hidden beside them), and "
    "beside the total they could be worked out"
)
WITHHELD_NOTE = f"{SUPPRESSED}: {WITHHELD_REASON}"
SMALLEST_SHOWN = 6  # 1 to 5 inclusive are hidden


def is_small(number: float | None) -> bool:
    """1 to 5 (a number that could identify a child); zero and unknown are not small."""
    return number is not None and 0 < number < SMALLEST_SHOWN


def needs_suppression(result: Result) -> bool:
    """A figure resting on 1 to 5 children. Indicators that count staff, not children (the
    workforce census), are never suppressed."""
    if not _counts_children(result.indicator):
        return False
    return result.value is not None and (
        is_small(result.numerator)
        or is_small(result.denominator if result.unit != "rate_per_10k" else None)
        or (result.unit == "count" and is_small(result.value))
    )


def _counts_children(indicator_id: str) -> bool:
    try:
        return registry.get(indicator_id).counts_children
    except KeyError:  # not a declared indicator: treat it as counting children, to be safe
        return True


def suppress_small(result: Result) -> Result:
    """The result as an aggregate-only reader may see it: small figures become "c" (value,
    numerator and denominator removed, the note saying why); others unchanged."""
    if not needs_suppression(result):
        return result
    return dataclasses.replace(result, value=None, numerator=None, denominator=None, note=NOTE)


def suppress_counts(line: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """A row of counts (e.g. work due by team) with each count of 1 to 5 under `keys` as "c"."""
    wanted = set(keys)
    return {
        k: SUPPRESSED if k in wanted and isinstance(v, int | float) and is_small(v) else v
        for k, v in line.items()
    }


def _attributes(result: Result) -> tuple[str, ...]:
    return ("numerator",) if result.unit == "rate_per_10k" else ("numerator", "denominator")


def _derivable(hidden: list[Result], attribute: str) -> bool:
    """With the total shown, the hidden parts' sum is known: see `_hidden_sum_gives_away`."""
    return _hidden_sum_gives_away([getattr(r, attribute) or 0 for r in hidden])


def _hidden(result: Result) -> Result:
    return dataclasses.replace(result, value=None, numerator=None, denominator=None, note=NOTE)


class Breakdown(NamedTuple):
    """A breakdown as an aggregate-only reader may see it beside its headline."""

    parts: list[Result]  # each shown, or "c" (NOTE); none when withheld
    withheld: bool = False  # every part that is not zero would be "c": no part is shown


def suppress_breakdown(total: Result | None, parts: list[Result]) -> Breakdown:
    """A breakdown's parts as an aggregate-only reader may see them beside `total` (the
    headline, unsuppressed, shown wherever the reader looks: the scorecard, packs, exports):
    primary suppression (small figures), then secondary suppression, hiding the smallest shown
    parts until no hidden part can be worked out from the headline and the others.

    When every part that is not zero would then be hidden, the breakdown is withheld: no part
    is shown, not even which parts are there, as `WITHHELD_NOTE` says. Listing them all as "c"
    would give each away when they can be bounded to one value (six teams of one child beside a
    headline of 6: each "c" is at least 1; two of 5 beside 10: each at most 5), and hiding the
    headline instead would not do, as the reader sees it on other pages. The rule is on the
    pattern, not on the values, so that a withheld breakdown tells the reader nothing more
    than that its parts are small. Parts that count staff are never suppressed."""
    hidden = [i for i, r in enumerate(parts) if needs_suppression(r)]
    total_shown = total is not None and total.value is not None and not needs_suppression(total)
    if hidden and total_shown and total is not None:
        for attribute in _attributes(total):
            if getattr(total, attribute) is None:
                continue  # not shown: nothing to subtract from
            while _derivable([parts[i] for i in hidden], attribute):
                candidates = [
                    i
                    for i, r in enumerate(parts)
                    if i not in hidden and (getattr(r, attribute) or 0) > 0
                ]
                if not candidates:  # nothing more to hide would close it: show no part
                    return Breakdown([], withheld=True)
                hidden.append(min(candidates, key=lambda i: getattr(parts[i], attribute) or 0))
        if all(i in hidden or _is_zero(r) for i, r in enumerate(parts)):
            return Breakdown([], withheld=True)
    return Breakdown([_hidden(r) if i in hidden else r for i, r in enumerate(parts)])


def _is_zero(result: Result) -> bool:
    """A part with no children in it (shown as 0, as DfE shows a submitted zero)."""
    return not (result.numerator or result.denominator or result.value)


def _hidden_sum_gives_away(values: list[float]) -> bool:
    """With the total known, the hidden cells' sum S is known, and each hidden cell lies
    between 1 (zero is shown as zero) and S less the others' least; when every hidden cell is
    1 to 5, also between S less 5 for each other and 5. One hidden cell is S itself; k hidden
    cells close on one value when S = k (each 1) or, all 1 to 5, S = 5k (each 5)."""
    if not values:
        return False
    hidden_sum, k = sum(values), len(values)
    all_small = all(is_small(v) for v in values)
    return k == 1 or hidden_sum <= k or (all_small and hidden_sum >= (SMALLEST_SHOWN - 1) * k)


def suppress_count_tables(
    tables: Sequence[Sequence[Mapping[str, Any]]],
    keys: Iterable[str],
    totals: Mapping[str, Any] | None = None,
) -> tuple[list[list[dict[str, Any]]], dict[str, Any] | None]:
    """Tables of counts that each split the same items (e.g. work due by team and by event), and
    the items' totals, as an aggregate-only reader may see them on one page or beside each other.

    For each count column: primary suppression (1 to 5 as "c"), then, in each table, secondary
    suppression as on indicator breakdowns (the column's total is taken as known: it is shown
    beside, or is the sum of another table's column), hiding the smallest shown counts until no
    hidden one can be worked out. Where a column cannot be made safe (every count in it hidden
    and still giving itself away, e.g. one team, or counts all of one), its total is hidden
    too, and so is a count in every other table that showed that column whole (whose sum would
    be the total)."""
    rows = [[dict(line) for line in table] for table in tables]
    shown_totals = dict(totals) if totals is not None else None
    for key in keys:
        hidden = [
            {i for i, line in enumerate(table) if _is_count(line.get(key)) and is_small(line[key])}
            for table in rows
        ]
        stuck = False
        for table, gone in zip(rows, hidden, strict=True):
            while gone and _hidden_sum_gives_away([table[i][key] for i in gone]):
                more = [i for i, line in enumerate(table)
                        if i not in gone and _is_count(line.get(key)) and line[key] > 0]  # fmt: skip
                if not more:
                    stuck = True
                    break
                gone.add(min(more, key=lambda i: table[i][key]))
        total = shown_totals.get(key) if shown_totals is not None else None
        if stuck or (_is_count(total) and is_small(total)):
            if shown_totals is not None and key in shown_totals:
                shown_totals[key] = SUPPRESSED
            for table, gone in zip(rows, hidden, strict=True):
                positive = [i for i, line in enumerate(table)
                            if _is_count(line.get(key)) and line[key] > 0]  # fmt: skip
                if positive and not gone:
                    gone.add(min(positive, key=lambda i: table[i][key]))
        for table, gone in zip(rows, hidden, strict=True):
            for i in gone:
                table[i][key] = SUPPRESSED
    return rows, shown_totals


def _is_count(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
