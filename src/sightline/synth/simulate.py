"""One chunk of a synthetic council: children, their referrals and their periods of care, and the
one-step calibration that tunes the generator's internal rates to the rates asked for."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sightline.synth.calendar import NA, collection_year, year_end, year_start
from sightline.synth.care import (
    PLACEMENT_CHANGES,
    Episodes,
    Missing,
    Periods,
    Reviews,
    simulate_episodes,
    simulate_missing,
    simulate_periods,
    simulate_reviews,
)
from sightline.synth.lifelines import Children, Knobs, Referrals, make_children, simulate_referrals
from sightline.synth.params import Practice, YearRates

BURN_IN_YEARS = 2  # referral history simulated before the first collection year
LEGACY_YEARS = 18  # periods of care started before the window, for children already in care


@dataclass
class Plan:
    """Everything the simulation needs: rates per simulated year and the tuned knobs."""

    years: list[int]  # collection years written
    rates: dict[int, YearRates]  # per simulated year (burn-in years take the first year's)
    practice: Practice
    knobs: Knobs
    chain_factor: dict[int, float]  # chains started per referral asked for, per year
    icpc: dict[int, float]
    cla: dict[int, float]
    within: dict[int, float]  # share of follow-up referrals within 12 months, per year
    prior: dict[int, float]  # share of first plans in the data that are not the child's first
    cp_length: dict[int, float]  # child protection plan lengths, times the default, per year
    cin_length: dict[int, float]  # child in need plan lengths, times the default, per year
    legacy: float = 1.0  # children already in care when the window opens, times the default

    @property
    def sim_years(self) -> list[int]:
        return list(range(self.years[0] - BURN_IN_YEARS, self.years[-1] + 1))

    @property
    def start(self) -> int:
        return year_start(self.sim_years[0])

    @property
    def end(self) -> int:
        return year_end(self.years[-1])

    def probs_by_year(self) -> dict[str, np.ndarray]:
        p = self.practice
        out: dict[str, list[float]] = {k: [] for k in (
            "nfa", "not_in_need", "assessment_in_45wd", "s47_given_in_need", "icpc_in_15wd",
            "icpc_to_plan", "icpc_given_s47", "cla_given_in_need", "within_12m",
            "prior_plan", "cp_length", "cin_length")}  # fmt: skip
        for y in self.sim_years:
            r = self.rates[y]
            nfa = r.nfa_pct / 100
            nin = min(r.not_in_need_pct / 100, 0.9 - nfa)
            in_need = max(1 - nfa - nin, 0.05)
            out["nfa"].append(nfa)
            out["not_in_need"].append(nin)
            out["assessment_in_45wd"].append(p.assessment_in_45wd)
            out["s47_given_in_need"].append(min(p.s47_per_referral / in_need, 0.95))
            out["icpc_in_15wd"].append(p.icpc_in_15wd)
            out["icpc_to_plan"].append(p.icpc_to_plan)
            out["icpc_given_s47"].append(min(self.icpc[y], 1.0))
            out["cla_given_in_need"].append(min(self.cla[y] / in_need, 0.9))
            out["within_12m"].append(self.within[y])
            out["prior_plan"].append(self.prior[y])
            out["cp_length"].append(self.cp_length[y])
            out["cin_length"].append(self.cin_length[y])
        return {k: np.asarray(v) for k, v in out.items()}


def initial_plan(years: list[int], rates: dict[int, YearRates], practice: Practice) -> Plan:
    all_rates = {
        y: rates.get(y, rates[years[0]]) for y in range(years[0] - BURN_IN_YEARS, years[-1] + 1)
    }
    knobs = Knobs()
    chain = {y: (1 - knobs.continue_chain) for y in all_rates}
    icpc = {
        y: r.cpp_starts / max(r.referrals, 1) / (practice.s47_per_referral * practice.icpc_to_plan)
        for y, r in all_rates.items()
    }
    cla = {y: r.cla_starts / max(r.referrals, 1) for y, r in all_rates.items()}
    within = dict.fromkeys(all_rates, knobs.within_12m)
    prior = dict.fromkeys(all_rates, knobs.prior_plan_elsewhere)
    cp_length = dict.fromkeys(all_rates, 1.0)
    cin_length = dict.fromkeys(all_rates, 1.0)
    return Plan(years, all_rates, practice, knobs, chain, icpc, cla, within, prior, cp_length,
                cin_length)  # fmt: skip


def chain_starts(rng: np.random.Generator, plan: Plan, scale: float = 1.0) -> np.ndarray:
    """The day each child's first referral in the window happens, sorted."""
    parts = []
    for y in plan.sim_years:
        expected = plan.rates[y].referrals * plan.chain_factor[y] * scale
        count = rng.poisson(expected)
        lo, hi = year_start(y), year_end(y)
        parts.append(lo + rng.integers(0, hi - lo + 1, count))
    return np.sort(np.concatenate(parts))


