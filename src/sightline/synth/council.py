"""Generate a complete synthetic council: simulate in chunks of children, render every return.

`generate(Request(...))` writes the layout in the contracts: council.json, cin/, ssda903/<year>/,
annex_a/, csww/ and (when problems are injected) problems.jsonl. The same request and seed give
byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from sightline.canonical import table as canonical_table
from sightline.returns.annex_a.write import AnnexAWriter
from sightline.returns.cin.write import CinWriter
from sightline.returns.csww.write import write_csww
from sightline.returns.csww.write_xml import write_csww_xml
from sightline.returns.ssda903.write import Ssda903Writer
from sightline.synth.calendar import NA, day, to_date, year_end
from sightline.synth.params import (
    LAST_YEAR,
    ParameterError,
    Practice,
    YearRates,
    check_council,
    rates_for,
    scaled,
)
from sightline.synth.problems import inject_problems
from sightline.synth.simulate import (
    calibrate,
    chain_starts,
    initial_plan,
    legacy_starts,
    simulate_chunk,
)
from sightline.synth.tables import to_tables
from sightline.synth.workforce import CensusYear, build_workforce, census_figures

CHILDREN_PER_REFERRAL = 0.88  # England: children referred per referral in a year
DEFAULT_CHILDREN = 1000


@dataclass
class Request:
    out: Path
    seed: int = 1
    years: list[int] = field(default_factory=lambda: [2025])
    like: str | None = None  # council code to take rates from (None: England's rates)
    la_code: str | None = None  # code written in the files (default: `like`, else 999)
    children: int | None = None  # children referred in the last year
    referrals: int | None = None  # referrals in the last year
    inject_problems: float = 0.0
    csww_xml: bool = False  # the workforce census as the DfE's XML, in place of the figures CSV
    chunk_children: int = 40_000
    practice: Practice = field(default_factory=Practice)
    # called with each chunk's canonical tables (for tests that compare files with their source)
    on_chunk: Callable[[dict[str, pa.Table]], None] | None = None


def _scale(req: Request, last_referrals: float) -> float:
    if req.referrals:
        return req.referrals / last_referrals
    if req.children:
        return req.children / CHILDREN_PER_REFERRAL / last_referrals
    if req.like:
        return 1.0
    return DEFAULT_CHILDREN / CHILDREN_PER_REFERRAL / last_referrals


def _published(like: str | None, year: int) -> YearRates:
    """A council's published rates; England's latest for later years when no council is named."""
    if like is None and LAST_YEAR < year <= LAST_YEAR + 5:
        rates = rates_for(None, LAST_YEAR)
        rates.year = year
        return rates
    return rates_for(like, year)


def _census_year(year: int, figures: dict[str, float], practice: Practice) -> CensusYear:
    """The workforce census DfE publishes as `year`, taken on 30 September `year` (the engine
    pairs it with the year to 31 March `year`), with that census's own published rates."""
    vacancy = (practice.vacancy_rate if practice.vacancy_rate is not None
               else figures["vacancy_rate_fte"] / 100)  # fmt: skip
    share = figures["case_holders_fte"] / max(figures["inpost_fte"], 1) or 0.6
    return CensusYear(
        year=year,
        day=day(dt.date(year, 9, 30)),
        turnover=figures["turnover_rate_fte"] / 100 or 0.15,
        vacancy=vacancy,
        agency=figures["agency_rate_fte"] / 100,
        case_holder_share=min(max(share, 0.3), 1.0),
    )


