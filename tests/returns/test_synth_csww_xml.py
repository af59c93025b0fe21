"""The synthetic council's workforce census as the DfE's XML (CSWW): read back, it gives the
council's figures that the figures CSV gives."""

from pathlib import Path

import pytest

from sightline.returns.csww.read import read_csww
from sightline.returns.csww.read_xml import read_csww_xml
from sightline.synth.council import Request, generate


@pytest.mark.slow
def test_the_workforce_census_xml_reads_back_to_the_councils_figures(tmp_path: Path) -> None:
    for name, xml in (("csv", False), ("xml", True)):
        generate(Request(out=tmp_path / name, seed=4, years=[2024], children=200, csww_xml=xml))
    [csv_file] = (tmp_path / "csv" / "csww").glob("*.csv")
    [xml_file] = (tmp_path / "xml" / "csww").glob("*.xml")
    assert not list((tmp_path / "xml" / "csww").glob("*.csv"))  # one format, not both
    want = read_csww(csv_file).tables["csww_council_figures"].to_pylist()[0]
    read = read_csww_xml(xml_file)
    assert not read.problems and read.year == 2024 and read.council == "999"
    got = read.tables["csww_council_figures"].to_pylist()[0]
    assert read.tables["ssd_professionals"].num_rows >= got["headcount_in_post"] > 0
    assert got["headcount_in_post"] == want["headcount_in_post"]
    assert got["cases"] == want["cases"]
    for figure in ("fte_in_post", "starters_fte", "leavers_fte", "case_holders_fte",
                   "agency_fte", "vacancies_fte", "absence_days"):  # fmt: skip
        # within half a worker (each worker holds the same FTE, under 1)
        assert got[figure] == pytest.approx(want[figure], abs=0.5), figure
