"""The generator's CIN censuses against the DfE's rules: a clean council passes, and each injected
problem triggers the DfE codes problems.jsonl names for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sightline.returns.cin.upn import check_letter, make_upn
from sightline.rules.cin import LA_CODES_2024
from sightline.rules.validate import validate_cin
from sightline.synth.council import Request, generate

# What the generator still writes that the DfE's rules find (its data, not its UPNs): nothing. A
# code here fails the test.
GENERATOR_GAPS: set[str] = set()


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("council")
    generate(Request(out=out, seed=5, years=[2023, 2025], children=250))
    return out


@pytest.fixture(scope="module")
def council_2027(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("council_2027")
    generate(Request(out=out, seed=5, years=[2026, 2027], children=250))
    return out


@pytest.fixture(scope="module")
def with_problems(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("problems")
    generate(Request(out=out, seed=6, years=[2025], children=250, inject_problems=0.05))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("year", [2023, 2025])
def test_a_clean_synthetic_census_passes_the_rules_of_its_year(council, year):
    [path] = (council / "cin").glob(f"*_{year}.xml")
    result = validate_cin(path)
    assert result.year == year and result.children > 100
    found = set(result.findings.column("code").to_pylist())
    assert found <= GENERATOR_GAPS, sorted(found - GENERATOR_GAPS)
    # UPN check letters, LA numbers and uniqueness hold
    assert not found & {"1510", "1520", "1530", "1540", "1550", "8510"}


@pytest.mark.slow
def test_a_clean_2026_27_census_has_pre_proceedings_and_passes_every_rule(council_2027):
    [path] = (council_2027 / "cin").glob("*_2027.xml")
    result = validate_cin(path)
    assert result.year == 2027 and result.children > 100
    found = set(result.findings.column("code").to_pylist())
    assert not found, sorted(found)  # 8995Q among them: some child has module 5
    text = path.read_text(encoding="utf-8")
    assert text.count("<PreProceedingsandFGDM>") >= 3 and "<FGDMMeetingOffer>" in text
    # the year before has no module 5 (the reader would report it as not of that year)
    [before] = (council_2027 / "cin").glob("*_2026.xml")
    assert "PreProceedingsandFGDM" not in before.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("year", [2025, 2027])
def test_each_injected_problem_triggers_the_codes_it_names(with_problems, year, tmp_path):
    if year == 2027:  # module 5: enough problems that some pre-proceedings outcome gets one
        with_problems = tmp_path / "problems_2027"
        generate(Request(out=with_problems, seed=6, years=[2027], children=250,
                         inject_problems=0.5))  # fmt: skip
    records = [
        json.loads(line)
        for line in (with_problems / "problems.jsonl").read_text().splitlines()
        if '"return": "cin"' in line
    ]
    named = [r for r in records if r.get("dfe_codes")]
    assert len(named) >= 5
    if year == 2027:
        assert any(r["dfe_codes"] == ["9011"] for r in named)
    [path] = (with_problems / "cin").glob("*.xml")
    findings = validate_cin(path).findings.to_pylist()
    found = {(f["code"], f["child_id"]) for f in findings}
    for record in named:
        for code in record["dfe_codes"]:
            assert (code, record["child_id"]) in found, record


def test_generated_upns_carry_their_check_letter_and_differ():
    upns = {make_upn(n, "999", LA_CODES_2024) for n in range(10_000)}
    assert len(upns) == 10_000
    assert all(u[0] == check_letter(u[1:]) and u[1:4] == "201" for u in upns)
    assert make_upn(1, "372", LA_CODES_2024)[1:4] == "372"
    assert check_letter("207000016049") == "P"  # 266 = 11 x 23 + 13
