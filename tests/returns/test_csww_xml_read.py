"""The workforce census as councils send it to the DfE (CSWW XML): read into the council's figures
and its workers, with hostile and malformed XML refused plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from sightline.returns import detect
from sightline.returns.csww.read_xml import read_csww_xml
from sightline.returns.formats import HEAD_BYTES


def worker(swe, agency="0", fte="1.000000", start="2020-01-06", end=None, role="5", cases="18",
           days="4.00", extra=""):  # fmt: skip
    end_xml = f"<RoleEndDate>{end}</RoleEndDate>" if end else ""
    return f"""
  <CSWWWorker>
    <AgencyWorker>{agency}</AgencyWorker><SWENo>{swe}</SWENo><FTE>{fte}</FTE>
    <OrgRole>{role}</OrgRole><RoleStartDate>{start}</RoleStartDate>{end_xml}
    <Cases30>{cases}</Cases30><WorkingDaysLost>{days}</WorkingDaysLost>{extra}
  </CSWWWorker>"""


def census(*workers, year=2025, lea="372", collection="CSWW", prologue="", vacancies=None):
    vacancies = (
        vacancies
        if vacancies is not None
        else (
            "<LALevelVacancies><NumberOfVacancies>3.50</NumberOfVacancies>"
            "<NoAgencyFTE>2.00</NoAgencyFTE><NoAgencyHeadcount>2</NoAgencyHeadcount>"
            "</LALevelVacancies>"
        )
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>{prologue}
<Message>
  <Header>
    <CollectionDetails><Collection>{collection}</Collection><Year>{year}</Year>
      <ReferenceDate>{year}-09-30</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA></Source>
  </Header>
  {vacancies}{"".join(workers)}
</Message>
""".encode()


def _write(tmp_path: Path, data: bytes, name: str = "csww_2025.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


CLEAN = census(
    worker("SW1001", fte="1.000000", cases="20"),
    worker("SW1002", fte="0.500000", role="4", cases="0", start="2025-01-10"),  # a starter
    worker("SW1003", fte="0.800000", end="2025-06-30", days="10.00"),  # a leaver
    worker("SW1004", agency="1", fte="1.000000"),  # agency: not in post as the council's
)


def test_a_workforce_census_xml_is_detected_as_one_not_as_a_cin_census(tmp_path):
    path = _write(tmp_path, CLEAN)
    kind = detect.detect(path, path.read_bytes()[:HEAD_BYTES])
    assert kind.format is not None and kind.format.name == "csww_xml"
    assert kind.return_ == "csww"


def test_the_councils_figures_are_computed_from_its_workers(tmp_path):
    result = read_csww_xml(_write(tmp_path, CLEAN))
    assert result.problems == [] and (result.year, result.council) == (2025, "372")
    [row] = result.tables["csww_council_figures"].to_pylist()
    assert row["year"] == 2025
    assert row["fte_in_post"] == 1.5 and row["headcount_in_post"] == 2
    assert row["starters_fte"] == 0.5 and row["leavers_fte"] == 0.8
    assert row["agency_fte"] == 2.0 and row["vacancies_fte"] == 3.5
    assert row["case_holders_fte"] == 1.0 and row["cases"] == 20
    assert row["absence_days"] == 18.0  # every council-employed worker's days lost
    workers = result.tables["ssd_professionals"].to_pylist()
    assert [w["prof_professional_id"] for w in workers] == ["SW1001", "SW1002", "SW1003", "SW1004"]
    assert workers[3]["prof_agency_worker_flag"] is True
    assert workers[2]["source_row"].startswith("csww_2025.xml line ")


def test_bad_values_are_reported_with_their_line_and_left_blank(tmp_path):
    data = census(
        worker("SW1", fte="1.5"),
        worker("SW2", start="06/01/2020", cases="lots"),
        worker("SW2"),
        worker("SW3", agency="Y"),
    )
    result = read_csww_xml(_write(tmp_path, data))
    found = sorted((p.code, p.field) for p in result.problems)
    assert found == [
        ("bad_code", "AgencyWorker"),
        ("bad_date_format", "RoleStartDate"),
        ("bad_value", "Cases30"),
        ("bad_value", "FTE"),
        ("duplicate_worker", "SWENo"),
    ]
    assert all("line" in p.location for p in result.problems)
    assert not result.blocked


def test_an_unknown_element_is_a_warning_naming_it_and_its_line(tmp_path):
    data = census(worker("SW1", extra="<Grade>7</Grade>"))
    [warning] = read_csww_xml(_write(tmp_path, data)).problems
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if "<Grade>" in text)
    assert (warning.code, warning.severity, warning.field) == (
        "unknown_element",
        "warning",
        "Grade",
    )
    assert f"line {line}" in warning.message


def test_entity_expansion_is_refused_before_any_worker_is_read(tmp_path):
    laughs = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    prologue = f'<!DOCTYPE Message [<!ENTITY l0 "lol">{laughs}]>'
    data = census(worker("SW1", extra="<QualInst>&l9;</QualInst>"), prologue=prologue)
    result = read_csww_xml(_write(tmp_path, data))
    assert result.blocked and result.problems[0].code == "xml_entities"
    assert "Nothing from it was imported" in result.problems[0].message
    assert result.tables == {}


def test_an_external_entity_never_reads_a_file_of_the_server(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    prologue = f'<!DOCTYPE Message [<!ENTITY x SYSTEM "file://{secret}">]>'
    data = census(worker("SW&x;1"), prologue=prologue)
    result = read_csww_xml(_write(tmp_path, data))
    assert result.blocked and "TOPSECRET" not in repr(result)


def test_a_huge_text_node_is_refused_plainly(tmp_path):
    data = census(worker("SW1", extra="<QualInst>" + "x" * (12 * 1024 * 1024) + "</QualInst>"))
    result = read_csww_xml(_write(tmp_path, data))
    assert result.blocked and result.problems[0].code == "unreadable_xml"
    assert "Traceback" not in result.problems[0].message


@pytest.mark.parametrize(
    "data,code",
    [
        (census(collection="CIN"), "not_csww"),
        (census(), "no_workers"),
        (census(worker("SW1")).replace(b"<Year>2025</Year>", b""), "missing_year"),
        (census(worker("SW1"))[:-40], "unreadable_xml"),
        (b"<?xml version='1.0'?><Workers><CSWWWorker/></Workers>", "not_csww"),
    ],
)
def test_malformed_censuses_are_refused_with_a_plain_message(tmp_path, data, code):
    result = read_csww_xml(_write(tmp_path, data))
    assert result.blocked and result.problems[0].code == code, result.problems
    assert result.tables == {}


def test_a_file_of_another_root_is_not_taken_for_a_workforce_census(tmp_path):
    path = _write(tmp_path, b"<?xml version='1.0'?><Workforce><CSWWWorker/></Workforce>")
    kind = detect.detect(path, path.read_bytes())
    assert kind.format is None and "root element is Workforce" in kind.why


def test_a_census_with_more_workers_than_the_row_limit_stops_being_read(tmp_path, monkeypatch):
    from sightline.returns.limits import MAX_ROWS_ENV

    monkeypatch.setenv(MAX_ROWS_ENV, "3")
    data = census(*(worker(f"SW{n}") for n in range(10)))
    result = read_csww_xml(_write(tmp_path, data))
    assert result.blocked and [p.code for p in result.problems] == ["too_many_rows"]
    assert result.tables == {}
