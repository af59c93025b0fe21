"""Round trip: canonical tables -> writers -> files -> readers -> the same rows, as at the end of
the collection year (a return sees nothing after its 31 March)."""

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from sightline.returns.cin.read import read_cin
from sightline.returns.ssda903.read import read_903_csvs
from sightline.synth.council import Request, generate

YEAR = 2025
START, END = dt.date(YEAR - 1, 4, 1), dt.date(YEAR, 3, 31)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, pa.Table]]:
    out = tmp_path_factory.mktemp("roundtrip")
    parts: dict[str, list[pa.Table]] = {}
    request = Request(out=out, seed=8, years=[YEAR], children=300, chunk_children=150,
                      on_chunk=lambda t: [parts.setdefault(k, []).append(v) for k, v in t.items()])  # fmt: skip
    generate(request)
    return out, {k: pa.concat_tables(v) for k, v in parts.items()}


def _as_at(day: dt.date | None) -> dt.date | None:
    return day if day is not None and day <= END else None


def _live(start: dt.date | None, stop: dt.date | None) -> bool:
    return start is not None and start <= END and (stop is None or stop >= START)


def test_cin_referrals_and_plans_come_back_as_written(
    council: tuple[Path, dict[str, pa.Table]],
) -> None:
    out, source = council
    read = read_cin(out / "cin" / f"CIN_999_{YEAR}.xml")
    assert not [p for p in read.problems if p.severity == "error"]
    want = {
        (r["cine_person_id"], r["cine_referral_date"], _as_at(r["cine_close_date"]), r["cine_referral_nfa"],
         r["cine_cin_primary_need_code"])
        for r in source["ssd_cin_episodes"].to_pylist()
        if _live(r["cine_referral_date"], r["cine_close_date"])
    }  # fmt: skip
    got = {
        (r["cine_person_id"], r["cine_referral_date"], r["cine_close_date"], r["cine_referral_nfa"],
         r["cine_cin_primary_need_code"])
        for r in read.tables["ssd_cin_episodes"].to_pylist()
    }  # fmt: skip
    assert got == want
    want_plans = {
        (r["cppl_person_id"], r["cppl_cp_plan_start_date"], _as_at(r["cppl_cp_plan_end_date"]),
         r["cppl_cp_plan_initial_category"], r["cppl_number_of_previous_cpp"])
        for r in source["ssd_cp_plans"].to_pylist()
        if _live(r["cppl_cp_plan_start_date"], r["cppl_cp_plan_end_date"])
    }  # fmt: skip
    got_plans = {
        (r["cppl_person_id"], r["cppl_cp_plan_start_date"], r["cppl_cp_plan_end_date"],
         r["cppl_cp_plan_initial_category"], r["cppl_number_of_previous_cpp"])
        for r in read.tables["ssd_cp_plans"].to_pylist()
    }  # fmt: skip
    assert got_plans == want_plans and want_plans


def test_903_episodes_come_back_as_written(council: tuple[Path, dict[str, pa.Table]]) -> None:
    out, source = council
    read = read_903_csvs(sorted((out / "ssda903" / str(YEAR)).glob("*.csv")), YEAR)
    assert not [p for p in read.problems if p.severity == "error"]
    want = {
        (r["clae_person_id"], r["clae_cla_episode_start_date"], _as_at(r["clae_cla_episode_ceased_date"]),
         r["clae_legal_status"], r["clae_placement_type"])
        for r in source["ssd_cla_episodes"].to_pylist()
        if _live(r["clae_cla_episode_start_date"], r["clae_cla_episode_ceased_date"])
    }  # fmt: skip
    got = {
        (r["clae_person_id"], r["clae_cla_episode_start_date"], r["clae_cla_episode_ceased_date"],
         r["clae_legal_status"], r["clae_placement_type"])
        for r in read.tables["ssd_cla_episodes"].to_pylist()
    }  # fmt: skip
    assert got == want and want