def legacy_starts(rng: np.random.Generator, plan: Plan, scale: float = 1.0) -> np.ndarray:
    """DECOMs of periods of care that began before the window (children already in care)."""
    first = plan.rates[plan.sim_years[0]]
    per_year = first.cla_starts * scale * plan.legacy
    count = rng.poisson(per_year * LEGACY_YEARS)
    start = plan.start
    return np.sort(start - 1 - rng.integers(0, int(LEGACY_YEARS * 365.25), count))


@dataclass
class Chunk:
    children: Children
    referrals: Referrals
    periods: Periods
    episodes: Episodes
    reviews: Reviews
    missing: Missing
    first_legacy: int = 0  # children from this index on were already in care at the start


def simulate_chunk(
    rng: np.random.Generator,
    plan: Plan,
    starts: np.ndarray,
    legacy: np.ndarray,
    id_start: int,
    prefix: str,
) -> Chunk:
    """Children with a first referral on each of `starts`, plus children already in care since
    each of `legacy`; their referrals, periods of care and everything in them."""
    n_new, n_old = len(starts), len(legacy)
    first_day = np.concatenate([starts, legacy])
    children = make_children(rng, first_day, id_start, prefix)
    # children in care since before the window: young enough to still be in care at its start
    if n_old:
        age_days = (rng.random(n_old) * 17.5 * 365.25).astype(np.int64)
        children.dob[n_new:] = legacy - age_days
    refs = simulate_referrals(
        rng, starts, _head(children, n_new), plan.knobs, plan.probs_by_year(),
        plan.sim_years[0], plan.end,
    )  # fmt: skip
    refs = _with_legacy_referrals(rng, refs, legacy, n_new)
    into_care = np.flatnonzero(refs.cla_start != NA)
    person = refs.child[into_care]
    periods = simulate_periods(
        rng, person, children.dob[person], refs.cla_start[into_care], refs.need[into_care],
        plan.knobs, plan.end,
    )  # fmt: skip
    refs.extra["period_of_referral"] = np.full(len(refs), -1)
    refs.extra["period_of_referral"][into_care] = np.arange(len(into_care))
    # the referral stays open while the child is looked after; it closes when care ends
    # (and not before anything recorded on it, CIN rule 8565)
    last_activity = np.maximum.reduce([
        refs.assess_start[into_care], refs.assess_auth[into_care], refs.s47_start[into_care],
        refs.icpc_date[into_care], refs.cp_end[into_care], refs.cin_plan_start[into_care],
        refs.cin_plan_end[into_care],
    ])  # fmt: skip
    closes = np.where(periods.dec == NA, NA, np.maximum(periods.dec, last_activity))
    refs.close[into_care] = closes
    reason = np.where(
        np.isin(periods.rec, ["E11", "E12"]), "RC1",
        np.where(np.isin(periods.rec, ["E45", "E46"]), "RC4",
                 np.where(periods.rec == "E41", "RC3", "RC7")))  # fmt: skip
    refs.close_reason[into_care] = np.where(closes == NA, "", reason)
    episodes = simulate_episodes(rng, periods, children.dob, plan.knobs, plan.end)
    reviews = simulate_reviews(
        rng, periods, children.dob, plan.practice.cla_review_in_time, plan.end
    )
    missing = simulate_missing(rng, periods, children.dob, plan.end, episodes)
    return Chunk(children, refs, periods, episodes, reviews, missing, n_new)