def generate(req: Request) -> dict[str, Any]:
    """Write a synthetic council into `req.out`; returns what council.json says."""
    name = check_council(req.like) if req.like else "Synthetic council"
    la_code = req.la_code or req.like or "999"
    if not (len(la_code) == 3 and la_code.isdigit()):
        raise ParameterError(f"the council code to write must be 3 digits, not {la_code!r}")
    published = {y: _published(req.like, y) for y in req.years}
    scale = _scale(req, published[req.years[-1]].referrals)
    rates = {y: scaled(r, scale) for y, r in published.items()}
    # a council asked to look like a real one gets a trial big enough to calibrate precisely
    trial = 25_000 if req.like else 0
    plan = calibrate(initial_plan(req.years, rates, req.practice), req.seed, min_children=trial)

    rng = np.random.default_rng([req.seed, 1])
    census = [_census_year(y, rates[y].workforce, req.practice) for y in req.years]
    # posts: enough for the case holders asked for at each census once vacancies are counted
    posts = max(8, round(float(np.mean([
        (rates[c.year].workforce["case_holders_fte"] or 8) / (1 - min(c.vacancy, 0.5))
        for c in census]))))  # fmt: skip
    # the last census (30 September of the last year) may fall after the last 31 March
    workforce = build_workforce(rng, posts, plan.start, max(plan.end, census[-1].day), census)
    starts = chain_starts(rng, plan)
    legacy = legacy_starts(rng, plan)
    n_chunks = max(1, -(-len(starts) // req.chunk_children))
    out = req.out
    created = dt.datetime(req.years[-1], 5, 1, 9, 0, 0)
    annex_date = to_date(year_end(req.years[-1]))
    census_days = {c.year: c.day for c in census}
    open_cases = dict.fromkeys(req.years, 0)
    counts: dict[str, int] = {"children": 0, "referrals": 0, "periods_of_care": 0}
    cin = [
        CinWriter(out / "cin" / f"CIN_{la_code}_{y}.xml", y, la_code, created) for y in req.years
    ]
    s903 = [Ssda903Writer(out / "ssda903" / str(y), y) for y in req.years]
    annex = AnnexAWriter(
        out / "annex_a" / f"Annex_A_{la_code}_{annex_date.isoformat()}.xlsx", annex_date
    )
    postcode = "ZZ"
    writers: list[Any] = [*cin, *s903, annex]
    for w in writers:
        w.__enter__()
    try:
        id_next = 1
        for i in range(n_chunks):
            chunk_rng = np.random.default_rng([req.seed, 2, i])
            part = starts[i * req.chunk_children : (i + 1) * req.chunk_children]
            chunk = simulate_chunk(chunk_rng, plan, part, legacy[i::n_chunks], id_next, "C")
            id_next += len(chunk.children.ids)
            tables, inv, _ = to_tables(
                chunk, workforce, chunk_rng, postcode, plan.end,
                req.practice.visits_in_time, req.practice.child_seen_alone,
            )  # fmt: skip
            for w in writers:
                w.add(tables)
            if req.on_chunk is not None:
                req.on_chunk(tables)
            for y, census_day in census_days.items():
                open_cases[y] += int(
                    ((inv.start <= census_day) & ((inv.end == NA) | (inv.end >= census_day))).sum()
                )
            counts["children"] += len(chunk.children.ids)
            counts["referrals"] += len(chunk.referrals)
            counts["periods_of_care"] += len(chunk.periods.decom)
    finally:
        for w in writers:
            w.__exit__(None, None, None)
    figures = [census_figures(workforce, c, open_cases[c.year]) for c in census]
    csww_table = pa.Table.from_pylist(
        [{**f, "source_row": None} for f in figures],
        schema=canonical_table("csww_council_figures").arrow_schema(),
    )
    for y in req.years:
        year_figures = csww_table.filter(pa.compute.equal(csww_table["year"], y))
        if req.csww_xml:
            for row in year_figures.to_pylist():
                write_csww_xml(out / "csww" / f"csww_{la_code}_{y}.xml", row, la_code)
            continue
        write_csww(out / "csww" / f"csww_{la_code}_{y}.csv", year_figures, la_code, name)
    problems = inject_problems(out, req.inject_problems, req.seed) if req.inject_problems else 0
    council = {
        "code": la_code,
        "name": name,
        "like": req.like,
        "years": req.years,
        "seed": req.seed,
        "scale": scale,
        "annex_a_date": annex_date.isoformat(),
        "generated": counts,
        "cin_children": {str(w.year): w.children for w in cin},
        "workforce": {"posts": len(workforce.slot_team), "workers": len(workforce.worker_id), "teams": workforce.team_names},
        "rates_asked_for": {str(y): r.as_dict() for y, r in rates.items()},
        "published": {str(y): r.as_dict() for y, r in published.items()},
        "practice": asdict(req.practice),
        "knobs": asdict(plan.knobs),
        "problems_injected": problems,
    }  # fmt: skip
    (out / "council.json").write_text(
        json.dumps(council, indent=2, sort_keys=True, default=str) + "\n"
    )
    return council
