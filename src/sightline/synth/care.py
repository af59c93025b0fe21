"""Periods of care: episodes (legal status and placement), reviews, missing episodes, adoption.

Vectorised over all periods of a chunk. A period starts on a DECOM taken from the referral that led
into care (or, for children already in care when the simulation starts, from the past).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sightline.synth.calendar import NA, add_working_days, collection_year
from sightline.synth.lifelines import Knobs, _pick

YEAR = 365.25
# long stays are heavier-tailed than exponential (shape below 1): the longer a child has been in
# care, the less likely they are to leave this year, so the stock at the window's start (children
# in care for years) drains as slowly as a real council's
LONG_SHAPE = 0.4
FOSTER = ["U1", "U2", "U3", "U4", "U5", "U6"]
FOSTER_WEIGHTS = [8, 3, 18, 6, 35, 12]
MOVE_REASONS = ["CARPL", "CHILD", "LAREQ", "PLACE", "CREQB", "CREQO", "APPRR", "ALLEG",
                "STAND", "CLOSE", "OTHER"]  # fmt: skip
MOVE_WEIGHTS = [30, 12, 15, 10, 5, 5, 5, 3, 5, 3, 7]
ENDINGS = ["E13", "E4A", "E45", "E46", "E41", "E3", "E8", "E14"]
ENDING_WEIGHTS = [30, 20, 8, 6, 7, 3, 20, 6]

# reasons for a new episode that are a new placement: P, T, U, B (S starts care, L changes only
# the legal status)
PLACEMENT_CHANGES = ["P", "T", "U", "B"]
NO_URN = "XXXXXXX"  # the 903 code for "this placement has no Ofsted URN"


@dataclass
class Periods:
    person: np.ndarray  # child index in the chunk
    decom: np.ndarray
    dec: np.ndarray
    rec: np.ndarray
    need: np.ndarray
    uasc: np.ndarray  # bool
    adoption: np.ndarray  # bool: the plan is adoption
    decision: np.ndarray  # DATE_INT
    placement_order: np.ndarray
    matched: np.ndarray
    placed: np.ndarray
    by_foster_carer: np.ndarray
    aged_out: np.ndarray  # bool: ceased at 18


@dataclass
class Episodes:
    period: np.ndarray
    start: np.ndarray
    end: np.ndarray
    rne: np.ndarray
    ls: np.ndarray
    place: np.ndarray
    provider: np.ndarray
    rec: np.ndarray
    reason_change: np.ndarray
    urn: np.ndarray
    address: np.ndarray  # the episode whose placement address this one keeps (itself on a move)


def simulate_periods(
    rng: np.random.Generator,
    person: np.ndarray,
    dob: np.ndarray,
    decom: np.ndarray,
    need: np.ndarray,
    knobs: Knobs,
    end: int,
) -> Periods:
    n = len(person)
    age = (decom - dob) / YEAR
    short = rng.random(n) < knobs.cla_short_share
    length = np.where(
        short,
        rng.exponential(110, n) + 3,
        rng.gamma(LONG_SHAPE, knobs.cla_long_mean_days / LONG_SHAPE, n) + 30,
    )
    adoption = (age < 4) & ~short & (rng.random(n) < 0.4)
    adopt_length = 500 + rng.random(n) * 450
    length = np.where(adoption, adopt_length, length).astype(np.int64)
    eighteen = dob + int(18 * YEAR)
    dec = np.minimum(decom + length, eighteen)
    # an adoption is not made on 31 March: the DfE's rules count a child whose care ended that day
    # as looked after at 31 March (DEC before 31 March ends the 12 months, rules 187-191), so
    # after a year in care they would need the 12-month outcomes, which an adopted child's
    # adoption data rules out (187)
    year_end = collection_year(dec) != collection_year(dec + 1)
    dec = np.where(adoption & year_end & (dec < eighteen), dec - 1, dec)
    aged_out = dec == eighteen
    rec = np.where(aged_out, "E8", _pick(rng, ENDINGS, ENDING_WEIGHTS, n)).astype(object)
    by_foster_carer = adoption & (rng.random(n) < 0.15)
    rec = np.where(adoption, np.where(rng.random(n) < 0.85, "E11", "E12"), rec)

    def stage(share: float) -> np.ndarray:
        return np.where(adoption, decom + (share * length).astype(np.int64), NA)

    decision = stage(0.35)
    placement_order = stage(0.45)
    matched = stage(0.6)
    placed = stage(0.65)
    # foster carers who adopt often have the child placed with them for adoption the day the
    # placement order is made: a new legal status and placement with the same carers (U)
    placed = np.where(by_foster_carer & (rng.random(n) < 0.5), placement_order, placed)
    matched = np.minimum(matched, placed)
    open_ = dec > end
    dec = np.where(open_, NA, dec)
    rec = np.where(open_, "", rec)
    for arr in (decision, placement_order, matched, placed):
        arr[arr > end] = NA
    # The unaccompanied asylum-seeking children are among those looked after until their 18th
    # birthday, the day the status ends (the date DfE rule 205B asks for). One whose care ended
    # before it would be a care leaver in the next year's return, which can show their status
    # neither ended last year (205A: its date is after last year) nor go on (no UASC row for a
    # care leaver, 1014).
    uasc = (age >= 14) & (rng.random(n) < 0.08) & (aged_out | open_)
    return Periods(
        person=person,
        decom=decom,
        dec=dec,
        rec=rec,
        need=need,
        uasc=uasc,
        adoption=adoption,
        decision=decision,
        placement_order=placement_order,
        matched=matched,
        placed=placed,
        by_foster_carer=by_foster_carer,
        aged_out=aged_out & ~open_,
    )


def _placement(
    rng: np.random.Generator, age: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A placement type, provider and URN for children of these ages."""
    n = len(age)
    u = rng.random(n)
    older = age >= 16
    teen = age >= 11
    place = _pick(rng, FOSTER, FOSTER_WEIGHTS, n)
    place = np.where(teen & (u < 0.18), "K2", place)
    place = np.where(older & (u > 0.75), "P1", place)
    place = np.where(~older & (u > 0.96), "R1", place)
    place = np.where(teen & (u > 0.945) & (u <= 0.96), "S1", place)
    foster = np.isin(place, FOSTER)
    v = rng.random(n)
    provider = np.where(foster, np.where(v < 0.55, "PR1", "PR4"), "PR4")
    # PR0 (parents) is the provider of a placement with parents (P1) and of nothing else
    provider = np.where(place == "P1", "PR0", provider)
    provider = np.where((place == "K2") & (v < 0.25), "PR1", provider)
    urn_number = rng.integers(100000, 999999, n)
    # Ofsted URNs of children's homes are "SC" and six digits; the 903 guidance has councils write
    # NO_URN ("XXXXXXX") for a placement Ofsted does not register (foster care, adoption, home).
    urn = np.where(np.isin(place, ["K2", "S1"]), np.char.add("SC", urn_number.astype(str)), NO_URN)
    return place.astype(object), provider.astype(object), urn.astype(object)


