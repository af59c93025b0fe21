"""The 903 columns and codes of each year, resolved from the 2017 base and the yearly diffs."""

from sightline.specs.ssda903 import columns_and_codes


def test_sex_codes_change_to_letters_in_2025() -> None:
    assert columns_and_codes(2024)["header"]["SEX"].codes == ("1", "2")
    assert columns_and_codes(2025)["header"]["SEX"].codes == ("M", "F", "U")


def test_social_worker_table_starts_in_2024_and_dolo_in_2027() -> None:
    assert "sw_episodes" not in columns_and_codes(2023)
    assert list(columns_and_codes(2024)["sw_episodes"]) == [
        "CHILD",
        "DOB",
        "SW_ID",
        "SW_DECOM",
        "SW_DEC",
        "SW_REASON",
    ]
    assert "dolo" not in columns_and_codes(2026)
    assert "dolo" in columns_and_codes(2027)


def test_placement_codes_follow_the_diffs() -> None:
    assert "H5" in columns_and_codes(2024)["episodes"]["PLACE"].codes
    assert "H5" not in columns_and_codes(2025)["episodes"]["PLACE"].codes
    assert "Z11" in columns_and_codes(2026)["episodes"]["PLACE"].codes
    assert "E45" in columns_and_codes(2019)["episodes"]["REC"].codes
    assert "E45" not in columns_and_codes(2018)["episodes"]["REC"].codes
