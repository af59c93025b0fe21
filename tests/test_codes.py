"""Code lists in words, from the shipped CIN census schema; every indicator has help for members."""

from sightline.codes import describe
from sightline.indicators import registry
from sightline.indicators.help import member_help


def test_codes_are_named_with_the_code_in_brackets():
    assert describe("primary_need", "N1") == "Abuse or neglect (N1)"
    assert describe("pers_ethnicity", "WBRI") == "White British (WBRI)"
    assert describe("cine_close_reason", "RC8").endswith("(RC8)")
    assert describe("referral_source", "1C") == "Individual – self (1C)"


def test_an_unknown_code_or_column_stays_as_it_is():
    assert describe("primary_need", "N77") == "N77"
    assert describe("team", "Team A") == "Team A"
    assert describe("ethnicity", None) == ""


def test_every_indicator_has_one_line_of_help_for_members():
    missing = [i.id for i in registry.indicators() if not i.help]
    assert not missing, "write help= on these indicators' declarations"
    for indicator in registry.indicators():
        assert indicator.help.endswith(".") and "\n" not in indicator.help, indicator.id
        assert member_help(indicator.id) == indicator.help
    assert member_help("no_such_indicator") == ""


def _903_years() -> list[int]:
    """Every collection year a 903 schema file changes something in, and the base and the
    newest: each code any of them allows is one of these years' lists."""
    from sightline.specs import ssda903

    years = {ssda903.BASE_YEAR, *(year for year, _ in ssda903._diff_files())}
    return sorted(years | {max(years) + 1})


def test_every_code_a_903_schema_allows_in_any_year_has_a_name():
    from sightline.codes import code_list_903
    from sightline.specs import ssda903

    unnamed = []
    for year in _903_years():
        for table, columns in ssda903.columns_and_codes(year).items():
            for column, spec in columns.items():
                if spec.kind != "category":
                    continue
                allowed = {*spec.codes, *(code for code, _ in spec.withdrawn)}
                names = code_list_903(column)
                unnamed += [f"{year} {table}.{column} {c}" for c in sorted(allowed - set(names))]
    assert not unnamed, "name these in specs/ssda903/code_names.yml: " + ", ".join(unnamed)


def test_903_codes_are_named_from_the_dfe_code_sets():
    assert describe("clae_legal_status", "C2") == "Full care order (C2)"
    assert describe("clae_placement_type", "K2") == (
        "Children's homes subject to Children's Homes Regulations (K2)"
    )
    assert describe("clae_placement_type", "H5").startswith("Semi-independent living")
    assert (
        describe("clae_placement_provider", "PR1") == "Own provision (by the local authority) (PR1)"
    )
    assert describe("clae_cla_episode_start_reason", "S") == "Started to be looked after (S)"
    assert describe("clae_cla_episode_ceased_reason", "E4A").startswith("Returned home")
    assert describe("clae_reason_place_change", "CREQB").startswith("Carer(s) requests")
    assert describe("clea_care_leaver_accommodation", "B2") == (
        "With parent(s) or relative(s), not suitable (B2)"
    )
    # the 903's category of need and ethnicity are the CIN census's own lists
    assert describe("CIN", "N1") == "Abuse or neglect (N1)"
    assert describe("clae_placement_type", "Q9") == "Q9"