def simulate_episodes(
    rng: np.random.Generator, periods: Periods, dob: np.ndarray, knobs: Knobs, end: int
) -> Episodes:
    """Split each period into episodes at placement moves and legal status changes."""
    n = len(periods.decom)
    stop = np.where(periods.dec == NA, end, periods.dec)
    moves_until = np.where(periods.adoption, periods.placed, stop)
    moves_until = np.where(moves_until == NA, stop, moves_until)
    years = np.maximum(moves_until - periods.decom, 0) / YEAR
    rate = knobs.moves_per_year * rng.gamma(0.8, 1 / 0.8, n)
    n_moves = np.minimum(rng.poisson(rate * years), 25)

    # (J2, PACE detention, lasts hours or days and is for children of 10 or more: DfE rules 358
    # and 364; the few such episodes are left out rather than modelled)
    first_ls = _pick(rng, ["C2", "V2", "L2", "C1"], [48, 42, 6, 4], n)
    first_ls = np.where(periods.adoption, "C2", first_ls)
    # events: (period, day, kind, new legal status); kind 1 = move, 2 = legal status change
    ev_period = [np.repeat(np.arange(n), n_moves)]
    span = np.repeat(moves_until - periods.decom, n_moves)
    ev_day = [
        np.repeat(periods.decom, n_moves)
        + 1
        + (rng.random(len(span)) * np.maximum(span - 1, 0)).astype(np.int64)
    ]
    ev_kind = [np.ones(len(span), dtype=np.int64)]
    ev_ls = [np.full(len(span), "", dtype=object)]
    to_full = (first_ls == "C2") & ~periods.adoption
    full_day = periods.decom + rng.integers(150, 350, n)
    from_police = first_ls == "L2"
    police_day = periods.decom + rng.integers(3, 9, n)
    for mask, day_, status in (
        (to_full, full_day, "C1"),
        (from_police, police_day, "C2"),
        (periods.adoption & (periods.placement_order != NA), periods.placement_order, "E1"),
    ):
        keep = mask & (day_ < stop) & (day_ != NA)
        ev_period.append(np.flatnonzero(keep))
        ev_day.append(day_[keep])
        ev_kind.append(np.full(int(keep.sum()), 2))
        ev_ls.append(np.full(int(keep.sum()), status, dtype=object))
    # half the children taken into police protection move when the care order comes (from an
    # emergency placement): a change of legal status and placement on one day (B, or U)
    police_move = from_police & (police_day < stop) & (rng.random(n) < 0.5)
    ev_period.append(np.flatnonzero(police_move))
    ev_day.append(police_day[police_move])
    ev_kind.append(np.ones(int(police_move.sum()), dtype=np.int64))
    ev_ls.append(np.full(int(police_move.sum()), "", dtype=object))
    adopt_move = periods.adoption & (periods.placed != NA) & (periods.placed < stop)
    ev_period.append(np.flatnonzero(adopt_move))
    ev_day.append(periods.placed[adopt_move])
    ev_kind.append(np.full(int(adopt_move.sum()), 3))  # move into the adoptive placement
    ev_ls.append(np.full(int(adopt_move.sum()), "", dtype=object))

    e_period = np.concatenate(ev_period)
    e_day = np.concatenate(ev_day)
    e_kind = np.concatenate(ev_kind)
    e_ls = np.concatenate(ev_ls)
    # the first episode of each period
    e_period = np.concatenate([np.arange(n), e_period])
    e_day = np.concatenate([periods.decom, e_day])
    e_kind = np.concatenate([np.zeros(n, dtype=np.int64), e_kind])
    e_ls = np.concatenate([first_ls, e_ls])
    order = np.lexsort((e_kind, e_day, e_period))
    e_period, e_day, e_kind, e_ls = e_period[order], e_day[order], e_kind[order], e_ls[order]
    # events on one day (two, or three: a move on the day police protection becomes a care order
    # and the child moves on from the emergency placement): merged into one episode, a U or B
    # where they are of different kinds (the first episode of a period stays an S), with the last
    # legal status any of them gives (lost, a police protection ran on for years: rule 362)
    same = np.r_[False, (e_period[1:] == e_period[:-1]) & (e_day[1:] == e_day[:-1])]
    starts = np.flatnonzero(~same)
    # within a day the events are in order of kind, so the first is the group's least
    low, high = e_kind[starts], np.maximum.reduceat(e_kind, starts) if len(starts) else e_kind[:0]
    kinds_merged = np.where((low > 0) & (low != high), 4, low)
    given = np.where(e_ls != "", np.arange(len(e_ls)), -1)
    last_given = np.maximum.reduceat(given, starts) if len(starts) else given[:0]
    ls_merged = np.where(last_given >= 0, e_ls[np.maximum(last_given, 0)], "").astype(object)
    adopt = (e_kind == 3).astype(np.int64)  # the move into the adoptive placement, merged or not
    adopt_flag = (np.maximum.reduceat(adopt, starts) if len(starts) else adopt[:0]) > 0
    e_period, e_day, e_kind, e_ls = e_period[starts], e_day[starts], kinds_merged, ls_merged

    m = len(e_period)
    first = np.r_[True, e_period[1:] != e_period[:-1]]
    last = np.r_[e_period[1:] != e_period[:-1], True]
    # legal status carries forward until changed
    ls = e_ls.copy()
    has = ls != ""
    idx = np.where(has, np.arange(m), 0)
    np.maximum.accumulate(idx, out=idx)
    ls = ls[idx]
    age = (e_day - dob[periods.person[e_period]]) / YEAR
    place, provider, urn = _placement(rng, age)
    # who the carers are after each event: most moves are to new carers (P, or B with a change of
    # legal status); a few keep the carers and change only the placement (T: the carers moved
    # house; U with a change of legal status); a child adopted by their foster carers is placed
    # for adoption with them (T, placement A5)
    fc = periods.by_foster_carer[e_period]
    same_carer = np.where(adopt_flag, fc, rng.random(m) < np.where(e_kind == 4, 0.2, 0.08))
    moved = (e_kind == 1) | (e_kind == 3) | (e_kind == 4) | first
    same_carer &= moved & ~first
    # a placement carries forward unless this episode is a move; a move with the same carers
    # keeps the placement's type, provider and URN and changes its address
    pidx = np.where(moved & ~same_carer, np.arange(m), 0)
    np.maximum.accumulate(pidx, out=pidx)
    place, provider, urn = place[pidx], provider[pidx], urn[pidx]
    address = np.where(moved, np.arange(m), 0)
    np.maximum.accumulate(address, out=address)
    adopt_place = adopt_flag
    place = np.where(adopt_place, np.where(fc, "A5", "A6"), place)
    provider = np.where(adopt_place & ~fc, "PR1", provider)
    urn = np.where(adopt_place, NO_URN, urn)
    aidx = np.where(adopt_place, np.arange(m), 0)
    np.maximum.accumulate(aidx, out=aidx)
    after_adopt = adopt_place[aidx] & (e_period[aidx] == e_period)
    place = np.where(after_adopt, place[aidx], place)
    provider = np.where(after_adopt, provider[aidx], provider)
    urn = np.where(after_adopt, urn[aidx], urn)

    # the 903 reason for new episode (see docs/synthetic-councils.md)
    rne = np.select(
        [first, e_kind == 2, (e_kind == 4) & same_carer, e_kind == 4, same_carer],
        ["S", "L", "U", "B", "T"],
        default="P",
    ).astype(object)
    ep_end = np.r_[e_day[1:], 0]
    ep_end = np.where(last, periods.dec[e_period], ep_end)
    rec = np.where(last, periods.rec[e_period], "X1")
    rec = np.where(last & (periods.dec[e_period] == NA), "", rec)
    # A child looked after under section 20 alone (V2) is not placed with parents (rule 378)
    with_parents = (place == "P1") & (ls == "V2")
    place = np.where(with_parents, "U6", place)
    provider = np.where(with_parents, "PR4", provider)
    urn = np.where(with_parents, NO_URN, urn)
    # A special guardianship order to former foster carers (E45, E46) ends a foster placement
    # (rule 516); to other carers it is E47, E48
    fostered = np.char.startswith(place.astype(str), "U")
    rec = np.where(~fostered & (rec == "E45"), "E47", rec)
    rec = np.where(~fostered & (rec == "E46"), "E48", rec)
    # The reason for a placement change is written on the episode that ended (REC X1) when the
    # next one changes the placement (RNE P, B, T or U): DfE rule 225
    changed = np.isin(rne, PLACEMENT_CHANGES)
    next_changed = np.r_[changed[1:], False] & ~last
    reason = np.where(next_changed, _pick(rng, MOVE_REASONS, MOVE_WEIGHTS, m), "").astype(object)
    return Episodes(
        period=e_period,
        start=e_day,
        end=ep_end,
        rne=rne,
        ls=ls.astype(object),
        place=place.astype(object),
        provider=provider.astype(object),
        rec=rec.astype(object),
        reason_change=reason,
        urn=urn.astype(object),
        address=address,
    )


