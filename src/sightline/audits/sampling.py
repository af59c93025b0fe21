"""A round's sample: open cases drawn from the latest snapshot, stratified by team or service,
plus every case in chosen groups, less exclusions; then allocated to auditors outside their teams.

The draw is reproducible: the same snapshot, plan and seed give the same sample. Each stratum has
its own random stream, seeded from the round's seed and the stratum's name, so adding a team does
not change who is drawn in the others. The population is one DuckDB query over the canonical
tables; what is per case here (choosing, allocating) runs over a few thousand open cases at most.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from sightline.allocations import current_allocations_sql

# Groups a round may take in full: id -> what it means, in words.
GROUPS: dict[str, str] = {
    "cp_over_18_months": "Child protection plans open for more than 18 months",
    "second_cp_plan": "Second or later child protection plans",
    "missing_from_care": "Children in care missing in the last 12 months",
}
SERVICES: dict[str, str] = {
    "cla": "Children in care",
    "cp": "Child protection",
    "cin": "Children in need",
}
STRATA = ("team", "service")


class _Dataset(Protocol):
    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> pa.Table: ...


class SampleError(ValueError):
    """A plan that cannot be drawn; the message says why in plain words."""


POPULATION_SQL = """
WITH open_cp AS (
    SELECT p.cppl_person_id AS person_id, min(p.cppl_cp_plan_start_date) AS started
    FROM main.ssd_cp_plans p
    WHERE p.cppl_cp_plan_start_date <= $as_of
      AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date > $as_of)
    GROUP BY 1
),
earlier_cp AS (
    SELECT DISTINCT o.person_id FROM open_cp o
    JOIN main.ssd_cp_plans e ON e.cppl_person_id = o.person_id
        AND e.cppl_cp_plan_start_date < o.started
),
open_cla AS (
    SELECT DISTINCT clae_person_id AS person_id FROM main.ssd_cla_episodes
    WHERE clae_cla_episode_start_date <= $as_of
      AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > $as_of)
),
open_cin AS (
    SELECT DISTINCT cine_person_id AS person_id FROM main.ssd_cin_episodes
    WHERE cine_referral_date <= $as_of AND (cine_close_date IS NULL OR cine_close_date > $as_of)
),
missing AS (
    SELECT DISTINCT miss_person_id AS person_id FROM main.ssd_missing
    WHERE miss_missing_episode_start_date <= $as_of
      AND miss_missing_episode_start_date > $as_of - INTERVAL 12 MONTH
),
open_cases AS (
    SELECT person_id FROM open_cla UNION SELECT person_id FROM open_cp
    UNION SELECT person_id FROM open_cin
),
alloc AS ({allocations})
SELECT o.person_id AS child_id,
    coalesce(a.team, 'No team recorded') AS team,
    a.worker AS worker,
    CASE WHEN cla.person_id IS NOT NULL THEN 'cla'
         WHEN cp.person_id IS NOT NULL THEN 'cp' ELSE 'cin' END AS service,
    coalesce(cp.started < $as_of - INTERVAL 18 MONTH, false) AS cp_over_18_months,
    (e.person_id IS NOT NULL) AS second_cp_plan,
    (cla.person_id IS NOT NULL AND m.person_id IS NOT NULL) AS missing_from_care
