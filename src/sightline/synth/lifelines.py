"""Children and their lifelines at the front door and in need: referrals, assessments with factors,
strategy discussions and section 47 enquiries, initial conferences, child protection plans with
reviews, child in need plans; the periods of care themselves are built in `care.py`.

Everything is vectorised over a chunk of children: each child is one chain of referrals (slot 0,
1, 2...), built slot by slot with numpy. Dates are integer days (`calendar.py`); NA means none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sightline.synth.calendar import NA, add_working_days, collection_year

MAX_REFERRALS = 6  # per child in the simulated window
UNDER_18_DAYS = 18 * 365  # days of age by which every child is still 17 (leap days aside)

REFERRAL_SOURCES = ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F",
                    "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"]  # fmt: skip
SOURCE_WEIGHTS = [8, 1, 1, 1, 2, 1, 20, 5, 3, 3, 2, 1, 2, 5, 2, 2, 1, 3, 2, 4, 6, 4]
NEEDS = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]
NEED_WEIGHTS = [57, 9, 4, 8, 14, 2, 0.5, 3, 2.5]
FACTORS = ["1B", "2B", "3A", "3B", "4B", "2C", "6A", "6B", "21", "7A", "8B", "9A", "10A", "11A",
           "12A", "14A", "15A", "16A", "17A", "18B", "19B", "20", "22A", "23A", "24A", "4A"]  # fmt: skip
FACTOR_WEIGHTS = [7, 7, 12, 16, 13, 4, 6, 3, 10, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 3, 2, 1, 3]
CATEGORIES = ["NEG", "EMO", "PHY", "SAB", "MUL"]
CATEGORY_WEIGHTS = [50, 37, 7, 4, 2]
ETHNICITIES = ["WBRI", "WIRI", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
               "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"]  # fmt: skip
ETHNIC_WEIGHTS = [68, 0.3, 6, 0.5, 2.5, 1, 1.5, 2.5, 1, 3, 1, 1.5, 1, 3, 1, 0.2, 2, 1, 2.5]
DISABILITIES = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT"]


def _pick(
    rng: np.random.Generator, codes: Sequence[str], weights: Sequence[float], n: int
) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(codes, dtype=object)[rng.choice(len(codes), size=n, p=p / p.sum())]


@dataclass
class Knobs:
    """The generator's internal rates, tuned so the outputs match the rates asked for."""

    continue_chain: float = 0.45  # share of referrals (not into care) followed by another
    within_12m: float = 0.5  # share of follow-up referrals that come within 12 months
    cla_long_mean_days: float = 1500.0
    cla_short_share: float = 0.35  # periods of care that are short (a few months)
    moves_per_year: float = 0.45
    prior_plan_elsewhere: float = 0.1  # first plans in the data recorded as not the first ever
    cin_plan_mean_days: float = 220.0  # mean length of a child in need plan after assessment


@dataclass
class Children:
    """One row per child (index = child number in the chunk)."""

    ids: np.ndarray
    dob: np.ndarray
    sex: np.ndarray  # "M" / "F"
    ethnicity: np.ndarray
    disability: np.ndarray  # code or "" (none)
    upn: np.ndarray


