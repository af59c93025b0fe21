"""Ofsted's provider lists and a postcode list, as a council downloads them, read for the 903
placement rules; a file that cannot be used is refused in plain words, with nothing kept; and a
code the DfE withdrew stays valid for episodes that began before its date."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pyarrow as pa
import pytest

from sightline.rules.ssda903.references import (
    ReferenceListError,
    council,
    read_postcodes,
    read_providers,
)
from sightline.rules.validate import not_run_problems, validate_903
from sightline.specs.ssda903 import columns_and_codes


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CH_HEAD = ["URN", "Local Authority", "Provider Code", "Provider Placement Code", "Closed Date",
           "Setting Postcode"]  # fmt: skip
SCP_HEAD = ["URN", "Local authority", "Placement code", "Placement provider code",
            "Deregistration date", "Setting postcode"]  # fmt: skip


def test_the_childrens_homes_and_social_care_providers_lists_read_into_one_table():
    homes = xlsx({"Provider information": [
        ["Children's homes list"],  # a title above the headings
        CH_HEAD,
        [1234567, "Leeds", "PR4", "K2/K1", None, "ls1 4ap"],
    ]})  # fmt: skip
    providers = xlsx({
        "Current providers": [SCP_HEAD[:3] + SCP_HEAD[3:4] + SCP_HEAD[5:],
                              ["SC000001", "York", "U1", "PR4", "YO1 7HH"]],
        "Providers closed": [SCP_HEAD, ["SC000002", "York", "U2", "PR4",
                                        datetime(2022, 6, 30), "YO1 7HH"]],
    })  # fmt: skip
    table = read_providers([homes, providers], ["ch.xlsx", "scp.xlsx"]).to_pylist()
    by_urn = {row["URN"]: row for row in table}
    assert by_urn["1234567"]["PLACE_CODES"] == "K2,K1"
    assert by_urn["1234567"]["POSTCODE"] == "LS14AP"
    assert by_urn["SC000002"]["CLOSED"] == "2022-06-30"
    assert by_urn["SC000001"]["CLOSED"] is None


def test_the_combined_lists_supported_accommodation_sheet_is_k3_and_the_address_sheet_adds_postcodes():
    combined = xlsx({
        "Children's homes and SCP": [["URN", "Local authority", "Placement code",
                                       "Placement provider code", "Deregistration date",
                                       "Setting address postcode"],
                                      ["100", "Leeds", "K2", "PR1", None, "LS1 1AA"]],
        "Supported accommodation": [["URN", "Provider local authority", "Closed date",
                                     "Setting address postcode"],
                                    ["200", "York", None, "YO1 1AA"]],
    })  # fmt: skip
    by_urn = {r["URN"]: r for r in read_providers([combined], ["all.xlsx"]).to_pylist()}
    assert (by_urn["200"]["PLACE_CODES"], by_urn["200"]["PROVIDER_CODES"]) == ("K3", "PR4")
    assert by_urn["100"]["PLACE_CODES"] == "K2"
    homes = xlsx({
        "Settings and Inspection Info": [CH_HEAD[:5], [300, "Leeds", "PR4", "K2", None]],
        "Address Details": [["URN", "Setting Address Postcode"], [300, "LS2 2BB"]],
    })  # fmt: skip
    [row] = read_providers([homes], ["ch.xlsx"]).to_pylist()
    assert (row["PLACE_CODES"], row["POSTCODE"]) == ("K2", "LS22BB")


def test_a_csv_list_with_registration_dates_is_read_too():
    text = b"URN,Setting postcode,Placement code,Registration date\n123,AB1 2CD,K2,01/05/2020\n"
    [row] = read_providers([text], ["list.csv"]).to_pylist()
    assert row["REGISTERED"] == "2020-05-01" and row["POSTCODE"] == "AB12CD"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04 not really a zip", "could not be opened as a spreadsheet"),
        (b"name,town\nA home,Leeds\n", "not one of Ofsted's provider lists"),
        (b"URN,Closed date,Setting postcode\n1,soon,AB1 2CD\n", "'soon' is not a date"),
        (b"\xff\xfe\x00\x81\x8d", "neither a spreadsheet"),
    ],
)
def test_a_malformed_provider_list_is_refused_in_plain_words(content, words):
    with pytest.raises(ReferenceListError) as refused:
        read_providers([content], ["list"])
    assert words in str(refused.value)
    assert "Traceback" not in str(refused.value)


def test_the_postcode_list_gives_coordinates_and_authority():
    text = b"pcd,oseast1m,osnrth1m,oslaua\nAB1 2CD,400000,300000,E08000035\n"
    [row] = read_postcodes(text, "pc.csv").to_pylist()
    assert row == {"postcode": "AB12CD", "easting": 400000.0, "northing": 300000.0,
                   "la": "E08000035"}  # fmt: skip


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"pcd,town\nAB1 2CD,Leeds\n", "no easting or northing column"),
        (b"pcd,oseast1m,osnrth1m\nAB1 2CD,east,1\n", "'east' for AB12CD is not a number"),
        (b"town\nLeeds\n", "no postcode column"),
        (b"  ", "is empty"),
    ],
)
def test_a_malformed_postcode_list_is_refused_in_plain_words(content, words):
    with pytest.raises(ReferenceListError) as refused:
        read_postcodes(content, "pc.csv")
    assert words in str(refused.value)


def _episodes(rows):
    names = ["CHILD", "DECOM", "PLACE", "URN", "LS", "HOME_POST", "PL_POST"]
    data = {n: pa.array([r.get(n) for r in rows], pa.string()) for n in names}
    data["_location"] = pa.array([f"episodes.csv line {i + 2}" for i in range(len(rows))])
    return pa.table(data)


def test_provider_rules_run_once_the_list_is_loaded_and_are_listed_as_not_run_before():
    episodes = _episodes([{"CHILD": "1", "DECOM": "01/05/2022", "PLACE": "U1", "URN": "123"}])
    without = validate_903({"episodes": episodes}, 2023)
    assert {"219", "227", "228"} <= set(without.not_run)
    assert any("Ofsted's list of providers" in p.message for p in not_run_problems(without))
    providers = read_providers([b"URN,Placement code,Closed date\n123,K2,01/01/2022\n"], ["l"])
    loaded = validate_903({"episodes": episodes}, 2023, references={"providers": providers})
    codes = set(loaded.findings.column("code").to_pylist())
    assert {"219", "227"} <= codes  # U1 is not a placement the home offers; it had closed
    assert "219" not in loaded.not_run


def test_distances_come_from_the_postcode_list():
    episodes = _episodes([{"CHILD": "1", "DECOM": "01/05/2022", "LS": "C2", "HOME_POST": "A1 1AA",
                           "PL_POST": "B1 1BB"}])  # fmt: skip
    postcodes = read_postcodes(b"pcd,oseast1m,osnrth1m\nA1 1AA,0,0\nB1 1BB,0,1609.344\n", "p")
    found = validate_903({"episodes": episodes}, 2023, references={"postcodes": postcodes})
    assert "392a" not in set(found.findings.column("code").to_pylist())  # 1 mile: a distance
    unknown = read_postcodes(b"pcd,oseast1m,osnrth1m\nA1 1AA,0,0\n", "p")
    found = validate_903({"episodes": episodes}, 2023, references={"postcodes": unknown})
    assert {"392a", "392c"} <= set(found.findings.column("code").to_pylist())


def test_a_withdrawn_placement_code_stays_valid_for_episodes_begun_before_its_date():
    place = columns_and_codes(2025)["episodes"]["PLACE"]
    assert place.valid_on("H5", date(2023, 10, 27))
    assert not place.valid_on("H5", date(2023, 10, 28))
    assert not place.valid_on("P2", date(2024, 4, 1))
    assert place.valid_on("K3", date(2024, 4, 1))
    assert not place.valid_on("H5", None)  # a withdrawn code needs the day the record began
    assert "H5" not in place.codes  # nothing new is written with a withdrawn code
    assert columns_and_codes(2024)["episodes"]["PLACE"].valid_on("H5", date(2024, 1, 1))


def test_rules_read_the_dates_of_effect_on_the_connection():
    import duckdb

    from sightline.rules.ssda903 import SOURCE, context_for

    connection = duckdb.connect()
    SOURCE.register(connection, {}, context_for(2025))
    check = "SELECT is_code_on('PLACE', ?, CAST(? AS DATE))"
    assert connection.execute(check, ["H5", "2023-10-01"]).fetchone() == (True,)
    assert connection.execute(check, ["H5", "2023-10-28"]).fetchone() == (False,)
    assert connection.execute(check, ["K3", "2024-05-01"]).fetchone() == (True,)
    assert connection.execute(check, ["Q9", "2020-05-01"]).fetchone() == (False,)


def test_the_councils_own_code_lets_the_in_area_rules_run():
    episodes = _episodes([{"CHILD": "1", "DECOM": "01/05/2022", "PLACE": "U1", "URN": "123"}])
    assert "229" in validate_903({"episodes": episodes}, 2023).not_run
    references = {
        "providers": read_providers([b"URN,Setting postcode\n123,AB1 2CD\n"], ["l"]),
        "postcodes": read_postcodes(b"pcd,oseast1m,osnrth1m,oslaua\nAB1 2CD,0,0,E09000002\n"),
        "council": council(" e09000001 "),
    }
    assert "229" not in validate_903({"episodes": episodes}, 2023, references=references).not_run
    with pytest.raises(ReferenceListError, match="not a local authority's ONS code"):
        council("Leeds")
