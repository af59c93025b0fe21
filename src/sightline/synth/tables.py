"""A simulated chunk as canonical tables (names from `sightline.canonical`), which the writers
render into the return formats."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from sightline.canonical import table as canonical_table
from sightline.synth.calendar import NA
from sightline.synth.lifelines import DISABILITIES, REFERRAL_SOURCES, SOURCE_WEIGHTS, _pick
from sightline.synth.pre_proceedings import pre_proceedings
from sightline.synth.simulate import Chunk
from sightline.synth.workforce import Involvements, Workforce, allocate

Tables = dict[str, pa.Table]


def _dates(days: np.ndarray) -> pa.Array:
    days = np.asarray(days, dtype=np.int64)
    return pa.array(days.astype(np.int32), type=pa.date32(), mask=days == NA)


def _eighteenth(dob_days: np.ndarray) -> np.ndarray:
    """The 18th birthday of each date of birth (days since 1970; 29 February gives 28 February)."""
    born = np.asarray(dob_days, dtype=np.int64).astype("datetime64[D]")
    month = born.astype("datetime64[M]")
    day = (born - month.astype("datetime64[D]")).astype(np.int64)  # 0-based day of the month
    target = month + np.timedelta64(18 * 12, "M")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    return (target.astype("datetime64[D]") + np.minimum(day, length - 1)).astype(np.int64)


def _text(values: np.ndarray) -> pa.Array:
    arr = np.asarray(values, dtype=object)
    mask = np.array([v == "" or v is None for v in arr], dtype=bool)  # bool even when empty
    return pa.array(arr, type=pa.string(), mask=mask)


def _make(name: str, columns: dict[str, pa.Array | np.ndarray]) -> pa.Table:
    schema = canonical_table(name).arrow_schema()
    n = len(next(iter(columns.values())))
    arrays = []
    for f in schema:
        if f.name in columns:
            arrays.append(pa.array(columns[f.name], type=f.type))
        else:
            arrays.append(pa.nulls(n, type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def phases(chunk: Chunk) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cases workers hold: the front door/assessment, a plan, a period of care.
    Returns (person, kind, start, stop, referral row or -1)."""
    r, p = chunk.referrals, chunk.periods
    stop_assess = np.where(r.assess_auth != NA, r.assess_auth, r.close)
    plan_start = np.where(r.cp_start != NA, r.cp_start, r.cin_plan_start)
    has_plan = plan_start != NA
    plan_stop = np.where(r.cp_start != NA, r.cp_end, r.cin_plan_end)
    plan_stop = np.where((r.cp_start != NA) & (r.cin_plan_end != NA), r.cin_plan_end, plan_stop)
    idx = np.arange(len(r))
    person = np.concatenate([r.child, r.child[has_plan], p.person])
    kind = np.concatenate([np.zeros(len(r), np.int64), np.ones(int(has_plan.sum()), np.int64),
                           np.full(len(p.person), 2)])  # fmt: skip
    start = np.concatenate([r.date, plan_start[has_plan], p.decom])
    stop = np.concatenate([stop_assess, plan_stop[has_plan], p.dec])
    ref = np.concatenate([idx, idx[has_plan], np.full(len(p.person), -1)])
    return person, kind, start, stop, ref