def make_children(
    rng: np.random.Generator, first_day: np.ndarray, id_start: int, prefix: str
) -> Children:
    """Children whose first referral is on `first_day`; ages as referred children's are."""
    n = len(first_day)
    bucket = rng.choice(5, size=n, p=[0.12, 0.20, 0.24, 0.34, 0.10])
    low = np.array([0, 1, 5, 10, 16])[bucket]
    high = np.array([1, 5, 10, 16, 17.6])[bucket]
    age_days = ((low + rng.random(n) * (high - low)) * 365.25).astype(np.int64)
    numbers = np.arange(id_start, id_start + n)
    ids = np.char.add(prefix, np.char.zfill(numbers.astype(str), 7)).astype(object)
    upn_digits = rng.integers(10**10, 10**11, size=n)
    check = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))[upn_digits % 26]
    upn = np.char.add(np.char.add("A", np.char.zfill(upn_digits.astype(str), 11)), check)
    upn = upn.astype(object)
    has_disability = rng.random(n) < 0.08
    drawn = _pick(rng, DISABILITIES, [1] * len(DISABILITIES), n)
    # the disabled children take the codes in turn (from a drawn start), so even a small council
    # uses more than 7 of them (CIN query 2887Q)
    turn = np.cumsum(has_disability) + (DISABILITIES.index(drawn[0]) if n else 0)
    cycled = np.asarray(DISABILITIES, dtype=object)[turn % len(DISABILITIES)]
    disability = np.where(has_disability, cycled, "").astype(object)
    return Children(
        ids=ids,
        dob=first_day - age_days,
        sex=np.where(rng.random(n) < 0.51, "M", "F").astype(object),
        ethnicity=_pick(rng, ETHNICITIES, ETHNIC_WEIGHTS, n),
        disability=disability,
        upn=upn,
    )


@dataclass
class Referrals:
    """One row per referral (episode of need) and what followed it, for a chunk of children."""

    child: np.ndarray  # index into Children
    slot: np.ndarray
    date: np.ndarray
    source: np.ndarray
    need: np.ndarray
    nfa: np.ndarray  # bool
    close: np.ndarray
    close_reason: np.ndarray
    assess_start: np.ndarray
    assess_auth: np.ndarray
    child_seen: np.ndarray
    assessed_in_need: np.ndarray  # bool (meaningful where assessed)
    factor1: np.ndarray  # factors identified at the end of the assessment ("" = none)
    factor2: np.ndarray
    factor3: np.ndarray
    strategy: np.ndarray
    s47_start: np.ndarray
    s47_end: np.ndarray
    icpc_target: np.ndarray
    icpc_date: np.ndarray
    icpc_required: np.ndarray
    cp_start: np.ndarray
    cp_end: np.ndarray
    cp_initial: np.ndarray
    cp_latest: np.ndarray
    cp_previous: np.ndarray  # NumberOfPreviousCPP
    cin_plan_start: np.ndarray
    cin_plan_end: np.ndarray
    cla_start: np.ndarray  # DECOM of the period of care this referral led to, or NA
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.date)


def _cp_duration(rng: np.random.Generator, n: int) -> np.ndarray:
    """Plan lengths: median about 9 months, a few beyond 2 years."""
    return np.clip(rng.lognormal(np.log(270), 0.65, n), 30, 1800).astype(np.int64)


def simulate_referrals(
    rng: np.random.Generator,
    first_day: np.ndarray,
    children: Children,
    knobs: Knobs,
    probs_by_year: dict[str, np.ndarray],
    first_year: int,
    end: int,
) -> Referrals:
    """Each child's chain of referrals up to `end` (inclusive). `probs_by_year[name][k]` is the
    probability for referrals in collection year `first_year + k` (clipped to the range)."""
    n = len(first_day)
    slots: list[dict[str, np.ndarray]] = []
    current = first_day.copy()
    active = np.ones(n, dtype=bool)
    for slot in range(MAX_REFERRALS):
        idx = np.flatnonzero(active & (current <= end))
        if len(idx) == 0:
            break
        dates = current[idx]
        k = np.clip(collection_year(dates) - first_year, 0, len(probs_by_year["nfa"]) - 1)
        probs = {name: values[k] for name, values in probs_by_year.items()}
        block = _one_referral(rng, idx, dates, children, knobs, probs)
        block["slot"] = np.full(len(idx), slot)
        slots.append(block)
        # the next referral of the same child, unless this one led into care
        goes_on = (rng.random(len(idx)) < knobs.continue_chain) & (block["cla_start"] == NA)
        span = np.maximum(block["close"] - block["date"], 0)
        within = rng.random(len(idx)) < probs["within_12m"]
        room = 364 - span
        soon = block["date"] + span + 1 + (rng.random(len(idx)) * np.maximum(room - 1, 0))
        later = block["date"] + np.maximum(span + 1, 366) + rng.exponential(500, len(idx))
        nxt = np.where(within & (room > 7), soon, later).astype(np.int64)
        too_old = nxt - children.dob[idx] > int(17.8 * 365.25)
        active[:] = False
        active[idx[goes_on & ~too_old]] = True
        current[idx] = nxt
    merged = {k: np.concatenate([s[k] for s in slots]) for k in slots[0]}
    order = np.lexsort((merged["date"], merged["child"]))
    merged = {k: v[order] for k, v in merged.items()}
    plan_year = collection_year(np.maximum(merged["cp_start"], 0)) - first_year
    prior = probs_by_year["prior_plan"][np.clip(plan_year, 0, len(probs_by_year["prior_plan"]) - 1)]
    _number_previous_plans(rng, merged, prior)
    _truncate_at(merged, end)
    return Referrals(**merged)


