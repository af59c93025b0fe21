"""903 tables (checked and typed) -> canonical tables.

Row IDs, where the 903 has none, are built from the child and the row's own date, so the same file
always gives the same IDs: episode `<CHILD>/<DECOM>`, review `<CHILD>/<REVIEW>`, missing
`<CHILD>/<MIS_START>`, social worker `<CHILD>/<SW_DECOM>`, adoption decision `<CHILD>/ad1`,
placed for adoption `<CHILD>/placed/<DATE_PLACED>`, previous permanence and care leaver `<CHILD>`
(dates as YYYY-MM-DD, or as written when unreadable). A key that repeats gets `/2`, `/3`, ...
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sightline.returns.reading import build_table, concat

Typed = dict[str, pa.Array]  # column name -> typed array, plus "_location"


def _text(array: pa.Array) -> pa.Array:
    """Dates as ISO text, everything else as it is, nulls as ''."""
    if pa.types.is_date(array.type):
        array = pc.strftime(array, format="%Y-%m-%d")
    return pc.fill_null(array.cast(pa.string()), "")


def row_ids(*parts: pa.Array | str) -> pa.Array:
    """`a/b/...` per row; a repeated ID gets `/2`, `/3`, ... in file order."""
    length = max(len(p) for p in parts if not isinstance(p, str))
    pieces = [
        pa.array([p] * length, pa.string()) if isinstance(p, str) else _text(p) for p in parts
    ]
    ids = pc.binary_join_element_wise(*pieces, "/")
    counts = pc.value_counts(ids)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
    if len(repeated) == 0:
        return ids
    values = ids.to_pylist()
    seen: dict[str, int] = {}
    for i in np.flatnonzero(pc.is_in(ids, value_set=repeated).to_numpy(zero_copy_only=False)):
        n = seen[values[i]] = seen.get(values[i], 0) + 1
        if n > 1:
            values[i] = f"{values[i]}/{n}"
    return pa.array(values, pa.string())


def _flag(array: pa.Array) -> pa.Array:
    """A 0/1 code column as booleans."""
    return pc.equal(array, "1")


def _suitability(accom: pa.Array) -> pa.Array:
    last = pc.utf8_slice_codeunits(accom, -1)
    return pc.if_else(
        pc.equal(last, "1"),
        "suitable",
        pc.if_else(pc.equal(last, "2"), "unsuitable", pa.scalar(None, pa.string())),
    )


def _const(value: str, like: pa.Array) -> pa.Array:
    return pa.array([value] * len(like), pa.string())


def _person(t: Typed) -> dict[str, pa.Array]:
    return {
        "pers_person_id": t["CHILD"],
        "pers_upn": t["UPN"],
        "pers_sex": t["SEX"],
        "pers_ethnicity": t["ETHNIC"],
        "pers_dob": t["DOB"],
        "pers_is_mother": _flag(t["MOTHER"]),
        "pers_childs_dob": t["MC_DOB"],
    }


def _episodes(t: Typed) -> dict[str, pa.Array]:
    return {
        "clae_cla_episode_id": row_ids(t["CHILD"], t["DECOM"]),
        "clae_person_id": t["CHILD"],
        "clae_cla_episode_start_date": t["DECOM"],
        "clae_cla_episode_start_reason": t["RNE"],
        "clae_legal_status": t["LS"],
        "clae_cla_primary_need_code": t["CIN"],
        "clae_placement_type": t["PLACE"],
        "clae_placement_provider": t["PLACE_PROVIDER"],
        "clae_cla_episode_ceased_date": t["DEC"],
        "clae_cla_episode_ceased_reason": t["REC"],
        "clae_reason_place_change": t["REASON_PLACE_CHANGE"],
        "clae_home_postcode": t["HOME_POST"],
        "clae_placement_postcode": t["PL_POST"],
        "clae_placement_urn": t["URN"],
    }


def _reviews(t: Typed) -> dict[str, pa.Array]:
    return {
        "clar_cla_review_id": row_ids(t["CHILD"], t["REVIEW"]),
        "clar_person_id": t["CHILD"],
        "clar_cla_review_date": t["REVIEW"],
        "clar_cla_review_participation": t["REVIEW_CODE"],
    }


def _uasc(t: Typed) -> dict[str, pa.Array]:
    return {
        "immi_person_id": t["CHILD"],
        "immi_immigration_status": _const("UASC", t["CHILD"]),
        "immi_immigration_status_end_date": t["DUC"],
    }


def _outcomes(t: Typed) -> dict[str, pa.Array]:
    flags = [
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ]
    columns = {"person_id": t["CHILD"], "sdq_score": t["SDQ_SCORE"], "sdq_reason": t["SDQ_REASON"]}
    columns.update({name.lower(): _flag(t[name]) for name in flags})
    return columns


def _care_leavers(t: Typed) -> dict[str, pa.Array]:
    return {
        "clea_table_id": row_ids(t["CHILD"]),
        "clea_person_id": t["CHILD"],
        "clea_care_leaver_in_touch": t["IN_TOUCH"],
        "clea_care_leaver_accommodation": t["ACCOM"],
        "clea_care_leaver_accom_suitable": _suitability(t["ACCOM"]),
        "clea_care_leaver_activity": t["ACTIV"],
        "clea_dob": t["DOB"],
    }


def _adoption(t: Typed) -> dict[str, pa.Array]:
    return {
        "perm_table_id": row_ids(t["CHILD"], "ad1"),
        "perm_person_id": t["CHILD"],
        "perm_adm_decision_date": t["DATE_INT"],
        "perm_matched_date": t["DATE_MATCH"],
        "perm_adopted_by_carer_flag": _flag(t["FOSTER_CARE"]),
        "perm_number_of_adopters": t["NB_ADOPTR"],
        "perm_adopter_sex": t["SEX_ADOPTR"],
        "perm_adopter_legal_status": t["LS_ADOPTR"],
    }


def _placed(t: Typed) -> dict[str, pa.Array]:
    return {
        "perm_table_id": row_ids(t["CHILD"], "placed", t["DATE_PLACED"]),
        "perm_person_id": t["CHILD"],
        "perm_placed_for_adoption_date": t["DATE_PLACED"],
        "perm_placed_ceased_date": t["DATE_PLACED_CEASED"],
        "perm_placed_ceased_reason": t["REASON_PLACED_CEASED"],
    }


def _previous(t: Typed) -> dict[str, pa.Array]:
    return {
        "lapp_table_id": row_ids(t["CHILD"]),
        "lapp_person_id": t["CHILD"],
        "lapp_previous_permanence_option": t["PREV_PERM"],
        "lapp_previous_permanence_la": t["LA_PERM"],
        "lapp_previous_permanence_order_date": t["DATE_PERM"],
    }


def _missing(t: Typed) -> dict[str, pa.Array]:
    return {
        "miss_table_id": row_ids(t["CHILD"], t["MIS_START"]),
        "miss_person_id": t["CHILD"],
        "miss_missing_episode_type": t["MISSING"],
        "miss_missing_episode_start_date": t["MIS_START"],
        "miss_missing_episode_end_date": t["MIS_END"],
    }


def _social_workers(t: Typed) -> dict[str, pa.Array]:
    return {
        "invo_involvements_id": row_ids(t["CHILD"], t["SW_DECOM"]),
        "invo_person_id": t["CHILD"],
        "invo_professional_id": t["SW_ID"],
        "invo_involvement_start_date": t["SW_DECOM"],
        "invo_involvement_end_date": t["SW_DEC"],
        "invo_worker_change_reason": t["SW_REASON"],
    }


def _dolo(t: Typed) -> dict[str, pa.Array]:
    return {"person_id": t["CHILD"], "dolo_start": t["DOLO_START"], "dolo_end": t["DOLO_END"]}


# 903 table -> (canonical table, mapping)
MAPPINGS: dict[str, tuple[str, Callable[[Typed], dict[str, pa.Array]]]] = {
    "header": ("ssd_person", _person),
    "episodes": ("ssd_cla_episodes", _episodes),
    "reviews": ("ssd_cla_reviews", _reviews),
    "uasc": ("ssd_immigration_status", _uasc),
    "oc2": ("s903_outcomes", _outcomes),
    "oc3": ("ssd_care_leavers", _care_leavers),
    "ad1": ("ssd_permanence", _adoption),
    "placed_for_adoption": ("ssd_permanence", _placed),
    "previous_permanence": ("ssd_cla_previous_permanence", _previous),
    "missing": ("ssd_missing", _missing),
    "sw_episodes": ("ssd_involvements", _social_workers),
    "dolo": ("s903_dolo", _dolo),
}

CANONICAL_TABLES = sorted({name for name, _ in MAPPINGS.values()})


def to_canonical(typed: dict[str, Typed]) -> dict[str, pa.Table]:
    """Canonical tables from the typed 903 tables (every canonical table the 903 fills, empty
    when its 903 table was not given)."""
    parts: dict[str, list[pa.Table]] = {name: [] for name in CANONICAL_TABLES}
    for table_name, columns in typed.items():
        target, mapping = MAPPINGS[table_name]
        mapped = mapping(columns)
        mapped["source_row"] = columns["_location"]
        parts[target].append(build_table(target, mapped))
    return {name: concat(name, tables) for name, tables in parts.items()}