def visit_series(
    rng: np.random.Generator,
    start: np.ndarray,
    stop: np.ndarray,
    end: int,
    due_days: int,
    in_time: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Visits to each case over its last year up to `end`: every `due_days` or sooner for cases
    visited in time (a share `in_time` of cases), with longer gaps for the others.
    Returns (case index, visit day)."""
    stop = np.where(stop == NA, end, np.minimum(stop, end))
    first = np.maximum(start, end - 365)
    live = stop > first
    n = len(start)
    on_time = rng.random(n) < in_time
    mean_gap = np.where(on_time, 0.75 * due_days, 1.6 * due_days)
    count = np.where(live, np.ceil((stop - first) / mean_gap).astype(np.int64), 0)
    case = np.repeat(np.arange(n), count)
    low = np.where(on_time, due_days // 2, due_days + 1)[case]
    high = np.where(on_time, due_days + 1, 2 * due_days + 1)[case]
    gaps = low + (rng.random(len(case)) * (high - low)).astype(np.int64)
    cum = np.cumsum(gaps)
    before = np.repeat(np.cumsum(count) - count, count)
    offset = cum - np.where(before > 0, cum[np.maximum(before - 1, 0)], 0)
    day = first[case] + offset
    keep = day <= stop[case]
    return case[keep], day[keep]


def _visits(rng: np.random.Generator, t: Tables, chunk: Chunk, ids: np.ndarray, end: int,
            in_time: float, seen_alone: float) -> None:  # fmt: skip
    """CP visits (10 working days, about 14 days), CIN visits (20 working days, about 28 days)
    and looked-after visits (6 weeks), over the last year simulated."""
    r, p = chunk.referrals, chunk.periods
    cp = np.flatnonzero(r.cp_start != NA)
    case, day = visit_series(rng, r.cp_start[cp], r.cp_end[cp], end, 14, in_time)
    plan_id = np.char.add(np.char.add(ids[r.child[cp]].astype(str), "_R"), r.slot[cp].astype(str))
    t["ssd_cp_visits"] = _make("ssd_cp_visits", {
        "cppv_cp_visit_id": np.char.add(np.char.add(plan_id[case], "PV"), np.arange(len(case)).astype(str)).astype(object),
        "cppv_person_id": ids[r.child[cp][case]], "cppv_cp_plan_id": np.char.add(plan_id[case], "P").astype(object),
        "cppv_cp_visit_date": _dates(day), "cppv_cp_visit_seen_alone": rng.random(len(case)) < seen_alone,
    })  # fmt: skip
    cin = np.flatnonzero(r.cin_plan_start != NA)
    case, day = visit_series(rng, r.cin_plan_start[cin], r.cin_plan_end[cin], end, 28, in_time)
    person = ids[r.child[cin][case]]
    t["ssd_cin_visits"] = _make("ssd_cin_visits", {
        "cinv_cin_visit_id": np.char.add(person.astype(str), np.char.add("_CV", np.arange(len(case)).astype(str))).astype(object),
        "cinv_person_id": person, "cinv_cin_visit_date": _dates(day),
        "cinv_cin_visit_seen_alone": rng.random(len(case)) < seen_alone,
    })  # fmt: skip
    case, day = visit_series(rng, p.decom, p.dec, end, 42, in_time)
    person = ids[p.person[case]]
    t["ssd_cla_visits"] = _make("ssd_cla_visits", {
        "clav_cla_visit_id": np.char.add(person.astype(str), np.char.add("_LV", np.arange(len(case)).astype(str))).astype(object),
        "clav_person_id": person, "clav_cla_visit_date": _dates(day),
        "clav_cla_visit_seen_alone": rng.random(len(case)) < seen_alone,
    })  # fmt: skip


CONTACTS_PER_REFERRAL = 1.6  # contacts that did not become referrals, per referral
EARLY_HELP_PER_REFERRAL = 0.45
EARLY_HELP_ORGANISATIONS = ["Early Help Team", "School", "Health Visiting", "Family Hub"]


def _front_door(rng: np.random.Generator, t: Tables, chunk: Chunk, ids: np.ndarray, rid: np.ndarray,
                end: int) -> None:  # fmt: skip
    """Contacts (one before each referral, and more that went no further) and early help."""
    r, c = chunk.referrals, chunk.children
    n_ref, n_children = len(r), len(c.ids)
    extra = rng.poisson(CONTACTS_PER_REFERRAL * n_ref) if n_ref else 0
    who = rng.integers(0, max(n_children, 1), extra)
    first, last = int(r.date.min()) if n_ref else end, end
    when = first + (rng.random(extra) * max(last - first, 1)).astype(np.int64)
    when = np.maximum(when, c.dob[who])
    person = np.concatenate([ids[r.child], ids[who]])
    day = np.concatenate([r.date - rng.integers(0, 2, n_ref), when])
    source = np.concatenate([r.source, _pick(rng, REFERRAL_SOURCES, SOURCE_WEIGHTS, extra)])
    contact_id = np.concatenate([np.char.add(rid.astype(str), "K"),
                                 np.char.add("K", np.arange(extra).astype(str))])  # fmt: skip
    t["ssd_contacts"] = _make("ssd_contacts", {
        "cont_contact_id": contact_id.astype(object),
        "cont_person_id": person, "cont_contact_date": _dates(day), "cont_contact_source_code": source,
    })  # fmt: skip
    k = rng.poisson(EARLY_HELP_PER_REFERRAL * n_ref) if n_ref else 0
    who = rng.integers(0, max(n_children, 1), k)
    start = first + (rng.random(k) * max(last - first, 1)).astype(np.int64)
    stop = start + rng.integers(20, 200, k)
    t["ssd_early_help_episodes"] = _make("ssd_early_help_episodes", {
        "earl_episode_id": np.char.add(ids[who].astype(str), np.char.add("_EH", np.arange(k).astype(str))).astype(object),
        "earl_person_id": ids[who], "earl_episode_start_date": _dates(start),
        "earl_episode_end_date": _dates(np.where(stop > end, NA, stop)),
        "earl_episode_organisation": _pick(rng, EARLY_HELP_ORGANISATIONS, [4, 3, 2, 2], k),
    })  # fmt: skip


def to_tables(
    chunk: Chunk,
    wf: Workforce,
    rng: np.random.Generator,
    la_postcode: str,
    end: int = int(NA),
    visits_in_time: float = 0.8,
    seen_alone: float = 0.75,
) -> tuple[Tables, Involvements, np.ndarray]:
    c, r, p, e = chunk.children, chunk.referrals, chunk.periods, chunk.episodes
    ids = c.ids
    person, kind, start, stop, ref = phases(chunk)
    inv = allocate(
        rng, wf, kind, start, stop, end if end != NA else int(start.max(initial=0)) + 3650
    )
    first_inv = np.searchsorted(inv.case, np.arange(len(kind)))
    first_worker = inv.worker[np.minimum(first_inv, len(inv.worker) - 1)]
    team_name = np.asarray(wf.team_names, dtype=object)
    worker_team = team_name[wf.slot_team[wf.worker_slot]]

    n_ref = len(r)
    ref_worker = first_worker[:n_ref]
    plan_rows = np.flatnonzero(kind == 1)
    plan_worker = np.full(n_ref, -1)
    plan_worker[ref[plan_rows]] = first_worker[plan_rows]

    rid = np.char.add(np.char.add(ids[r.child].astype(str), "_R"), r.slot.astype(str)).astype(
        object
    )
    t: Tables = {}
    t["ssd_person"] = _make("ssd_person", {
        "pers_person_id": ids, "pers_upn": c.upn, "pers_sex": c.sex, "pers_ethnicity": c.ethnicity,
        "pers_dob": _dates(c.dob)})  # fmt: skip
    has_dis = c.disability != ""
    # about one disabled child in five has a second disability recorded (CIN query 2888Q expects
    # some children with more than one); chosen by position, so no random draw moves
    # another code than the first (CIN rule 8794: no code twice for one child)
    codes = np.sort(np.asarray(DISABILITIES, dtype=object))
    second = has_dis & (np.arange(len(ids)) % 5 == 0)
    other = codes[(np.searchsorted(codes, c.disability[second]) + 3) % len(codes)]
    t["ssd_disability"] = _make("ssd_disability", {
        "disa_person_id": np.concatenate([ids[has_dis], ids[second]]),
        "disa_disability_code": np.concatenate([c.disability[has_dis], other])})  # fmt: skip
    t["ssd_cin_episodes"] = _make("ssd_cin_episodes", {
        "cine_referral_id": rid, "cine_person_id": ids[r.child], "cine_referral_date": _dates(r.date),
        "cine_referral_source_code": r.source, "cine_cin_primary_need_code": r.need,
        "cine_referral_nfa": r.nfa, "cine_close_date": _dates(r.close),
        "cine_close_reason": _text(r.close_reason), "cine_initial_cpc_date": _dates(r.icpc_date),
        "cine_referral_team": worker_team[ref_worker], "cine_referral_worker_id": wf.worker_id[ref_worker],
    })  # fmt: skip
    a = r.assess_start != NA
    aid = np.char.add(rid[a].astype(str), "A").astype(object)
    t["ssd_cin_assessments"] = _make("ssd_cin_assessments", {
        "cina_assessment_id": aid, "cina_person_id": ids[r.child[a]], "cina_referral_id": rid[a],
        "cina_assessment_start_date": _dates(r.assess_start[a]),
        "cina_assessment_auth_date": _dates(r.assess_auth[a]),
        "cina_assessment_child_seen": r.child_seen[a],
        "cina_assessment_outcome_nfa": ~r.assessed_in_need[a],
        "cina_assessment_team": worker_team[ref_worker[a]],
        "cina_assessment_worker_id": wf.worker_id[ref_worker[a]],
    })  # fmt: skip
    f_idx = np.concatenate(
        [np.flatnonzero(a & (f != "")) for f in (r.factor1, r.factor2, r.factor3)]
    )
    f_code = np.concatenate([f[a & (f != "")] for f in (r.factor1, r.factor2, r.factor3)])
    t["ssd_assessment_factors"] = _make("ssd_assessment_factors", {
        "cinf_assessment_id": np.char.add(rid[f_idx].astype(str), "A").astype(object),
        "cinf_person_id": ids[r.child[f_idx]], "cinf_factor_code": f_code.astype(object),
    })  # fmt: skip
    s = r.s47_start != NA
    t["ssd_s47_enquiry"] = _make("ssd_s47_enquiry", {
        "s47e_s47_enquiry_id": np.char.add(rid[s].astype(str), "S").astype(object),
        "s47e_referral_id": rid[s], "s47e_person_id": ids[r.child[s]],
        "s47e_strategy_discussion_date": _dates(r.strategy[s]),
        "s47e_s47_start_date": _dates(r.s47_start[s]), "s47e_s47_end_date": _dates(r.s47_end[s]),
        "s47e_icpc_not_required": ~r.icpc_required[s] & (r.s47_end[s] != NA),
        "s47e_s47_completed_by_team": worker_team[ref_worker[s]],
        "s47e_s47_completed_by_worker_id": wf.worker_id[ref_worker[s]],
    })  # fmt: skip
    i = r.icpc_required
    t["ssd_initial_cp_conference"] = _make("ssd_initial_cp_conference", {
        "icpc_icpc_id": np.char.add(rid[i].astype(str), "I").astype(object),
        "icpc_s47_enquiry_id": np.char.add(rid[i].astype(str), "S").astype(object),
        "icpc_person_id": ids[r.child[i]], "icpc_referral_id": rid[i],
        "icpc_icpc_target_date": _dates(r.icpc_target[i]), "icpc_icpc_date": _dates(r.icpc_date[i]),
        "icpc_icpc_outcome_cp_flag": r.cp_start[i] != NA,
    })  # fmt: skip
    cp = r.cp_start != NA
    pid = np.char.add(rid[cp].astype(str), "P").astype(object)
    pw = np.where(plan_worker[cp] >= 0, plan_worker[cp], ref_worker[cp])
    t["ssd_cp_plans"] = _make("ssd_cp_plans", {
        "cppl_cp_plan_id": pid, "cppl_referral_id": rid[cp],
        "cppl_icpc_id": np.char.add(rid[cp].astype(str), "I").astype(object),
        "cppl_person_id": ids[r.child[cp]], "cppl_cp_plan_start_date": _dates(r.cp_start[cp]),
        "cppl_cp_plan_end_date": _dates(r.cp_end[cp]), "cppl_cp_plan_initial_category": r.cp_initial[cp],
        "cppl_cp_plan_latest_category": r.cp_latest[cp], "cppl_number_of_previous_cpp": r.cp_previous[cp],
        "cppl_cp_plan_team": worker_team[pw], "cppl_cp_plan_worker_id": wf.worker_id[pw],
    })  # fmt: skip
    t["ssd_cp_reviews"] = _cp_reviews(
        rng, r.cp_start[cp], r.cp_end[cp], pid, ids[r.child[cp]], r.date.max() if len(r) else 0
    )
    cin = r.cin_plan_start != NA
    cw = np.where(plan_worker[cin] >= 0, plan_worker[cin], ref_worker[cin])
    t["ssd_cin_plans"] = _make("ssd_cin_plans", {
        "cinp_cin_plan_id": np.char.add(rid[cin].astype(str), "C").astype(object),
        "cinp_referral_id": rid[cin], "cinp_person_id": ids[r.child[cin]],
        "cinp_cin_plan_start_date": _dates(r.cin_plan_start[cin]),
        "cinp_cin_plan_end_date": _dates(r.cin_plan_end[cin]),
        "cinp_cin_plan_team": worker_team[cw], "cinp_cin_plan_worker_id": wf.worker_id[cw],
    })  # fmt: skip
    pe = p.person[e.period]
    decom_str = np.array([str(np.datetime64(int(d), "D")) for d in e.start], dtype=object)

    def postcodes(district: int) -> np.ndarray:
        return np.array(
            [
                f"{la_postcode}{district + k % 9} {k % 7 + 1}{chr(65 + k % 26)}{chr(65 + (k // 26) % 26)}"
                for k in range(len(e.start))
            ],
            dtype=object,
        )

    postcode = postcodes(1)
    # a child's home is in districts of its own (10 to 18; placements are in 1 to 9), so no
    # placement away from parents is at the home postcode (DfE rule 392d)
    home = postcodes(10)
    t["ssd_cla_episodes"] = _make("ssd_cla_episodes", {
        "clae_cla_episode_id": np.char.add(np.char.add(ids[pe].astype(str), "_"), decom_str.astype(str)).astype(object),
        "clae_person_id": ids[pe], "clae_cla_episode_start_date": _dates(e.start),
        "clae_cla_episode_start_reason": e.rne, "clae_legal_status": e.ls,
        "clae_cla_primary_need_code": np.where(np.isin(p.need[e.period], ["N0", "N9"]), "N1", p.need[e.period]),
        "clae_placement_type": e.place, "clae_placement_provider": e.provider,
        "clae_cla_episode_ceased_date": _dates(e.end), "clae_cla_episode_ceased_reason": _text(e.rec),
        "clae_reason_place_change": _text(e.reason_change), "clae_home_postcode": home[pe % max(len(home), 1)] if len(home) else home,
        "clae_placement_postcode": postcode[e.address] if len(postcode) else postcode,
        "clae_placement_urn": e.urn,
    })  # fmt: skip
    rv = chunk.reviews
    t["ssd_cla_reviews"] = _make("ssd_cla_reviews", {
        "clar_cla_review_id": np.char.add(ids[p.person[rv.period]].astype(str), np.char.add("_V", np.arange(len(rv.date)).astype(str))).astype(object),
        "clar_person_id": ids[p.person[rv.period]], "clar_cla_review_date": _dates(rv.date),
        "clar_cla_review_participation": rv.code,
    })  # fmt: skip
    ms = chunk.missing
    t["ssd_missing"] = _make("ssd_missing", {
        "miss_table_id": np.char.add(ids[p.person[ms.period]].astype(str), np.char.add("_M", np.arange(len(ms.start)).astype(str))).astype(object),
        "miss_person_id": ids[p.person[ms.period]], "miss_missing_episode_type": ms.kind,
        "miss_missing_episode_start_date": _dates(ms.start), "miss_missing_episode_end_date": _dates(ms.end),
        "miss_missing_rhi_offered": ms.offered, "miss_missing_rhi_accepted": ms.accepted,
    })  # fmt: skip
    u = p.uasc
    t["ssd_immigration_status"] = _make("ssd_immigration_status", {
        "immi_person_id": ids[p.person[u]], "immi_immigration_status": np.full(int(u.sum()), "UASC", dtype=object),
        "immi_immigration_status_start_date": _dates(p.decom[u]),
        # a UASC status ends on the 18th birthday (DfE rules 205A-D)
        "immi_immigration_status_end_date": _dates(_eighteenth(c.dob[p.person[u]])),
    })  # fmt: skip
    ad = p.adoption & (p.decision != NA)
    adopters = np.where(rng.random(int(ad.sum())) < 0.85, 2, 1)
    couple_mf = rng.random(int(ad.sum())) < 0.9
    t["ssd_permanence"] = _make("ssd_permanence", {
        "perm_table_id": np.char.add(ids[p.person[ad]].astype(str), "_A").astype(object),
        "perm_person_id": ids[p.person[ad]], "perm_adm_decision_date": _dates(p.decision[ad]),
        "perm_placement_order_date": _dates(p.placement_order[ad]), "perm_matched_date": _dates(p.matched[ad]),
        "perm_placed_for_adoption_date": _dates(p.placed[ad]),
        "perm_placed_ceased_date": _dates(np.where(np.isin(p.rec[ad], ["E11", "E12"]), p.dec[ad], NA)),
        "perm_placed_ceased_reason": _text(np.where(np.isin(p.rec[ad], ["E11", "E12"]) & (p.placed[ad] != NA), "RD1", "")),
        "perm_adopted_by_carer_flag": p.by_foster_carer[ad],
        # a couple (MF married: L11; FF married: L12) or one adopter (L0), as the DfE's 903
        # rules 514-524 have the three items agree
        "perm_number_of_adopters": adopters,
        "perm_adopter_sex": np.where(adopters == 2, np.where(couple_mf, "MF", "FF"), np.where(couple_mf, "F1", "M1")).astype(object),
        "perm_adopter_legal_status": np.where(adopters == 2, np.where(couple_mf, "L11", "L12"), "L0").astype(object),
    })  # fmt: skip
    t["ssd_involvements"] = _make("ssd_involvements", {
        "invo_involvements_id": np.char.add("I", np.arange(len(inv.case)).astype(str)).astype(object),
        "invo_person_id": ids[person[inv.case]], "invo_professional_id": wf.worker_id[inv.worker],
        "invo_professional_team": worker_team[inv.worker], "invo_involvement_start_date": _dates(inv.start),
        "invo_involvement_end_date": _dates(inv.end), "invo_worker_change_reason": _text(inv.reason),
    })  # fmt: skip
    if end != NA:
        _visits(rng, t, chunk, ids, end, visits_in_time, seen_alone)
        _front_door(rng, t, chunk, ids, rid, end)
    # drawn last, so every table above is as it was before the CIN census had module 5
    seed = int(rng.integers(2**31))
    t["ssd_pre_proceedings"] = _make("ssd_pre_proceedings", pre_proceedings(seed, r, rid, ids))
    t["_periods"] = pa.table({
        "person_id": ids[p.person], "dob": _dates(c.dob[p.person]), "decom": _dates(p.decom), "dec": _dates(p.dec),
        "rec": _text(p.rec), "aged_out": p.aged_out, "uasc": p.uasc,
    })  # fmt: skip
    t["_involvement_kind"] = pa.table({"kind": kind[inv.case]})
    return t, inv, kind


def _cp_reviews(rng: np.random.Generator, start: np.ndarray, end: np.ndarray, plan_id: np.ndarray,
                person: np.ndarray, last_day: int) -> pa.Table:  # fmt: skip
    """First review conference 3 months after the plan starts, then every 6 months."""
    stop = np.where(end == NA, 10**6, end)
    n = len(start)
    late = rng.random(n) < 0.08
    first = start + np.where(late, rng.integers(92, 130, n), rng.integers(75, 91, n))
    span = stop - first
    count = np.where(span < 0, 0, 1 + np.maximum(span, 0) // 182)
    count = np.minimum(count, 12)
    idx = np.repeat(np.arange(n), count)
    k = np.arange(len(idx)) - np.repeat(np.cumsum(count) - count, count)
    date = first[idx] + k * 182 - rng.integers(0, 14, len(idx))
    keep = date < stop[idx]
    idx, date, k = idx[keep], date[keep], k[keep]
    return _make("ssd_cp_reviews", {
        "cppr_cp_review_id": np.char.add(plan_id[idx].astype(str), np.char.add("_R", k.astype(str))).astype(object),
        "cppr_person_id": person[idx], "cppr_cp_plan_id": plan_id[idx], "cppr_cp_review_date": _dates(date),
    })  # fmt: skip