def _by_census_day(start: np.ndarray, stop: np.ndarray, working_days: int) -> np.ndarray:
    """`stop`, or the last working day by 31 March where a step begun more than `working_days`
    working days before that 31 March would still be open on it."""
    live = (start != NA) & (stop != NA)
    years = collection_year(np.where(live, start, 0)) - 1970
    march = years.astype("datetime64[Y]").astype("datetime64[M]") + 2
    census = march.astype("datetime64[D]").astype(np.int64) + 30
    last = add_working_days(census + 1, -1)
    old = live & (stop > census) & (start < add_working_days(census, -working_days))
    return np.where(old, np.maximum(last, start), stop)


def _one_referral(
    rng: np.random.Generator,
    idx: np.ndarray,
    date: np.ndarray,
    children: Children,
    knobs: Knobs,
    probs: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """One referral per child in `idx` on `date`, and everything that followed from it."""
    m = len(idx)
    u = rng.random(m)
    nfa = u < probs["nfa"]
    not_in_need = ~nfa & (u < probs["nfa"] + probs["not_in_need"])
    in_need = ~nfa & ~not_in_need
    assessed = ~nfa

    assess_start = np.where(assessed, add_working_days(date, rng.integers(0, 3, m)), NA)
    timely = rng.random(m) < probs["assessment_in_45wd"]
    length = np.where(timely, rng.integers(3, 46, m), rng.integers(46, 85, m))
    assess_auth = np.where(assessed, add_working_days(np.maximum(assess_start, 0), length), NA)
    # a late assessment still open at 31 March is authorised by then once it is more than 45
    # working days old (CIN query 8670Q); it stays late
    assess_auth = _by_census_day(assess_start, assess_auth, 44)

    s47 = in_need & (rng.random(m) < probs["s47_given_in_need"])
    strategy = np.where(s47, add_working_days(date, rng.integers(0, 2, m)), NA)
    # an enquiry sits within the assessment: it starts no earlier than the assessment and the
    # assessment is not authorised in an earlier census year than the enquiry ends, so a census
    # that shows the enquiry shows the assessment too (CIN query 2991Q)
    s47_start = np.where(s47, np.maximum(strategy, assess_start), NA)
    icpc = s47 & (rng.random(m) < probs["icpc_given_s47"])
    icpc_target = np.where(s47, add_working_days(np.maximum(s47_start, 0), 15), NA)
    icpc_timely = rng.random(m) < probs["icpc_in_15wd"]
    icpc_wd = np.where(icpc_timely, rng.integers(5, 16, m), rng.integers(16, 31, m))
    icpc_date = np.where(icpc, add_working_days(np.maximum(s47_start, 0), icpc_wd), NA)
    # likewise a conference still to be held at 31 March more than 15 working days after the
    # enquiry began is held by then (CIN query 8675Q)
    icpc_date = _by_census_day(s47_start, icpc_date, 14)
    s47_end = np.where(
        s47, np.where(icpc, icpc_date, add_working_days(np.maximum(s47_start, 0), 10)), NA
    )
    straddles = (
        s47
        & (assess_auth != NA)
        & (assess_auth < s47_end)
        & (collection_year(np.maximum(assess_auth, 0)) != collection_year(np.maximum(s47_end, 0)))
    )
    assess_auth = np.where(straddles, s47_end, assess_auth)
    plan = icpc & (rng.random(m) < probs["icpc_to_plan"])
    cp_start = np.where(plan, icpc_date, NA)
    cp_days = np.maximum(_cp_duration(rng, m) * probs["cp_length"], 30).astype(np.int64)
    cp_end = np.where(plan, cp_start + cp_days, NA)
    initial = _pick(rng, CATEGORIES, CATEGORY_WEIGHTS, m)
    changed = rng.random(m) < 0.1
    latest = np.where(changed, _pick(rng, CATEGORIES, CATEGORY_WEIGHTS, m), initial)

    # children who come into care: during a plan, or soon after the referral
    cla = in_need & (rng.random(m) < probs["cla_given_in_need"])
    cla_start = np.where(
        cla & plan,
        # a day or more into the plan (CIN rule 8840: a plan does not end the day it starts)
        cp_start + 1 + (rng.random(m) * (cp_end - cp_start) * 0.6).astype(np.int64),
        np.where(cla, date + rng.integers(0, 45, m), NA),
    )
    # a child starts to be looked after before their 18th birthday (903 rule 352)
    cla &= cla_start < children.dob[idx] + UNDER_18_DAYS
    cla_start = np.where(cla, cla_start, NA)
    into_care_from_plan = cla & plan
    cp_end = np.where(into_care_from_plan, cla_start, cp_end)

    # a child in need plan after assessment (no plan), or stepping down from a CP plan
    cin_after_assess = in_need & ~plan & ~cla & (rng.random(m) < 0.7)
    cin_after_cp = plan & ~cla & (rng.random(m) < 0.6)
    cin_start = np.where(cin_after_assess, assess_auth, np.where(cin_after_cp, cp_end, NA))
    cin_len = np.where(
        cin_after_cp,
        rng.integers(60, 200, m),
        rng.exponential(knobs.cin_plan_mean_days * probs["cin_length"], m) + 30,
    )
    cin_end = np.where(cin_start != NA, cin_start + cin_len.astype(np.int64), NA)

    ends = np.maximum.reduce([assess_auth, s47_end, cp_end, cin_end])
    # a case found not in need closes the day its assessment is authorised, RC8 "closed after
    # assessment"; a referral with no further action has no assessment, so it is not RC8 (CIN
    # query 8825Q) but RC7 "ceased for any other reason"
    lag = np.where(not_in_need, 0, rng.integers(0, 10, m))
    close = np.where(nfa, date, np.maximum(ends, date) + lag)
    close_reason = np.where(not_in_need, "RC8", "RC7").astype(object)
    close = np.where(cla, NA, close)  # the episode stays open while the child is looked after
    close_reason = np.where(cla, "", close_reason)

    need = np.where(nfa, "N0", _pick(rng, NEEDS, NEED_WEIGHTS, m)).astype(object)
    need = np.where(plan | cla, np.where(rng.random(m) < 0.85, "N1", need), need)
    # one to three factors at the end of each assessment (a repeated draw is dropped)
    n_factors = np.where(assessed, rng.integers(1, 4, m), 0)
    first = _pick(rng, FACTORS, FACTOR_WEIGHTS, m)
    second = _pick(rng, FACTORS, FACTOR_WEIGHTS, m)
    third = _pick(rng, FACTORS, FACTOR_WEIGHTS, m)
    factor1 = np.where(n_factors >= 1, first, "").astype(object)
    factor2 = np.where((n_factors >= 2) & (second != first), second, "").astype(object)
    factor3 = np.where((n_factors >= 3) & (third != first) & (third != second), third, "")
    # "21" (no factors identified) stands alone (CIN rule 8869)
    alone = factor1 == "21"
    factor2 = np.where(alone | (factor2 == "21"), "", factor2).astype(object)
    factor3 = np.where(alone | (factor3 == "21"), "", factor3)
    # and is only the finding for a child not in need, whose case closes RC8 (CIN query 8873Q)
    # (the second draw stands in, or the commonest factor; no new draw, so the rest of a seed's
    # council is unchanged)
    instead = np.where(second != "21", second, "3B")
    swap = in_need & (factor1 == "21")
    factor1 = np.where(swap, instead, factor1).astype(object)
    factor2 = np.where(factor2 == factor1, "", factor2).astype(object)
    factor3 = np.where(factor3 == factor1, "", factor3)
    return {
        "child": idx,
        "date": date,
        "source": _pick(rng, REFERRAL_SOURCES, SOURCE_WEIGHTS, m),
        "need": need,
        "nfa": nfa,
        "close": close,
        "close_reason": close_reason,
        "assess_start": assess_start,
        "assess_auth": assess_auth,
        "child_seen": assessed & (rng.random(m) < 0.95),
        "assessed_in_need": in_need,
        "factor1": factor1,
        "factor2": factor2,
        "factor3": factor3.astype(object),
        "strategy": strategy,
        "s47_start": s47_start,
        "s47_end": s47_end,
        "icpc_target": icpc_target,
        "icpc_date": icpc_date,
        "icpc_required": icpc,
        "cp_start": cp_start,
        "cp_end": cp_end,
        "cp_initial": np.where(plan, initial, "").astype(object),
        "cp_latest": np.where(plan, latest, "").astype(object),
        "cp_previous": np.zeros(m, dtype=np.int64),
        "cin_plan_start": cin_start,
        "cin_plan_end": cin_end,
        "cla_start": cla_start,
    }


def _number_previous_plans(
    rng: np.random.Generator, r: dict[str, np.ndarray], prior: np.ndarray
) -> None:
    """NumberOfPreviousCPP: earlier plans of the same child in the data, plus (for a share of
    first plans) plans before the data began or in another council."""
    has_plan = r["cp_start"] != NA
    child = r["child"]
    # rows are sorted by child then date: count earlier plans per child with a cumulative sum
    cum = np.cumsum(has_plan)
    first_row = np.r_[True, child[1:] != child[:-1]]
    group_start = np.maximum.accumulate(np.where(first_row, np.arange(len(child)), 0))
    before = cum - has_plan - np.where(group_start > 0, cum[group_start - 1], 0)
    elsewhere = (rng.random(len(child)) < prior) & (before == 0)
    r["cp_previous"] = np.where(has_plan, before + elsewhere, 0)


def _truncate_at(r: dict[str, np.ndarray], end: int) -> None:
    """Nothing after the last day simulated: later dates become open (NA)."""
    for name in (
        "close",
        "assess_auth",
        "s47_end",
        "icpc_date",
        "cp_end",
        "cin_plan_end",
    ):
        r[name] = np.where(r[name] > end, NA, r[name])
    r["close_reason"] = np.where(r["close"] == NA, "", r["close_reason"])
    for start, stop in (("cp_start", "cp_end"), ("cin_plan_start", "cin_plan_end")):
        r[start] = np.where(r[start] > end, NA, r[start])
        r[stop] = np.where(r[start] == NA, NA, r[stop])
    r["cla_start"] = np.where(r["cla_start"] > end, NA, r["cla_start"])
    r["icpc_required"] = r["icpc_required"] & (r["icpc_date"] != NA)
    for name in ("cp_initial", "cp_latest"):
        r[name] = np.where(r["cp_start"] == NA, "", r[name])
    r["cp_previous"] = np.where(r["cp_start"] == NA, 0, r["cp_previous"])
