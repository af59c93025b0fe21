"""Teams and social workers: who joins and leaves when, and who holds each case.

Each team has a number of posts ("slots"); each post is held by a run of workers with vacancies
between them (turnover and vacancy rates from the workforce census). A case is allocated to a post
of a team of the right kind; when its worker leaves, or the case is reallocated, a new involvement
starts with the reason recorded as the 903 sw_episodes SW_REASON codes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sightline.synth.calendar import NA

TEAM_KINDS = ["Assessment", "Safeguarding", "Children in Care", "Leaving Care"]
KIND_SHARE = [0.3, 0.4, 0.22, 0.08]
POSTS_PER_TEAM = 7
FAR = 10**6  # a day far in the future: still in post
KEY = np.int64(1) << 32


@dataclass
class Workforce:
    team_names: list[str]
    team_kind: np.ndarray  # per team
    slot_team: np.ndarray  # per post
    worker_id: np.ndarray  # per worker, sorted by (slot, start)
    worker_slot: np.ndarray
    worker_start: np.ndarray
    worker_end: np.ndarray  # FAR while in post
    worker_agency: np.ndarray  # per worker, uniform in [0, 1): agency staff at a census whose
    # agency share is above it (so each census shows its own year's agency rate)

    @property
    def keys(self) -> np.ndarray:
        return self.worker_slot.astype(np.int64) * KEY + self.worker_start


@dataclass
class CensusYear:
    """One workforce census (30 September `year`) and the rates of the year up to it."""

    year: int
    day: int  # 30 September of `year`
    turnover: float  # leavers in the year / social workers in post
    vacancy: float  # share of posts vacant
    agency: float  # agency workers / (agency workers + social workers in post)
    case_holder_share: float  # case holders / social workers in post


def _waits(rng: np.random.Generator, t0: np.ndarray, means: np.ndarray,
           bounds: np.ndarray) -> np.ndarray:  # fmt: skip
    """`t0` plus an exponential wait whose mean is that of the census year it runs in
    (`means[k]` up to `bounds[k]`, the last mean after): the wait is memoryless, so it is redrawn
    at each census day it crosses."""
    t = t0.astype(np.float64)
    out = np.empty(len(t), dtype=np.int64)
    todo = np.arange(len(t))
    while len(todo):
        k = np.minimum(np.searchsorted(bounds, t[todo], side="right"), len(bounds) - 1)
        finish = t[todo] + rng.exponential(means[k])
        limit = np.where(k < len(bounds) - 1, bounds[k], np.inf)
        crossed = finish > limit
        done = todo[~crossed]
        out[done] = finish[~crossed].astype(np.int64)
        t[todo[crossed]] = limit[crossed]
        todo = todo[crossed]
    return out


def build_workforce(
    rng: np.random.Generator, posts: int, start: int, end: int, census: list[CensusYear]
) -> Workforce:
    """Teams of each kind with `posts` case-holding posts in all, staffed from `start` to `end`;
    how long workers stay and posts stay vacant follows each census year's turnover and vacancy
    rates."""
    team_kind: list[int] = []
    team_names: list[str] = []
    for kind, share in enumerate(KIND_SHARE):
        count = max(1, math.ceil(posts * share / POSTS_PER_TEAM))
        for k in range(count):
            team_kind.append(kind)
            team_names.append(f"{TEAM_KINDS[kind]} Team {k + 1}")
    slot_team = np.repeat(np.arange(len(team_kind)), POSTS_PER_TEAM)
    n_slots = len(slot_team)
    bounds = np.array([c.day for c in census], dtype=np.float64)
    tenure = np.array([365.25 / max(c.turnover, 0.03) for c in census])
    vacancy = np.array([min(c.vacancy, 0.5) for c in census])
    gap = tenure * vacancy / np.maximum(1 - vacancy, 0.05)
    slots, starts, ends = [], [], []
    t = start - (rng.random(n_slots) * tenure[0] * 2).astype(np.int64)
    alive = np.ones(n_slots, dtype=bool)
    while alive.any():
        idx = np.flatnonzero(alive)
        leave = _waits(rng, t[idx] + 30, tenure, bounds)
        slots.append(idx)
        starts.append(t[idx])
        ends.append(np.where(leave > end, FAR, leave))
        t[idx] = _waits(rng, leave + 1, np.maximum(gap, 1e-3), bounds)
        alive[idx] = leave <= end
    slot = np.concatenate(slots)
    w_start = np.concatenate(starts)
    w_end = np.concatenate(ends)
    order = np.lexsort((w_start, slot))
    n = len(order)
    return Workforce(
        team_names=team_names,
        team_kind=np.asarray(team_kind),
        slot_team=slot_team,
        worker_id=np.array([f"SW{k:06d}" for k in range(1, n + 1)], dtype=object),
        worker_slot=slot[order],
        worker_start=w_start[order],
        worker_end=w_end[order],
        worker_agency=rng.random(n),
    )


@dataclass
class Involvements:
    case: np.ndarray  # index of the case (phase) it belongs to
    worker: np.ndarray  # index into Workforce.worker_*
    start: np.ndarray
    end: np.ndarray  # NA when still open
    reason: np.ndarray  # SW_REASON for the change that ended it ("" when open or case closed)


def allocate(
    rng: np.random.Generator,
    wf: Workforce,
    kind: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    end: int,
    reallocation_per_year: float = 0.25,
) -> Involvements:
    """Workers for each case of team `kind` from `start` to `stop` (NA = still open at `end`,
    the last day simulated). A case goes to a post of its team whose worker is in post; when
    every post tried is vacant it waits for the next starter (unallocated meanwhile)."""
    n = len(kind)
    open_stop = np.where(stop == NA, FAR, stop)
    team_of_kind = [np.flatnonzero(wf.team_kind == k) for k in range(len(TEAM_KINDS))]
    team = np.empty(n, dtype=np.int64)
    for k, teams in enumerate(team_of_kind):
        mask = kind == k
        team[mask] = teams[rng.integers(0, len(teams), int(mask.sum()))]
    keys = wf.keys
    rows: list[tuple[np.ndarray, ...]] = []
    case = np.arange(n)
    t = start.copy()
    for _ in range(200):
        if len(case) == 0:
            break
        m = len(case)
        w = np.zeros(m, dtype=np.int64)
        covering = np.zeros(m, dtype=bool)
        slot = np.zeros(m, dtype=np.int64)
        for _try in range(4):  # look for a post of the team whose worker is in post
            todo = ~covering
            try_slot = team[case] * POSTS_PER_TEAM + rng.integers(0, POSTS_PER_TEAM, m)
            found = np.searchsorted(keys, try_slot * KEY + t[case], side="right") - 1
            safe = np.maximum(found, 0)
            ok = (
                (found >= 0) & (wf.worker_slot[safe] == try_slot) & (wf.worker_end[safe] >= t[case])
            )
            take = todo & (ok | (_try == 0))
            slot[take], w[take] = try_slot[take], safe[take]
            covering |= todo & ok
        # every post tried was vacant: the case waits for the last tried post's next worker
        nxt = w + 1
        has_next = (nxt < len(keys)) & (wf.worker_slot[np.minimum(nxt, len(keys) - 1)] == slot)
        w = np.where(covering, w, np.where(has_next, nxt, w))
        begin = np.where(covering, t[case], np.maximum(t[case], wf.worker_start[w]))
        change = begin + rng.exponential(365.25 / reallocation_per_year, m).astype(np.int64)
        finish = np.minimum.reduce([wf.worker_end[w], change, open_stop[case]])
        reason = np.where(
            finish >= open_stop[case],
            "",
            np.where(finish == wf.worker_end[w], "LEFTRL", _reasons(rng, m)),
        )
        good = (begin <= open_stop[case]) & (begin <= end)
        beyond = (finish >= end) & (open_stop[case] > end)  # held on the last day simulated: open
        finish = np.where(beyond, FAR, finish)
        reason = np.where(beyond, "", reason)
        rows.append((case[good], w[good], begin[good], finish[good], reason[good]))
        more = good & ~beyond & (finish < open_stop[case])
        t[case[more]] = finish[more] + 1
        case = case[more]
    c, w, b, f, r = (np.concatenate(parts) for parts in zip(*rows, strict=True))
    order = np.lexsort((b, c))
    f = np.where(f >= FAR, NA, f)
    return Involvements(
        case=c[order], worker=w[order], start=b[order], end=f[order], reason=r[order].astype(object)
    )


def _reasons(rng: np.random.Generator, n: int) -> np.ndarray:
    codes = np.array(["MANAGE", "ORGRST", "CHCHAN", "PCCHAN", "OTHERS", "ABSENC", "FCONTA"])
    return codes[rng.choice(len(codes), n, p=[0.25, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05])]


def census_figures(wf: Workforce, census: CensusYear, open_cases: int) -> dict[str, float]:
    """Workforce census figures at 30 September `census.day` from the simulated posts."""
    census_day = census.day
    in_post = (wf.worker_start <= census_day) & (wf.worker_end >= census_day)
    year_ago = census_day - 365
    starters = ((wf.worker_start > year_ago) & (wf.worker_start <= census_day)).sum()
    leavers = ((wf.worker_end > year_ago) & (wf.worker_end <= census_day)).sum()
    case_holders = int(in_post.sum())
    share = census.case_holder_share
    headcount = round(case_holders / share)
    posts = len(wf.slot_team)
    vacancies = posts - case_holders
    # agency workers cover posts alongside those in post: a share a/(1+a) of all of them
    agency_share = min(census.agency, 0.9) / (1 - min(census.agency, 0.9))
    agency = int((in_post & (wf.worker_agency < agency_share)).sum())
    fte = round(headcount * 0.93, 1)
    return {
        "year": census.year,
        "fte_in_post": fte,
        "headcount_in_post": headcount,
        "starters_fte": round(starters / share * 0.93, 1),
        "leavers_fte": round(leavers / share * 0.93, 1),
        "agency_fte": round(agency / share * 0.93, 1),
        "vacancies_fte": round(vacancies / share * 0.93, 1),
        "absence_days": round(fte * 8.0, 1),
        "case_holders_fte": round(case_holders * 0.93, 1),
        "cases": int(open_cases),
    }
