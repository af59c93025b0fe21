"""Reading the SSDA903 return: CSV tables and the XML form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.paths import samples
from sightline.returns.ssda903.read import read_903_csvs
from sightline.returns.ssda903.xml import read_903_xml

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _return(
    tmp_path: Path, header: str | bytes, episodes: str | bytes | None = None, year: int = 2025
):
    paths = [_write(tmp_path / "903", "header.csv", header)]
    if episodes is not None:
        paths.append(_write(tmp_path / "903", "episodes.csv", episodes))
    return read_903_csvs(paths, year=year)


def test_the_sample_return_imports_and_reports_its_problems():
    folder = samples() / "ssda903"
    result = read_903_csvs(sorted(folder.glob("*.csv")))
    assert not result.blocked
    assert result.year == 2019  # inferred from the latest episode dates (2018)
    assert any(p.code == "year_inferred" for p in result.problems)
    assert result.tables["ssd_cla_episodes"].num_rows == 5050
    assert result.tables["ssd_person"].num_rows == 2675
    assert {p.code for p in result.problems} >= {"bad_code"}


def test_the_xml_form_gives_the_same_tables():
    result = read_903_xml(samples() / "ssda903" / "fake_903.xml")
    assert not result.blocked
    episodes = result.tables["ssd_cla_episodes"]
    assert episodes.num_rows > 0
    first = episodes.to_pylist()[0]
    assert first["clae_placement_type"] == "R5"  # PL in the XML is PLACE
    assert first["source_row"].startswith("/EXPSSDA903/CHILD[1]")


def test_a_clean_return_reads_typed_with_ids_and_lines(tmp_path):
    result = _return(
        tmp_path,
        HEADER + "C1,M,01/02/2015,WBRI,A123456789012,,\n",
        EPISODES + "C1,01/04/2024,L,C2,N1,U1,PR1,,,,AB1 2CD,AB3 4EF,SC123456\n",
    )
    assert [p for p in result.problems if p.severity == "error"] == []
    [episode] = result.tables["ssd_cla_episodes"].to_pylist()
    assert episode["clae_cla_episode_id"] == "C1/2024-04-01"
    assert episode["clae_cla_episode_start_date"] == date(2024, 4, 1)
    assert episode["source_row"] == "episodes.csv line 2"
    [person] = result.tables["ssd_person"].to_pylist()
    assert person["pers_dob"] == date(2015, 2, 1)


def test_bad_dates_codes_and_blanks_are_each_reported_with_line_and_child(tmp_path):
    result = _return(
        tmp_path,
        HEADER + "C1,M,31/02/2015,WBRI,A1,,\nC2,X,2015-01-32,WBRI,A2,,\n,F,01/01/2015,WBRI,A3,,\n",
    )
    found = sorted((p.code, p.field, p.location, p.child_id) for p in result.problems)
    assert found == [
        ("bad_code", "SEX", "line 3", "C2"),
        ("bad_date_format", "DOB", "line 2", "C1"),
        ("bad_date_format", "DOB", "line 3", "C2"),
        ("missing_field", "CHILD", "line 4", ""),
    ]
    assert result.tables["ssd_person"].column("pers_dob").to_pylist()[:2] == [None, None]


def test_iso_dates_are_read_with_one_warning_naming_the_layout_and_set_the_year(tmp_path):
    episodes = (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\n"
        "C1,2023-05-01,S,C2,N1,U1,PR1,,,,,,\n"
        "C2,2024-03-31,S,C2,N1,U1,PR1,,,,,,\n"
    )
    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "header.csv").write_text(
        HEADER + "C1,M,2015-01-01,WBRI,A1,,\nC2,F,01/01/2016,WBRI,A2,,\n"
    )
    (folder / "episodes.csv").write_text(episodes)
    result = read_903_csvs(sorted(folder.iterdir()))
    assert not [p for p in result.problems if p.code == "bad_date_format"]
    iso = [p for p in result.problems if p.code == "date_layout_iso"]
    assert {p.field for p in iso} == {"DOB", "DECOM"} and all(p.severity == "warning" for p in iso)
    assert "YYYY-MM-DD" in iso[0].message and "dd/mm/YYYY" in iso[0].message
    assert result.year == 2024  # from the data's dates, not today's clock
    dob = result.tables["ssd_person"].column("pers_dob").to_pylist()
    assert [d.isoformat() for d in dob] == ["2015-01-01", "2016-01-01"]


def test_a_missing_or_extra_column_is_named_and_blocks(tmp_path):
    missing = _return(tmp_path / "a", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER\nC1,M,01/01/2015,WBRI,A1,\n")
    [problem] = missing.problems
    assert problem.blocks_file and problem.code == "wrong_columns"
    assert "header table" in problem.message and "MC_DOB" in problem.message
    extra = _return(tmp_path / "b", HEADER.strip() + ",NOTES\nC1,M,01/01/2015,WBRI,A1,,,x\n")
    assert "extra column(s) NOTES" in extra.problems[0].message


def test_bom_and_windows_1252_are_read(tmp_path):
    bom = _return(
        tmp_path / "a", b"\xef\xbb\xbf" + (HEADER + "C1,M,01/01/2015,WBRI,A1,,\n").encode()
    )
    assert not bom.blocked and bom.tables["ssd_person"].num_rows == 1
    cp1252 = _return(
        tmp_path / "b",
        HEADER.encode() + b"C1,M,01/01/2015,WBRI,A1,,\n",
        EPISODES.encode() + b"C1,01/04/2024,L,C2,N1,U1,PR1,,,,Z\xe9 1AA,,\n",
    )
    assert not cp1252.blocked
    assert any(p.code == "not_utf8" and p.severity == "warning" for p in cp1252.problems)
    assert cp1252.tables["ssd_cla_episodes"].column("clae_home_postcode").to_pylist() == ["Zé 1AA"]


def test_a_row_with_too_many_values_is_reported_and_later_lines_stay_right(tmp_path):
    result = _return(
        tmp_path, HEADER + "C1,M,01/01/2015,WBRI,A1,,,extra\nC2,X,01/01/2015,WBRI,A2,,\n"
    )
    codes = sorted((p.code, p.location) for p in result.problems)
    assert codes == [("bad_code", "line 3"), ("bad_row", "line 2")]


def test_an_empty_file_is_refused(tmp_path):
    result = _return(tmp_path, "")
    assert result.blocked and result.problems[0].code == "empty_file"


def test_codes_follow_the_collection_year(tmp_path):
    old = _return(tmp_path / "a", HEADER + "C1,1,01/01/2015,WBRI,A1,,\n", year=2024)
    new = _return(tmp_path / "b", HEADER + "C1,1,01/01/2015,WBRI,A1,,\n", year=2025)
    assert [p.code for p in old.problems] == []
    assert [(p.code, p.field) for p in new.problems] == [("bad_code", "SEX")]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("bytes")
    path = _write(folder, "header.csv", data)
    result = read_903_csvs([path], year=2025)
    assert result.blocked or "ssd_person" in result.tables


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.dates(date(1990, 1, 1), date(2030, 1, 1)), st.sampled_from("MFU")),
        min_size=1,
        max_size=10,
    )
)
def test_any_valid_header_rows_round_trip(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("rt")
    lines = "".join(f"C{i},{s},{d:%d/%m/%Y},WBRI,A{i},,\n" for i, (d, s) in enumerate(rows))
    result = read_903_csvs([_write(folder, "header.csv", HEADER + lines)], year=2025)
    assert result.problems == []
    people = result.tables["ssd_person"].to_pylist()
    assert [(p["pers_dob"], p["pers_sex"]) for p in people] == rows


def test_a_newline_only_table_file_is_an_empty_table_not_a_blocked_return(tmp_path):
    from sightline.returns.importer import import_files
    from sightline.store import Store

    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "header.csv").write_text(HEADER + "C1,M,01/01/2015,WBRI,A1,,\n")
    (folder / "ad1.csv").write_text("\n\r\n")
    result = import_files(Store(tmp_path / "home"), [folder], year=2024, council="975")
    assert result.ok, [p.describe() for p in result.problems if p.blocks_file]
    [warning] = [p for p in result.problems if p.code == "blank_table_file"]
    assert warning.file == "ad1.csv" and "empty ad1 table" in warning.message


def test_a_trailing_comma_is_read_with_a_warning(tmp_path):
    from sightline.returns.importer import import_files
    from sightline.store import Store

    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "header.csv").write_text(
        HEADER.strip() + ",\n" + "C1,M,01/01/2015,WBRI,A1,,,\nC2,F,01/01/2016,WBRI,A2,,,\n"
    )
    result = import_files(Store(tmp_path / "home"), [folder], year=2024, council="975")
    assert result.ok, [p.describe() for p in result.problems if p.blocks_file]
    assert [p.code for p in result.problems if p.code == "trailing_comma"] == ["trailing_comma"]
    [snapshot] = result.snapshots
    assert snapshot.read_table("ssd_person").num_rows == 2


def test_a_folder_year_the_episodes_disagree_with_is_reported(tmp_path):
    folder = tmp_path / "2021"
    folder.mkdir()
    (folder / "header.csv").write_text(HEADER + "C1,M,01/01/2015,WBRI,A1,,\n")
    (folder / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\nC1,01/06/2021,S,C2,N1,U1,PR1,,,,,,\n"
    )
    result = read_903_csvs(sorted(folder.iterdir()))
    assert result.year == 2021
    [warning] = [p for p in result.problems if p.code == "year_disagrees"]
    assert "named 2021" in warning.message and "2021/22" in warning.message