def _head(children: Children, n: int) -> Children:
    return Children(**{k: v[:n] for k, v in children.__dict__.items()})


def _with_legacy_referrals(
    rng: np.random.Generator, refs: Referrals, legacy: np.ndarray, offset: int
) -> Referrals:
    """An old referral for each child already in care: open, with care starting soon after it."""
    n = len(legacy)
    if n == 0:
        return refs
    na = np.full(n, NA, dtype=np.int64)
    date = legacy - rng.integers(0, 30, n)
    extra = {
        "child": offset + np.arange(n),
        "slot": np.zeros(n, dtype=np.int64),
        "date": date,
        "source": np.full(n, "3A", dtype=object),
        "need": np.full(n, "N1", dtype=object),
        "nfa": np.zeros(n, dtype=bool),
        "close": na.copy(),
        "close_reason": np.full(n, "", dtype=object),
        "assess_start": date,
        "assess_auth": date + 20,
        "child_seen": np.ones(n, dtype=bool),
        "assessed_in_need": np.ones(n, dtype=bool),
        "strategy": na.copy(),
        "s47_start": na.copy(),
        "s47_end": na.copy(),
        "icpc_target": na.copy(),
        "icpc_date": na.copy(),
        "icpc_required": np.zeros(n, dtype=bool),
        "cp_start": na.copy(),
        "cp_end": na.copy(),
        "cp_initial": np.full(n, "", dtype=object),
        "cp_latest": np.full(n, "", dtype=object),
        "cp_previous": np.zeros(n, dtype=np.int64),
        "cin_plan_start": na.copy(),
        "cin_plan_end": na.copy(),
        "cla_start": legacy,
        "factor1": np.full(n, "3A", dtype=object),
        "factor2": np.full(n, "", dtype=object),
        "factor3": np.full(n, "", dtype=object),
    }
    merged = {k: np.concatenate([getattr(refs, k), v]) for k, v in extra.items()}
    return Referrals(**merged)


# --- calibration ---------------------------------------------------------------------------------


def measure(chunk: Chunk, years: list[int]) -> dict[int, dict[str, float]]:
    """The rates a chunk shows per collection year (counts and percentages), by plain counting."""
    r = chunk.referrals
    order = np.lexsort((r.date, r.child))
    child, date = r.child[order], r.date[order]
    prev_same = np.r_[False, child[1:] == child[:-1]]
    gap = np.r_[10**6, date[1:] - date[:-1]]
    rereferral = prev_same & (gap <= 365)
    ref_year = collection_year(date)
    cp_year = np.where(r.cp_start != NA, collection_year(np.maximum(r.cp_start, 0)), 0)
    p, e = chunk.periods, chunk.episodes
    out: dict[int, dict[str, float]] = {}
    for y in years:
        ys, ye = year_start(y), year_end(y)
        in_year = ref_year == y
        cp = cp_year == y
        at31 = (p.decom <= ye) & ((p.dec == NA) | (p.dec > ye))
        ep_live = at31[e.period] & (e.start <= ye) & ((e.end == NA) | (e.end >= ys))
        new_place = ep_live & (e.start >= ys) & np.isin(e.rne, ["S", *PLACEMENT_CHANGES])
        carried = ep_live & (e.start < ys)
        placements = np.bincount(e.period[new_place], minlength=len(p.decom)) + np.bincount(
            e.period[carried], minlength=len(p.decom)
        ).clip(0, 1)
        cp_open = (r.cp_start != NA) & (r.cp_start <= ye) & ((r.cp_end == NA) | (r.cp_end > ye))
        cin_open = (r.date <= ye) & ((r.close == NA) | (r.close > ye))
        out[y] = {
            "referrals": float(in_year.sum()),
            "cin_at31": float(cin_open.sum()),
            "rereferral_pct": 100 * rereferral[in_year].mean() if in_year.any() else 0.0,
            "cpp_starts": float(cp.sum()),
            "cpp_at31": float(cp_open.sum()),
            "cpp_subsequent_pct": 100 * (r.cp_previous[cp] > 0).mean() if cp.any() else 0.0,
            "cla_at31": float(at31.sum()),
            "cla_at31_legacy": float((at31 & (p.person >= chunk.first_legacy)).sum()),
            "cla_starts": float(((p.decom >= ys) & (p.decom <= ye)).sum()),
            "cla_ceased": float(((p.dec != NA) & (p.dec >= ys) & (p.dec <= ye)).sum()),
            "placements_3plus_pct": 100 * (placements[at31] >= 3).mean() if at31.any() else 0.0,
        }
    return out


