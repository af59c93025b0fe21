"""Code lists in words, from the shipped CIN census schema; every indicator has help for members."""

from sightline.codes import describe
from sightline.indicators import registry
from sightline.indicators.help import HELP


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
    ids = {i.id for i in registry.indicators()}
    assert ids - set(HELP) == set(), "write help for these indicators"
    assert set(HELP) - ids == set(), "help for indicators that no longer exist"
    assert all(text.endswith(".") and "\n" not in text for text in HELP.values())
