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