def _ratio(target: float, got: float, low: float = 0.2, high: float = 5.0) -> float:
    if got <= 0:
        return high if target > 0 else 1.0
    return float(np.clip(target / got, low, high))


def calibrate(
    plan: Plan, seed: int, rounds: int = 8, max_children: int = 60_000, min_children: int = 0
) -> Plan:
    """Tune the knobs so a trial run shows the rates asked for (each round rescales them).
    The trial is a scaled copy of the council between `min_children` and `max_children` first
    referrals: a small council's own size would leave its sampling noise in the knobs."""
    total = sum(plan.rates[y].referrals * plan.chain_factor[y] for y in plan.sim_years)
    scale = float(np.clip(1.0, min_children / max(total, 1), max_children / max(total, 1)))
    for round_ in range(rounds):
        rng = np.random.default_rng([seed, 7919, round_])
        starts = chain_starts(rng, plan, scale)
        legacy = legacy_starts(rng, plan, scale)
        chunk = simulate_chunk(rng, plan, starts, legacy, 0, "T")
        got = measure(chunk, plan.years)
        # the first rounds move the whole way; later ones half-way, so one trial's sampling
        # noise is averaged over rounds instead of landing whole in the knobs
        plan = _blend(plan, _adjust(plan, got, scale), 1.0 if round_ < 3 else 0.5)
    return plan


