"""Which return a file is, from its first bytes (never from its name alone)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sightline.returns.problems import Problems
from sightline.returns.ssda903.read import decode, header_of, nearest_table, recognise

HEAD_BYTES = 65536
_ROOT = re.compile(rb"<\s*(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_SKIP = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*", re.S)

CIN_XML = "cin"
SSDA903_CSV = "ssda903_csv"
SSDA903_XML = "ssda903_xml"
ANNEX_A = "annex_a"
CSWW = "csww"


@dataclass(frozen=True)
class Kind:
    reader: str | None  # one of the constants above, or None when not a return Sightline reads
    why: str = ""

    @property
    def return_(self) -> str:
        return {
            CIN_XML: "cin",
            SSDA903_CSV: "ssda903",
            SSDA903_XML: "ssda903",
            ANNEX_A: "annex_a",
            CSWW: "csww",
        }.get(self.reader or "", "")


def _xml_root(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return None
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return None
    position = 0
    while True:
        skipped = _SKIP.match(head, position)
        if not skipped or skipped.end() == position:
            break
        position = skipped.end()
    root = _ROOT.match(head, position)
    return root.group(1).decode("ascii", errors="replace") if root else ""


def detect(path: Path, head: bytes) -> Kind:
    """The kind of return in a file, judged from its first bytes."""
    if head.startswith(b"PK\x03\x04"):
        return Kind(ANNEX_A, "an Excel workbook")
    root = _xml_root(head)
    if root is not None:
        if root == "Message":
            return Kind(CIN_XML)
        if root == "EXPSSDA903":
            return Kind(SSDA903_XML)
        what = f"its root element is {root}" if root else "it is not well-formed"
        return Kind(None, f"an XML file that is neither a CIN census nor a 903 return ({what})")
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Kind(None, "a binary file, not XML, CSV or an Excel workbook")
    columns = header_of(decode(head, Problems("", path.name)))
    if recognise(columns) is not None or nearest_table(columns) is not None or "CHILD" in columns:
        return Kind(SSDA903_CSV)
    from sightline.returns.csww.read import is_csww_header

    if is_csww_header(columns):
        return Kind(CSWW)
    return Kind(
        None, "not a return Sightline reads (not a CIN census, 903, Annex A or workforce file)"
    )
