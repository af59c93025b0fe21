"""Unique pupil numbers the DfE's checks accept, for the generator's CIN censuses.

A UPN is 13 characters: a check letter, the 3-digit LA number that issued it, 8 digits, and a
digit (a letter in a temporary UPN). The check letter is the sum of characters 2-13, each weighted
by its position (2..13), modulo 23, read from A-Z without I, O and S (DfE, Unique Pupil Numbers;
the government data standard UniquePupilNumber 2.0). The validation rules check the same in SQL
(sightline.rules.cin, rules 1510-1550).
"""

from __future__ import annotations

LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# An LA number the DfE recognises in a UPN when the council's own code is not one (the generator's
# default council 999 is not): 201 is the City of London.
FALLBACK_LA = "201"


def check_letter(rest: str) -> str:
    """The check letter of a UPN's characters 2-13."""
    if len(rest) != 12:
        raise ValueError(f"a UPN has 12 characters after its check letter, not {len(rest)}")
    last = rest[-1]
    value = int(last) if last.isdigit() else LETTERS.index(last)
    total = sum(int(c) * w for c, w in zip(rest[:-1], range(2, 13), strict=True)) + value * 13
    return LETTERS[total % 23]


def make_upn(number: int, la_code: str, recognised: frozenset[str] | set[str]) -> str:
    """The valid permanent UPN of the n-th child of a file: the council's LA number when the DfE
    recognises it, then 9 digits that differ for every n below a billion (a multiplication by a
    number prime to 10^9 is one to one), so no two children share a UPN (rule 1520)."""
    la = la_code if la_code in recognised else FALLBACK_LA
    digits = f"{(number * 7919 + 104729) % 10**9:09d}"
    rest = la + digits
    return check_letter(rest) + rest