FROM open_cases o
LEFT JOIN open_cla cla USING (person_id)
LEFT JOIN open_cp cp USING (person_id)
LEFT JOIN earlier_cp e USING (person_id)
LEFT JOIN missing m USING (person_id)
LEFT JOIN alloc a USING (person_id)
WHERE o.person_id IS NOT NULL
ORDER BY child_id
"""


def population(dataset: _Dataset, as_of: dt.date) -> pa.Table:
    """Every case open at `as_of`: child, team, worker, service and the group flags."""
    sql = POPULATION_SQL.replace("{allocations}", current_allocations_sql("$as_of"))
    return dataset.query(sql, {"as_of": as_of})


@dataclass(frozen=True)
class SamplePlan:
    strata: str = "team"  # team | service
    per_stratum: int | None = 2  # cases drawn at random from each stratum...
    percent: float | None = None  # ...or this share of it (rounded up)
    groups: tuple[str, ...] = ()  # every case in these groups (GROUPS)
    exclude_audited_months: int = 12  # cases audited this recently are left out
    exclusions: Mapping[str, str] = field(default_factory=dict)  # child -> reason

    def check(self) -> None:
        if self.strata not in STRATA:
            raise SampleError("Choose whether to stratify by team or by service.")
        if (self.per_stratum is None) == (self.percent is None):
            raise SampleError("Give either a number of cases per stratum or a percentage.")
        if self.per_stratum is not None and self.per_stratum < 0:
            raise SampleError("The number of cases per stratum cannot be negative.")
        if self.percent is not None and not 0 < self.percent <= 100:
            raise SampleError("The percentage must be more than 0 and at most 100.")
        unknown = [g for g in self.groups if g not in GROUPS]
        if unknown:
            raise SampleError(f"Unknown groups: {', '.join(unknown)}.")

    def as_dict(self) -> dict:
        return {
            "strata": self.strata,
            "per_stratum": self.per_stratum,
            "percent": self.percent,
            "groups": list(self.groups),
            "exclude_audited_months": self.exclude_audited_months,
            "exclusions": dict(self.exclusions),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SamplePlan:
        return cls(
            strata=data.get("strata", "team"),
            per_stratum=data.get("per_stratum"),
            percent=data.get("percent"),
            groups=tuple(data.get("groups") or ()),
            exclude_audited_months=int(data.get("exclude_audited_months") or 0),
            exclusions=dict(data.get("exclusions") or {}),
        )


@dataclass(frozen=True)
class Drawn:
    child_id: str
    team: str
    worker: str | None
    service: str
    reason: str  # "random: Team A" or "every case: <group>"


@dataclass(frozen=True)
class Sample:
    as_of: dt.date
    seed: int
    plan: SamplePlan
    cases: list[Drawn]
    excluded: list[tuple[str, str]]  # (child, reason)
    population: int


def _stream(seed: int, stratum: str) -> np.random.Generator:
    digest = hashlib.sha256(stratum.encode()).digest()
    return np.random.default_rng([seed, int.from_bytes(digest[:8], "big")])


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def draw(
    cases: pa.Table,
    plan: SamplePlan,
    seed: int,
    as_of: dt.date,
    last_audited: Mapping[str, dt.date] | None = None,
) -> Sample:
    """Draw a sample from `population(...)`. `last_audited` gives each child's latest audit date."""
    plan.check()
    rows = sorted(cases.to_pylist(), key=lambda r: r["child_id"])
    excluded: dict[str, str] = {}
    since = _months_before(as_of, plan.exclude_audited_months)
    for child, when in (last_audited or {}).items():
        if plan.exclude_audited_months and when > since:
            excluded[child] = (
                f"Audited on {when:%d %B %Y}, within {plan.exclude_audited_months} months"
            )
    for child, reason in plan.exclusions.items():
        excluded.setdefault(child, reason or "Excluded by the QA lead")
    open_ids = {r["child_id"] for r in rows}
    eligible = [r for r in rows if r["child_id"] not in excluded]
    chosen: dict[str, Drawn] = {}
    for row in eligible:
        groups = [g for g in plan.groups if row.get(g)]
        if groups:
            reason = "every case: " + "; ".join(GROUPS[g] for g in groups)
            chosen[row["child_id"]] = _drawn(row, reason)
    strata: dict[str, list[dict]] = {}
    for row in eligible:
        strata.setdefault(row[plan.strata], []).append(row)
    for stratum in sorted(strata):
        members = strata[stratum]
        size = (
            plan.per_stratum
            if plan.per_stratum is not None
            else math.ceil(len(members) * (plan.percent or 0) / 100)
        )
        free = [r for r in members if r["child_id"] not in chosen]
        take = min(size, len(free))
        if take <= 0:
            continue
        label = SERVICES.get(stratum, stratum) if plan.strata == "service" else stratum
        for index in sorted(_stream(seed, stratum).choice(len(free), take, replace=False)):
            row = free[int(index)]
            chosen[row["child_id"]] = _drawn(row, f"random: {label}")
    return Sample(
        as_of=as_of,
        seed=seed,
        plan=plan,
        cases=[chosen[c] for c in sorted(chosen)],
        excluded=sorted((c, r) for c, r in excluded.items() if c in open_ids),
        population=len(rows),
    )


def _drawn(row: dict, reason: str) -> Drawn:
    return Drawn(row["child_id"], row["team"], row["worker"], row["service"], reason)


def allocate(
    cases: Sequence[Drawn], auditors: Mapping[str, frozenset[str]], seed: int
) -> dict[str, str | None]:
    """Each case to an auditor who is not in the case's team, spreading the load evenly (the
    least-loaded eligible auditor; ties broken by a seeded order). None: no auditor outside the
    team (the page says so). `auditors` maps a user name to the teams they belong to."""
    names = sorted(auditors)
    order = list(_stream(seed, "allocation").permutation(len(names)))
    rank = {names[i]: position for position, i in enumerate(order)}
    load = dict.fromkeys(names, 0)
    result: dict[str, str | None] = {}

    def eligible_for(case: Drawn) -> list[str]:
        return [n for n in names if case.team not in auditors[n]]

    # The cases fewest auditors may take are placed first, so they do not find those auditors full.
    for case in sorted(cases, key=lambda c: (len(eligible_for(c)), c.child_id)):
        eligible = eligible_for(case)
        if not eligible:
            result[case.child_id] = None
            continue
        pick = min(eligible, key=lambda n: (load[n], rank[n]))
        load[pick] += 1
        result[case.child_id] = pick
    return result
