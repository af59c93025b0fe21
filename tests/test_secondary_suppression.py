"""An aggregate-only reader never works out a hidden cell of a breakdown from what the same page
shows: the headline (numerator and denominator) and the shown parts (DfE's secondary suppression).

The reader plays every deduction the page allows: the hidden parts' sum is the headline less the
shown parts, each hidden part lies between a floor (0, or 1 as zero is shown as zero) and that sum,
and at most 5 if the reader assumes every "c" is a small figure hidden for itself; a part is
derived when its range closes to one value. tests/web/test_member_reads_nothing_hidden.py plays the
same reader over every page, pack and export an elected member can open.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sightline.indicators.model import Period, Result
from sightline.suppression import (
    NOTE,
    WITHHELD_NOTE,
    needs_suppression,
    suppress_breakdown,
    suppress_small,
)

PERIOD = Period.year(2025)


def _percent(numerator: int, denominator: int, breakdown_value: str | None = None) -> Result:
    value = 100 * numerator / denominator if denominator else None
    return Result(
        "assessments_45wd",
        PERIOD,
        value,
        numerator,
        denominator,
        (),
        "team" if breakdown_value else None,
        breakdown_value,
        "percent",
    )


def _count(n: int, breakdown_value: str | None = None) -> Result:
    return Result(
        "referrals",
        PERIOD,
        n,
        n,
        None,
        (),
        "team" if breakdown_value else None,
        breakdown_value,
        "count",
    )


def _ranges(total: int, shown: list[int], hidden: int, floor: int, cap: float) -> tuple[int, int]:
    """Each hidden cell's range, to the reader who knows the hidden cells' sum (the headline
    less the shown parts) and that each hidden cell is at least `floor` and at most `cap`."""
    remaining = total - sum(shown)
    low = max(floor, remaining - (hidden - 1) * cap)
    high = min(cap, remaining - (hidden - 1) * floor)
    return low, high


def _never_derived(truth: list[Result], shown: list[Result], total: Result, attribute: str) -> None:
    """`shown` as the reader sees it beside the headline `total`: each hidden part's range stays
    open, whichever true assumption the reader makes about "c" (at least 1: zero is shown as
    zero; at most 5: every "c" is a small figure hidden for itself)."""
    hidden = [t for t, s in zip(truth, shown, strict=True) if s.note == NOTE]
    if not hidden or total.value is None:
        return  # nothing hidden, or the headline hidden: the hidden parts' sum is not known
    visible = [getattr(s, attribute) or 0 for s in shown if s.note != NOTE]
    headline = getattr(total, attribute) or 0
    values = [getattr(t, attribute) or 0 for t in hidden]
    for floor in (0, 1):
        for cap in (float("inf"), 5):
            if any(v < floor or v > cap for v in values):
                continue  # the reader's assumption would be false: nothing they derive is true
            low, high = _ranges(headline, visible, len(hidden), floor, cap)
            assert low < high, (
                f"a hidden {attribute} is {low}: {[getattr(t, attribute) for t in truth]}"
            )


def _seen(total: Result, parts: list[Result]) -> list[Result]:
    """What the reader sees of the parts: all of them, shown or "c"; none when withheld."""
    shown, withheld = suppress_breakdown(total, parts)
    if withheld:
        assert shown == [] and any(needs_suppression(p) for p in parts)
        return []
    assert len(shown) == len(parts)
    return shown


# Many small cells: most parts 0 to 8, a few large; some breakdowns of ones only.
cells = st.one_of(
    st.lists(
        st.one_of(st.integers(0, 8), st.integers(0, 8), st.integers(9, 300)),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.sampled_from([0, 1]), min_size=1, max_size=12),
    st.lists(st.sampled_from([0, 1, 5]), min_size=1, max_size=12),
)


@settings(max_examples=500, deadline=None)
@given(cells)
def test_a_count_breakdown_never_gives_a_hidden_cell_away(counts):
    parts = [_count(n, f"Team {i}") for i, n in enumerate(counts)]
    total = _count(sum(counts))
    shown = _seen(total, parts)
    if shown:
        _never_derived(parts, shown, suppress_small(total), "numerator")
        for truth, seen in zip(parts, shown, strict=True):
            if 1 <= truth.numerator <= 5:
                assert seen.note == NOTE and seen.value is None  # every small count is "c"
            elif seen.note != NOTE:
                assert seen == truth  # a part shown is shown whole


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 40)), min_size=1, max_size=10))
# two hidden numerators of 5 beside a headline of 10, and no other numerator left to hide
@example([(0, 6), (5, 5), (5, 6)])
def test_a_percentage_breakdown_never_gives_a_numerator_or_denominator_away(pairs):
    pairs = [(min(n, d), d) for n, d in pairs]
    parts = [_percent(n, d, f"Team {i}") for i, (n, d) in enumerate(pairs)]
    total = _percent(sum(n for n, _ in pairs), sum(d for _, d in pairs))
    shown = _seen(total, parts)
    if shown:
        _never_derived(parts, shown, suppress_small(total), "numerator")
        _never_derived(parts, shown, suppress_small(total), "denominator")


def test_the_probe_breakdown_hides_a_second_cell():
    # The probe: headline 476, parts 72, 205, 83, 114 and a hidden 2 (476 - 474 = 2).
    counts = [72, 205, 83, 114, 2]
    shown = _seen(_count(476), [_count(n, str(i)) for i, n in enumerate(counts)])
    assert [s.note == NOTE for s in shown] == [True, False, False, False, True]


def test_a_breakdown_of_only_ones_gives_nothing_away_beside_its_headline():
    # Six teams of one child each beside a headline of 6 (shown on the scorecard too): six
    # hidden teams would each be 1, so no team is shown at all, and the page says why.
    parts = [_count(1, f"Team {i}") for i in range(6)]
    assert suppress_breakdown(_count(6), parts) == ([], True)
    assert WITHHELD_NOTE.startswith("c: ")


def test_a_zero_beside_ones_withholds_the_breakdown_too():
    counts = [1, 1, 0, 1, 1, 1, 1]
    assert suppress_breakdown(_count(6), [_count(n, str(i)) for i, n in enumerate(counts)]) == (
        [],
        True,
    )


def test_small_parts_that_cannot_be_worked_out_are_withheld_all_the_same():
    # 2, 3 and 4 beside 9 give nothing away, but withholding only when they would (each 1, or
    # each 5) would itself tell the reader so: the rule looks at which parts are hidden only.
    counts = [2, 3, 4]
    assert suppress_breakdown(_count(9), [_count(n, str(i)) for i, n in enumerate(counts)]) == (
        [],
        True,
    )


def test_two_hidden_fives_beside_their_total_hide_a_third_part():
    # 5 and 5 hidden beside 12 and 40 shown and a headline of 62: each "c" is at most 5, so 10
    # over two hidden cells gives each away; the 12 is hidden as well.
    counts = [5, 5, 12, 40]
    shown = _seen(_count(62), [_count(n, str(i)) for i, n in enumerate(counts)])
    assert [s.note == NOTE for s in shown] == [True, True, True, False]


def test_a_small_headline_leaves_its_small_parts_c():
    shown = _seen(_count(3), [_count(n, str(i)) for i, n in enumerate([1, 2])])
    assert [s.note for s in shown] == [NOTE, NOTE]
