"""A placement code the DfE withdrew (H5, P2 from 28 October 2023) is still read as valid on an
episode that began before the withdrawal, and refused on one that began after."""

from __future__ import annotations

from sightline.returns.ssda903.read import read_903_csvs

HEADER = (
    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,M,01/01/2010,WBRI,UN1,,\n2,M,01/01/2010,WBRI,UN1,,\n"
)
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    "1,01/06/2023,S,C2,N1,H5,PR4,,,,,,XXXXXXX\n"
    "2,01/12/2023,S,C2,N1,H5,PR4,,,,,,XXXXXXX\n"
)


def test_h5_is_valid_on_an_episode_begun_before_its_withdrawal_and_not_after(tmp_path):
    (tmp_path / "header.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / "episodes.csv").write_text(EPISODES, encoding="utf-8")
    result = read_903_csvs([tmp_path / "header.csv", tmp_path / "episodes.csv"], year=2025)
    bad = [p for p in result.problems if p.code == "bad_code" and p.field == "PLACE"]
    assert [(p.child_id, p.value) for p in bad] == [("2", "H5")]
    places = result.tables["ssd_cla_episodes"].column("clae_placement_type").to_pylist()
    assert "H5" in places
