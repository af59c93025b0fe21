"""Small CIN census files for tests."""

from __future__ import annotations


def child_xml(
    child: str = "C1",
    sex: str = "<Sex>M</Sex>",
    dob: str = "2015-01-02",
    referral: str = "2024-05-01",
    closure: str | None = None,
    extra_details: str = "",
    ethnicity: str = "WBRI",
) -> str:
    closure_xml = (
        f"<CINclosureDate>{closure}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>"
        if closure
        else ""
    )
    return f"""
    <Child>
      <ChildIdentifiers><LAchildID>{child}</LAchildID><PersonBirthDate>{dob}</PersonBirthDate>{sex}</ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>{ethnicity}</Ethnicity></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>{referral}</CINreferralDate><ReferralSource>1A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>{closure_xml}<ReferralNFA>0</ReferralNFA>{extra_details}
      </CINdetails>
    </Child>"""


def census(*children: str, year: int = 2025, lea: str = "999", root_attrs: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Message{root_attrs}>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA></Source>
  </Header>
  <Children>{"".join(children)}
  </Children>
</Message>
""".encode()
