"""The synthetic 2026/27 CIN census carries the pre-proceedings the simulation made (module 5),
and the reader gives them back: begun in the census year, as at its 31 March."""

import datetime as dt
from itertools import pairwise
from pathlib import Path

import pyarrow as pa
import pytest

from sightline.returns.cin.read import read_cin
from sightline.synth.council import Request, generate

START, END = dt.date(2026, 4, 1), dt.date(2027, 3, 31)
ITEMS = ("prep_person_id", "prep_pre_pro_decision_date", "prep_pre_pro_letter_date",
         "prep_fgdm_offered", "prep_initial_pre_pro_meeting_date")  # fmt: skip


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pa.Table]:
    out = tmp_path_factory.mktemp("pre_proceedings")
    parts: list[pa.Table] = []
    generate(Request(out=out, seed=9, years=[2027], children=400,
                     on_chunk=lambda t: parts.append(t["ssd_pre_proceedings"])))  # fmt: skip
    return out, pa.concat_tables(parts)


def _as_at(day: dt.date | None) -> dt.date | None:
    return day if day is not None and day <= END else None


@pytest.mark.slow
def test_pre_proceedings_begun_in_the_year_come_back_as_written(council):
    out, source = council
    read = read_cin(out / "cin" / "CIN_999_2027.xml")
    assert not [p for p in read.problems if p.severity == "error"]
    want = set()
    for r in source.to_pylist():
        if not START <= r["prep_pre_pro_decision_date"] <= END:
            continue
        letter = _as_at(r["prep_pre_pro_letter_date"])
        meeting = _as_at(r["prep_initial_pre_pro_meeting_date"]) if letter else None
        offered = r["prep_fgdm_offered"] if letter else None
        want.add((r["prep_person_id"], r["prep_pre_pro_decision_date"], letter, offered, meeting))
    got = {tuple(r[k] for k in ITEMS) for r in read.tables["ssd_pre_proceedings"].to_pylist()}
    assert got == want and len(want) >= 3


@pytest.mark.slow
def test_each_step_follows_the_one_before(council):
    _, source = council
    for r in source.to_pylist():
        chain = [r["prep_pre_pro_decision_date"], r["prep_pre_pro_letter_date"],
                 r["prep_initial_pre_pro_meeting_date"], r["prep_agree_stepdown_issue_date"],
                 r["prep_court_application_date"], r["prep_care_pro_letter_date"]]  # fmt: skip
        dates = [d for d in chain if d is not None]
        assert dates == sorted(dates), r
        # a later step is never there without the one before it
        assert all(a is not None for a, b in pairwise(chain) if b), r
        assert (r["prep_pre_pro_outcome"] is None) == (r["prep_agree_stepdown_issue_date"] is None)