@dataclass
class Reviews:
    period: np.ndarray
    date: np.ndarray
    code: np.ndarray


def simulate_reviews(
    rng: np.random.Generator, periods: Periods, dob: np.ndarray, in_time: float, end: int
) -> Reviews:
    """Reg 33: first within 20 working days, second within 3 months, then every 6 months."""
    n = len(periods.decom)
    stop = np.where(periods.dec == NA, end, periods.dec)
    late = rng.random(n) >= in_time
    first = add_working_days(
        periods.decom, np.where(late, rng.integers(22, 40, n), rng.integers(10, 20, n))
    )
    span = stop - first
    count = np.where(span < 0, 0, 1 + np.where(span >= 91, 1 + (span - 91) // 182, 0))
    period = np.repeat(np.arange(n), count)
    k = np.arange(len(period)) - np.repeat(np.cumsum(count) - count, count)
    date = first[period] + np.where(k >= 1, 91, 0) + np.maximum(k - 1, 0) * 182
    date = date - rng.integers(0, 10, len(period))
    date = np.maximum(date, first[period])
    age = (date - dob[periods.person[period]]) / YEAR
    code = np.where(
        age < 4,
        "PN0",
        _pick(
            rng,
            ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"],
            [60, 12, 8, 6, 5, 5, 4],
            len(period),
        ),
    )
    return Reviews(period=period, date=date, code=code.astype(object))


@dataclass
class Missing:
    period: np.ndarray
    kind: np.ndarray
    start: np.ndarray
    end: np.ndarray
    offered: np.ndarray
    accepted: np.ndarray


def _episode_end_at(episodes: Episodes, period: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The end of the first episode of each `period` that holds `day` (from its start to its end,
    both included): the day itself where an episode ends and the next begins on it; NA where the
    episode holding it is still open."""
    if len(day) == 0 or len(episodes.start) == 0:
        return np.full(len(day), NA, dtype=np.int64)
    # episodes are in order of period, then start: a key that sorts the same way
    span = np.int64(10**8)
    key = episodes.period.astype(np.int64) * span + (episodes.start - NA)
    at = np.searchsorted(key, period.astype(np.int64) * span + (day - NA), side="right") - 1
    at = np.clip(at, 0, len(key) - 1)
    begins_that_day = (episodes.start[at] == day) & (at > 0)
    before = np.maximum(at - 1, 0)
    same_period = episodes.period[before] == period
    return np.where(begins_that_day & same_period, day, episodes.end[at]).astype(np.int64)


def simulate_missing(
    rng: np.random.Generator,
    periods: Periods,
    dob: np.ndarray,
    end: int,
    episodes: Episodes | None = None,
) -> Missing:
    """Missing and away-from-placement periods of children of 11 or more, a few days each. A
    child missing when their placement ends is back by then (a placement that has ended has no
    open missing period from it: DfE rule 575), so a period ends no later than the episode it
    began in."""
    n = len(periods.decom)
    stop = np.where(periods.dec == NA, end, periods.dec)
    age = (periods.decom - dob[periods.person]) / YEAR
    years = np.maximum(stop - periods.decom, 0) / YEAR
    rate = np.where(age >= 11, 0.9 * rng.gamma(0.3, 1 / 0.3, n), 0.0)
    count = np.minimum(rng.poisson(rate * years), 60)
    period = np.repeat(np.arange(n), count)
    span = np.maximum(stop - periods.decom, 1)[period]
    start = periods.decom[period] + (rng.random(len(period)) * span).astype(np.int64)
    finish = start + rng.integers(0, 4, len(period))
    if episodes is not None:
        ends = _episode_end_at(episodes, period, start)
        finish = np.where(ends != NA, np.minimum(finish, ends), finish)
    finish = np.where(finish > end, NA, finish)
    k = len(period)
    offered = rng.random(k) < 0.9
    return Missing(
        period=period,
        kind=np.where(rng.random(k) < 0.8, "M", "A").astype(object),
        start=start,
        end=finish,
        offered=offered,
        accepted=offered & (rng.random(k) < 0.6),
    )
