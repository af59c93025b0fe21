"""SSDA903 2024/25, the episodes and header: placement type K3 replaces H5 and P2, which stay
valid for episodes that began before 28 October 2023, when they were withdrawn (146); a mother's
child's date of birth for a child whose sex is male (174, now M)."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.ssda903._children import MALE, cell

# Placement codes withdrawn on 28 October 2023: valid for episodes that began before then.
WITHDRAWN_2023 = "(\"PLACE_text\" IN ('H5', 'P2') AND \"DECOM\" < DATE '2023-10-28')"


def placement_type(code: str, *also_valid: str) -> Rule:
    """PLACE, where written, is a code of the year's list, or a withdrawn code still valid for
    the episode's start."""
    kept = "".join(f" OR {condition}" for condition in also_valid)
    return cell(code, "episodes", "PLACE",
                f"\"PLACE_text\" IS NOT NULL AND NOT (is_code('PLACE', \"PLACE_text\"){kept})")  # fmt: skip


rule_set("ssda903", 2025).replace(
    placement_type("146", WITHDRAWN_2023),
    cell("174", "header", "MC_DOB", f'"SEX_text" IN {MALE} AND "MC_DOB_text" IS NOT NULL'),
    origin=__name__,
)
