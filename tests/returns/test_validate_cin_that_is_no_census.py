"""`sightline validate` on a CIN file that parses but is no census to check: an empty Message
was "Ready to submit", and a census with no collection year was checked against the newest rules
as if it were that year's. Each is now said so and nothing checked, as the importer refuses
them; a year given chooses the rules for a header that does not."""

from __future__ import annotations

from cin_census_files import census, child_xml
from click.testing import CliRunner

from sightline.cli import main


def _validate(tmp_path, data: bytes, *options: str):
    path = tmp_path / "census.xml"
    path.write_bytes(data)
    return CliRunner().invoke(main, ["validate", str(path), *options])


def test_a_census_with_no_children_is_not_ready_to_submit(tmp_path):
    for data in (b'<?xml version="1.0"?><Message></Message>', census()):
        result = _validate(tmp_path, data)
        assert result.exit_code != 0 and "Ready to submit" not in result.output
        assert "has no children (no Message/Children/Child)" in result.output
        assert "nothing was checked" in result.output and "Traceback" not in result.output


def test_a_census_of_no_collection_year_is_checked_only_against_a_year_given(tmp_path):
    data = census(child_xml("C1")).replace(b"<Year>2025</Year>", b"")
    unsure = _validate(tmp_path, data)
    assert unsure.exit_code != 0 and "gives no collection year" in unsure.output
    given = _validate(tmp_path, data, "--year", "2025")
    assert given.exit_code == 0, given.output
    assert "1 children, CIN census 2024/25 rules" in given.output
