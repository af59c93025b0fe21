"""An aggregate-only reader never works out a hidden cell of a breakdown from what the same page
shows: the headline (numerator and denominator) and the shown parts (DfE's secondary suppression).

The reader plays every deduction the page allows: the hidden parts' sum is the headline less the
shown parts, each hidden part lies between a floor (0, or 1 as zero is shown as zero) and that sum,
and at most 5 if the reader assumes every "c" is a small figure hidden for itself; a part is
derived when its range closes to one value. tests/web/test_member_reads_nothing_hidden.py plays the
same reader over every page, pack and export an elected member can open.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.indicators.model import Period, Result
from sightline.suppression import NOTE, SECONDARY_NOTE, suppress_breakdown

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
    """`shown` as the reader sees it beside the headline `total` (as shown): each hidden part's
    range stays open, whichever true assumption the reader makes about "c" (at least 1: zero is
    shown; at most 5: every "c" is a primary small figure)."""
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
    headline, shown = suppress_breakdown(total, parts)
    assert headline is not None
    _never_derived(parts, shown, headline, "numerator")
    for truth, seen in zip(parts, shown, strict=True):
        if 1 <= truth.numerator <= 5:
            assert seen.note == NOTE and seen.value is None  # every small count is "c"
    if headline.value is None:
        assert headline.note == SECONDARY_NOTE or 1 <= sum(counts) <= 5
    else:
        assert headline == total  # a headline shown is shown whole


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 40)), min_size=1, max_size=10))
def test_a_percentage_breakdown_never_gives_a_numerator_or_denominator_away(pairs):
    pairs = [(min(n, d), d) for n, d in pairs]
    parts = [_percent(n, d, f"Team {i}") for i, (n, d) in enumerate(pairs)]
    total = _percent(sum(n for n, _ in pairs), sum(d for _, d in pairs))
    headline, shown = suppress_breakdown(total, parts)
    assert headline is not None
    _never_derived(parts, shown, headline, "numerator")
    _never_derived(parts, shown, headline, "denominator")


def test_the_probe_breakdown_hides_a_second_cell():
    # The probe: headline 476, parts 72, 205, 83, 114 and a hidden 2 (476 - 474 = 2).
    counts = [72, 205, 83, 114, 2]
    headline, shown = suppress_breakdown(
        _count(476), [_count(n, str(i)) for i, n in enumerate(counts)]
    )
    assert headline == _count(476)
    assert [s.note == NOTE for s in shown] == [True, False, False, False, True]


def test_a_breakdown_of_only_ones_gives_nothing_away_beside_its_headline():
    # Six teams of one child each beside a headline of 6: hiding every team still gives each
    # away (6 children, 6 hidden teams, none zero), so the headline is "c" with its reason.
    parts = [_count(1, f"Team {i}") for i in range(6)]
    total = _count(6)
    headline, shown = suppress_breakdown(total, parts)
    assert all(s.note == NOTE for s in shown)
    assert headline is not None and headline.value is None and headline.note == SECONDARY_NOTE
    assert SECONDARY_NOTE.startswith("c: ")
    _never_derived(parts, shown, headline, "numerator")


def test_a_zero_beside_ones_is_shown_and_the_headline_hidden():
    counts = [1, 1, 0, 1, 1, 1, 1]
    headline, shown = suppress_breakdown(
        _count(6), [_count(n, str(i)) for i, n in enumerate(counts)]
    )
    assert [s.value for s in shown] == [None, None, 0, None, None, None, None]
    assert headline is not None and headline.note == SECONDARY_NOTE


def test_two_hidden_fives_beside_their_total_hide_a_third_part():
    # 5 and 5 hidden beside 12 shown and a headline of 22: each "c" is at most 5, so 10 over two
    # hidden cells gives each away; the 12 is hidden as well.
    counts = [5, 5, 12, 40]
    headline, shown = suppress_breakdown(
        _count(62), [_count(n, str(i)) for i, n in enumerate(counts)]
    )
    assert headline == _count(62)
    assert [s.note == NOTE for s in shown] == [True, True, True, False]
