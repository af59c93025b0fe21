"""Pre-proceedings and family group decision-making (the CIN census's module 5 from 2026/27) for
a simulated chunk, as the canonical `ssd_pre_proceedings` table.

A council starts pre-proceedings (the public law outline) for some children on a child protection
plan: for every child whose plan leads to care (the court is asked first), and for about one plan
in five that does not. The block sits in the plan's referral, and its dates follow the order the
DfE's 2026/27 rules (9005-9015Q) check: the decision to start, the letter before proceedings, the
first meeting, the decision to step up or down, the court application, the letter to start care
proceedings. Nothing is dated after the referral closes.

The meanings of the outcome codes (code set CS131: A, B, C) are not in the shipped
specifications; the generator writes B where a court application follows and A or C otherwise.

Its random draws come from their own generator (seeded from the chunk's), so adding the table
leaves every other table of the chunk as it was.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from sightline.synth.calendar import NA
from sightline.synth.lifelines import Referrals

SHARE_WITHOUT_CARE = 0.2  # plans that do not lead to care but see pre-proceedings


def _after(rng: np.random.Generator, base: np.ndarray, low: int, high: int) -> np.ndarray:
    """A date `low` to `high` days after each base date (NA stays NA)."""
    days = base + rng.integers(low, high + 1, len(base))
    return np.where(base == NA, NA, days)


def pre_proceedings(
    seed: int, r: Referrals, rid: np.ndarray, ids: np.ndarray
) -> dict[str, pa.Array | np.ndarray]:
    """The columns of `ssd_pre_proceedings`: one row a referral that saw pre-proceedings."""
    rng = np.random.default_rng([seed, 27])
    on_plan = r.cp_start != NA
    to_care = on_plan & (r.cla_start != NA) & (r.cla_start > r.cp_start + 14)
    chosen = to_care | (on_plan & (rng.random(len(r)) < SHARE_WITHOUT_CARE))
    k = np.flatnonzero(chosen)
    care = to_care[k]
    cp_start, cla_start, close = r.cp_start[k], r.cla_start[k], r.close[k]
    # the decision to start: a week or more into the plan, and (to care) before the court
    start = np.where(
        care,
        cp_start + 1 + (rng.random(len(k)) * np.maximum(cla_start - cp_start - 14, 1) * 0.5),
        _after(rng, cp_start, 7, 120),
    ).astype(np.int64)
    letter = _after(rng, start, 0, 10)
    offered = rng.random(len(k)) < 0.75
    held = offered & (rng.random(len(k)) < 0.6)
    meeting = _after(rng, letter, 5, 20)
    reviews = rng.integers(0, 4, len(k))
    step = np.where(care, np.maximum(meeting, cla_start - 7), _after(rng, meeting, 60, 150))
    court = np.where(care, _after(rng, step, 0, 7), NA)
    care_letter = np.where(care, _after(rng, court, 0, 3), NA)
    outcome = np.where(care, "B", np.where(rng.random(len(k)) < 0.8, "A", "C")).astype(object)

    # nothing after the referral closes: a later step is not taken yet, and what follows it goes
    def until_closed(days: np.ndarray, ok: np.ndarray) -> np.ndarray:
        return np.where(ok & ((close == NA) | (days <= close)), days, NA)

    letter_ok = until_closed(letter, np.ones(len(k), dtype=bool))
    meeting = until_closed(meeting, letter_ok != NA)
    step = until_closed(step, meeting != NA)
    court = until_closed(court, step != NA)
    care_letter = until_closed(care_letter, court != NA)
    sent = letter_ok != NA
    return {
        "prep_table_id": np.char.add(rid[k].astype(str), "PP").astype(object),
        "prep_person_id": ids[r.child[k]],
        "prep_referral_id": rid[k],
        "prep_pre_pro_decision_date": _dates(start),
        "prep_pre_pro_letter_date": _dates(letter_ok),
        "prep_fgdm_offered": pa.array(offered, mask=~sent),
        "prep_fgdm_facilitated": pa.array(held, mask=~(sent & offered)),
        "prep_initial_pre_pro_meeting_date": _dates(meeting),
        "prep_pre_pro_meetings_num": pa.array(reviews, mask=meeting == NA),
        "prep_agree_stepdown_issue_date": _dates(step),
        "prep_pre_pro_outcome": pa.array(outcome, type=pa.string(), mask=step == NA),
        "prep_court_application_date": _dates(court),
        "prep_care_pro_letter_date": _dates(care_letter),
    }


def _dates(days: np.ndarray) -> pa.Array:
    days = np.asarray(days, dtype=np.int64)
    return pa.array(days.astype(np.int32), type=pa.date32(), mask=days == NA)
