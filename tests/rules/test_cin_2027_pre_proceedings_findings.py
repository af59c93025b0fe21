"""The 2026/27 rules read the pre-proceedings module as the file writes it."""

from __future__ import annotations

from sightline.rules.validate import validate_cin


def child_xml(referral: str = "2025-05-01", extra_details: str = "") -> str:
    return f"""
    <Child>
      <ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-01-02</PersonBirthDate>
        <Sex>M</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>{referral}</CINreferralDate><ReferralSource>1A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA>{extra_details}
      </CINdetails>
    </Child>"""


def census(*children: str, year: int) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>
      <ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>372</LEA></Source>
  </Header>
  <Children>{"".join(children)}
  </Children>
</Message>
""".encode()


BLOCK = """
        <PreProceedingsandFGDM>
          <PPStartDate>2026-05-01</PPStartDate><LBPSentDate>2026-04-20</LBPSentDate>
          <FGDMMeetingOffer>1</FGDMMeetingOffer>
          <PPOutcome>Z</PPOutcome>
        </PreProceedingsandFGDM>"""


def _findings(data: bytes) -> list[dict]:
    return validate_cin(data, "census.xml").findings.to_pylist()


def test_pre_proceedings_findings_name_module_element_line_and_value():
    data = census(child_xml(referral="2026-04-10", extra_details=BLOCK), year=2027)
    found = {f["code"]: f for f in _findings(data)}
    assert {"9006", "9010Q", "9011"} <= set(found) and "8995Q" not in found
    letter = found["9006"]
    lines = data.decode().splitlines()
    assert letter["module"] == "PreProceedingsandFGDM" and letter["field"] == "LBPSentDate"
    assert "LBPSentDate" in lines[letter["line"] - 1] and letter["value"] == "2026-04-20"
    assert found["9010Q"]["severity"] == "query" and found["9011"]["value"] == "Z"


def test_a_2026_27_census_with_no_pre_proceedings_is_queried_once():
    found = [f["code"] for f in _findings(census(child_xml(referral="2026-04-10"), year=2027))]
    assert found.count("8995Q") == 1


def test_earlier_years_do_not_run_the_pre_proceedings_rules():
    found = {f["code"] for f in _findings(census(child_xml(), year=2026))}
    assert not found & {"8995Q", "9000Q", "9005", "9011"}