def _blend(old: Plan, new: Plan, step: float) -> Plan:
    """Each knob moved `step` of the way (geometrically) from `old` to `new`."""
    if step >= 1:
        return new

    def mix(a: float, b: float) -> float:
        return float(a ** (1 - step) * b**step) if a > 0 and b > 0 else b

    def mix_years(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
        return {y: mix(a[y], b[y]) for y in b}

    knobs = replace(new.knobs, **{
        name: mix(getattr(old.knobs, name), getattr(new.knobs, name))
        for name in ("cla_long_mean_days", "cla_short_share", "moves_per_year")
    })  # fmt: skip
    out = replace(new, knobs=knobs, legacy=mix(old.legacy, new.legacy))
    for name in ("chain_factor", "icpc", "cla", "within", "prior", "cp_length", "cin_length"):
        setattr(out, name, mix_years(getattr(old, name), getattr(new, name)))
    return out


def _adjust(plan: Plan, got: dict[int, dict[str, float]], scale: float) -> Plan:
    """Rescale each knob by how far the trial run missed its target."""
    chain, icpc, cla = dict(plan.chain_factor), dict(plan.icpc), dict(plan.cla)
    within, prior, cp_length = dict(plan.within), dict(plan.prior), dict(plan.cp_length)
    cin_length = dict(plan.cin_length)
    for y in plan.years:
        want, g = plan.rates[y], got[y]
        chain[y] *= _ratio(want.referrals * scale, g["referrals"])
        icpc[y] *= _ratio(want.cpp_starts * scale, g["cpp_starts"])
        cla[y] *= _ratio(want.cla_starts * scale, g["cla_starts"])
        ratio = _ratio(want.rereferral_pct, g["rereferral_pct"], 0.5, 2)
        within[y] = float(np.clip(within[y] * ratio, 0.02, 1))
        # subsequent plans: the share with an earlier plan in the data is what it is; the rest
        # of the target comes from first plans recorded as having had a plan before
        got_sub = g["cpp_subsequent_pct"] / 100
        have = (got_sub - prior[y]) / max(1 - prior[y], 1e-6)
        want_sub = want.cpp_subsequent_pct / 100
        prior[y] = float(np.clip((want_sub - have) / max(1 - have, 1e-6), 0, 0.95))
        # plans open at 31 March grow with how long plans last (by the year they start)
        stock = _ratio(want.cpp_at31 * scale, g["cpp_at31"], 0.5, 2)
        cp_length[y] = float(np.clip(cp_length[y] * stock, 0.2, 5))
        # children in need at 31 March: the lever is how long child in need plans after
        # assessment stay open (the children in care and on plans are in the stock too, hence
        # the steeper power)
        in_need = _ratio(want.cin_at31 * scale, g["cin_at31"], 0.5, 2) ** 2.0
        cin_length[y] = float(np.clip(cin_length[y] * in_need, 0.1, 20))
    first = plan.years[0]
    for y in plan.sim_years:
        if y < first:
            chain[y], icpc[y], cla[y] = chain[first], icpc[first], cla[first]
            within[y], prior[y], cp_length[y] = within[first], prior[first], cp_length[first]
            cin_length[y] = cin_length[first]
    # children looked after at the first 31 March are mostly children already in care when the
    # window opens: their number is fitted to the first year's stock, and the length of stay
    # (below) to the last year's, so the years between follow the council's trajectory
    legacy = plan.legacy
    if len(plan.years) > 1:
        # solved, not rescaled: the children who started in the window make up the rest
        want_first = plan.rates[first].cla_at31 * scale
        from_legacy = got[first]["cla_at31_legacy"]
        wanted = max(want_first - (got[first]["cla_at31"] - from_legacy), 0.05 * want_first)
        legacy = float(np.clip(legacy * _ratio(wanted, from_legacy, 0.2, 5), 0.02, 20))
    k = plan.knobs
    # one length-of-stay distribution serves every year, so it is fitted to the last year's stock
    # (the year asked for); earlier years follow from their own starts and the children already
    # in care (above)
    last = plan.years[-1]
    got_stock = got[last]["cla_at31"]
    want_stock = plan.rates[last].cla_at31 * scale
    # the stock is fitted first by the share of children who stay long (councils differ most in
    # that: a council receiving many unaccompanied children has many short stays and the same
    # long-stayers), then by how long they stay where the share reaches its bounds
    need = _ratio(want_stock, got_stock, 0.5, 2) ** 1.2
    long_share = float(np.clip((1 - k.cla_short_share) * need, 0.03, 0.97))
    rest = need / (long_share / (1 - k.cla_short_share))
    long_mean = float(np.clip(k.cla_long_mean_days * rest**1.3, 60, 8000))
    got_moves = float(np.mean([got[y]["placements_3plus_pct"] for y in plan.years]))
    want_moves = float(np.mean([plan.rates[y].placements_3plus_pct for y in plan.years]))
    moves = float(
        np.clip(k.moves_per_year * _ratio(want_moves, got_moves, 0.6, 1.6) ** 0.7, 0.02, 5)
    )
    knobs = replace(
        k,
        cla_long_mean_days=long_mean,
        cla_short_share=1 - long_share,
        moves_per_year=moves,
    )
    return replace(
        plan, knobs=knobs, chain_factor=chain, icpc=icpc, cla=cla, within=within, prior=prior,
        cp_length=cp_length, cin_length=cin_length, legacy=legacy,
    )  # fmt: skip
